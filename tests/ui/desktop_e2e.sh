#!/usr/bin/env bash
# The desktop app end to end under Xvfb: open the window, send the example request to the
# in-process lab hello server, screenshot the response (with the renderer chosen by itself,
# which under Xvfb is SDL's software one, and again with OpenGL), then the same against a
# closed port.
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
export HOME=$home
unset LIBGL_ALWAYS_SOFTWARE  # the renderer is chosen from the X server alone here

# 1. The first Send works offline: the lab hello server runs in-process on a free port. Xvfb
# has no direct rendering, so the window is drawn by SDL's software renderer, unless asked.
send_and_shoot() {  # renderer expected-in-report screenshot
  local shot=$3
  rm -f "$shot"
  # Under -DWIREPAD_SANITIZE=ON (scripts/test_sanitize.sh): Mesa's software GL driver is
  # unloaded before LeakSanitizer's exit scan, so what it keeps shows as "<unknown module>",
  # which no suppression can name; the OpenGL run goes without the leak check (ASan and UBSan
  # still on). The software renderer's run keeps it.
  local env_for=(env)
  if [ "$1" = gl ] && [ -n "${ASAN_OPTIONS:-}" ]; then env_for=(env "ASAN_OPTIONS=$ASAN_OPTIONS:detect_leaks=0"); fi
  output=$(timeout -k 5 60 "${env_for[@]}" "$wirepad" --hello-port 0 --tcp-echo-port 0 --udp-echo-port 0 --renderer "$1" \
             --startup-report --send-on-start --quit-after-frames 5 --screenshot "$shot" 2>&1) ||
    fail "wirepad --renderer $1 exited non-zero: $output"
  echo "$output"
  grep -q '^status 200 OK$' <<<"$output" || fail "expected 'status 200 OK' in the output"
  grep -q "^startup: .* renderer=$2\$" <<<"$output" || fail "--renderer $1: expected the $2 renderer"
  [ -s "$shot" ] || fail "no screenshot at $shot"
  size=$(identify -format '%wx%h' "$shot")
  [ "$size" = 1280x800 ] || fail "screenshot is $size, expected the 1280x800 window"
  # A drawn UI has text in many colours; a blank or failed frame has one or two.
  colours=$(convert "$shot" -format '%k' info:)
  [ "$colours" -gt 20 ] || fail "screenshot has only $colours colours: nothing was drawn"
  echo "ok: $shot ($size, $colours colours, $2 renderer)"
}
send_and_shoot auto software "$out/desktop_hello.png"
send_and_shoot gl gl "$out/desktop_hello_gl.png"
# Both renderers draw the same frame, up to a pixel's shift of the text and the numbers that
# differ between two runs (port, timings): compared at a quarter of the size, in grey, the
# normalised RMS difference is about 0.013; blanking the response area alone makes it 0.03.
for f in desktop_hello desktop_hello_gl; do convert "$out/$f.png" -resize 320x200 -colorspace gray "$home/$f.png"; done
difference=$(compare -metric RMSE "$home/desktop_hello.png" "$home/desktop_hello_gl.png" null: 2>&1 || true)
difference=$(sed 's/.*(\(.*\))/\1/' <<<"$difference")
echo "software against OpenGL frame: normalised RMS difference $difference"
awk -v d="$difference" 'BEGIN { exit !(d + 0 < 0.025) }' || fail "the two renderers drew different frames (RMS difference $difference)"

output=$("$wirepad" --renderer vulkan 2>&1) && fail "--renderer vulkan was accepted"
grep -q "renderer takes auto, gl or software" <<<"$output" || fail "no usable message for --renderer vulkan: $output"
echo "ok: an unknown renderer is refused"

# 2. A transport failure is reported as such, not as an HTTP status.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
output=$(timeout -k 5 60 "$wirepad" --no-lab --hello-port "$port" --send-on-start --quit-after-frames 3 \
           --screenshot "$out/desktop_refused.png" 2>&1) || fail "wirepad exited non-zero: $output"
echo "$output"
grep -q '^error connect_refused: ' <<<"$output" || fail "expected 'error connect_refused: ...'"
grep -q '^status ' <<<"$output" && fail "a refused connection must not show an HTTP status"
echo "ok: refused connection reported"

# 3. Chinese, Japanese, Korean, emoji and symbols in a request and its response: the fonts that
# draw them are read once such text is shown (ui/fonts.h), and the frame shows their glyphs.
www=$home/www
mkdir -p "$www"
printf '你好，世界 (hello, world) こんにちは\n한국어 텍스트 (Korean text)\nbuild ✓ passed 😀 deploy 🚀 lint ❌ ✗ → ★ ⭐ ≠ (emoji and symbols)\n' >"$www/cjk.txt"
python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$www" >"$home/http.log" 2>&1 &
http_pid=$!
trap 'kill $xvfb $http_pid 2>/dev/null || true; rm -rf "$home"' EXIT
for _ in $(seq 100); do grep -q 'port [0-9]' "$home/http.log" && break; sleep 0.05; done
http_port=$(grep -o 'port [0-9]*' "$home/http.log" | head -1 | cut -d' ' -f2)
[ -n "$http_port" ] || fail "python3 -m http.server did not start"
"$wirepad" import curl "curl -H 'X-Note: ✓ 🚀 漢字' http://127.0.0.1:$http_port/cjk.txt" -o "$home/emoji.json" >/dev/null
output=$(timeout -k 5 60 "$wirepad" "$home/emoji.json" --hello-port 0 --tcp-echo-port 0 --udp-echo-port 0 \
           --send-on-start --quit-after-frames 8 --screenshot "$out/desktop_emoji_cjk.png" 2>&1) ||
  fail "wirepad exited non-zero: $output"
echo "$output"
grep -q '^status 200 OK$' <<<"$output" || fail "expected 'status 200 OK' in the output"
grep -q 'loaded the CJK font, loaded the Korean font, loaded the symbol font' <<<"$output" ||
  fail "expected the CJK, Korean and symbol fonts to be read once such text was shown"
grep -q "no symbol font\|could not be read" <<<"$output" && fail "a font is missing or unreadable: $output"
[ -s "$out/desktop_emoji_cjk.png" ] || fail "no screenshot at $out/desktop_emoji_cjk.png"
echo "ok: CJK, emoji and symbols drawn: $out/desktop_emoji_cjk.png"
