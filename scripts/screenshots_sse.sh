#!/usr/bin/env bash
# The Events tab of an event stream, desktop and browser: the lab's /sse (14 events, 150 ms
# apart) sent and shown once the stream ends: docs/screenshots/sse-desktop.png (Xvfb) and
# sse-browser.png (headless Chromium, the web build served by `wirepad serve`, through the
# relay). Look at each one before committing them.
# usage: scripts/screenshots_sse.sh [OUT_DIR]   (after scripts/build.sh all)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
wirepad=$here/build/native/native/wirepad
out=${1:-$here/docs/screenshots}
command -v Xvfb >/dev/null || { echo "Xvfb is not installed" >&2; exit 2; }
mkdir -p "$out"
work=$(mktemp -d)
xvfb=
cleanup() { [ -n "$xvfb" ] && kill "$xvfb" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
source "$here/scripts/xvfb.sh"
start_xvfb || exit 1
export LIBGL_ALWAYS_SOFTWARE=1

# The lab's hello port must be in the experiment's URL: a free one, asked of the kernel.
port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$work/sse.json" <<JSON
{"wirepad": 1, "kind": "http", "name": "Lab event stream",
 "request": {"method": "GET", "url": "http://127.0.0.1:$port/sse?interval_ms=150&count=14&retry=2000", "headers": [], "body": ""}}
JSON
mkdir -p "$work/home" "$work/config/wirepad"
echo '{"layout": "below", "split_below": 0.3}' >"$work/config/wirepad/settings.json"
HOME=$work/home XDG_CONFIG_HOME=$work/config timeout 60 "$wirepad" --hello-port "$port" --tcp-echo-port 0 --udp-echo-port 0 \
  "$work/sse.json" --send-on-start --quit-after-frames 8 --screenshot "$out/sse-desktop.png" >/dev/null
echo "$out/sse-desktop.png"

if [ -z "${NO_BROWSER:-}" ] && { [ -f "$here/build/web/web/wirepad_web.wasm" ] || [ -f "$here/build/web/wirepad_web.wasm" ]; }; then
  root=$(dirname "$(ls "$here"/build/web/web/wirepad_web.wasm "$here"/build/web/wirepad_web.wasm 2>/dev/null | head -1)")
  node "$here/tests/e2e/sse_screenshot.mjs" --wirepad "$wirepad" --web-root "$root" --out "$out"
else
  echo "browser screenshot skipped (NO_BROWSER set, or no web build: scripts/build.sh web)" >&2
fi
