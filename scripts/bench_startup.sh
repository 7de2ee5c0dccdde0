#!/usr/bin/env bash
# Desktop start-up cost, memory and idle CPU (issue 6), against a bare SDL2 + OpenGL 3 window
# that only clears and swaps (tests/bench/startup_peer.cpp), the same window drawing one
# textured, blended quad with a GLSL program (--draw), which pays the shader compiler too
# (under Xvfb OpenGL is Mesa's llvmpipe: most of its start-up time and RSS is the driver), and
# a window drawing that quad with SDL's software renderer (--software). wirepad runs with the
# renderer it picks itself (software here: Xvfb has no direct rendering) and with --renderer gl.
#   first frame  launch (exec) to the first frame swapped and finished (glFinish); the app
#                prints the CLOCK_MONOTONIC time of that moment (--startup-report)
#   RSS          VmRSS from /proc/PID/status 1 s after the first frame, and RssAnon, its
#                anonymous part (the rest is pages of mapped files: libLLVM's code alone is
#                43-54 MiB of it, shared with every process that maps it)
#   idle CPU     (utime+stime) from /proc/PID/stat over 5 s with nothing happening, as % of
#                one core: from 1 s after the first frame (the text cursor still blinks) and
#                from 11 s (it stops 10 s after the last input, as GTK's does); "response
#                shown" sends the example request at start (--send-on-start)
# Medians of RUNS (default 5). Not a test: nothing is asserted; results go in
# docs/desktop-performance.md by hand.
# usage: scripts/bench_startup.sh [RUNS=5]     (needs build/native/native/wirepad, Xvfb)
#   WIREPAD_BEFORE=/path/to/older/wirepad adds its rows, measured in the same runs (it needs
#   --startup-report too).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-5}
wirepad=${WIREPAD_BINARY:-$here/build/native/native/wirepad}
[ -x "$wirepad" ] || { echo "build wirepad first: cmake --build build/native --target wirepad" >&2; exit 2; }
command -v Xvfb >/dev/null || { echo "Xvfb is not installed" >&2; exit 2; }
work=$(mktemp -d)
xvfb=
cleanup() { [ -n "$xvfb" ] && kill "$xvfb" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

c++ -O2 "$here/tests/bench/startup_peer.cpp" $(sdl2-config --cflags --libs) -lGL -o "$work/startup_peer"

source "$here/scripts/xvfb.sh"
start_xvfb || exit 1
# A fresh home: no settings, an empty workspace (~/wirepad), as on a first start.
unset LIBGL_ALWAYS_SOFTWARE  # wirepad chooses its renderer from the X server
export HOME=$work/home XDG_CONFIG_HOME=$work/home/.config
mkdir -p "$HOME"

python3 - "$runs" "$wirepad" "$work/startup_peer" "${WIREPAD_BEFORE:-}" <<'PY'
import os, re, signal, statistics, subprocess, sys, threading, time
runs, wirepad, peer, before = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
tick = os.sysconf("SC_CLK_TCK")
lab = ["--hello-port", "0", "--tcp-echo-port", "0", "--udp-echo-port", "0", "--startup-report"]

def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime, stime

def status(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0

def idle_cpu(pid, seconds=5):
    c0, w0 = cpu_ticks(pid), time.monotonic()
    time.sleep(seconds)
    return (cpu_ticks(pid) - c0) / tick / (time.monotonic() - w0) * 100

def one(argv, settle=1.0):
    t0 = time.monotonic_ns()
    p = subprocess.Popen(argv, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    first = None
    for line in p.stderr:
        m = re.search(r"first_frame_monotonic_ns=(\d+)", line)
        if m:
            first = (int(m.group(1)) - t0) / 1e6
            steps = re.search(r"steps=(\S+)", line)
            break
    if first is None:
        p.kill()
        raise SystemExit(f"no startup line from {argv[0]}")
    threading.Thread(target=lambda: [None for _ in p.stderr], daemon=True).start()  # drain
    time.sleep(settle)
    rss = status(p.pid, "VmRSS") / 1024
    anon = status(p.pid, "RssAnon") / 1024
    threads = status(p.pid, "Threads")
    idle = idle_cpu(p.pid)
    time.sleep(max(0.0, 11.0 - settle - 5))
    idle_late = idle_cpu(p.pid)
    p.send_signal(signal.SIGTERM)
    try:
        p.wait(10)
    except subprocess.TimeoutExpired:
        p.kill()
    return first, rss, idle, threads, steps.group(1) if steps else "", idle_late, anon

rows = {"peer (bare SDL+GL window)": [peer], "peer --draw (+ shader, texture, blended quad)": [peer, "--draw"],
        "peer --software (SDL software renderer, textured quad)": [peer, "--software"],
        "wirepad (its choice: software)": [wirepad] + lab,
        "wirepad (its choice), response shown": [wirepad] + lab + ["--send-on-start"],
        "wirepad --renderer gl": [wirepad, "--renderer", "gl"] + lab,
        "wirepad --renderer gl, response shown": [wirepad, "--renderer", "gl"] + lab + ["--send-on-start"]}
if before:
    rows["wirepad before"] = [before] + lab
    rows["wirepad before, response shown"] = [before] + lab + ["--send-on-start"]
results = {name: [] for name in rows}
for i in range(runs):  # interleaved, so load on the machine hits every contender alike
    for name, argv in rows.items():
        results[name].append(one(argv, settle=2.0 if "response" in name else 1.0))
med = lambda xs: statistics.median(xs)
peer_runs = results["peer (bare SDL+GL window)"]
peer_first, peer_rss = med([r[0] for r in peer_runs]), med([r[1] for r in peer_runs])
print(f"median of {runs} runs, Xvfb 1280x800 (OpenGL: Mesa's llvmpipe)\n")
print("| process | first frame (ms) | vs bare peer | RSS after start (MiB) | minus bare peer (MiB) | of it anonymous (MiB) | idle CPU 1-6 s (% of a core) | idle CPU 11-16 s | threads |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for name, rs in results.items():
    first, rss, idle, late, anon = (med([r[i] for r in rs]) for i in (0, 1, 2, 5, 6))
    print(f"| {name} | {first:.0f} | {first / peer_first:.2f}x | {rss:.1f} | {rss - peer_rss:+.1f} | {anon:.1f} | {idle:.2f} | {late:.2f} | {rs[0][3]} |")
for name in rows:
    if "response" in name:
        continue
    steps = [r[4] for r in results.get(name, [])]
    if steps and steps[0]:
        print(f"\n{name}: start-up steps (ms, median of {runs})")
        for n in [x.split(":")[0] for x in steps[0].split(",")]:
            vals = [float(dict(x.split(":") for x in s.split(","))[n]) for s in steps]
            print(f"  {n:16} {med(vals):7.1f}")
PY
