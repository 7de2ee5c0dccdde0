#!/usr/bin/env bash
# Quick start, part 1: installs what is missing, builds, and starts Wirepad: the desktop
# window when a display exists, otherwise `wirepad serve` (the browser build + relay), which
# prints the URL to open. Extra arguments go to wirepad.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bash "$here/scripts/setup.sh"
bash "$here/scripts/build.sh" all
bin=$here/build/native/native/wirepad
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec "$bin" "$@"
else
  exec "$bin" serve --web-root "$here/build/web/web" "$@"
fi
