#!/usr/bin/env bash
# What one command-line call costs, process against process: `wirepad send URL` and
# `curl -s URL` for the same small GET on the same loopback server (the lab's hello server),
# and start-up alone (`--version`), timed by hyperfine in one run and given as ratios
# (wirepad / curl), so the machine's speed cancels out. Also the shared libraries each loads.
# Figures in docs/benchmarks.md ("CLI start-up").
#
# usage: [ROUNDS=5] scripts/bench_cli_startup.sh [RUNS=300, over all rounds] [BASELINE_WIREPAD]
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

libs="shared libraries: wirepad $(ldd "$wirepad" | wc -l), curl $(ldd "$(command -v curl)" | wc -l)"
[ -z "$baseline" ] || libs+=", baseline $(ldd "$baseline" | wc -l)"
echo "$libs"
names=(-n "curl GET" -n "wirepad send GET" -n "curl --version" -n "wirepad --version")
cmds=("curl -s $url" "$wirepad send $url" "curl --version" "$wirepad --version")
if [ -n "$baseline" ]; then
  names+=(-n "baseline send GET" -n "baseline --version")
  cmds+=("$baseline send $url" "$baseline --version")
fi
# -N: no shell in between; output to /dev/null; warm-up runs fill the page cache. Several
# short rounds rather than one long one: on a shared machine the load changes over a minute,
# and each round times every command under about the same load. Wall time and CPU time
# (user + system: less sensitive to waiting for a core) are both reported.
rounds=${ROUNDS:-5}
for round in $(seq "$rounds"); do
  hyperfine -N --warmup 10 --runs "$((runs / rounds))" --export-json "$out/times-$round.json" \
    "${names[@]}" "${cmds[@]}" >/dev/null 2>&1
done
python3 - "$out"/times-*.json <<'EOF'
import json, statistics, sys
rounds = [{x["command"]: x for x in json.load(open(f))["results"]} for f in sys.argv[1:]]
names = list(rounds[0])
def med(name, key):
    return statistics.median(r[name][key] for r in rounds)
print(f"{len(rounds)} rounds; per command, the median over rounds of the round's median wall time and mean CPU time")
for name in names:
    print(f"{name:22s} wall {med(name, 'median')*1000:6.2f} ms   cpu {(med(name, 'user') + med(name, 'system'))*1000:6.2f} ms")
for what in ("send GET", "--version"):
    curl = "curl GET" if what == "send GET" else "curl --version"
    for who in ("wirepad", "baseline"):
        name = who + " " + what
        if name not in rounds[0]: continue
        wall = statistics.median(r[name]["median"] / r[curl]["median"] for r in rounds)
        cpu = statistics.median((r[name]["user"] + r[name]["system"]) / (r[curl]["user"] + r[curl]["system"]) for r in rounds)
        each = " ".join(f"{r[name]['median'] / r[curl]['median']:.2f}" for r in rounds)
        print(f"ratio {who}/curl, {what:9s}: wall {wall:.2f} (rounds: {each}), cpu {cpu:.2f}")
EOF
