#!/usr/bin/env bash
# The WebSocket tab, desktop and browser, talking to python3-websockets' echo
# (tests/native/ws_peer.py): docs/screenshots/websocket-desktop.png (Xvfb: a saved conversation
# replayed with Run all) and websocket-browser.png (headless Chromium through the relay,
# tests/e2e/ws_browser.mjs). Look at each one before committing them.
# usage: scripts/screenshots_websocket.sh [OUT_DIR]   (after scripts/build.sh all)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
wirepad=$here/build/native/native/wirepad
out=${1:-$here/docs/screenshots}
command -v Xvfb >/dev/null || { echo "Xvfb is not installed" >&2; exit 2; }
mkdir -p "$out"
work=$(mktemp -d)
xvfb=
peer=
cleanup() { [ -n "$xvfb" ] && kill "$xvfb" 2>/dev/null; [ -n "$peer" ] && kill "$peer" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
source "$here/scripts/xvfb.sh"
start_xvfb || exit 1
export LIBGL_ALWAYS_SOFTWARE=1

/usr/bin/python3 "$here/tests/native/ws_peer.py" >"$work/peer.log" 2>&1 &
peer=$!
for _ in $(seq 100); do grep -q '^listening' "$work/peer.log" && break; sleep 0.1; done
port=$(sed -n 's/^listening //p' "$work/peer.log")
[ -n "$port" ] || { echo "ws_peer.py did not start: $(cat "$work/peer.log")" >&2; exit 1; }
cat >"$work/chat.json" <<JSON
{"wirepad": 5, "kind": "websocket", "name": "Echo conversation",
 "websocket": {"url": "ws://127.0.0.1:$port/echo", "headers": [{"name": "Origin", "value": "http://127.0.0.1"}],
  "subprotocols": [], "compress": true,
  "steps": [{"send": "hello, echo"}, {"expect": "hello"},
            {"send": "{\"id\": 7, \"tags\": [\"a\", \"b\"], \"nested\": {\"ok\": true}}"}, {"expect": "\"tags\""},
            {"send_binary_hex": "de ad be ef 00 01 02 03"}, {"expect_hex": "de ad"},
            {"ping": "are you there"}, {"close": 1000, "reason": "done"}]}}
JSON
mkdir -p "$work/home" "$work/config/wirepad"
HOME=$work/home XDG_CONFIG_HOME=$work/config timeout 60 "$wirepad" --hello-port 0 --tcp-echo-port 0 --udp-echo-port 0 \
  "$work/chat.json" --send-on-start --quit-after-frames 8 --screenshot "$out/websocket-desktop.png" >/dev/null
echo "$out/websocket-desktop.png"

# The same kind of conversation with a "test" over the messages received, its tests view open:
# docs/screenshots/websocket-tests-desktop.png (one assertion fails on purpose, to show it).
cat >"$work/feed.json" <<JSON
{"wirepad": 6, "kind": "websocket", "name": "Subscribe and check",
 "websocket": {"url": "ws://127.0.0.1:$port/echo", "steps": [
   {"send": "{\"type\": \"ack\", \"session\": \"s-42\", \"topics\": [\"prices\", \"news\"]}"}, {"expect": "ack"},
   {"send": "{\"type\": \"tick\", \"price\": 101.5}"}, {"expect": "tick"}, {"close": 1000, "reason": "done"}]},
 "test": {"assert": [{"subject": "json", "path": "\$.type", "op": "==", "value": "ack", "message": 1},
                     {"subject": "json_count", "path": "\$.topics[*]", "op": "==", "value": 2, "message": 1},
                     {"subject": "json", "path": "\$.price", "op": ">", "value": 100},
                     {"subject": "messages", "op": "==", "value": 2},
                     {"subject": "json", "path": "\$.price", "op": "<", "value": 100, "label": "price under 100 (fails)"}],
          "capture": [{"variable": "session", "from": "json", "path": "\$.session", "message": 1}]}}
JSON
HOME=$work/home XDG_CONFIG_HOME=$work/config timeout 60 "$wirepad" --hello-port 0 --tcp-echo-port 0 --udp-echo-port 0 \
  "$work/feed.json" --send-on-start --open-tab WebSocket:tests --quit-after-frames 10 \
  --screenshot "$out/websocket-tests-desktop.png" >/dev/null
echo "$out/websocket-tests-desktop.png"

if [ -z "${NO_BROWSER:-}" ] && { [ -f "$here/build/web/web/wirepad_web.wasm" ] || [ -f "$here/build/web/wirepad_web.wasm" ]; }; then
  root=$(dirname "$(ls "$here"/build/web/web/wirepad_web.wasm "$here"/build/web/wirepad_web.wasm 2>/dev/null | head -1)")
  node "$here/tests/e2e/ws_browser.mjs" --wirepad "$wirepad" --web-root "$root" --peer "$here/tests/native/ws_peer.py" --out "$out"
else
  echo "browser screenshot skipped (NO_BROWSER set, or no web build: scripts/build.sh web)" >&2
fi
