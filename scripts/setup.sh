#!/usr/bin/env bash
# Installs what Wirepad needs on a fresh Debian bookworm machine, and fetches and builds the
# third-party pieces (Dear ImGui sources; SDL2, zlib, brotli, PCRE2, libxml2, ... for wasm) into
# a cache outside the repo, keyed by version. Idempotent: a second run with nothing missing takes seconds.
# Usage: scripts/setup.sh [native|web|all]
#   native  the desktop app and the command line (Debian packages, Dear ImGui's sources)
#   web     native, and the browser build: Emscripten, SDL2 and the core's libraries (zlib,
#           brotli, mbedTLS, zstd, PCRE2, libxml2, nghttp2) built for wasm (about 12 minutes on 2 cores
#           the first time)
#   all     web, and the test tools: Chromium, Xvfb, tshark, the browser tests' npm packages
#           (the default; scripts/test.sh uses it)
set -euo pipefail
mode=${1:-all}
case "$mode" in
  native | web | all) ;;
  *) echo "usage: scripts/setup.sh [native|web|all]" >&2; exit 2 ;;
esac
here=$(cd "$(dirname "$0")/.." && pwd)
cache=${WIREPAD_CACHE:-$HOME/.cache/wirepad}
stamp_dir=$cache/stamps
mkdir -p "$stamp_dir"
log() { printf '[setup] %s\n' "$*" >&2; }
# One setup at a time per cache (two checkouts building at once would race on apt and on the
# third-party builds below): the second waits for the first, then finds everything done.
exec 9>"$cache/.setup.lock"
flock 9

# --- Debian packages ---------------------------------------------------------------------
# native: what the native build (cmake configure included) and the desktop need. Fonts: the
# desktop's and the browser build's (ui/fonts.h): DejaVu Sans Mono, Droid Sans Fallback (CJK),
# Nanum Gothic Coding (Hangul), Symbola (emoji and symbols, in outlines stb_truetype reads).
apt_packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates ccache dpkg-dev
  libsdl2-dev libx11-dev libgl-dev libssl-dev zlib1g-dev libpng-dev fonts-dejavu-core fonts-droid-fallback fonts-nanum
  fonts-symbola
  libcpp-httplib-dev catch2 nlohmann-json3-dev libboost-dev
  libstb-dev libgl1-mesa-dri
  libbrotli-dev libmbedtls-dev libzstd-dev libpcre2-dev libxml2-dev libnghttp2-dev
)
web_packages=(emscripten nodejs)
test_packages=(
  libbenchmark-dev clang-14 libhttp-parser-dev
  chromium xvfb xauth imagemagick
  python3 python3-requests curl tshark
  brotli python3-brotli hyperfine iproute2 lighttpd python3-oauthlib zstd
  tinyproxy python3-botocore python3-websockets libxml2-utils
  nginx-light nghttp2-server nghttp2-client python3-h2 python3-hypercorn
)
if [ "$mode" != native ]; then apt_packages+=("${web_packages[@]}"); fi
if [ "$mode" = all ]; then apt_packages+=("${test_packages[@]}"); fi
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

