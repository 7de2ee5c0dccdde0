#!/usr/bin/env bash
# The browser build against the native CLI, in one run (docs/benchmarks.md, "Browser build"):
# Debian's nginx on an ephemeral loopback port, the real `wirepad serve`, headless Chromium with
# a fresh profile. Builds what is missing first. Arguments go to tests/bench/browser_bench.mjs
# (--runs N for the downloads, --small-runs N for the small GETs, --json FILE).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
[ -x "$here/build/native/native/wirepad" ] || bash "$here/scripts/build.sh" native wirepad
[ -f "$here/build/web/web/wirepad_web.wasm" ] || bash "$here/scripts/build.sh" web
[ -d "$here/tests/e2e/node_modules/playwright-core" ] ||
  { echo "playwright-core is missing: run scripts/setup.sh (npm ci in tests/e2e)" >&2; exit 1; }
exec node "$here/tests/bench/browser_bench.mjs" --wirepad "$here/build/native/native/wirepad" \
  --web-root "$here/build/web/web" "$@"
