#!/usr/bin/env bash
# WebSocket client benchmark (not a test): Wirepad's client vs a Boost.Beast client, both
# through the lab's WebSocket echo (`wirepad lab`, a Beast server) on loopback, in the same
# run: COUNT round trips of a 100-byte message (round trips/s) and a stream of MIB MiB in
# 64 KiB messages, 8 in flight (MB/s of payload echoed). Prints a markdown table with ratios
# vs Beast. Wirepad's client runs twice: as `wirepad ws` runs it (converse_ws: the POSIX
# transport inline, the caller's thread doing the I/O) and on the transport's threads mode, as
# the desktop runs a conversation (the connection's thread runs the steps and wakes the waiting
# thread after each event); see tests/bench/ws_bench.cpp.
# The echo is the built `wirepad` (scripts/build.sh native wirepad). Wirepad's client logs the
# conversation, the messages' bytes up to WsSessionOptions::max_logged_message_bytes (256 MiB):
# the stream's peak RSS is mostly the script (docs/benchmarks.md).
# Usage: scripts/bench_ws.sh [COUNT=100000] [MIB=1024]
# Environment: ROUNDS (default 3) interleaved rounds, medians reported; WIREPAD=path to the
# wirepad binary (default build/native/native/wirepad).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
count=${1:-100000}
mib=${2:-1024}
wirepad=${WIREPAD:-$here/build/native/native/wirepad}
[ -x "$wirepad" ] || { echo "no $wirepad: run scripts/build.sh native wirepad first" >&2; exit 2; }

source "$here/scripts/bench_build.sh"
bench=$(build_bench ws_bench)

tmp=$(mktemp -d /tmp/wirepad-bench-ws-XXXXXX)
lab_pid=
cleanup() {
  [ -n "$lab_pid" ] && kill "$lab_pid" 2>/dev/null && wait "$lab_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
# Only the WebSocket echo matters; the other lab servers take free ports so that a running lab
# does not stop this one.
"$wirepad" lab --hello-port 0 --tcp-echo-port 0 --udp-echo-port 0 --chaos-port 0 --ws-echo-port 0 >"$tmp/lab.out" &
lab_pid=$!
url=
for _ in $(seq 100); do
  # (the file may not exist yet: the shell opens it in the background job)
  url=$(sed -n 's/^ws-echo *\(ws:\/\/[^ ]*\)$/\1/p' "$tmp/lab.out" 2>/dev/null || true)
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { echo "the lab did not start its WebSocket echo:" >&2; cat "$tmp/lab.out" >&2; exit 1; }

results="$tmp/results"
# Interleaved rounds (median kept): on a shared machine the load changes within a minute, and
# interleaving spreads it over both clients alike.
for _ in $(seq "${ROUNDS:-3}"); do
  for client in beast wirepad wirepad-threads; do "$bench" "$client" echo "$url" "$count" >>"$results"; done
  for client in beast wirepad wirepad-threads; do "$bench" "$client" stream "$url" "$mib" >>"$results"; done
done

echo "Boost $(sed -n 's/^#define BOOST_LIB_VERSION "\(.*\)"/\1/p' /usr/include/boost/version.hpp | tr _ .), $(nproc) cores, $(date -u +%Y-%m-%d)"
echo
python3 - "$results" "$count" "$mib" <<'PY'
import sys
runs = {}
for line in open(sys.argv[1]):
    client, workload, messages, nbytes, seconds, rss, cpu = line.split()
    runs.setdefault((client, workload), []).append((int(messages), int(nbytes), float(seconds), int(rss), float(cpu)))
rows = {k: sorted(v, key=lambda r: r[2])[len(v) // 2] for k, v in runs.items()}  # the median run by time
count, mib = sys.argv[2], sys.argv[3]
rounds = len(runs[("beast", "echo")])
print(f"| client | {int(count):,} echo round trips of 100 B: per s (median of {rounds}) | vs Beast | CPU µs per round trip | "
      f"{mib} MiB in 64 KiB messages: MB/s (median of {rounds}) | vs Beast | CPU s (stream) | peak RSS (stream) |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
base_rt = rows[("beast", "echo")][0] / rows[("beast", "echo")][2]
base_mbs = rows[("beast", "stream")][1] / rows[("beast", "stream")][2] / 1e6
names = {"beast": "Beast", "wirepad": "Wirepad (as `wirepad ws`: transport inline)",
         "wirepad-threads": "Wirepad, transport threads (as the desktop)"}
for client in ("beast", "wirepad", "wirepad-threads"):
    n, _, s, _, cpu = rows[(client, "echo")]
    _, b, t, rss, scpu = rows[(client, "stream")]
    rt, mbs = n / s, b / t / 1e6
    print(f"| {names[client]} | {rt:,.0f} | {rt / base_rt:.2f} | {cpu / n * 1e6:.1f} | {mbs:,.0f} | {mbs / base_mbs:.2f} | {scpu:.2f} | {rss / 1024:,.0f} MiB |")
PY
