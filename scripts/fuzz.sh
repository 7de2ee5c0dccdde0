#!/usr/bin/env bash
# Builds the libFuzzer targets (clang-14, -fsanitize=fuzzer,address,undefined) in their own
# build directory and runs each for N seconds, seeded from the test vectors and the saved
# corpora. New interesting inputs go to $build/corpus/<target>; a crash is written to
# $build/artifacts/<target>/ and the script exits non-zero. Copy a fixed crash input into
# tests/fuzz/corpus/<target>/ so the normal test run replays it from then on.
#
# usage: scripts/fuzz.sh [SECONDS_EACH=60] [TARGET...]     (targets: response_parser url experiment workspace_documents imports cookie content_decoder auth_challenge relay_protocol curl_import proxy json_body auth_flow code_plan oauth2 sigv4 share_link websocket jsonpath data_rows test_spec sse xpath peer_checks h2)
# env:   WIREPAD_FUZZ_BUILD (default build/fuzz), WIREPAD_FUZZ_JOBS (parallel fuzz jobs, default 1)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(response_parser url experiment content_decoder)
build=${WIREPAD_FUZZ_BUILD:-$here/build/fuzz}
jobs=${WIREPAD_FUZZ_JOBS:-1}
log() { printf '[fuzz] %s\n' "$*" >&2; }

command -v clang++-14 >/dev/null || { log "clang++-14 is missing: run scripts/setup.sh (apt package clang-14)"; exit 2; }
if [ ! -f "$build/build.ninja" ]; then
  log "configuring $build"
  CC=clang-14 CXX=clang++-14 cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWIREPAD_FUZZ=ON >/dev/null
fi
export CCACHE_BASEDIR=$here CCACHE_NOHASHDIR=1
ninja -C "$build" -j"${WIREPAD_JOBS:-$(nproc)}" $(printf '%s_fuzz ' "${targets[@]}") >/dev/null

seeds_for() {
  case "$1" in
    response_parser) echo "$here/tests/data/responses $here/tests/fuzz/corpus/response_parser" ;;
    url) echo "$here/tests/fuzz/corpus/url" ;;
    experiment) echo "$here/tests/data/experiments $here/tests/fuzz/corpus/experiment" ;;
    workspace_documents) echo "$here/tests/fuzz/corpus/workspace_documents" ;;
    content_decoder) echo "$here/tests/fuzz/corpus/content_decoder" ;;
    auth_challenge) echo "$here/tests/fuzz/corpus/auth_challenge" ;;
    relay_protocol) echo "$here/tests/fuzz/corpus/relay_protocol" ;;
    imports) echo "$here/tests/data/imports $here/tests/fuzz/corpus/imports" ;;
    cookie) echo "$here/tests/fuzz/corpus/cookie" ;;
    curl_import) echo "$here/tests/fuzz/corpus/curl_import" ;;
    proxy) echo "$here/tests/fuzz/corpus/proxy" ;;
    json_body) echo "$here/tests/fuzz/corpus/json_body" ;;
    auth_flow) echo "$here/tests/fuzz/corpus/auth_flow" ;;
    code_plan) echo "$here/tests/data/experiments $here/tests/fuzz/corpus/experiment $here/tests/fuzz/corpus/code_plan" ;;
    oauth2) echo "$here/tests/fuzz/corpus/oauth2" ;;
    sigv4) echo "$here/tests/fuzz/corpus/sigv4" ;;
    share_link) echo "$here/tests/fuzz/corpus/share_link" ;;
    websocket | jsonpath | data_rows | test_spec | xpath | sse | peer_checks | h2) echo "$here/tests/fuzz/corpus/$1" ;;
    *) log "no seeds listed for $1 in scripts/fuzz.sh"; exit 2 ;;
  esac
}

status=0
for t in "${targets[@]}"; do
  corpus=$build/corpus/$t
  artifacts=$build/artifacts/$t
  mkdir -p "$corpus" "$artifacts"
  log "$t: ${seconds}s"
  # The first directory receives new inputs; the others are read-only seeds.
  parallel=()
  [ "$jobs" -le 1 ] || parallel=(-jobs="$jobs" -workers="$jobs")
  rm -f "$build"/fuzz-*.log
  # Crashes of earlier runs stay in $artifacts until removed; only this run's are counted.
  touch "$build/.run-start"
  # From the build directory: parallel jobs write their fuzz-N.log into the working directory.
  if (cd "$build" && "$build/tests/fuzz/${t}_fuzz" -max_total_time="$seconds" "${parallel[@]}" \
       -artifact_prefix="$artifacts/" -print_final_stats=1 "$corpus" $(seeds_for "$t") \
       >"$build/$t.log" 2>&1); then
    :
  else
    status=1
  fi
  execs=$(cat "$build/$t.log" "$build"/fuzz-*.log 2>/dev/null | awk '/stat::number_of_executed_units/ {s+=$2} END {print s+0}' || true)
  crashes=$(find "$artifacts" -type f -newer "$build/.run-start" | wc -l || true)
  printf '%-16s %6ss  %12s execs  corpus %5s  crashes %s\n' "$t" "$seconds" "$execs" "$(ls "$corpus" | wc -l)" "$crashes"
  [ "$crashes" = 0 ] || { status=1; find "$artifacts" -type f -newer "$build/.run-start" | sed 's/^/  crash: /'; }
done
exit $status
