#!/usr/bin/env bash
# Regenerates the README screenshots from real exchanges: the desktop window under Xvfb and
# the browser build in headless Chromium (both end-to-end tests write PNGs), then copies the
# ones the README shows into docs/screenshots/.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bash "$here/scripts/build.sh" all
(cd "$here/build/native" && ctest -R 'desktop_e2e|e2e_browser' --output-on-failure)
mkdir -p "$here/docs/screenshots"
for shot in desktop_hello.png browser-raw.png browser-refused.png; do
  cp "$here/tests/e2e/out/$shot" "$here/docs/screenshots/$shot"
done
echo "screenshots in docs/screenshots/: look at each one before committing them"
