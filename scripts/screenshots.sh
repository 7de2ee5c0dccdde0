#!/usr/bin/env bash
# Regenerates the README screenshots from real exchanges: the desktop window under Xvfb and
# the browser build in headless Chromium (both end-to-end tests write PNGs), then copies the
# ones the README shows into docs/screenshots/. Then the desktop's two layouts (the response
# below / beside the composer) and the light theme, each from a settings file, as a user's
# saved settings would open them.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bash "$here/scripts/build.sh" all
(cd "$here/build/native" && ctest -R 'desktop_e2e|desktop_workspace_e2e|e2e_browser' --output-on-failure)
mkdir -p "$here/docs/screenshots"
for shot in desktop_hello.png browser-raw.png browser-refused.png browser-emoji-cjk.png browser-socket-create.png; do
  cp "$here/tests/e2e/out/$shot" "$here/docs/screenshots/$shot"
done
# README and docs/browser.md: CJK, emoji and symbols on the desktop (the browser's is above).
cp "$here/tests/e2e/out/desktop_emoji_cjk.png" "$here/docs/screenshots/desktop-emoji-cjk.png"
# docs/workspace.md: the desktop with a workspace, {{variables}} filled from the environment.
cp "$here/tests/e2e/out/desktop_workspace.png" "$here/docs/screenshots/desktop-workspace.png"
bash "$here/scripts/screenshots_layout.sh" "$here/build/native/native/wirepad" "$here/docs/screenshots"
echo "screenshots in docs/screenshots/: look at each one before committing them"
