#!/usr/bin/env bash
# Proxy benchmark (issue 3): octobot-proxy against no proxy, mitmproxy and squid,
# side by side, on loopback only.
#
#   bench/proxy/run.sh
#   BENCH_DURATION=5 BENCH_PROXY_THREADS=1 bench/proxy/run.sh
#
# Upstream: nginx (one worker) serving HTTPS on 127.0.0.1..127.0.0.(1+N):PORT
# with an ECDSA P-256 certificate from a throwaway bench CA: /small (a 64-byte
# body, keep-alive) and /bulk (1 GiB). Scenarios:
#   direct             the client talks to nginx itself
#   octobot tunnel     CONNECT 127.0.0.1:PORT, no rule: tunnelled byte for byte
#   octobot MITM       CONNECT localhost:PORT, which has a rule: intercepted
#                      (once per --threads value in BENCH_PROXY_THREADS)
#   mitmproxy tunnel   mitmdump with --ignore-hosts for 127.0.0.1
#   mitmproxy MITM     mitmdump intercepting localhost
#   squid tunnel       squid-openssl, ssl_bump splice for 127.0.0.1
#   squid MITM         squid-openssl, ssl_bump bump (leaf certs by security_file_certgen)
# Measured for each:
#   req/s, p50, p99    proxy_load.cpp (wrk cannot CONNECT): BENCH_CONNECTIONS
#                      keep-alive TLS connections for BENCH_DURATION seconds
#                      after a BENCH_WARMUP-second warm-up
#   MiB/s              curl --http1.1 downloading the 1 GiB body to /dev/null,
#                      the best of BENCH_BULK_RUNS downloads
#   conn ms            a request on a new connection (TCP, CONNECT, TLS, GET),
#                      median over BENCH_NEW_HOSTS tries, to a host already seen
#                      (127.0.0.1 direct and tunnelled, localhost intercepted)
#   new host ms        the same for the first request to a host never seen
#                      (127.0.0.2, 127.0.0.3, ..., each with its own rule), median
#   cert +ms           median of (first - second request) per new host: what
#                      minting a leaf certificate adds
#   CPU                of the proxy process (cpu_us per request, cpu_s/GiB), and
#                      of both ends together, nginx and the client (ends_us,
#                      ends_s/GiB), from /proc during the req/s and bulk runs
#   RSS                VmRSS of the proxy process (MiB; squid: the main process,
#                      not its certgen helpers): right after start; idle after
#                      the load above (all connections closed); while
#                      BENCH_HOLD tunnels (CONNECT 127.0.0.1, TLS handshake and
#                      one request through each) are held open
# "direct" is measured first and again last ("direct, again at the end"); the
# ratios use the better of the two, so machine noise does not flatter a proxy.
# Then the ratios and the issue's targets (per octobot --threads value):
#   MITM req/s >= 20x mitmproxy, >= squid, >= 50% of direct; MITM throughput
#   >= 70% of direct; first request to a new host adds <= 5 ms; idle RSS <= 8 MiB.
#
# Where the proxy runs: by default it has a core of its own (CPU 1) and the
# client and nginx share CPU 0, in every row, direct included. That is the
# deployment's shape (the proxy in its own container, the upstream elsewhere),
# and a ratio to direct then says how much of the ends' rate the proxy lets
# through: about e / p, e being what both ends cost per request (or GiB) and p
# what the proxy costs. BENCH_PIN=0 shares the machine's cores between all
# three instead: the ratios then include the proxy's competition with both ends
# for CPU and cannot exceed e / (e + p) (under 0.5 for any proxy that costs
# more than both ends together); the report prints that ceiling.
# A scenario that fails prints FAIL in its cells and the reason below the table.
#
# Environment: OCTOBOT_PROXY_BIN (default build/release/bin/octobot-proxy),
# BENCH_DURATION (10 s), BENCH_WARMUP (2 s), BENCH_CONNECTIONS (32),
# BENCH_CLIENT_THREADS (1), BENCH_PROXY_THREADS ("1", e.g. "1 2"; empty: none), BENCH_NEW_HOSTS (10),
# BENCH_HOLD (1000), BENCH_BULK_MIB (1024), BENCH_BULK_RUNS (2), BENCH_COMPETITORS ("mitmproxy squid"; empty: none),
# BENCH_PIN (1: client and nginx on CPU 0, the proxy on CPU 1; 0: all cores shared), BENCH_KEEP_TMP=1 (keep logs and configs), BENCH_ENFORCE=1 (exit 3 when a
# target is missed).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

