#!/usr/bin/env bash
# Runner benchmark (not a test): a collection of COUNT experiment files (default 1000), each a
# GET of a small JSON file with three assertions (status, a header, a JSON value), run against
# one nginx on loopback (Debian's, started here on a free port with its own prefix in a temp
# dir), in the same run:
#   - `wirepad send URL` once per request (a process each: what a shell loop of sends costs)
#   - `wirepad test DIR` (the CLI runner: one process, kept-alive connection, the assertions)
#   - the app's runner (ui/runner.h) in the whole app's frames with no window (runner_ui_tests
#     [.bench][runner] of runner_ui_tests, tests/ui/runner_bench.cpp), beside two loops of the same requests in
#     that process: the blocking client alone, and the Platform's exchanges one after another
# Prints a markdown table: seconds, per request, ratio against the loops and against `wirepad
# send`; then the frame times during the app's run (the window's responsiveness).
# usage: scripts/bench_runner.sh [COUNT=1000]   (needs build/native: wirepad and runner_ui_tests)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
count=${1:-1000}
wirepad=${WIREPAD_BINARY:-$here/build/native/native/wirepad}
ui_tests=${WIREPAD_UI_TESTS:-$here/build/native/tests/ui/runner_ui_tests}
[ -x "$wirepad" ] && [ -x "$ui_tests" ] || { echo "build first: scripts/build.sh native wirepad; scripts/build.sh native runner_ui_tests" >&2; exit 2; }
if [ ! -x /usr/sbin/nginx ]; then
  echo "installing nginx-light" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nginx-light >&2
fi

