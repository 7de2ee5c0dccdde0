#!/usr/bin/env bash
# The whole native suite under AddressSanitizer + UndefinedBehaviorSanitizer
# (-DWIREPAD_SANITIZE=ON) in its own build directory, build/asan. Not part of .ci/run (CI has
# 90 minutes for everything): a second full build, and a suite that runs many times longer
# (docs/testing.md, "Sanitizers", has the figures).
#
# usage: scripts/test_sanitize.sh [CTEST_ARGS...]      e.g. scripts/test_sanitize.sh -R 'core: '
# env:   WIREPAD_JOBS (build jobs, default nproc), WIREPAD_TEST_JOBS (ctest -j, default 2),
#        WIREPAD_ASAN_BUILD (default build/asan)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${WIREPAD_ASAN_BUILD:-$here/build/asan}
jobs=${WIREPAD_JOBS:-$(nproc)}
export CCACHE_BASEDIR=$here CCACHE_NOHASHDIR=1

if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWIREPAD_SANITIZE=ON >/dev/null
fi
cmake --build "$build" -j"$jobs"

# UBSan only prints a finding and carries on unless told to stop: halt_on_error makes every
# finding fail its test. These options reach the child processes the tests start (wirepad
# send, wirepad serve, the desktop under Xvfb) too. Leaks are on: a leak in our code is a finding.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:strict_string_checks=1}
# Findings inside third-party code (tests/sanitizer/ubsan.supp says which) are suppressed.
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1:suppressions=$here/tests/sanitizer/ubsan.supp}
# Leaks inside system libraries the desktop loads (D-Bus through SDL): not ours.
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$here/tests/sanitizer/lsan.supp:print_suppressions=0}

# The whole suite. The browser tests run `wirepad serve` from this build when build/web exists
# (scripts/build.sh web) and skip otherwise; 900 s per test, as instrumented processes start
# seconds slower (docs/testing.md).
cd "$build"
ctest --output-on-failure -j"${WIREPAD_TEST_JOBS:-2}" --timeout 900 "$@"