proxy_bin="${OCTOBOT_PROXY_BIN:-$root/build/release/bin/octobot-proxy}"
duration="${BENCH_DURATION:-10}"
warmup="${BENCH_WARMUP:-2}"
connections="${BENCH_CONNECTIONS:-32}"
client_threads="${BENCH_CLIENT_THREADS:-1}"
proxy_threads="${BENCH_PROXY_THREADS-1}"
new_hosts="${BENCH_NEW_HOSTS:-10}"
hold="${BENCH_HOLD:-1000}"
bulk_mib="${BENCH_BULK_MIB:-1024}"
bulk_runs="${BENCH_BULK_RUNS:-2}"
competitors="${BENCH_COMPETITORS-mitmproxy squid}"
keep_tmp="${BENCH_KEEP_TMP:-0}"
# Pinned (the default where there are 2 cores or more): the client and nginx run on CPU 0 and the proxy
# under test on CPU 1, in every row (direct too), so a proxy row measures what the proxy itself costs,
# not its competition with both ends for the cores. BENCH_PIN=0 shares all cores between them.
pin="${BENCH_PIN:-1}"
if [[ "$pin" == 1 && "$(nproc)" -lt 2 ]]; then
  echo "bench: one core only: the proxy cannot have a core of its own, measuring on a shared core" >&2
  pin=0
fi
ends_cpu=()
proxy_cpu=()
if [[ "$pin" == 1 ]]; then
  ends_cpu=(taskset -c 0)
  proxy_cpu=(taskset -c 1)
fi
enforce="${BENCH_ENFORCE:-0}"

for tool in nginx openssl curl python3 g++; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (scripts/install-deps.sh installs it)" >&2; exit 1; }
done
if [[ ! -x "$proxy_bin" ]]; then
  echo "bench: octobot-proxy not found or not executable: $proxy_bin" >&2
  echo "bench: build it (make build) or set OCTOBOT_PROXY_BIN" >&2
  exit 1
fi
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
# The proxies run with OpenSSL's default trust store, as in a session container. An inherited
# SSL_CERT_FILE makes OpenSSL-based proxies parse that whole bundle at start (about 1 MiB of heap)
# instead of looking CAs up in /etc/ssl/certs one issuer at a time. The clients pass their CA explicitly.
unset SSL_CERT_FILE SSL_CERT_DIR

work="$(mktemp -d "${TMPDIR:-/tmp}/octobot-bench-proxy.XXXXXX")"
chmod 755 "$work"  # squid's helpers run as the proxy user
started_pids=()
results="$work/results.tsv"
: >"$results"

