#!/usr/bin/env bash
# The desktop's File > Import and File > Export dialogs under Xvfb, opened at start with
# --open-tab (docs/import-export.md): a HAR read from a path (its 3 requests listed with what
# was not imported), a malformed .http file (the error with its line and a caret), and the
# export of an experiment as Python. Each leaves a PNG in OUT_DIR to look at.
# usage: desktop_import_export_e2e.sh WIREPAD_BINARY DATA_DIR OUT_DIR   exit 0 pass, 1 fail, 77 no Xvfb
set -euo pipefail
wirepad=$1
data=$2
out=$3
mkdir -p "$out"
command -v Xvfb >/dev/null || { echo "Xvfb not installed"; exit 77; }

source "$(dirname "$0")/../../scripts/xvfb.sh"
start_xvfb || exit 1
tmp=$(mktemp -d)
trap 'kill $xvfb 2>/dev/null || true; rm -rf "$tmp"' EXIT

fail() { echo "FAIL: $*"; exit 1; }
export LIBGL_ALWAYS_SOFTWARE=1 HOME=$tmp  # no settings or workspace of the user's

shoot() {  # shoot NAME ARGS...: runs the desktop, checks the PNG has a drawn UI in it
  local shot=$out/$1
  shift
  rm -f "$shot"
  output=$(timeout -k 5 60 "$wirepad" --no-lab --workspace "$tmp/ws" "$@" --quit-after-frames 6 --screenshot "$shot" 2>&1) \
    || fail "wirepad exited non-zero: $output"
  [ -s "$shot" ] || fail "no screenshot at $shot: $output"
  colours=$(convert "$shot" -format '%k' info:)
  [ "$colours" -gt 20 ] || fail "$shot has only $colours colours: nothing was drawn"
  echo "ok: $shot ($colours colours)"
}

shoot desktop-import-dialog.png --open-tab "Import:$data/imports/chromium_h2.har"
printf 'GET http://127.0.0.1:9/\nAccept application/json\n' > "$tmp/bad.http"
shoot desktop-import-error.png --open-tab "Import:$tmp/bad.http"
shoot desktop-export-dialog.png "$data/experiments/post_json.json" --open-tab Export:python-requests
