#!/usr/bin/env bash
# Quick start, part 2: installs what is missing, builds everything, and runs every test
# (unit, integration, browser and desktop end to end) through ctest.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
start=$(date +%s)
bash "$here/scripts/setup.sh"
bash "$here/scripts/build.sh" all
built=$(date +%s)
echo "[test] build took $((built - start)) s"
cd "$here/build/native"
ctest --output-on-failure -j"${WIREPAD_TEST_JOBS:-2}" --timeout 600 "$@"
echo "[test] tests took $(($(date +%s) - built)) s"