stop_pid() {
  local pid="$1"
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
on_exit() {
  local pid
  for pid in "${started_pids[@]}"; do stop_pid "$pid"; done
  if [[ "$keep_tmp" == 1 ]]; then echo "bench: kept $work" >&2; else rm -rf "$work"; fi
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log() { echo "bench: $*" >&2; }

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_port PORT PID LOG: until 127.0.0.1:PORT accepts, or fail when PID died or 30 s passed.
wait_port() {
  local port="$1" pid="$2" logfile="$3"
  for _ in $(seq 300); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then
      log "process $pid exited before listening on $port; its log:"
      tail -n 20 "$logfile" >&2 || true
      return 1
    fi
    sleep 0.1
  done
  log "nothing listens on 127.0.0.1:$port after 30 s"
  return 1
}

# cpu_ticks PID: user + system CPU time of PID so far, in clock ticks ("" when PID is empty or gone).
cpu_ticks() {
  if [[ -n "$1" ]]; then awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || true; fi
}
# cpu_per_unit TICKS_BEFORE TICKS_AFTER UNITS SCALE: CPU seconds * SCALE / UNITS, "-" when not measured.
cpu_per_unit() {
  if [[ -z "$1" || -z "$2" ]]; then echo -; return; fi
  awk -v a="$1" -v b="$2" -v n="$3" -v s="$4" -v hz="$(getconf CLK_TCK)" \
    'BEGIN { if (n > 0) printf "%.1f", (b - a) / hz * s / n; else print "-" }'
}
# The process whose CPU the load and bulk rows report (the proxy under test; "" for direct).
measured_pid=""
# ends_ticks: CPU ticks so far of both ends, the nginx worker and the clients (proxy_load, curl). The
# clients are this script's children; their time is in its cutime/cstime once they have been waited for.
nginx_worker_pid=""
ends_ticks() {
  local nginx clients
  nginx="$(cpu_ticks "$nginx_worker_pid")"
  clients="$(awk '{ print $16 + $17 }' "/proc/$$/stat")"
  echo $(( ${nginx:-0} + clients ))
}

# anon_mib PID: the anonymous part of RSS (heap, stacks, written data), without the file pages (the
# program's and the shared libraries' code) that RSS also counts.
anon_mib() {
  awk '/^RssAnon:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo FAIL
}

rss_mib() {
  awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo FAIL
}

# ---------------------------------------------------------------- certificates
make_ca() {  # make_ca NAME "CN": DIR/NAME.crt, DIR/NAME.key (ECDSA P-256)
  openssl ecparam -name prime256v1 -genkey -noout -out "$work/$1.key" 2>/dev/null
  openssl req -x509 -new -key "$work/$1.key" -subj "/CN=$2" -days 30 -sha256 \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -out "$work/$1.crt" 2>/dev/null
}

make_certificates() {
  make_ca upstream-ca "octobot bench upstream CA"
  make_ca squid-ca "octobot bench squid CA"
  local sans="DNS:localhost" i
  for i in $(seq 1 $((new_hosts + 1))); do sans+=",IP:127.0.0.$i"; done
  openssl ecparam -name prime256v1 -genkey -noout -out "$work/upstream.key" 2>/dev/null
  openssl req -new -key "$work/upstream.key" -subj "/CN=localhost" -out "$work/upstream.csr" 2>/dev/null
  printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' "$sans" >"$work/upstream.ext"
  openssl x509 -req -in "$work/upstream.csr" -CA "$work/upstream-ca.crt" -CAkey "$work/upstream-ca.key" \
    -CAcreateserial -days 30 -sha256 -extfile "$work/upstream.ext" -out "$work/upstream.crt" 2>/dev/null
  chmod 644 "$work"/*.key  # throwaway keys; squid reads its CA key as the proxy user
}

# ---------------------------------------------------------------- upstream
upstream_port=""
start_nginx() {
  upstream_port="$(free_port)"
  mkdir -p "$work/nginx/www" "$work/nginx/tmp"
  truncate -s "${bulk_mib}M" "$work/nginx/www/bulk"
  local listens="" i
  for i in $(seq 1 $((new_hosts + 1))); do listens+="    listen 127.0.0.$i:$upstream_port ssl;"$'\n'; done
  cat >"$work/nginx/nginx.conf" <<EOF
daemon off;
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
worker_rlimit_nofile 65536;
events { worker_connections 16384; }
http {
  access_log off;
  default_type text/plain;
  client_body_temp_path $work/nginx/tmp/body;
  proxy_temp_path $work/nginx/tmp/proxy;
  fastcgi_temp_path $work/nginx/tmp/fastcgi;
  uwsgi_temp_path $work/nginx/tmp/uwsgi;
  scgi_temp_path $work/nginx/tmp/scgi;
  keepalive_requests 100000000;
  keepalive_timeout 600s;
  sendfile off;
  ssl_protocols TLSv1.2 TLSv1.3;
  ssl_buffer_size 16k;
  server {
$listens
    ssl_certificate $work/upstream.crt;
    ssl_certificate_key $work/upstream.key;
    location = /small { return 200 "octobot-proxy bench: a small keep-alive response of 64 bytes...\n"; }
    location = /bulk { root $work/nginx/www; }
  }
}
EOF
  "${ends_cpu[@]}" nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" >"$work/nginx/stdout.log" 2>&1 &
  started_pids+=($!)
  wait_port "$upstream_port" "$!" "$work/nginx/stdout.log"
  nginx_worker_pid="$(pgrep -P "$!" | head -n 1)"
}

# ---------------------------------------------------------------- measurements
load_client="$work/proxy_load"

# record KIND SCENARIO FIELDS...: one tab-separated row of results.tsv
record() { (IFS=$'\t'; echo "$*") >>"$results"; }
fail() {  # fail SCENARIO WHAT MESSAGE
  local message="${3//$'\n'/ }"
  record fail "$1" "$2" "${message:0:600}"
  log "$1: $2 FAILED: ${message:0:600}"
}
value() { sed -n "s/.*\\b$1=\\([^ ]*\\).*/\\1/p"; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "FAIL"; else printf "%.2f", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# set_proxy_flag PROXY_PORT: proxy_flag=(the client's --proxy argument), empty for direct
proxy_flag=()
set_proxy_flag() {
  proxy_flag=()
  if [[ -n "$1" ]]; then proxy_flag=(--proxy "127.0.0.1:$1"); fi
}

# measure_load SCENARIO PROXY_PORT HOST CAFILE
measure_load() {
  local scenario="$1" port="$2" host="$3" cafile="$4" output
  set_proxy_flag "$port"
  local common=(--target "$host:$upstream_port" --path /small --cafile "$cafile" "${proxy_flag[@]}"
                --connections "$connections" --threads "$client_threads")
  if [[ "$warmup" != 0 ]] && ! output="$("${ends_cpu[@]}" "$load_client" "${common[@]}" --duration "$warmup" 2>&1)"; then
    fail "$scenario" "req/s (warm-up)" "$output"
    return 0
  fi
  local ticks_before ends_before
  ticks_before="$(cpu_ticks "$measured_pid")"
  ends_before="$(ends_ticks)"
  if ! output="$("${ends_cpu[@]}" "$load_client" "${common[@]}" --duration "$duration" 2>"$work/load.err")"; then
    fail "$scenario" "req/s" "$output $(cat "$work/load.err")"
    return 0
  fi
  local rps p50 p99 errors requests cpu_us ends_us
  rps="$(value rps <<<"$output")"; p50="$(value p50_ms <<<"$output")"
  p99="$(value p99_ms <<<"$output")"; errors="$(value errors <<<"$output")"; requests="$(value requests <<<"$output")"
  cpu_us="$(cpu_per_unit "$ticks_before" "$(cpu_ticks "$measured_pid")" "$requests" 1000000)"
  ends_us="$(cpu_per_unit "$ends_before" "$(ends_ticks)" "$requests" 1000000)"
  record load "$scenario" "$rps" "$p50" "$p99" "$errors" "$cpu_us" "$ends_us"
  log "$scenario: $rps req/s, p50 $p50 ms, p99 $p99 ms, $errors errors, CPU us/request: proxy $cpu_us, ends $ends_us"
  if [[ "$errors" != 0 ]]; then log "$scenario: $(cat "$work/load.err")"; fi
}

# measure_bulk SCENARIO PROXY_PORT HOST CAFILE: the best of BENCH_BULK_RUNS downloads.
measure_bulk() {
  local scenario="$1" port="$2" host="$3" cafile="$4" output speeds=()
  local args=(--http1.1 --silent --show-error --max-time 900 --output /dev/null --cacert "$cafile"
              --write-out '%{http_code} %{size_download} %{speed_download}')
  if [[ -n "$port" ]]; then args+=(--proxy "http://127.0.0.1:$port"); fi
  local ticks_before ends_before
  ticks_before="$(cpu_ticks "$measured_pid")"
  ends_before="$(ends_ticks)"
  for _ in $(seq "$bulk_runs"); do
    if ! output="$("${ends_cpu[@]}" curl "${args[@]}" "https://$host:$upstream_port/bulk" 2>&1)"; then
      fail "$scenario" "bulk download" "curl: $output"
      return 0
    fi
    local code size speed
    read -r code size speed <<<"$output"
    if [[ "$code" != 200 || "$size" != $((bulk_mib * 1048576)) ]]; then
      fail "$scenario" "bulk download" "status $code, $size bytes of $((bulk_mib * 1048576))"
      return 0
    fi
    speeds+=("$(awk -v s="$speed" 'BEGIN { printf "%.1f", s / 1048576 }')")
  done
  local best cpu_s ends_s
  best="$(printf '%s\n' "${speeds[@]}" | sort -g | tail -n 1)"
  cpu_s="$(cpu_per_unit "$ticks_before" "$(cpu_ticks "$measured_pid")" $((bulk_runs * bulk_mib)) 1024)"
  ends_s="$(cpu_per_unit "$ends_before" "$(ends_ticks)" $((bulk_runs * bulk_mib)) 1024)"
  record bulk "$scenario" "$best" "$cpu_s" "$ends_s"
  log "$scenario: bulk ${bulk_mib} MiB at $best MiB/s (best of: ${speeds[*]}), CPU s/GiB: proxy $cpu_s, ends $ends_s"
}

# measure_new_hosts SCENARIO PROXY_PORT CAFILE [CLIENT_ARGS...]: two new
# connections to each of 127.0.0.2.. (first: a new host; second: a host seen once).
measure_new_hosts() {
  local scenario="$1" port="$2" cafile="$3" i output first second
  local extra=("${@:4}")
  set_proxy_flag "$port"
  local firsts=() seconds=() costs=()
  for i in $(seq 2 $((new_hosts + 1))); do
      if ! output="$("${ends_cpu[@]}" "$load_client" --target "127.0.0.$i:$upstream_port" --path /small --cafile "$cafile" \
                   "${proxy_flag[@]}" --warm-target "localhost:$upstream_port" --fresh 2 "${extra[@]}" 2>&1)"; then
      fail "$scenario" "first request to 127.0.0.$i" "$output"
      return 0
    fi
    IFS=, read -r first second <<<"$(value fresh_ms <<<"$output")"
    firsts+=("$first"); seconds+=("$second")
    costs+=("$(awk -v a="$first" -v b="$second" 'BEGIN { printf "%.3f", a - b }')")
  done
  local host cost
  host="$(printf '%s\n' "${firsts[@]}" | median)"
  cost="$(printf '%s\n' "${costs[@]}" | median)"
  record newhost "$scenario" "$host" "$cost"
  log "$scenario: first request to a new host $host ms (+$cost ms over the second); firsts: ${firsts[*]}; seconds: ${seconds[*]}"
}

# measure_new_conn SCENARIO PROXY_PORT HOST CAFILE: a request on a new
# connection to a host already seen.
measure_new_conn() {
  local scenario="$1" port="$2" host="$3" cafile="$4" output
  set_proxy_flag "$port"
  if ! output="$("${ends_cpu[@]}" "$load_client" --target "$host:$upstream_port" --path /small --cafile "$cafile" \
                 "${proxy_flag[@]}" --warm-target "$host:$upstream_port" --fresh "$new_hosts" 2>&1)"; then
    fail "$scenario" "new connection" "$output"
    return 0
  fi
  local conn
  conn="$(value fresh_ms <<<"$output" | tr , '\n' | median)"
  record conn "$scenario" "$conn"
  log "$scenario: new connection $conn ms"
}

# measure_rss SCENARIO PID PROXY_PORT RSS_AT_START: idle now, then with BENCH_HOLD tunnels to 127.0.0.1.
measure_rss() {
  local scenario="$1" pid="$2" port="$3" rss_start="$4" rss_idle anon_idle rss_hold=FAIL
  sleep 1
  rss_idle="$(rss_mib "$pid")"
  anon_idle="$(anon_mib "$pid")"
  rm -f "$work/hold.in" "$work/hold.out"
  mkfifo "$work/hold.in"
  "${ends_cpu[@]}" "$load_client" --target "127.0.0.1:$upstream_port" --path /small --cafile "$work/upstream-ca.crt" \
    --proxy "127.0.0.1:$port" --hold "$hold" --hold-seconds 120 <"$work/hold.in" >"$work/hold.out" 2>&1 &
  local holder=$!
  started_pids+=("$holder")
  exec 9>"$work/hold.in"
  for _ in $(seq 1200); do
    if grep -q '^holding' "$work/hold.out" 2>/dev/null || ! kill -0 "$holder" 2>/dev/null; then break; fi
    sleep 0.1
  done
  if grep -q '^holding' "$work/hold.out"; then
    sleep 0.5
    rss_hold="$(rss_mib "$pid")"
  else
    fail "$scenario" "$hold open tunnels" "$(cat "$work/hold.out")"
  fi
  exec 9>&-
  wait "$holder" 2>/dev/null || true
  record rss "$scenario" "$rss_start" "$rss_idle" "$rss_hold" "$anon_idle"
  log "$scenario: RSS start $rss_start MiB, idle after load $rss_idle MiB (anonymous $anon_idle MiB)," \
      "with $hold tunnels $rss_hold MiB"
}

# measure_proxy NAME PID PORT MITM_CAFILE [NEW_HOST_CLIENT_ARGS...]: the full
# set for one running proxy.
measure_proxy() {
  local name="$1" pid="$2" port="$3" mitm_cafile="$4" rss_start
  rss_start="$(rss_mib "$pid")"
  measured_pid="$pid"
  measure_load "$name-tunnel" "$port" 127.0.0.1 "$work/upstream-ca.crt"
  measure_load "$name-mitm" "$port" localhost "$mitm_cafile"
  measure_bulk "$name-tunnel" "$port" 127.0.0.1 "$work/upstream-ca.crt"
  measure_bulk "$name-mitm" "$port" localhost "$mitm_cafile"
  measure_new_conn "$name-tunnel" "$port" 127.0.0.1 "$work/upstream-ca.crt"
  measure_new_conn "$name-mitm" "$port" localhost "$mitm_cafile"
  measure_new_hosts "$name-mitm" "$port" "$mitm_cafile" "${@:5}"
  measured_pid=""
  if kill -0 "$pid" 2>/dev/null; then
    measure_rss "$name-mitm" "$pid" "$port" "$rss_start"
  else
    fail "$name-mitm" "RSS" "the proxy process exited"
  fi
}

# ---------------------------------------------------------------- the proxies
run_octobot() {
  local threads="$1" dir="$work/octobot-t$1" port i
  port="$(free_port)"
  mkdir -p "$dir"
  {
    echo "listen: 127.0.0.1:$port"
    echo "ca: { cert: $dir/ca.crt, key: $dir/ca.key }"
    echo "upstream_ca_files: [$work/upstream-ca.crt]"
    echo "allow: { hosts: [localhost, 127.0.0.1], cidrs: [127.0.0.0/8, \"::1/128\"] }"
    echo "rules:"
    echo "  - { host: localhost }"
    for i in $(seq 2 $((new_hosts + 1))); do echo "  - { host: 127.0.0.$i }"; done
    echo "log: { file: $dir/access.log }"
    echo "limits: { max_connections: 4096 }"
  } >"$dir/proxy.yaml"
  "${proxy_cpu[@]}" "$proxy_bin" --config "$dir/proxy.yaml" --threads "$threads" >"$dir/stdout.log" 2>&1 &
  local pid=$!
  started_pids+=("$pid")
  if ! wait_port "$port" "$pid" "$dir/stdout.log"; then
    fail "octobot-t$threads-mitm" "start" "octobot-proxy did not listen on $port; its output: $(tail -n 5 "$dir/stdout.log")"
    return 0
  fi
  log "octobot-proxy --threads $threads on 127.0.0.1:$port"
  local failures_before
  failures_before="$(grep -c "^fail"$'\t'"octobot-t$threads-" "$results" || true)"
  measure_proxy "octobot-t$threads" "$pid" "$port" "$dir/ca.crt"
  if ! kill -0 "$pid" 2>/dev/null; then
    fail "octobot-t$threads-mitm" "process" "octobot-proxy died; its output: $(tail -n 5 "$dir/stdout.log")"
  fi
  stop_pid "$pid"
  # With a failure, show what the proxy itself said (its stderr/stdout log and
  # the access log's error lines).
  if [[ "$(grep -c "^fail"$'\t'"octobot-t$threads-" "$results" || true)" != "$failures_before" ]]; then
    fail "octobot-t$threads-mitm" "octobot-proxy output" \
      "$(grep -v '"level":"info"' "$dir/stdout.log" | tail -n 5) | access log errors: $(grep '"error"' "$dir/access.log" | grep -v 'closed before a request' | tail -n 3)"
  fi
}

run_mitmproxy() {
  command -v mitmdump >/dev/null || { fail mitmproxy-mitm start "mitmdump is not installed"; return 0; }
  local dir="$work/mitmproxy" port
  port="$(free_port)"
  mkdir -p "$dir"
  # stream_large_bodies: bodies over 1 MiB stream through instead of being buffered whole.
  "${proxy_cpu[@]}" mitmdump -q --listen-host 127.0.0.1 --listen-port "$port" --set confdir="$dir" \
    --set ssl_verify_upstream_trusted_ca="$work/upstream-ca.crt" --set flow_detail=0 \
    --set stream_large_bodies=1m \
    --ignore-hosts '^127\.0\.0\.1$' >"$dir/stdout.log" 2>&1 &
  local pid=$!
  started_pids+=("$pid")
  if ! wait_port "$port" "$pid" "$dir/stdout.log" || [[ ! -s "$dir/mitmproxy-ca-cert.pem" ]]; then
    fail mitmproxy-mitm start "$(tail -n 5 "$dir/stdout.log")"
    return 0
  fi
  log "mitmdump $(mitmdump --version 2>/dev/null | sed -n 's/^Mitmproxy: //p') on 127.0.0.1:$port"
  measure_proxy mitmproxy "$pid" "$port" "$dir/mitmproxy-ca-cert.pem"
  stop_pid "$pid"
}

run_squid() {
  command -v squid >/dev/null || { fail squid-mitm start "squid is not installed"; return 0; }
  local certgen=/usr/lib/squid/security_file_certgen dir="$work/squid" port
  [[ -x "$certgen" ]] || { fail squid-mitm start "$certgen missing: squid-openssl is needed for ssl-bump"; return 0; }
  port="$(free_port)"
  mkdir -p "$dir"
  "$certgen" -c -s "$dir/ssl_db" -M 16MB >/dev/null
  cat >"$dir/squid.conf" <<EOF
http_port 127.0.0.1:$port ssl-bump tls-cert=$work/squid-ca.crt tls-key=$work/squid-ca.key generate-host-certificates=on dynamic_cert_mem_cache_size=4MB
sslcrtd_program $certgen -s $dir/ssl_db -M 16MB
sslcrtd_children 5 startup=1 idle=1
acl tunnelled dstdomain -n 127.0.0.1
ssl_bump splice tunnelled
ssl_bump bump all
tls_outgoing_options cafile=$work/upstream-ca.crt
# Squid matches an upstream's name against DNS names only, not IP SANs: for the
# new-host rows (127.0.0.2, ...) accept a name mismatch (the chain is still verified).
acl name_mismatch ssl_error SQUID_X509_V_ERR_DOMAIN_MISMATCH
sslproxy_cert_error allow name_mismatch
sslproxy_cert_error deny all
http_access allow all
cache deny all
cache_mem 0 MB
access_log none
cache_store_log none
cache_log $dir/cache.log
pid_filename $dir/squid.pid
coredump_dir $dir
netdb_filename none
pinger_enable off
max_filedescriptors 65536
cache_effective_user proxy
shutdown_lifetime 0 seconds
visible_hostname octobot-bench
via off
forwarded_for transparent
EOF
  chown -R proxy:proxy "$dir"
  "${proxy_cpu[@]}" squid -N -f "$dir/squid.conf" >"$dir/stdout.log" 2>&1 &
  local pid=$!
  started_pids+=("$pid")
  if ! wait_port "$port" "$pid" "$dir/cache.log"; then
    fail squid-mitm start "$(tail -n 5 "$dir/cache.log" "$dir/stdout.log" 2>/dev/null)"
    return 0
  fi
  log "squid $(squid -v | sed -n 's/^Squid Cache: Version //p') on 127.0.0.1:$port"
  # The MITM rows verify with the squid CA only, so they pass only when squid really bumps.
  # Squid's certificates for IP literals carry the IP as CN only, no IP SAN: for
  # the new-host rows (127.0.0.2, ...) the client checks the chain, not the IP.
  measure_proxy squid "$pid" "$port" "$work/squid-ca.crt" --name-check no
  stop_pid "$pid"
}

# ---------------------------------------------------------------- run
began=$SECONDS
log "octobot-proxy $proxy_bin; ${connections} connections, ${client_threads} client thread(s), ${duration} s" \
    "(+${warmup} s warm-up) per req/s run; ${bulk_mib} MiB bulk; ${new_hosts} new hosts; ${hold} held tunnels"
log "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores (other processes compete for them)"
if [[ "$pin" == 1 ]]; then
  log "pinned: the client and nginx on CPU 0, the proxy under test on CPU 1 (BENCH_PIN=0: all cores shared)"
else
  log "shared: the client, nginx and the proxy share all cores (the ratios to direct then have a ceiling, see below)"
fi
make_certificates
g++ -O2 -std=c++20 -pthread "$here/proxy_load.cpp" -o "$load_client" -lssl -lcrypto
start_nginx
log "nginx $(nginx -v 2>&1 | sed 's/.*nginx\///') upstream on 127.0.0.1:$upstream_port"

measure_load direct "" localhost "$work/upstream-ca.crt"
measure_bulk direct "" localhost "$work/upstream-ca.crt"
measure_new_conn direct "" 127.0.0.1 "$work/upstream-ca.crt"
measure_new_hosts direct "" "$work/upstream-ca.crt"
for threads in $proxy_threads; do run_octobot "$threads"; done
for competitor in $competitors; do
  case "$competitor" in
    mitmproxy) run_mitmproxy ;;
    squid) run_squid ;;
    *) fail "$competitor" start "unknown competitor (expected mitmproxy or squid)" ;;
  esac
done
# Direct again: other load on the machine varies over the run; the ratios use
# the better of the two direct runs.
measure_load direct-end "" localhost "$work/upstream-ca.crt"
measure_bulk direct-end "" localhost "$work/upstream-ca.crt"
measure_new_conn direct-end "" 127.0.0.1 "$work/upstream-ca.crt"

echo
BENCH_PIN="$pin" python3 "$here/report.py" "$results" "$proxy_threads" && status=0 || status=$?
echo
echo "bench: finished in $((SECONDS - began)) s; load average now $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
if [[ "$enforce" == 1 && "$status" != 0 ]]; then exit 3; fi
