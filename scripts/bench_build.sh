# Sourced by the benchmark scripts: build_bench TARGET configures build/bench once (Release
# with debug info, -DWIREPAD_BENCH=ON, ccache when installed), builds TARGET and prints its
# path. Expects $here (the checkout).
build_bench() {
  local build="$here/build/bench"
  if [ ! -f "$build/build.ninja" ]; then
    local launcher=()
    command -v ccache >/dev/null && launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
    cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWIREPAD_BENCH=ON "${launcher[@]}" >/dev/null
  fi
  cmake --build "$build" -j"${WIREPAD_JOBS:-2}" --target "$1" >&2
  echo "$build/tests/bench/$1"
}
