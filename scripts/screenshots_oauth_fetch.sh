#!/usr/bin/env bash
# The Auth tab's OAuth 2.0 "Get new access token" on the desktop under Xvfb
# (docs/composer-url-and-auth.md): the python3-oauthlib server of the tests
# (tests/native/oauth_provider.py), a workspace whose environment holds the client secret, and
# the app opened on the Auth tab:
#   auth-oauth2-before.png  no token kept yet;
#   auth-oauth2-token.png   after --fetch-token-on-start (what the button does: client
#                           credentials, the token kept in the environment, the request not sent);
#   auth-oauth2-error.png   the same with a wrong secret: the token endpoint's invalid_client.
# (The browser's pictures come from tests/e2e/oauth_browser.mjs, which clicks the button.)
# usage: scripts/screenshots_oauth_fetch.sh [WIREPAD_BINARY] [OUT_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
wirepad=${1:-$here/build/native/native/wirepad}
out=${2:-$here/docs/screenshots}
command -v Xvfb >/dev/null || { echo "Xvfb is not installed" >&2; exit 2; }
mkdir -p "$out"
work=$(mktemp -d)
xvfb= provider=
cleanup() { [ -n "$xvfb" ] && kill "$xvfb" 2>/dev/null; [ -n "$provider" ] && kill "$provider" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
source "$here/scripts/xvfb.sh"
start_xvfb || exit 1
export LIBGL_ALWAYS_SOFTWARE=1

/usr/bin/python3 "$here/tests/native/oauth_provider.py" >"$work/provider.log" 2>&1 &
provider=$!
for _ in $(seq 100); do grep -q '^listening' "$work/provider.log" && break; sleep 0.05; done
port=$(awk '/^listening/ {print $2}' "$work/provider.log")
[ -n "$port" ] || { echo "the OAuth provider did not start" >&2; exit 1; }

shot() {  # png, client secret, extra flags
  local ws=$work/ws-$(basename "$1" .png) home=$work/home-$(basename "$1" .png)
  mkdir -p "$ws/.wirepad" "$home/config/wirepad"
  echo '{"layout": "below", "split_below": 0.62}' >"$home/config/wirepad/settings.json"
  cat >"$ws/environments.json" <<JSON
{"environments": [{"name": "local", "variables": [{"name": "client_secret", "secret": true}]}]}
JSON
  echo "{\"environments\": {\"local\": {\"client_secret\": \"$2\"}}}" >"$ws/environments.secrets.json"
  echo '{"active_environment": "local"}' >"$ws/.wirepad/state.json"
  cat >"$ws/oauth.json" <<JSON
{"wirepad": 3, "kind": "http", "name": "my profile (OAuth 2.0)",
 "request": {"method": "GET", "url": "http://127.0.0.1:$port/resource", "headers": [], "body": "",
             "auth": {"kind": "oauth2", "oauth2": {"grant": "client_credentials", "token_url": "http://127.0.0.1:$port/token",
                      "client_id": "confidential-app", "client_secret": "{{client_secret}}", "scope": "read",
                      "client_auth": "basic_header", "access_token": ""}}}}
JSON
  HOME=$home XDG_CONFIG_HOME=$home/config timeout 60 "$wirepad" desktop --workspace "$ws" --hello-port 0 \
    --tcp-echo-port 0 --udp-echo-port 0 "$ws/oauth.json" --open-tab Composer:Auth ${3:-} \
    --quit-after-frames "${FRAMES:-90}" --screenshot "$1"
  echo "$1"
}
shot "$out/auth-oauth2-before.png" "s3cret pass:1"
shot "$out/auth-oauth2-token.png" "s3cret pass:1" --fetch-token-on-start
shot "$out/auth-oauth2-error.png" "not the secret" --fetch-token-on-start
