#!/usr/bin/env bash
# `wirepad serve --bind 0.0.0.0` seen from another machine, end to end: two network namespaces
# (the relay's machine and another one) joined by a veth pair, the real binary in the first and
# real curl in the second. The other machine never gets the per-run token, whatever Host it
# writes, cannot use the token even when it has it, and pairs with the one-time code; this
# machine's own loopback page still gets the token. Needs root (ip netns); exit 77 (skip) with
# the reason where namespaces cannot be created.
# usage: serve_bind_netns.sh WIREPAD_BINARY
set -uo pipefail
wirepad=$1
id=$$
a=wpbind${id}a   # the relay's machine
c=wpbind${id}c   # another machine on its network
net=10.78.$((id % 200 + 20))
work=$(mktemp -d)
server=
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  ip netns del "$a" 2>/dev/null
  ip netns del "$c" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

if ! ip netns add "$a" 2>"$work/err"; then
  echo "SKIP: cannot create network namespaces here: $(cat "$work/err")"
  exit 77
fi
set -e
ip netns add "$c"
ip link add "va$id" type veth peer name "vc$id"
ip link set "va$id" netns "$a"
ip link set "vc$id" netns "$c"
ip -n "$a" addr add "$net.1/24" dev "va$id"
ip -n "$c" addr add "$net.2/24" dev "vc$id"
for n in "$a" "$c"; do ip -n "$n" link set lo up; done
ip -n "$a" link set "va$id" up
ip -n "$c" link set "vc$id" up
set +e

fail() { echo "FAIL: $*"; echo "--- wirepad serve said:"; cat "$work/out"; exit 1; }
in_a() { ip netns exec "$a" "$@"; }
in_c() { ip netns exec "$c" "$@"; }
relay=$net.1:7070

mkdir "$work/web"
printf '<meta name="wirepad-relay-token" content="%%WIREPAD_RELAY_TOKEN%%">\n' >"$work/web/index.html"
in_a "$wirepad" serve --bind 0.0.0.0 --port 7070 --no-lab --web-root "$work/web" --pairings "$work/pairings.json" \
  >"$work/out" 2>&1 &
server=$!
for _ in $(seq 100); do grep -q '^serving' "$work/out" && break; sleep 0.1; done
grep -q '^serving' "$work/out" || fail "wirepad serve did not start"
grep -q 'they never get the per-run token' "$work/out" || fail "no warning about listening beyond loopback"
code=$(sed -n 's/^pairing code: \([A-Z0-9-]*\).*/\1/p' "$work/out")
[ -n "$code" ] || fail "no pairing code printed"
# Another machine can reach the relay (the address the connection arrived at may be its Host).
for _ in $(seq 50); do in_c curl -s -o /dev/null "http://$relay/" && break; sleep 0.1; done

echo "1. the other machine asks for / with Host: 127.0.0.1:7070 and gets no token"
out=$(in_c curl -s -i -H 'Host: 127.0.0.1:7070' "http://$relay/")
grep -Eq '[0-9a-f]{32}' <<<"$out" && fail "the token went to another machine: $out"
grep -q '^HTTP/1.1 303' <<<"$out" || fail "expected 303 to /?relay=: $out"

echo "2. its page (by the relay's address) keeps the placeholder, so it pairs"
out=$(in_c curl -s -i "http://$relay/")
grep -q "^Location: /?relay=$relay" <<<"$(tr -d '\r' <<<"$out")" || fail "expected Location: /?relay=$relay: $out"
out=$(in_c curl -s "http://$relay/?relay=$relay")
grep -q '%WIREPAD_RELAY_TOKEN%' <<<"$out" || fail "the page should keep the placeholder: $out"

echo "3. this machine's own page still gets the token"
token=$(in_a curl -s http://127.0.0.1:7070/ | grep -Eo '[0-9a-f]{32}')
[ -n "$token" ] || fail "the local page has no token"

echo "4. the token is refused from the other machine, whatever Host and Origin say"
out=$(in_c curl -s -i -H 'Host: 127.0.0.1:7070' -H 'Origin: http://127.0.0.1:7070' -H 'Connection: Upgrade' \
  -H 'Upgrade: websocket' -H 'Sec-WebSocket-Version: 13' -H 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==' \
  "http://$relay/relay?token=$token")
grep -q '^HTTP/1.1 403' <<<"$out" || fail "expected 403 for the per-run token from another machine: $out"
grep -q "works only for pages opened on this machine, and this connection comes from $net.2" <<<"$out" ||
  fail "the refusal should say why: $out"

echo "5. the other machine pairs with the code, for its own Origin"
out=$(in_c curl -s -i -X POST -H "Origin: http://$relay" -H 'Content-Type: text/plain' --data "$code" "http://$relay/pair")
grep -q '^HTTP/1.1 200' <<<"$out" || fail "pairing from the other machine failed: $out"
grep -q "\"origin\":\"http://$relay\"" <<<"$out" || fail "paired the wrong Origin: $out"
echo "ok"
