#!/usr/bin/env bash
# The Runner on the desktop under Xvfb (docs/assertions.md, "The runner in the app"): a
# workspace of three experiments against the app's own lab server (request 2 sends request 1's
# capture, request 3's status assertion fails), run at start with `--open-tab Runner`; the
# failure is selected by itself, so the picture shows its expected and actual.
#   runner-desktop.png
# (The browser's picture comes from tests/e2e/runner_browser.mjs: out/browser-runner.png.)
# usage: scripts/screenshots_runner.sh [WIREPAD_BINARY] [OUT_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
wirepad=${1:-$here/build/native/native/wirepad}
out=${2:-$here/docs/screenshots}
command -v Xvfb >/dev/null || { echo "Xvfb is not installed" >&2; exit 2; }
mkdir -p "$out"
work=$(mktemp -d)
xvfb=
cleanup() { [ -n "$xvfb" ] && kill "$xvfb" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
source "$here/scripts/xvfb.sh"
start_xvfb || exit 1
export LIBGL_ALWAYS_SOFTWARE=1

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
ws=$work/ws home=$work/home
mkdir -p "$ws/api" "$home/config/wirepad"
echo '{"layout": "below", "split_below": 0.62}' >"$home/config/wirepad/settings.json"
base=http://127.0.0.1:$port
cat >"$ws/api/1_login.json" <<JSON
{"wirepad": 4, "kind": "http", "name": "log in", "request": {"method": "GET", "url": "$base/anything?user=ada-7"},
 "test": {"assert": [{"subject": "status", "op": "==", "value": 200}],
          "capture": [{"variable": "user", "from": "json", "path": "\$.args.user"}]}}
JSON
cat >"$ws/api/2_me.json" <<JSON
{"wirepad": 4, "kind": "http", "name": "my profile", "request": {"method": "GET", "url": "$base/anything/{{user}}"},
 "test": {"assert": [{"subject": "json", "path": "\$.url", "op": "ends_with", "value": "/anything/{{user}}"},
                     {"subject": "header", "name": "Content-Type", "op": "contains", "value": "json"}]}}
JSON
cat >"$ws/api/3_create.json" <<JSON
{"wirepad": 4, "kind": "http", "name": "create an item", "request": {"method": "POST", "url": "$base/anything/items", "body": "{\"name\": \"pen\"}"},
 "test": {"assert": [{"subject": "status", "op": "==", "value": 201, "label": "created (201)"},
                     {"subject": "json", "path": "\$.json.name", "op": "==", "value": "pen"},
                     {"subject": "duration", "op": "<", "value": 500}]}}
JSON
HOME=$home XDG_CONFIG_HOME=$home/config timeout 60 "$wirepad" desktop --workspace "$ws" --hello-port "$port" \
  --tcp-echo-port 0 --udp-echo-port 0 --open-tab Runner --quit-after-frames "${FRAMES:-60}" --screenshot "$out/runner-desktop.png"
echo "wrote $out/runner-desktop.png"
