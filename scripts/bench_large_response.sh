#!/usr/bin/env bash
# Memory high-water for one large response: a file of SIZE_MB (default 200) MiB of text lines,
# served on loopback by python3 -m http.server (Content-Length), fetched by
#   - curl -o /dev/null        (the peer: streams, keeps nothing)
#   - wirepad send > /dev/null (the CLI: keeps the whole exchange log, like the app)
#   - wirepad send -o /dev/null (the CLI streaming the body: keeps the head only)
#   - the desktop app under Xvfb (--send-on-start, quits some frames after the response), with
#     a workspace in the temp dir (its history record of the exchange is written there)
# Prints each one's peak RSS (GNU time %M) and its ratio to the body size. Not a test: nothing
# is asserted. Results go in docs/benchmarks.md by hand.
#
# usage: scripts/bench_large_response.sh [SIZE_MB=200]     (needs build/native/wirepad)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
size_mb=${1:-200}
wirepad=${WIREPAD_BINARY:-$here/build/native/native/wirepad}
[ -x "$wirepad" ] || { echo "build wirepad first: cmake --build build/native --target wirepad" >&2; exit 2; }
work=$(mktemp -d)
server_pid=
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

# 64-byte lines, so the Body view has size/64 lines to index.
python3 - "$work/big.txt" "$size_mb" <<'PY'
import sys
line = b"x" * 63 + b"\n"
block = line * 16384  # 1 MiB
with open(sys.argv[1], "wb") as f:
    for _ in range(int(sys.argv[2])):
        f.write(block)
PY
bytes=$(stat -c %s "$work/big.txt")
python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$work" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 50); do grep -q "port" "$work/server.log" && break; sleep 0.1; done
port=$(grep -o 'port [0-9]*' "$work/server.log" | head -1 | cut -d' ' -f2)
url="http://127.0.0.1:$port/big.txt"

peak_kib() { /usr/bin/time -f %M -o "$work/time" "$@" >/dev/null 2>"$work/err" || true; cat "$work/time" | tail -1; }
report() {  # name, KiB
  awk -v n="$1" -v k="$2" -v b="$bytes" 'BEGIN { printf "%-28s peak RSS %8.1f MiB   %.2fx the body (%.0f MiB)\n", n, k/1024, k*1024/b, b/1048576 }'
}

report "curl -o /dev/null" "$(peak_kib curl -s -o /dev/null "$url")"
report "wirepad send > /dev/null" "$(peak_kib "$wirepad" send --timeout 120 "$url")"
report "wirepad send -o /dev/null" "$(peak_kib "$wirepad" send --timeout 120 -o /dev/null "$url")"

if command -v xvfb-run >/dev/null; then
  cat >"$work/big.json" <<JSON
{"wirepad": 1, "kind": "http", "name": "big", "request": {"method": "GET", "url": "$url", "headers": [], "body": ""}}
JSON
  mkdir -p "$work/workspace"
  desktop_kib=$(peak_kib xvfb-run -a -s '-screen 0 1280x800x24' "$wirepad" "$work/big.json" --workspace "$work/workspace" \
    --no-lab --send-on-start --quit-after-frames 30)
  report "wirepad desktop (Xvfb)" "$desktop_kib"
fi

# CPU time per frame while scrolling the Body view of a body that size (headless ImGui).
ui_tests=${WIREPAD_UI_TESTS:-$here/build/native/tests/ui/ui_tests}
if [ -x "$ui_tests" ]; then
  WIREPAD_BENCH_MB=$size_mb "$ui_tests" "[.bench][scroll]" 2>&1 | grep '^body ' || true
fi
