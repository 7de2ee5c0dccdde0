#!/usr/bin/env bash
# Client benchmark (not a test): Wirepad's HTTP client vs libcurl vs cpp-httplib, all against
# one nginx on loopback, in the same run: COUNT keep-alive GETs of a 1 KiB file (requests/s)
# and one download of a BIG_MIB file (MB/s). Prints a markdown table with ratios vs libcurl.
# nginx and libcurl4-openssl-dev are installed with apt-get when missing; nginx runs in the
# foreground with its own config and prefix under a temp dir, on a free port.
# Usage: scripts/bench_client.sh [COUNT=10000] [BIG_MIB=1024]
# Environment: ROUNDS (default 5) interleaved rounds of both workloads, medians reported;
# BASELINE=/path/to/an/older/client_bench adds a "before" row (that build's Wirepad client).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
count=${1:-10000}
big_mib=${2:-1024}

need=()
[ -x /usr/sbin/nginx ] || need+=(nginx-light)
[ -f /usr/include/x86_64-linux-gnu/curl/curl.h ] || [ -f /usr/include/curl/curl.h ] || need+=(libcurl4-openssl-dev)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]}" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need[@]}" >&2
fi

source "$here/scripts/bench_build.sh"
bench=$(build_bench client_bench)

tmp=$(mktemp -d /tmp/wirepad-bench-XXXXXX)
nginx_pid=
cleanup() {
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
chmod 755 "$tmp"  # nginx workers run as www-data when started by root
mkdir -p "$tmp/www" "$tmp/logs"
head -c 1024 /dev/urandom >"$tmp/www/1k"
chmod -R a+rX "$tmp/www"
truncate -s "${big_mib}M" "$tmp/www/big"  # sparse: nginx reads zeros, no disk needed
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$tmp/nginx.conf" <<CONF
worker_processes 1;
daemon off;
error_log $tmp/logs/error.log warn;
pid $tmp/nginx.pid;
events { worker_connections 64; }
http {
  access_log off;
  sendfile on;
  keepalive_requests 1000000;
  keepalive_timeout 60s;
  client_body_temp_path $tmp/body;
  proxy_temp_path $tmp/proxy;
  fastcgi_temp_path $tmp/fastcgi;
  uwsgi_temp_path $tmp/uwsgi;
  scgi_temp_path $tmp/scgi;
  types { application/octet-stream bin; }
  server {
    listen 127.0.0.1:$port;
    root $tmp/www;
  }
}
CONF
/usr/sbin/nginx -p "$tmp" -c "$tmp/nginx.conf" &
nginx_pid=$!
for _ in $(seq 100); do
  curl -sf -o /dev/null "http://127.0.0.1:$port/1k" && break
  sleep 0.1
done

small="http://127.0.0.1:$port/1k"
bigurl="http://127.0.0.1:$port/big"
results="$tmp/results"
# Both workloads run in ROUNDS interleaved rounds (median kept): on a shared machine the load
# changes within a minute, and interleaving spreads it over all clients alike.
clients=(libcurl wirepad httplib)
[ -n "${BASELINE:-}" ] && clients+=(before)
run_one() {  # client workload url [count]
  if [ "$1" = before ]; then
    "$BASELINE" wirepad "${@:2}" | sed 's/^wirepad /before /'
  else
    "$bench" "$@"
  fi
}
for _ in $(seq "${ROUNDS:-5}"); do
  for client in "${clients[@]}"; do
    run_one "$client" small "$small" "$count" >>"$results"
  done
  for client in "${clients[@]}"; do
    run_one "$client" big "$bigurl" >>"$results"
  done
done

echo "nginx $(/usr/sbin/nginx -v 2>&1 | sed 's/.*\///'), $(curl-config --version), $(nproc) cores, $(date -u +%Y-%m-%d)"
echo
python3 - "$results" "$count" "$big_mib" <<'PY'
import sys
import statistics
runs = {}
for line in open(sys.argv[1]):
    f = line.split()
    client, workload = f[0], f[1]
    requests, nbytes, seconds, rss = int(f[2]), int(f[3]), float(f[4]), int(f[5])
    cpu = float(f[6]) if len(f) > 6 else None        # an older client_bench prints 6 fields
    switches = int(f[7]) if len(f) > 7 else None
    runs.setdefault((client, workload), []).append((requests, nbytes, seconds, rss, cpu, switches))
# The median run by time.
rows = {k: sorted(v, key=lambda r: r[2])[len(v) // 2] for k, v in runs.items()}
def median_of(k, i):
    values = [r[i] for r in runs[k] if r[i] is not None]
    return statistics.median(values) if values else None
count, big = sys.argv[2], sys.argv[3]
rounds = len(runs[("libcurl", "small")])
print(f"| client | {count} keep-alive GETs of 1 KiB: requests/s (median of {rounds}) | vs libcurl | {big} MiB download: MB/s (median of {rounds}) | vs libcurl | peak RSS (download) |")
print("|---|---:|---:|---:|---:|---:|")
base_rps = rows[("libcurl", "small")][0] / rows[("libcurl", "small")][2]
base_mbs = rows[("libcurl", "big")][1] / rows[("libcurl", "big")][2] / 1e6
clients = [c for c in ("libcurl", "wirepad", "httplib", "before") if (c, "small") in rows]
for client in clients:
    r, _, s, _, _, _ = rows[(client, "small")]
    _, b, t, rss, _, _ = rows[(client, "big")]
    rps, mbs = r / s, b / t / 1e6
    print(f"| {client} | {rps:,.0f} | {rps / base_rps:.2f} | {mbs:,.0f} | {mbs / base_mbs:.2f} | {rss / 1024:,.0f} MiB |")
# The same small workload by the process's own CPU time and context switches (medians): less
# sensitive to the other load on the machine than requests/s.
print()
print(f"| client | CPU µs per request (small) | context switches per request (small) | CPU s for the {big} MiB download |")
print("|---|---:|---:|---:|")
for client in clients:
    k = (client, "small")
    cpu, sw = median_of(k, 4), median_of(k, 5)
    n = rows[k][0]
    big_cpu = median_of((client, "big"), 4)
    print(f"| {client} | {'n/a' if cpu is None else f'{cpu / n * 1e6:.1f}'} | {'n/a' if sw is None else f'{sw / n:.2f}'} | "
          f"{'n/a' if big_cpu is None else f'{big_cpu:.2f}'} |")
PY
