#!/usr/bin/env bash
# The desktop app with a workspace, end to end under Xvfb:
#  1. `wirepad desktop --workspace DIR FILE --send-on-start` resolves {{variables}} from the
#     workspace's chosen environment, sends, and keeps the run in DIR/.wirepad/history;
#  2. `wirepad desktop --open LINK --send-on-start` opens the link, names its target and sends
#     nothing: a listener on the link's port sees no connection.
# usage: desktop_workspace_e2e.sh WIREPAD_BINARY OUT_DIR     exit 0 pass, 1 fail, 77 no Xvfb
set -euo pipefail
wirepad=$1
out=$2
mkdir -p "$out"
command -v Xvfb >/dev/null || { echo "Xvfb not installed"; exit 77; }
source "$(dirname "$0")/../../scripts/xvfb.sh"
start_xvfb || exit 1
ws=$(mktemp -d /tmp/wirepad-desktop-ws-XXXXXX)
listener=
trap 'kill $xvfb 2>/dev/null || true; [ -n "$listener" ] && kill $listener 2>/dev/null; rm -rf "$ws"' EXIT
export LIBGL_ALWAYS_SOFTWARE=1
fail() { echo "FAIL: $*"; exit 1; }

# A lab hello server of our own, on a free port, for the environment to point at.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$ws/users" "$ws/.wirepad"
cat > "$ws/environments.json" <<JSON
{"environments": [{"name": "lab", "variables": [{"name": "port", "value": "$port"}, {"name": "token", "secret": true}]}]}
JSON
echo '{"environments": {"lab": {"token": "s3cret"}}}' > "$ws/environments.secrets.json"
echo '{"active_environment": "lab"}' > "$ws/.wirepad/state.json"
cat > "$ws/users/hello.json" <<'JSON'
{"wirepad": 1, "kind": "http", "name": "Hello with variables",
 "request": {"method": "GET", "url": "http://127.0.0.1:{{port}}/", "headers": [{"name": "Authorization", "value": "Bearer {{token}}"}], "body": ""}}
JSON
output=$(timeout -k 5 60 "$wirepad" desktop --workspace "$ws" --hello-port "$port" --tcp-echo-port 0 --udp-echo-port 0 \
           "$ws/users/hello.json" --send-on-start --quit-after-frames 5 --screenshot "$out/desktop_workspace.png" 2>&1) \
  || fail "wirepad exited non-zero: $output"
echo "$output"
grep -q '^status 200 OK$' <<<"$output" || fail "expected the {{port}} request to reach the hello server"
history=$(ls "$ws/.wirepad/history")
[ "$(wc -l <<<"$history")" = 1 ] || fail "expected one history file, got: $history"
grep -q '"url": "http://127.0.0.1:{{port}}/"' "$ws/.wirepad/history/$history" || fail "the history keeps the experiment as typed"
grep -q 'environments.secrets.json' "$ws/.gitignore" || fail "the workspace's .gitignore keeps secrets out"
echo "ok: variables resolved, run kept in the history"

# 2. A link never sends: a listener on its port must see no connection.
python3 - "$port" > "$out/listener.txt" <<'PY' &
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(4); s.settimeout(30)
print("listening", flush=True)
try:
    c, _ = s.accept(); print("CONNECTED", flush=True)
except socket.timeout:
    pass
PY
listener=$!
for _ in $(seq 50); do grep -q listening "$out/listener.txt" 2>/dev/null && break; sleep 0.1; done
link=$("$wirepad" link "$ws/users/hello.json" 2>/dev/null | tail -1)
output=$(timeout -k 5 60 "$wirepad" desktop --workspace "$ws" --no-lab --open "$link" --send-on-start --quit-after-frames 5 \
           --screenshot "$out/desktop_link.png" 2>&1) || fail "wirepad exited non-zero: $output"
echo "$output"
grep -q "the link opens a request to http://127.0.0.1:$port; it is not sent until you press Send" <<<"$output" \
  || fail "expected the target host (variables filled from the chosen environment)"
grep -q -- '--send-on-start ignored' <<<"$output" || fail "expected --send-on-start to be refused for a link"
grep -q '^status ' <<<"$output" && fail "a link must not be sent"
sleep 0.5
grep -q CONNECTED "$out/listener.txt" && fail "something connected to the link's target"
echo "ok: the link was shown, not sent"