tmp=$(mktemp -d /tmp/wirepad-bench-runner-XXXXXX)
nginx_pid=
cleanup() {
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
chmod 755 "$tmp"  # nginx workers run as www-data when started by root
mkdir -p "$tmp/www" "$tmp/logs" "$tmp/collection"
printf '{"id": 42, "ok": true, "name": "item"}\n' >"$tmp/www/item.json"
chmod -R a+rX "$tmp/www"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$tmp/nginx.conf" <<CONF
worker_processes 1;
daemon off;
error_log $tmp/logs/error.log warn;
pid $tmp/nginx.pid;
events { worker_connections 64; }
http {
  access_log off;
  keepalive_requests 1000000;
  keepalive_timeout 60s;
  client_body_temp_path $tmp/body;
  proxy_temp_path $tmp/proxy;
  fastcgi_temp_path $tmp/fastcgi;
  uwsgi_temp_path $tmp/uwsgi;
  scgi_temp_path $tmp/scgi;
  types { application/json json; }
  server {
    listen 127.0.0.1:$port;
    root $tmp/www;
  }
}
CONF
/usr/sbin/nginx -p "$tmp" -c "$tmp/nginx.conf" &
nginx_pid=$!
for _ in $(seq 100); do
  curl -sf -o /dev/null "http://127.0.0.1:$port/item.json" && break
  sleep 0.1
done

# The collection: a workspace folder of COUNT files, run in name order.
python3 - "$tmp/collection" "$port" "$count" <<'PY'
import json, os, sys
folder, port, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
open(os.path.join(folder, ".wirepad-workspace"), "w").close()
for i in range(count):
    e = {"wirepad": 4, "kind": "http", "name": f"item {i}",
         "request": {"method": "GET", "url": f"http://127.0.0.1:{port}/item.json?i={i}"},
         "test": {"assert": [
             {"subject": "status", "op": "==", "value": 200},
             {"subject": "header", "name": "Content-Type", "op": "contains", "value": "json"},
             {"subject": "json", "path": "$.ok", "op": "==", "value": True}]}}
    with open(os.path.join(folder, f"req-{i:05d}.json"), "w") as f:
        json.dump(e, f)
PY

now() { python3 -c 'import time; print(time.monotonic())'; }

# wirepad send, one process per request.
t0=$(now)
for i in $(seq 0 $((count - 1))); do
  "$wirepad" send "http://127.0.0.1:$port/item.json?i=$i" >/dev/null
done
send_s=$(python3 -c "import time; print(time.monotonic() - $t0)")

# wirepad test, the CLI runner.
t0=$(now)
"$wirepad" test "$tmp/collection" --reporter json --out "$tmp/report.json" >"$tmp/test.out"
test_s=$(python3 -c "import time; print(time.monotonic() - $t0)")
tail -1 "$tmp/test.out" >&2

# The app's runner, in frames.
WIREPAD_RUNNER_BENCH_DIR="$tmp/collection" "$ui_tests" "[.bench][runner]" -s 2>&1 | grep '^runner_bench' >"$tmp/ui.out" || {
  WIREPAD_RUNNER_BENCH_DIR="$tmp/collection" "$ui_tests" "[.bench][runner]" >&2; exit 1; }
cat "$tmp/ui.out" >&2

# The desktop app itself under Xvfb (software GL): the run started with --open-tab Runner, each
# frame's time from draw_app to present while it runs (--startup-report prints them).
desktop_line=""
if command -v Xvfb >/dev/null; then
  xvfb=
  source "$here/scripts/xvfb.sh"
  if start_xvfb; then
    mkdir -p "$tmp/home/config/wirepad"
    HOME=$tmp/home XDG_CONFIG_HOME=$tmp/home/config LIBGL_ALWAYS_SOFTWARE=1 timeout 120 "$wirepad" desktop \
      --workspace "$tmp/collection" --hello-port 0 --tcp-echo-port 0 --udp-echo-port 0 --open-tab Runner \
      --startup-report --quit-after-frames "${DESKTOP_FRAMES:-600}" 2>"$tmp/desktop.err" >/dev/null || true
    desktop_line=$(grep '^runner frames=' "$tmp/desktop.err" || true)
    kill "$xvfb" 2>/dev/null || true
  fi
fi
echo "desktop: ${desktop_line:-not measured}" >&2

python3 - "$count" "$send_s" "$test_s" "$tmp/ui.out" "$tmp/report.json" "$desktop_line" <<'PY'
import json, sys
count, send_s, test_s = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
ui = dict(kv.split("=") for kv in open(sys.argv[4]).read().split()[1:])
report = json.load(open(sys.argv[5]))
passed = sum(1 for r in report["results"] if r["outcome"] == "passed")
client = float(ui["client_loop_s"]); platform = float(ui["platform_loop_s"]); runner = float(ui["runner_s"])
rows = [
    ("`wirepad send` per request (a process each)", send_s),
    ("blocking client loop, in process (no assertions)", client),
    ("Platform exchanges one after another, in process (no assertions)", platform),
    ("`wirepad test DIR` (CLI runner, 3 assertions each)", test_s),
    ("app runner in frames (ui/runner.h, 3 assertions each)", runner),
]
print(f"{count} requests, each with 3 assertions; CLI run: {passed}/{count} passed; app run: {ui['passed']}/{ui['requests']} passed\n")
print("| what | total (s) | per request (ms) | vs client loop | vs `wirepad send` |")
print("|---|---:|---:|---:|---:|")
for name, s in rows:
    print(f"| {name} | {s:.3f} | {s / count * 1000:.3f} | {s / client:.2f}x | {s / send_s:.3f}x |")
print(f"\nrunner overhead per request over the Platform loop: {(runner - platform) / count * 1000:.3f} ms; "
      f"CLI runner over the client loop: {(test_s - client) / count * 1000:.3f} ms (includes process start and parsing {count} files)")
print(f"\nframes during the app's run: {ui['frames']} ({int(ui['requests']) / int(ui['frames']):.1f} requests a frame); "
      f"time in a frame (draw_app + the runner's budget): median {ui['frame_ms_median']} ms, "
      f"p99 {ui['frame_ms_p99']} ms, worst {ui['frame_ms_max']} ms")
if len(sys.argv) > 6 and sys.argv[6]:
    d = dict(kv.split("=") for kv in sys.argv[6].split()[1:])
    print(f"\nthe desktop app under Xvfb (software GL), frames while it ran: {d['frames']}; each frame's time from "
          f"draw_app to present: median {float(d['frame_ms_median']):.2f} ms, p99 {float(d['frame_ms_p99']):.2f} ms, "
          f"worst {float(d['frame_ms_max']):.2f} ms")
PY
