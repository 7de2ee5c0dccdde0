# Header-only and system libraries, found the same way for both builds where possible.
if(EMSCRIPTEN)
  # Emscripten must not see /usr/include as a whole; expose only nlohmann's headers.
  set(_wp_inc "${CMAKE_BINARY_DIR}/thirdparty-include")
  file(MAKE_DIRECTORY "${_wp_inc}")
  file(CREATE_LINK /usr/include/nlohmann "${_wp_inc}/nlohmann" SYMBOLIC)
  add_library(wirepad_json INTERFACE)
  target_include_directories(wirepad_json SYSTEM INTERFACE "${_wp_inc}")
else()
  find_package(nlohmann_json 3.10 REQUIRED)
  add_library(wirepad_json INTERFACE)
  target_link_libraries(wirepad_json INTERFACE nlohmann_json::nlohmann_json)
  find_package(Threads REQUIRED)
  find_package(OpenSSL REQUIRED)
  find_package(SDL2 REQUIRED)
  find_package(OpenGL REQUIRED)
  find_package(PNG REQUIRED)  # desktop screenshots (--screenshot)
  find_package(X11 REQUIRED)  # the desktop asks the X server whether OpenGL can reach a GPU
  find_package(Boost 1.74 REQUIRED)  # header-only: Beast + Asio for the relay
  find_package(PkgConfig REQUIRED)
  pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
  find_package(Catch2 2 REQUIRED)
endif()

# zlib (share links deflate the experiment, shared/share_link.cpp): the system library
# natively; under Emscripten the static libz.a that scripts/setup.sh builds into the cache,
# because Emscripten's -sUSE_ZLIB=1 port would try to download.
set(WIREPAD_ZLIB_WASM_DIR "${WIREPAD_CACHE}/zlib-wasm" CACHE PATH "zlib built for wasm (prefix with lib/libz.a)")
add_library(wirepad_zlib INTERFACE)
if(EMSCRIPTEN)
  if(NOT EXISTS "${WIREPAD_ZLIB_WASM_DIR}/lib/libz.a")
    message(FATAL_ERROR "zlib for wasm not found in ${WIREPAD_ZLIB_WASM_DIR}; run scripts/setup.sh")
  endif()
  target_include_directories(wirepad_zlib SYSTEM INTERFACE "${WIREPAD_ZLIB_WASM_DIR}/include")
  target_link_libraries(wirepad_zlib INTERFACE "${WIREPAD_ZLIB_WASM_DIR}/lib/libz.a")
else()
  find_package(ZLIB REQUIRED)
  target_link_libraries(wirepad_zlib INTERFACE ZLIB::ZLIB)
endif()

# brotli's decoder (Content-Encoding: br, shared/content_decoding.cpp): Debian's libbrotli-dev
# natively; under Emscripten the libbrotlidec.a that scripts/setup.sh compiles into the cache.
set(WIREPAD_BROTLI_WASM_DIR "${WIREPAD_CACHE}/brotli-wasm" CACHE PATH "brotli decoder built for wasm (prefix with lib/libbrotlidec.a)")
add_library(wirepad_brotli INTERFACE)
if(EMSCRIPTEN)
  if(NOT EXISTS "${WIREPAD_BROTLI_WASM_DIR}/lib/libbrotlidec.a")
    message(FATAL_ERROR "brotli for wasm not found in ${WIREPAD_BROTLI_WASM_DIR}; run scripts/setup.sh")
  endif()
  target_include_directories(wirepad_brotli SYSTEM INTERFACE "${WIREPAD_BROTLI_WASM_DIR}/include")
  target_link_libraries(wirepad_brotli INTERFACE "${WIREPAD_BROTLI_WASM_DIR}/lib/libbrotlidec.a")
else()
  pkg_check_modules(BROTLIDEC REQUIRED IMPORTED_TARGET libbrotlidec)
  target_link_libraries(wirepad_brotli INTERFACE PkgConfig::BROTLIDEC)
endif()

