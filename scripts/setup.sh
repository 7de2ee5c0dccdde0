#!/usr/bin/env bash
# Installs everything Wirepad needs on a fresh Debian bookworm machine, and builds the
# third-party pieces of the WebAssembly build (SDL2, Dear ImGui sources) into a cache outside
# the repo, keyed by version. Idempotent: a second run with nothing missing takes seconds.
set -euo pipefail
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
apt_packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates ccache
  libsdl2-dev libx11-dev libgl-dev libssl-dev zlib1g-dev libpng-dev fonts-dejavu-core fonts-droid-fallback fonts-nanum
  libcpp-httplib-dev catch2 nlohmann-json3-dev libbenchmark-dev libboost-dev clang-14 libhttp-parser-dev
  libstb-dev
  emscripten nodejs
  chromium xvfb xauth imagemagick libgl1-mesa-dri
  python3 python3-requests curl dpkg-dev tshark
  libbrotli-dev brotli python3-brotli
  tinyproxy
)
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
fetch_source libsdl2 'libsdl2-2.26.5*/'
imgui_dir=$(ls -d "$src"/imgui-1.86*/ | head -1)
sdl_src=$(ls -d "$src"/libsdl2-2.26.5*/ | head -1)
ln -sfn "${imgui_dir%/}" "$cache/imgui"

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

# --- npm packages for the browser tests ---------------------------------------------------
e2e=$here/tests/e2e
if [ -f "$e2e/package.json" ]; then
  want=$(cat "$e2e/package.json" "$e2e/package-lock.json" 2>/dev/null | sha1sum | cut -c1-12)
  if [ "$(cat "$e2e/node_modules/.wirepad-stamp" 2>/dev/null)" != "$want" ]; then
    log "npm install in tests/e2e"
    (cd "$e2e" && npm ci --no-audit --no-fund --loglevel=error >/dev/null 2>&1 || npm install --no-audit --no-fund --loglevel=error >/dev/null)
    echo "$want" > "$e2e/node_modules/.wirepad-stamp"
  fi
fi
log "ready (cache: $cache)"
