#!/usr/bin/env bash
# The composer's Params, Headers and Body tabs (each body kind), desktop and browser, opened
# from the experiments in tests/data/experiments/composer/: docs/screenshots/composer-*.png
# (desktop, under Xvfb) and composer-*-browser.png (headless Chromium, the web build served by
# `wirepad serve`). Nothing is sent. Look at each one before committing them.
# usage: scripts/screenshots_composer.sh [OUT_DIR]   (after scripts/build.sh all)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
wirepad=$here/build/native/native/wirepad
out=${1:-$here/docs/screenshots}
data=$here/tests/data/experiments/composer
command -v Xvfb >/dev/null || { echo "Xvfb is not installed" >&2; exit 2; }
mkdir -p "$out"
work=$(mktemp -d)
xvfb=
cleanup() { [ -n "$xvfb" ] && kill "$xvfb" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
source "$here/scripts/xvfb.sh"
start_xvfb || exit 1
export LIBGL_ALWAYS_SOFTWARE=1

# name (the experiment file and the PNG), composer tab
shots=(params:Params auth-basic:Auth auth-oauth2:Auth auth-sigv4:Auth headers:Headers body-raw:Body body-urlencoded:Body body-multipart:Body body-binary:Body body-graphql:Body)
for shot in "${shots[@]}"; do
  name=${shot%%:*} tab=${shot#*:}
  mkdir -p "$work/$name/home" "$work/$name/config/wirepad"
  # The composer gets most of the height: these pictures are of it.
  echo '{"layout": "below", "split_below": 0.7}' >"$work/$name/config/wirepad/settings.json"
  HOME=$work/$name/home XDG_CONFIG_HOME=$work/$name/config timeout 60 "$wirepad" --no-lab "$data/$name.json" \
    --open-tab "Composer:$tab" --quit-after-frames 6 --screenshot "$out/composer-$name.png" >/dev/null
  echo "$out/composer-$name.png"
done

if [ -z "${NO_BROWSER:-}" ] && { [ -f "$here/build/web/web/wirepad_web.wasm" ] || [ -f "$here/build/web/wirepad_web.wasm" ]; }; then
  root=$(dirname "$(ls "$here"/build/web/web/wirepad_web.wasm "$here"/build/web/wirepad_web.wasm 2>/dev/null | head -1)")
  node "$here/tests/e2e/composer_screenshots.mjs" --wirepad "$wirepad" --web-root "$root" --data "$data" --out "$out" "${shots[@]}"
else
  echo "browser screenshots skipped (NO_BROWSER set, or no web build: scripts/build.sh web)" >&2
fi