# PCRE2 (the regular expressions people write, shared/regex.cpp): Debian's libpcre2-dev
# natively; under Emscripten the libpcre2-8.a that scripts/setup.sh builds from the same 10.42
# source into the cache. One engine in both builds, with heap-bounded backtracking.
set(WIREPAD_PCRE2_WASM_DIR "${WIREPAD_CACHE}/pcre2-wasm" CACHE PATH "PCRE2 built for wasm (prefix with lib/libpcre2-8.a)")
add_library(wirepad_pcre2 INTERFACE)
if(EMSCRIPTEN)
  if(NOT EXISTS "${WIREPAD_PCRE2_WASM_DIR}/lib/libpcre2-8.a")
    message(FATAL_ERROR "PCRE2 for wasm not found in ${WIREPAD_PCRE2_WASM_DIR}; run scripts/setup.sh")
  endif()
  target_include_directories(wirepad_pcre2 SYSTEM INTERFACE "${WIREPAD_PCRE2_WASM_DIR}/include")
  target_link_libraries(wirepad_pcre2 INTERFACE "${WIREPAD_PCRE2_WASM_DIR}/lib/libpcre2-8.a")
else()
  pkg_check_modules(PCRE2 REQUIRED IMPORTED_TARGET libpcre2-8)
  target_link_libraries(wirepad_pcre2 INTERFACE PkgConfig::PCRE2)
endif()

# libxml2 (XPath over XML and HTML bodies, shared/xpath.cpp): Debian's libxml2-dev natively;
# under Emscripten the libxml2.a that scripts/setup.sh builds from the same 2.9.14 source into
# the cache (parsers, tree and XPath; no network, threads, compression or iconv).
set(WIREPAD_LIBXML2_WASM_DIR "${WIREPAD_CACHE}/libxml2-wasm" CACHE PATH "libxml2 built for wasm (prefix with lib/libxml2.a)")
add_library(wirepad_libxml2 INTERFACE)
if(EMSCRIPTEN)
  if(NOT EXISTS "${WIREPAD_LIBXML2_WASM_DIR}/lib/libxml2.a")
    message(FATAL_ERROR "libxml2 for wasm not found in ${WIREPAD_LIBXML2_WASM_DIR}; run scripts/setup.sh")
  endif()
  target_include_directories(wirepad_libxml2 SYSTEM INTERFACE "${WIREPAD_LIBXML2_WASM_DIR}/include/libxml2")
  target_link_libraries(wirepad_libxml2 INTERFACE "${WIREPAD_LIBXML2_WASM_DIR}/lib/libxml2.a")
else()
  pkg_check_modules(LIBXML2 REQUIRED IMPORTED_TARGET libxml-2.0)
  target_link_libraries(wirepad_libxml2 INTERFACE PkgConfig::LIBXML2)
endif()

# mbedTLS's crypto library (hashes and HMAC for the auth schemes, shared/crypto_hash.cpp):
# Debian's libmbedcrypto (libmbedtls-dev) natively; under Emscripten the libmbedcrypto.a that
# scripts/setup.sh builds from the same 2.28 source into the cache. One backend in both builds.
set(WIREPAD_MBEDTLS_WASM_DIR "${WIREPAD_CACHE}/mbedtls-wasm" CACHE PATH "mbedTLS crypto built for wasm (prefix with lib/libmbedcrypto.a)")
add_library(wirepad_mbedcrypto INTERFACE)
if(EMSCRIPTEN)
  if(NOT EXISTS "${WIREPAD_MBEDTLS_WASM_DIR}/lib/libmbedcrypto.a")
    message(FATAL_ERROR "mbedTLS for wasm not found in ${WIREPAD_MBEDTLS_WASM_DIR}; run scripts/setup.sh")
  endif()
  target_include_directories(wirepad_mbedcrypto SYSTEM INTERFACE "${WIREPAD_MBEDTLS_WASM_DIR}/include")
  target_link_libraries(wirepad_mbedcrypto INTERFACE "${WIREPAD_MBEDTLS_WASM_DIR}/lib/libmbedcrypto.a")