# deb-src entries are needed for `apt-get source` (ImGui and SDL2 sources for the wasm build).
enable_deb_src() {
  local f=/etc/apt/sources.list.d/debian.sources
  if [ -f "$f" ] && ! grep -q '^Types:.*deb-src' "$f"; then
    log "enabling deb-src in $f"
    sed -i 's/^Types: deb$/Types: deb deb-src/' "$f"
    return 0
  fi
  if [ ! -f "$f" ] && [ -f /etc/apt/sources.list ] && ! grep -q '^deb-src' /etc/apt/sources.list; then
    log "enabling deb-src in /etc/apt/sources.list"
    grep '^deb ' /etc/apt/sources.list | sed 's/^deb /deb-src /' >> /etc/apt/sources.list
    return 0
  fi
  return 1
}
need_update=0
enable_deb_src && need_update=1
[ ${#missing[@]} -gt 0 ] && need_update=1
[ -f "$stamp_dir/apt-updated" ] || need_update=1
if [ "$need_update" = 1 ]; then
  log "apt-get update"
  apt-get update -qq
  touch "$stamp_dir/apt-updated"
fi
if [ ${#missing[@]} -gt 0 ]; then
  log "installing: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# --- Third-party sources for both builds (never committed: fetched here) -----------------
# The same Dear ImGui 1.86 sources are compiled natively and for wasm; SDL2 is built for wasm
# because Emscripten's ports would download from the internet.
src=$cache/src
mkdir -p "$src"
# The security suite's source entries name the same orig tarballs, but its pool may not serve
# them (seen: zlib and brotli, 404): when `apt-get source` fails, fetch from the main suite
# alone, through a private sources list and lists dir that leave the system's apt state alone.
fetch_from_main() {  # package
  local d=$cache/apt-main-src
  mkdir -p "$d/lists/partial"
  printf 'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: bookworm\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' >"$d/main.sources"
  local opts=(-o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts="$d" -o Dir::State::Lists="$d/lists")
  [ -f "$d/lists/updated" ] || { apt-get "${opts[@]}" update -qq && touch "$d/lists/updated"; }
  (cd "$src" && apt-get "${opts[@]}" source -qq "$1" >/dev/null 2>&1)
}
fetch_source() {  # package, directory glob
  local pkg=$1 glob=$2
  compgen -G "$src/$glob" >/dev/null && return 0
  log "apt-get source $pkg"
  (cd "$src" && apt-get source -qq "$pkg" >/dev/null 2>&1) && return 0
  apt-get update -qq && (cd "$src" && apt-get source -qq "$pkg" >/dev/null 2>&1) && return 0
  log "apt-get source $pkg failed with the system's sources; trying the main suite alone"
  fetch_from_main "$pkg" || { log "could not fetch the source of $pkg"; return 1; }
}
fetch_source imgui 'imgui-1.86*/'
imgui_dir=$(ls -d "$src"/imgui-1.86*/ | head -1)
ln -sfn "${imgui_dir%/}" "$cache/imgui"

# --- The browser build's wasm libraries (web and all) --------------------------------------
wasm_libraries() {
fetch_source libsdl2 'libsdl2-2.26.5*/'
sdl_src=$(ls -d "$src"/libsdl2-2.26.5*/ | head -1)

export NODE_PATH=/usr/share/nodejs
sdl_prefix=$cache/sdl2-wasm-2.26.5
if [ ! -f "$sdl_prefix/lib/libSDL2.a" ]; then
  log "building SDL2 2.26.5 for wasm into $sdl_prefix (about 5 minutes, once)"
  rm -rf "$cache/build-sdl2-wasm"
  emcmake cmake -S "$sdl_src" -B "$cache/build-sdl2-wasm" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DSDL_SHARED=OFF -DSDL_STATIC=ON -DSDL_TEST=OFF -DCMAKE_INSTALL_PREFIX="$sdl_prefix" >/dev/null
  cmake --build "$cache/build-sdl2-wasm" -j"$(nproc)" >/dev/null
  cmake --install "$cache/build-sdl2-wasm" >/dev/null
  rm -rf "$cache/build-sdl2-wasm"
fi
ln -sfn "$sdl_prefix" "$cache/sdl2-wasm"

# zlib for wasm: the core deflates share links (shared/share_link.cpp). Emscripten's
# -sUSE_ZLIB=1 port would download, so build Debian's zlib source statically, like SDL2.
# zlib's own configure script (not its CMakeLists, which wants the win32/ folder that the
# Debian source drops); it runs in a copy because it writes into the source tree.
fetch_source zlib 'zlib-1.2.13*/'
zlib_src=$(ls -d "$src"/zlib-1.2.13*/ | head -1)
zlib_prefix=$cache/zlib-wasm-1.2.13
if [ ! -f "$zlib_prefix/lib/libz.a" ]; then
  log "building zlib 1.2.13 for wasm into $zlib_prefix (under a minute, once)"
  rm -rf "$cache/build-zlib-wasm"
  cp -a "${zlib_src%/}" "$cache/build-zlib-wasm"
  (cd "$cache/build-zlib-wasm" &&
    CFLAGS=-O2 emconfigure ./configure --static --prefix="$zlib_prefix" >/dev/null &&
    emmake make -j"$(nproc)" libz.a >/dev/null &&
    mkdir -p "$zlib_prefix/lib" "$zlib_prefix/include" &&
    cp libz.a "$zlib_prefix/lib/" && cp zlib.h zconf.h "$zlib_prefix/include/")
  rm -rf "$cache/build-zlib-wasm"
fi
ln -sfn "$zlib_prefix" "$cache/zlib-wasm"

# brotli for wasm: the core decodes `Content-Encoding: br` (shared/content_decoding.cpp).
# Only the decoder (c/common + c/dec) is needed; compiled with emcc and archived, like zlib.
fetch_source brotli 'brotli-1.0.9*/'
brotli_src=$(ls -d "$src"/brotli-1.0.9*/ | head -1)
brotli_prefix=$cache/brotli-wasm-1.0.9
if [ ! -f "$brotli_prefix/lib/libbrotlidec.a" ]; then
  log "building the brotli 1.0.9 decoder for wasm into $brotli_prefix (seconds, once)"
  rm -rf "$cache/build-brotli-wasm"
  mkdir -p "$cache/build-brotli-wasm" "$brotli_prefix/lib" "$brotli_prefix/include"
  (cd "$cache/build-brotli-wasm" &&
    for f in "$brotli_src"c/common/*.c "$brotli_src"c/dec/*.c; do
      emcc -O2 -I"$brotli_src"c/include -c "$f" -o "$(basename "${f%.c}").o" || exit 1
    done &&
    emar rcs libbrotlidec.a ./*.o &&
    cp libbrotlidec.a "$brotli_prefix/lib/" && cp -r "$brotli_src"c/include/brotli "$brotli_prefix/include/")
  rm -rf "$cache/build-brotli-wasm"
fi
ln -sfn "$brotli_prefix" "$cache/brotli-wasm"

# mbedTLS's crypto library for wasm: the core's hashes and HMAC (shared/crypto_hash.cpp; MD5
# and SHA-256 for Digest auth, HMAC-SHA256 for AWS SigV4, SHA-256 for PKCE). Natively it is
# Debian's libmbedcrypto (libmbedtls-dev), so both builds share one crypto backend. Only the
# `mbedcrypto` static library is built (no programs, no tests, no TLS/X.509 parts).
fetch_source mbedtls 'mbedtls-2.28.3*/'
mbedtls_src=$(ls -d "$src"/mbedtls-2.28.3*/ | head -1)
mbedtls_prefix=$cache/mbedtls-wasm-2.28.3
if [ ! -f "$mbedtls_prefix/lib/libmbedcrypto.a" ]; then
  log "building mbedTLS 2.28.3's crypto library for wasm into $mbedtls_prefix (about a minute, once)"
  rm -rf "$cache/build-mbedtls-wasm"
  emcmake cmake -S "$mbedtls_src" -B "$cache/build-mbedtls-wasm" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DENABLE_PROGRAMS=OFF -DENABLE_TESTING=OFF -DUSE_STATIC_MBEDTLS_LIBRARY=ON \
    -DUSE_SHARED_MBEDTLS_LIBRARY=OFF -DMBEDTLS_FATAL_WARNINGS=OFF >/dev/null
  cmake --build "$cache/build-mbedtls-wasm" -j"$(nproc)" --target mbedcrypto >/dev/null
  mkdir -p "$mbedtls_prefix/lib" "$mbedtls_prefix/include"
  cp "$cache/build-mbedtls-wasm/library/libmbedcrypto.a" "$mbedtls_prefix/lib/"
  cp -r "$mbedtls_src"include/mbedtls "$mbedtls_prefix/include/"
  rm -rf "$cache/build-mbedtls-wasm"
fi
ln -sfn "$mbedtls_prefix" "$cache/mbedtls-wasm"

# zstd for wasm: the core decodes `Content-Encoding: zstd` (RFC 8878). Only the decompressor
# (lib/common + lib/decompress) is needed; no assembly (the amd64 Huffman loop is x86 only)
# and no legacy formats (HTTP's zstd is the RFC 8878 frame format), compiled like brotli.
fetch_source libzstd 'libzstd-1.5.4*/'
zstd_src=$(ls -d "$src"/libzstd-1.5.4*/ | head -1)
zstd_prefix=$cache/zstd-wasm-1.5.4
if [ ! -f "$zstd_prefix/lib/libzstd.a" ]; then
  log "building the zstd 1.5.4 decompressor for wasm into $zstd_prefix (seconds, once)"
  rm -rf "$cache/build-zstd-wasm"
  mkdir -p "$cache/build-zstd-wasm" "$zstd_prefix/lib" "$zstd_prefix/include"
  (cd "$cache/build-zstd-wasm" &&
    for f in "$zstd_src"lib/common/*.c "$zstd_src"lib/decompress/*.c; do
      emcc -O2 -DZSTD_DISABLE_ASM -DZSTD_LEGACY_SUPPORT=0 -DXXH_NAMESPACE=ZSTD_ \
        -I"$zstd_src"lib -I"$zstd_src"lib/common -c "$f" -o "$(basename "${f%.c}").o" || exit 1
    done &&
    emar rcs libzstd.a ./*.o &&
    cp libzstd.a "$zstd_prefix/lib/" && cp "$zstd_src"lib/zstd.h "$zstd_src"lib/zstd_errors.h "$zstd_prefix/include/")
  rm -rf "$cache/build-zstd-wasm"
fi
ln -sfn "$zstd_prefix" "$cache/zstd-wasm"

# nghttp2 for wasm: the core's HTTP/2 (shared/h2_client.cpp) drives nghttp2's session without
# I/O (mem_recv/mem_send), so only lib/*.c is needed: no event loop, no TLS, no programs. The
# version header is generated from its template as nghttp2's own build does.
fetch_source nghttp2 'nghttp2-1.52.0*/'
nghttp2_src=$(ls -d "$src"/nghttp2-1.52.0*/ | head -1)
nghttp2_prefix=$cache/nghttp2-wasm-1.52.0
if [ ! -f "$nghttp2_prefix/lib/libnghttp2.a" ]; then
  log "building nghttp2 1.52.0 (the library) for wasm into $nghttp2_prefix (seconds, once)"
  rm -rf "$cache/build-nghttp2-wasm"
  mkdir -p "$cache/build-nghttp2-wasm/nghttp2" "$nghttp2_prefix/lib" "$nghttp2_prefix/include/nghttp2"
  (cd "$cache/build-nghttp2-wasm" &&
    sed -e 's/@PACKAGE_VERSION@/1.52.0/' -e 's/@PACKAGE_VERSION_NUM@/0x013400/' \
      "$nghttp2_src"lib/includes/nghttp2/nghttp2ver.h.in >nghttp2/nghttp2ver.h &&
    for f in "$nghttp2_src"lib/*.c; do
      emcc -O2 -DNGHTTP2_STATICLIB -DHAVE_ARPA_INET_H -DHAVE_TIME_H -I. -I"$nghttp2_src"lib/includes -I"$nghttp2_src"lib \
        -c "$f" -o "$(basename "${f%.c}").o" || exit 1
    done &&
    emar rcs libnghttp2.a ./*.o &&
    cp libnghttp2.a "$nghttp2_prefix/lib/" &&
    cp "$nghttp2_src"lib/includes/nghttp2/nghttp2.h nghttp2/nghttp2ver.h "$nghttp2_prefix/include/nghttp2/")
  rm -rf "$cache/build-nghttp2-wasm"
fi
ln -sfn "$nghttp2_prefix" "$cache/nghttp2-wasm"

# PCRE2 for wasm: the core's regular expressions (shared/regex.cpp: assertions, captures, the
# socket and WebSocket expects, JSONPath match/search). Natively it is Debian's libpcre2-dev,
# so both builds share one engine. Only the 8-bit library, no JIT, no programs or tests.
fetch_source pcre2 'pcre2-10.42*/'
pcre2_src=$(ls -d "$src"/pcre2-10.42*/ | head -1)
pcre2_prefix=$cache/pcre2-wasm-10.42
if [ ! -f "$pcre2_prefix/lib/libpcre2-8.a" ]; then
  log "building PCRE2 10.42 for wasm into $pcre2_prefix (under a minute, once)"
  rm -rf "$cache/build-pcre2-wasm"
  emcmake cmake -S "$pcre2_src" -B "$cache/build-pcre2-wasm" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_INSTALL_PREFIX="$pcre2_prefix" -DBUILD_SHARED_LIBS=OFF -DBUILD_STATIC_LIBS=ON \
    -DPCRE2_BUILD_PCRE2_8=ON -DPCRE2_BUILD_PCRE2_16=OFF -DPCRE2_BUILD_PCRE2_32=OFF -DPCRE2_SUPPORT_JIT=OFF \
    -DPCRE2_BUILD_PCRE2GREP=OFF -DPCRE2_BUILD_TESTS=OFF -DPCRE2_SUPPORT_LIBBZ2=OFF -DPCRE2_SUPPORT_LIBZ=OFF \
    -DPCRE2_SUPPORT_LIBEDIT=OFF -DPCRE2_SUPPORT_LIBREADLINE=OFF >/dev/null
  cmake --build "$cache/build-pcre2-wasm" -j"$(nproc)" >/dev/null
  cmake --install "$cache/build-pcre2-wasm" >/dev/null
  rm -rf "$cache/build-pcre2-wasm"
fi
ln -sfn "$pcre2_prefix" "$cache/pcre2-wasm"

# libxml2 for wasm: the core's XPath over XML and HTML bodies (shared/xpath.cpp: assertions and
# captures). Natively it is Debian's libxml2-dev, so both builds share one parser and one XPath
# engine. Minimal: the parsers (XML and HTML), the tree and XPath; no HTTP/FTP, threads,
# compression, iconv (UTF-8, UTF-16 and Latin-1 are built in), Python, programs or tests.
# HAVE_PTHREAD_H=0: 2.9.14's CMakeLists looks for pthread.h even with threads off, and
# threads.c then fails to compile (xmlOnceInit undeclared); without it threads.c is stubs.
fetch_source libxml2 'libxml2-2.9.14*/'
libxml2_src=$(ls -d "$src"/libxml2-2.9.14*/ | head -1)
libxml2_prefix=$cache/libxml2-wasm-2.9.14
if [ ! -f "$libxml2_prefix/lib/libxml2.a" ]; then
  log "building libxml2 2.9.14 for wasm into $libxml2_prefix (about a minute, once)"
  rm -rf "$cache/build-libxml2-wasm"
  emcmake cmake -S "$libxml2_src" -B "$cache/build-libxml2-wasm" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_INSTALL_PREFIX="$libxml2_prefix" -DBUILD_SHARED_LIBS=OFF \
    -DLIBXML2_WITH_PYTHON=OFF -DLIBXML2_WITH_HTTP=OFF -DLIBXML2_WITH_FTP=OFF -DLIBXML2_WITH_THREADS=OFF \
    -DLIBXML2_WITH_LZMA=OFF -DLIBXML2_WITH_ZLIB=OFF -DLIBXML2_WITH_ICONV=OFF -DLIBXML2_WITH_ICU=OFF \
    -DLIBXML2_WITH_PROGRAMS=OFF -DLIBXML2_WITH_TESTS=OFF -DLIBXML2_WITH_MODULES=OFF -DLIBXML2_WITH_CATALOG=OFF \
    -DLIBXML2_WITH_DOCB=OFF -DLIBXML2_WITH_SCHEMAS=OFF -DLIBXML2_WITH_SCHEMATRON=OFF -DLIBXML2_WITH_XINCLUDE=OFF \
    -DLIBXML2_WITH_LEGACY=OFF -DHAVE_PTHREAD_H=0 >/dev/null
  cmake --build "$cache/build-libxml2-wasm" -j"$(nproc)" >/dev/null
  cmake --install "$cache/build-libxml2-wasm" >/dev/null
  rm -rf "$cache/build-libxml2-wasm"
fi
ln -sfn "$libxml2_prefix" "$cache/libxml2-wasm"
}
# In an if (not after ||), so that set -e still stops at a failing step inside the function.
if [ "$mode" != native ]; then wasm_libraries; fi

# --- npm packages for the browser tests ---------------------------------------------------
e2e=$here/tests/e2e
if [ "$mode" = all ] && [ -f "$e2e/package.json" ]; then
  want=$(cat "$e2e/package.json" "$e2e/package-lock.json" 2>/dev/null | sha1sum | cut -c1-12)
  if [ "$(cat "$e2e/node_modules/.wirepad-stamp" 2>/dev/null)" != "$want" ]; then
    log "npm install in tests/e2e"
    (cd "$e2e" && npm ci --no-audit --no-fund --loglevel=error >/dev/null 2>&1 || npm install --no-audit --no-fund --loglevel=error >/dev/null)
    echo "$want" > "$e2e/node_modules/.wirepad-stamp"
  fi
fi
# --- the peers' own runners (httpyac, Bruno's CLI, newman), run side by side with `wirepad
# test` in tests/native/peer_import_run_test.cpp; that test skips the comparison without them.
peers=$here/tests/peers
if [ "$mode" = all ] && [ -f "$peers/package.json" ]; then
  want=$(cat "$peers/package.json" "$peers/package-lock.json" 2>/dev/null | sha1sum | cut -c1-12)
  if [ "$(cat "$peers/node_modules/.wirepad-stamp" 2>/dev/null)" != "$want" ]; then
    log "npm install in tests/peers"
    (cd "$peers" && npm ci --no-audit --no-fund --loglevel=error >/dev/null 2>&1 || npm install --no-audit --no-fund --loglevel=error >/dev/null)
    echo "$want" > "$peers/node_modules/.wirepad-stamp"
  fi
fi
log "ready for $mode (cache: $cache)"
