#!/usr/bin/env bash
# Quick start, part 1: installs what is missing, builds what it will run, and starts Wirepad:
# the desktop window when a display exists (setup and build for the native app only: no
# Emscripten, no wasm libraries, no tests), otherwise `wirepad serve` (the browser build +
# relay), which prints the URL to open. Extra arguments go to wirepad.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bin=$here/build/native/native/wirepad
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  bash "$here/scripts/setup.sh" native
  bash "$here/scripts/build.sh" native wirepad
  exec "$bin" "$@"
else
  bash "$here/scripts/setup.sh" web
  bash "$here/scripts/build.sh" native wirepad
  bash "$here/scripts/build.sh" web
  exec "$bin" serve --web-root "$here/build/web/web" "$@"
fi
