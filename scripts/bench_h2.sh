#!/usr/bin/env bash
# HTTP/2 benchmark (not a test): the `wirepad` CLI against curl and h2load, all against one
# nghttpd (Debian's nghttp2-server) on loopback over TLS (h2 chosen in ALPN; a throwaway
# self-signed certificate, so -k), in the same run:
#   - COUNT small GETs to one origin: wirepad send with COUNT URLs (one connection, streams
#     multiplexed, at most 100 at once) against curl --parallel (100) and h2load -m 100 (curl
#     7.88's --parallel fails with h2c prior knowledge, "Error in the HTTP2 framing layer", so
#     TLS it is);
#   - one download of BIG_MIB MiB: wirepad send -o /dev/null against curl -o /dev/null.
# Prints a markdown table with medians of ROUNDS runs and ratios against curl (higher is better
# for Wirepad). Uses the native build (scripts/build.sh native wirepad).
# Usage: scripts/bench_h2.sh [COUNT=10000] [BIG_MIB=1024]   Environment: ROUNDS (default 3)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
count=${1:-10000}
big_mib=${2:-1024}
rounds=${ROUNDS:-3}
wirepad="$here/build/native/native/wirepad"
[ -x "$wirepad" ] || { echo "build it first: scripts/build.sh native wirepad" >&2; exit 2; }
for tool in /usr/sbin/nghttpd /usr/bin/h2load curl; do
  command -v "$tool" >/dev/null || { echo "missing $tool (scripts/setup.sh all installs nghttp2-server, nghttp2-client)" >&2; exit 2; }
done

# The engine in process (tests/bench/h2_bench.cpp), against h2load's own clock.
source "$here/scripts/bench_build.sh"
engine=$(build_bench h2_bench)

tmp=$(mktemp -d /tmp/wirepad-h2bench-XXXXXX)
server=
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
printf 'small body\n' >"$tmp/small.txt"
head -c "$((big_mib << 20))" /dev/zero >"$tmp/big.bin"  # real bytes: nghttpd reads the file
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=localhost -days 1 -keyout "$tmp/key.pem" -out "$tmp/cert.pem" 2>/dev/null
/usr/sbin/nghttpd -d "$tmp" "$port" "$tmp/key.pem" "$tmp/cert.pem" >/dev/null 2>&1 &
server=$!
for _ in $(seq 100); do curl -sk -o /dev/null --http2 "https://127.0.0.1:$port/small.txt" && break; sleep 0.05; done

base="https://127.0.0.1:$port"
urls=()
for _ in $(seq "$count"); do urls+=("$base/small.txt"); done

seconds() {  # runs "$@" once, prints its wall time in seconds; fails the script if it fails
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>"$tmp/err" || { echo "failed: $1 $2 ($(tail -c 300 "$tmp/err"))" >&2; exit 1; }
  end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

declare -A t
for r in $(seq "$rounds"); do
  t[wp_many]+="$(seconds "$wirepad" send -k --http2 "${urls[@]}")"$'\n'
  t[curl_many]+="$(seconds curl -sk --http2 --parallel --parallel-max 100 "${urls[@]}")"$'\n'
  t[h2load]+="$(seconds h2load -n "$count" -c 1 -m 100 "$base/small.txt")"$'\n'
  # In process: the engine's own clock (first exchange created to last answer) and h2load's
  # ("finished in", connection to last response): process start-up and argument parsing left out.
  t[engine]+="$("$engine" "$base/small.txt" "$count" --insecure | awk '/^seconds/ {print $2}')"$'\n'
  t[h2load_own]+="$(h2load -n "$count" -c 1 -m 100 "$base/small.txt" | awk '/^finished in/ {sub("ms,", "", $3); print $3 / 1000}')"$'\n'
  t[wp_big]+="$(seconds "$wirepad" send -k --http2 -o /dev/null "$base/big.bin")"$'\n'
  t[curl_big]+="$(seconds curl -sk --http2 -o /dev/null "$base/big.bin")"$'\n'
done
m() { printf '%s' "${t[$1]}" | median; }
rate() { echo "$count / $1" | bc -l; }
mbps() { echo "$big_mib * 1.048576 / $1" | bc -l; }
wp_many=$(m wp_many) curl_many=$(m curl_many) h2load=$(m h2load) wp_big=$(m wp_big) curl_big=$(m curl_big)
engine_s=$(m engine) h2load_own=$(m h2load_own)
echo "HTTP/2 against nghttpd on loopback (TLS, h2 by ALPN), medians of $rounds rounds"
echo
echo "| workload | wirepad | curl | h2load | wirepad / curl | wirepad / h2load |"
echo "| --- | --- | --- | --- | --- | --- |"
printf '| %s GETs, one connection | %.0f req/s (%.2f s) | %.0f req/s (%.2f s) | %.0f req/s (%.2f s) | %.2fx | %.2fx |\n' \
  "$count" "$(rate "$wp_many")" "$wp_many" "$(rate "$curl_many")" "$curl_many" "$(rate "$h2load")" "$h2load" \
  "$(echo "$curl_many / $wp_many" | bc -l)" "$(echo "$h2load / $wp_many" | bc -l)"
printf '| %s GETs in process (own clocks) | %.0f req/s (%.3f s, H2Batch) | | %.0f req/s (%.3f s) | | %.2fx |\n' \
  "$count" "$(rate "$engine_s")" "$engine_s" "$(rate "$h2load_own")" "$h2load_own" "$(echo "$h2load_own / $engine_s" | bc -l)"
printf '| one %s MiB download | %.0f MB/s (%.2f s) | %.0f MB/s (%.2f s) | | %.2fx | |\n' \
  "$big_mib" "$(mbps "$wp_big")" "$wp_big" "$(mbps "$curl_big")" "$curl_big" "$(echo "$curl_big / $wp_big" | bc -l)"