else()
  find_path(WIREPAD_MBEDTLS_INCLUDE_DIR mbedtls/md.h REQUIRED)
  find_library(WIREPAD_MBEDCRYPTO_LIBRARY mbedcrypto REQUIRED)
  target_include_directories(wirepad_mbedcrypto SYSTEM INTERFACE "${WIREPAD_MBEDTLS_INCLUDE_DIR}")
  target_link_libraries(wirepad_mbedcrypto INTERFACE "${WIREPAD_MBEDCRYPTO_LIBRARY}")
endif()

# zstd's decompressor (Content-Encoding: zstd, RFC 8878, shared/content_decoding.cpp): Debian's
# libzstd-dev natively; under Emscripten the libzstd.a (decompressor only) that
# scripts/setup.sh compiles into the cache.
set(WIREPAD_ZSTD_WASM_DIR "${WIREPAD_CACHE}/zstd-wasm" CACHE PATH "zstd decompressor built for wasm (prefix with lib/libzstd.a)")
add_library(wirepad_zstd INTERFACE)
if(EMSCRIPTEN)
  if(NOT EXISTS "${WIREPAD_ZSTD_WASM_DIR}/lib/libzstd.a")
    message(FATAL_ERROR "zstd for wasm not found in ${WIREPAD_ZSTD_WASM_DIR}; run scripts/setup.sh")
  endif()
  target_include_directories(wirepad_zstd SYSTEM INTERFACE "${WIREPAD_ZSTD_WASM_DIR}/include")
  target_link_libraries(wirepad_zstd INTERFACE "${WIREPAD_ZSTD_WASM_DIR}/lib/libzstd.a")
else()
  pkg_check_modules(ZSTD REQUIRED IMPORTED_TARGET libzstd)
  target_link_libraries(wirepad_zstd INTERFACE PkgConfig::ZSTD)
endif()

# nghttp2 (HTTP/2 framing and HPACK, shared/h2_client.cpp), driven without I/O: Debian's
# libnghttp2-dev natively; under Emscripten the libnghttp2.a scripts/setup.sh compiles from
# `apt-get source nghttp2` into the cache.
set(WIREPAD_NGHTTP2_WASM_DIR "${WIREPAD_CACHE}/nghttp2-wasm" CACHE PATH "nghttp2 built for wasm (prefix with lib/libnghttp2.a)")
add_library(wirepad_nghttp2 INTERFACE)
if(EMSCRIPTEN)
  if(NOT EXISTS "${WIREPAD_NGHTTP2_WASM_DIR}/lib/libnghttp2.a")
    message(FATAL_ERROR "nghttp2 for wasm not found in ${WIREPAD_NGHTTP2_WASM_DIR}; run scripts/setup.sh")
  endif()
  target_include_directories(wirepad_nghttp2 SYSTEM INTERFACE "${WIREPAD_NGHTTP2_WASM_DIR}/include")
  target_compile_definitions(wirepad_nghttp2 INTERFACE NGHTTP2_STATICLIB)
  target_link_libraries(wirepad_nghttp2 INTERFACE "${WIREPAD_NGHTTP2_WASM_DIR}/lib/libnghttp2.a")
else()
  pkg_check_modules(NGHTTP2 REQUIRED IMPORTED_TARGET libnghttp2)
  target_link_libraries(wirepad_nghttp2 INTERFACE PkgConfig::NGHTTP2)
endif()

# brotli's encoder, natively only: the lab's /brotli endpoint (native/lab_httpbin.cpp) encodes;
# the core only decodes.
if(NOT EMSCRIPTEN)
  pkg_check_modules(BROTLIENC REQUIRED IMPORTED_TARGET libbrotlienc)
  add_library(wirepad_brotli_encoder INTERFACE)
  target_link_libraries(wirepad_brotli_encoder INTERFACE PkgConfig::BROTLIENC)
endif()
