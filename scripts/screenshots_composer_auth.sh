#!/usr/bin/env bash
# The composer's URL bar and Auth tab on the desktop under Xvfb (docs/composer-url-and-auth.md):
# a workspace whose environment defines {{host}} but not {{user_id}}, one experiment per auth
# kind opened with `--open-tab Composer:Auth`, each in the dark and the light theme; and the URL row of
# each method, stacked into one picture per theme.
# usage: scripts/screenshots_composer_auth.sh [WIREPAD_BINARY] [OUT_DIR]
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

ws=$work/ws
mkdir -p "$ws/.wirepad"
cat >"$ws/environments.json" <<'JSON'
{"environments": [{"name": "local", "variables": [{"name": "host", "value": "127.0.0.1:8080"}, {"name": "token", "secret": true}]}]}
JSON
echo '{"environments": {"local": {"token": "s3cret"}}}' >"$ws/environments.secrets.json"
echo '{"active_environment": "local"}' >"$ws/.wirepad/state.json"

experiment() {  # file, method, url, auth JSON
  cat >"$ws/$1.json" <<JSON
{"wirepad": 3, "kind": "http", "name": "$1",
 "request": {"method": "$2", "url": "$3", "headers": [{"name": "Accept", "value": "application/json"}], "body": "",
             "auth": $4}}
JSON
}
experiment url-bar POST 'http://{{host}}/users/{{user_id}}?verbose=1' '{"kind": "none"}'
experiment basic GET 'http://{{host}}/basic' '{"kind": "basic", "basic": {"username": "user", "password": "pass"}}'
experiment apikey GET 'http://{{host}}/items' '{"kind": "api_key", "api_key": {"key": "api_key", "value": "{{token}}", "in": "query"}}'
experiment oauth2 GET 'https://api.example.com/me' '{"kind": "oauth2", "oauth2": {"grant": "authorization_code", "token_url": "https://auth.example.com/token", "auth_url": "https://auth.example.com/authorize", "redirect_uri": "http://127.0.0.1:0/callback", "client_id": "wirepad-demo", "client_secret": "{{client_secret}}", "scope": "read:user", "pkce": true, "client_auth": "basic_header", "access_token": ""}}'
experiment sigv4 GET 'https://s3.eu-west-1.amazonaws.com/bucket/key.txt' '{"kind": "aws_sigv4", "aws_sigv4": {"access_key": "AKIDEXAMPLE", "secret_key": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "session_token": "", "region": "eu-west-1", "service": "s3"}}'

shot() {  # png, experiment, theme, [--open-tab value]
  local home=$work/home-$3
  mkdir -p "$home/config/wirepad"
  echo "{\"layout\": \"below\", \"split_below\": 0.75, \"theme\": \"$3\"}" >"$home/config/wirepad/settings.json"
  echo '{"active_environment": "local"}' >"$ws/.wirepad/state.json"  # no tabs from the last shot
  HOME=$home XDG_CONFIG_HOME=$home/config timeout 60 "$wirepad" desktop --workspace "$ws" --hello-port 0 \
    --tcp-echo-port 0 --udp-echo-port 0 "$ws/$2.json" ${4:+--open-tab "$4"} --quit-after-frames 6 --screenshot "$1" >/dev/null
  echo "$1"
}

for theme in dark light; do
  suffix=$([ $theme = dark ] && echo "" || echo "-light")
  shot "$out/composer-url-bar$suffix.png" url-bar $theme
  for kind in basic apikey oauth2 sigv4; do shot "$out/composer-auth-$kind$suffix.png" $kind $theme Composer:Auth; done
  # Each method's colour: the URL row of one window per method, stacked.
  rows=()
  for method in GET POST PUT PATCH DELETE HEAD OPTIONS; do
    experiment "m-$method" "$method" 'http://{{host}}/things/1' '{"kind": "none"}'
    shot "$work/m-$method-$theme.png" "m-$method" $theme >/dev/null
    rows+=("$work/m-$method-$theme.png")
  done
  # The URL row sits under the menu, tab strip and toolbar; the exact band is found by eye once.
  convert "${rows[@]}" -crop "${CROP:-990x34+282+100}" +repage -append "$out/composer-methods$suffix.png"
  echo "$out/composer-methods$suffix.png"
done
