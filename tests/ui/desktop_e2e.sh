#!/usr/bin/env bash
# The desktop app end to end under Xvfb: open the window, send the example request to the
# in-process lab hello server, screenshot the response, then the same against a closed port.
# usage: desktop_e2e.sh WIREPAD_BINARY OUT_DIR        exit 0 pass, 1 fail, 77 no Xvfb
set -euo pipefail
wirepad=$1
out=$2
mkdir -p "$out"
command -v Xvfb >/dev/null || { echo "Xvfb not installed"; exit 77; }

# Xvfb for as long as this script runs.
source "$(dirname "$0")/../../scripts/xvfb.sh"
start_xvfb || exit 1
trap 'kill $xvfb 2>/dev/null || true' EXIT

fail() { echo "FAIL: $*"; exit 1; }
# A home of its own: the app opens ~/wirepad as its workspace and keeps its settings there;
# a test must not write into the user's.
home=$(mktemp -d)
trap 'kill $xvfb 2>/dev/null || true; rm -rf "$home"' EXIT
export LIBGL_ALWAYS_SOFTWARE=1 HOME=$home

# 1. The first Send works offline: the lab hello server runs in-process on a free port.
shot=$out/desktop_hello.png
rm -f "$shot"
output=$(timeout -k 5 60 "$wirepad" --hello-port 0 --tcp-echo-port 0 --udp-echo-port 0 \
           --send-on-start --quit-after-frames 5 --screenshot "$shot" 2>&1) || fail "wirepad exited non-zero: $output"
echo "$output"
grep -q '^status 200 OK$' <<<"$output" || fail "expected 'status 200 OK' in the output"
[ -s "$shot" ] || fail "no screenshot at $shot"
size=$(identify -format '%wx%h' "$shot")
[ "$size" = 1280x800 ] || fail "screenshot is $size, expected the 1280x800 window"
# A drawn UI has text in many colours; a blank or failed frame has one or two.
colours=$(convert "$shot" -format '%k' info:)
[ "$colours" -gt 20 ] || fail "screenshot has only $colours colours: nothing was drawn"
echo "ok: $shot ($size, $colours colours)"

# 2. A transport failure is reported as such, not as an HTTP status.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
output=$(timeout -k 5 60 "$wirepad" --no-lab --hello-port "$port" --send-on-start --quit-after-frames 3 \
           --screenshot "$out/desktop_refused.png" 2>&1) || fail "wirepad exited non-zero: $output"
echo "$output"
grep -q '^error connect_refused: ' <<<"$output" || fail "expected 'error connect_refused: ...'"
grep -q '^status ' <<<"$output" && fail "a refused connection must not show an HTTP status"
echo "ok: refused connection reported"
