#!/usr/bin/env bash
# The desktop's layouts under Xvfb, each opened from a settings file the way a user's saved
# settings open it, with the example request sent: desktop-layout-below.png,
# desktop-layout-beside.png and desktop-light.png (light theme, response beside).
# usage: scripts/screenshots_layout.sh [WIREPAD_BINARY] [OUT_DIR]
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

shot() {  # name, settings JSON
  mkdir -p "$work/$1/config/wirepad" "$work/$1/home"
  echo "$2" >"$work/$1/config/wirepad/settings.json"
  HOME=$work/$1/home XDG_CONFIG_HOME=$work/$1/config timeout 60 "$wirepad" --hello-port 0 --tcp-echo-port 0 \
    --udp-echo-port 0 --send-on-start --quit-after-frames 5 --screenshot "$out/$1.png" >/dev/null
  echo "$out/$1.png"
}
shot desktop-layout-below '{"layout": "below"}'
shot desktop-layout-beside '{"layout": "beside"}'
shot desktop-light '{"layout": "beside", "theme": "light"}'
