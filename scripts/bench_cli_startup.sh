#!/usr/bin/env bash
# What one command-line call costs, process against process: `wirepad send URL` and
# `curl -s URL` for the same small GET on the same loopback server (the lab's hello server),
# and start-up alone (`--version`), timed by hyperfine in one run and given as ratios
# (wirepad / curl), so the machine's speed cancels out. Also the shared libraries each loads.
# Figures in docs/benchmarks.md ("CLI start-up").
#
# usage: scripts/bench_cli_startup.sh [RUNS=300] [BASELINE_WIREPAD]
#   BASELINE_WIREPAD: another wirepad binary to time in the same run (e.g. an older build).
# needs: build/native/native/wirepad, curl, hyperfine (scripts/setup.sh installs both)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-300}
baseline=${2:-}
wirepad=${WIREPAD_BINARY:-$here/build/native/native/wirepad}
command -v hyperfine >/dev/null || { echo "hyperfine is missing: run scripts/setup.sh" >&2; exit 1; }
[ -x "$wirepad" ] || { echo "no $wirepad: run scripts/build.sh native" >&2; exit 1; }
out=$(mktemp -d)
trap 'kill $lab 2>/dev/null || true; wait $lab 2>/dev/null || true; rm -rf "$out"' EXIT

# The lab's hello server on free ports (0), its URL read from what it prints.
"$wirepad" lab --hello-port 0 --tcp-echo-port 0 --udp-echo-port 0 --chaos-port 0 >"$out/lab.txt" 2>&1 &
lab=$!
for _ in $(seq 100); do grep -q 'http://' "$out/lab.txt" 2>/dev/null && break; sleep 0.05; done
url=$(grep -o 'http://127.0.0.1:[0-9]*/' "$out/lab.txt" | head -1)
[ -n "$url" ] || { echo "the lab did not start:" >&2; cat "$out/lab.txt" >&2; exit 1; }
curl -sf "$url" >/dev/null && "$wirepad" send "$url" >/dev/null

echo "shared libraries: wirepad $(ldd "$wirepad" | wc -l), curl $(ldd "$(command -v curl)" | wc -l)" \
  "${baseline:+, baseline $(ldd "$baseline" | wc -l)}"
names=(-n "curl GET" -n "wirepad send GET" -n "curl --version" -n "wirepad --version")
cmds=("curl -s $url" "$wirepad send $url" "curl --version" "$wirepad --version")
if [ -n "$baseline" ]; then
  names+=(-n "baseline send GET" -n "baseline --version")
  cmds+=("$baseline send $url" "$baseline --version")
fi
# -N: no shell in between; output to /dev/null; warm-up runs fill the page cache.
hyperfine -N --warmup 30 --runs "$runs" --export-json "$out/times.json" "${names[@]}" "${cmds[@]}" >/dev/null
python3 - "$out/times.json" <<'EOF'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
def line(name):
    x = r[name]
    return f"{name:22s} mean {x['mean']*1000:6.2f} ms  median {x['median']*1000:6.2f} ms  (sd {x['stddev']*1000:.2f})"
for name in r: print(line(name))
for what in ("send GET", "--version"):
    curl = r["curl GET" if what == "send GET" else "curl --version"]["mean"]
    print(f"ratio wirepad/curl, {what:9s}: {r['wirepad ' + what]['mean'] / curl:.2f}")
    if "baseline " + what in r:
        print(f"ratio baseline/curl, {what:9s}: {r['baseline ' + what]['mean'] / curl:.2f}")
EOF
