#!/usr/bin/env bash
# The Frames tab of an HTTP/2 exchange, desktop and browser: a GET to nghttpd over TLS (h2
# chosen in ALPN) shown with the Frames tab forward: docs/screenshots/h2-frames-desktop.png
# (Xvfb), its Layers tab (h2-layers-desktop.png, packets naming their frames) and h2-frames-browser.png (headless Chromium through the relay, tests/e2e/h2_browser.mjs).
# Look at each one before committing them.
# usage: scripts/screenshots_h2.sh [OUT_DIR]   (after scripts/build.sh all)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
wirepad=$here/build/native/native/wirepad
out=${1:-$here/docs/screenshots}
command -v Xvfb >/dev/null || { echo "Xvfb is not installed" >&2; exit 2; }
mkdir -p "$out"
work=$(mktemp -d)
xvfb=
server=
cleanup() {
  [ -n "$xvfb" ] && kill "$xvfb" 2>/dev/null
  [ -n "$server" ] && kill "$server" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
source "$here/scripts/xvfb.sh"
start_xvfb || exit 1
export LIBGL_ALWAYS_SOFTWARE=1

mkdir -p "$work/www"
printf '{"hello": "from nghttpd over HTTP/2", "frames": "see the Frames tab"}\n' >"$work/www/hello.json"
openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=localhost -days 1 -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
/usr/sbin/nghttpd -d "$work/www" "$port" "$work/key.pem" "$work/cert.pem" >/dev/null 2>&1 &
server=$!
for _ in $(seq 100); do curl -sk -o /dev/null --http2 "https://127.0.0.1:$port/hello.json" && break; sleep 0.05; done
cat >"$work/h2.json" <<JSON
{"wirepad": 7, "kind": "http", "name": "HTTP/2 frames",
 "request": {"method": "GET", "url": "https://localhost:$port/hello.json", "headers": [{"name": "Accept", "value": "application/json"}], "body": ""},
 "options": {"http_version": "http2", "verify_tls": false}}
JSON
mkdir -p "$work/home" "$work/config/wirepad"
echo '{"layout": "below", "split_below": 0.3}' >"$work/config/wirepad/settings.json"
HOME=$work/home XDG_CONFIG_HOME=$work/config timeout 60 "$wirepad" --no-lab "$work/h2.json" --send-on-start \
  --open-tab Frames --quit-after-frames 8 --screenshot "$out/h2-frames-desktop.png" >/dev/null
echo "$out/h2-frames-desktop.png"
# The Layers tab of the same exchange: its packet list names the frames each packet carries.
HOME=$work/home XDG_CONFIG_HOME=$work/config timeout 60 "$wirepad" --no-lab "$work/h2.json" --send-on-start \
  --open-tab Layers --quit-after-frames 8 --screenshot "$out/h2-layers-desktop.png" >/dev/null
echo "$out/h2-layers-desktop.png"

if [ -z "${NO_BROWSER:-}" ] && { [ -f "$here/build/web/web/wirepad_web.wasm" ] || [ -f "$here/build/web/wirepad_web.wasm" ]; }; then
  root=$(dirname "$(ls "$here"/build/web/web/wirepad_web.wasm "$here"/build/web/wirepad_web.wasm 2>/dev/null | head -1)")
  node "$here/tests/e2e/h2_browser.mjs" --wirepad "$wirepad" --web-root "$root" --out "$out"
else
  echo "browser screenshot skipped (NO_BROWSER set, or no web build: scripts/build.sh web)" >&2
fi
