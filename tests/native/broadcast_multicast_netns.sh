#!/usr/bin/env bash
# Broadcast and multicast between separate hosts: three network namespaces (a, b, c) joined
# by veth pairs to a bridge in a fourth, 10.77.N.0/24. Listeners run in a and b, the sender in
# c, and the test asserts who received what. Needs root (ip netns); exit 77 (skip) with the
# reason where namespaces cannot be created.
# usage: broadcast_multicast_netns.sh WIREPAD_BINARY
set -uo pipefail
wirepad=$1
id=$$
ns() { echo "wp${id}$1"; }
net=10.77.$((id % 200 + 20))
cleanup() { for n in a b c br; do ip netns del "$(ns $n)" 2>/dev/null; done; }
trap cleanup EXIT

if ! ip netns add "$(ns br)" 2>/tmp/wp-netns-$id.err; then
  echo "SKIP: cannot create network namespaces here: $(cat /tmp/wp-netns-$id.err)"; rm -f /tmp/wp-netns-$id.err
  exit 77
fi
rm -f /tmp/wp-netns-$id.err
set -e
ip -n "$(ns br)" link add br0 type bridge
ip -n "$(ns br)" link set br0 up
i=1
for n in a b c; do
  ip netns add "$(ns $n)"
  ip link add "v$n$id" type veth peer name eth0 netns "$(ns $n)"
  ip link set "v$n$id" netns "$(ns br)"
  ip -n "$(ns br)" link set "v$n$id" master br0 up
  ip -n "$(ns $n)" addr add "$net.$i/24" brd + dev eth0
  ip -n "$(ns $n)" link set eth0 up
  ip -n "$(ns $n)" link set lo up
  # Multicast leaves by eth0 (there is no default route in a namespace).
  ip -n "$(ns $n)" route add 224.0.0.0/4 dev eth0
  i=$((i + 1))
done
set +e

fail() { echo "FAIL: $*"; exit 1; }
in_ns() { local n=$1; shift; ip netns exec "$(ns $n)" "$@"; }
out=$(mktemp -d)

# Starts a listener in namespace $1 writing to $out/$2, waits until it listens. Listeners that
# must receive wait up to 60 s (they end at --count): each wirepad start takes seconds under
# AddressSanitizer on a loaded machine, and with 5 s the broadcast came after the listener quit.
listen() {
  local n=$1 name=$2; shift 2
  in_ns "$n" "$wirepad" listen --udp "$@" >"$out/$name" 2>&1 &
  for _ in $(seq 300); do grep -q '^listening' "$out/$name" && return 0; sleep 0.1; done
  cat "$out/$name"; fail "listener $name did not start"
}

echo "1. broadcast: c sends to $net.255, both a and b receive"
listen a bcast-a --count 1 --timeout 60 5000
listen b bcast-b --count 1 --timeout 60 5000
refused=$(in_ns c "$wirepad" udp-send "$net.255" 5000 'no flag' 2>&1) && fail "a broadcast without --broadcast must be refused"
grep -q 'needs --broadcast' <<<"$refused" || fail "the refusal should say --broadcast is needed: $refused"
in_ns c "$wirepad" udp-send --broadcast "$net.255" 5000 'hello everyone' || fail "broadcast send failed"
wait
grep -q "from $net.3:[0-9]*: hello everyone" "$out/bcast-a" || { cat "$out/bcast-a"; fail "a did not get the broadcast"; }
grep -q "from $net.3:[0-9]*: hello everyone" "$out/bcast-b" || { cat "$out/bcast-b"; fail "b did not get the broadcast"; }
echo "ok: a and b got the broadcast from c; without --broadcast the kernel refused"

echo "2. multicast: a joins 239.77.0.1, b does not; c sends to the group"
listen a mcast-a --group 239.77.0.1 --count 1 --timeout 60 5001
listen b mcast-b --count 1 --timeout 2 5001
in_ns c "$wirepad" udp-send --ttl 1 239.77.0.1 5001 'to the group' || fail "multicast send failed"
wait
grep -q "from $net.3:[0-9]*: to the group" "$out/mcast-a" || { cat "$out/mcast-a"; fail "a (a member) did not get the datagram"; }
grep -q "to the group" "$out/mcast-b" && fail "b is not a member and must not receive"
grep -q "0 of 1 datagrams" "$out/mcast-b" || { cat "$out/mcast-b"; fail "b should report that nothing arrived"; }
echo "ok: the member got it, the non-member did not"

echo "3. IPv6 multicast on the link: a joins ff02::77 on eth0, c sends from eth0"
listen a mcast6-a --group ff02::77 --interface eth0 --count 1 --timeout 60 5002
sleep 1  # IPv6 DAD: the link-local address must settle before it can send
in_ns c "$wirepad" udp-send --interface eth0 ff02::77 5002 'v6 group' || fail "IPv6 multicast send failed"
wait
grep -q "v6 group" "$out/mcast6-a" || { cat "$out/mcast6-a"; fail "a did not get the IPv6 multicast datagram"; }
echo "ok: IPv6 multicast"

echo "4. unicast TCP between hosts: b listens and replies, c connects with a socket script"
in_ns b "$wirepad" listen --reply 'pong\n' --count 1 --timeout 60 6000 >"$out/tcp-b" 2>&1 &
for _ in $(seq 300); do grep -q '^listening' "$out/tcp-b" && break; sleep 0.1; done
in_ns c "$wirepad" socket "$net.2" 6000 --send 'ping\n' --expect 'pong' >"$out/tcp-c" 2>&1 || { cat "$out/tcp-c"; fail "the script failed"; }
wait
grep -q "from $net.3:[0-9]*: ping\\\\n" "$out/tcp-b" || { cat "$out/tcp-b"; fail "b did not log the connection's bytes"; }
echo "ok: TCP between namespaces"
echo "5. the socket session (what the desktop's Session tab runs): broadcast with SO_BROADCAST, multicast with a TTL"
listen a sess-a --count 2 --timeout 60 --group 239.77.0.2 5003
listen b sess-b --count 1 --timeout 60 5003
refused=$(in_ns c "$wirepad" socket --udp "$net.255" 5003 --send x 2>&1) && fail "a session to the broadcast address without --broadcast must fail"
grep -q 'is a broadcast address: turn on the broadcast option' <<<"$refused" || fail "the session's refusal should name the option: $refused"
in_ns c "$wirepad" socket --udp --broadcast "$net.255" 5003 --send 'session broadcast' >"$out/sess-c" 2>&1 || { cat "$out/sess-c"; fail "the broadcast session failed"; }
in_ns c "$wirepad" socket --udp --ttl 1 239.77.0.2 5003 --send 'session multicast' >>"$out/sess-c" 2>&1 || { cat "$out/sess-c"; fail "the multicast session failed"; }
wait
grep -q "session broadcast" "$out/sess-a" || { cat "$out/sess-a"; fail "a did not get the session's broadcast"; }
grep -q "session broadcast" "$out/sess-b" || { cat "$out/sess-b"; fail "b did not get the session's broadcast"; }
grep -q "session multicast" "$out/sess-a" || { cat "$out/sess-a"; fail "a (a member) did not get the session's multicast"; }
echo "ok: every member got the session's datagrams"
rm -rf "$out"
echo "PASS"
