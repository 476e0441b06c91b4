#!/usr/bin/env bash
# Benchmarks one Octobot server on one store backend, on loopback only.
#
#   bench/api/run_backend.sh sqlite
#   scripts/with-postgres.sh bench/api/run_backend.sh postgres   # needs OCTOBOT_TEST_POSTGRES_URL
#
# Starts `octobot server` on a free 127.0.0.1 port with a temporary data dir,
# seeds one local workspace and BENCH_SESSIONS sessions, then runs wrk against
# GET /api/health and GET /api/projects/local/sessions?limit=50. Results are
# appended as tab-separated rows to $BENCH_RESULTS (when set) and printed.
# Usually called by bench/api/run.sh, which prints the summary table.
#
# Environment (all optional):
#   OCTOBOT_BIN             server binary (default build/release/bin/octobot)
#   BENCH_DURATION          wrk duration per route (default 10s)
#   BENCH_WARMUP            wrk warm-up per route, not measured (default 2s; 0 disables)
#   BENCH_CONNECTIONS       wrk connections (default 32)
#   BENCH_WRK_THREADS       wrk threads (default 1)
#   BENCH_SERVER_THREADS    server --threads (default 1)
#   BENCH_SESSIONS          sessions to seed (default 10000)
#   BENCH_SEED_CONCURRENCY  seeding connections (default 4)
#   BENCH_STARTUP_TIMEOUT   seconds to wait for /api/health (default 30)
#   BENCH_RESULTS           file to append result rows to
#   BENCH_KEEP_TMP=1        keep the temporary directory (server log, wrk output)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

backend="${1:-}"
case "$backend" in
  sqlite | postgres) ;;
  *)
    echo "usage: $0 sqlite|postgres" >&2
    exit 2
    ;;
esac

bin="${OCTOBOT_BIN:-$root/build/release/bin/octobot}"
duration="${BENCH_DURATION:-10s}"
warmup="${BENCH_WARMUP:-2s}"
connections="${BENCH_CONNECTIONS:-32}"
wrk_threads="${BENCH_WRK_THREADS:-1}"
server_threads="${BENCH_SERVER_THREADS:-1}"
sessions="${BENCH_SESSIONS:-10000}"
seed_concurrency="${BENCH_SEED_CONCURRENCY:-4}"
startup_timeout="${BENCH_STARTUP_TIMEOUT:-30}"
results="${BENCH_RESULTS:-}"

log() { printf '[bench %s] %s\n' "$backend" "$*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}

for tool in wrk curl python3 awk; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is not installed"
done
[[ -x "$bin" ]] || die "server binary not found or not executable: $bin (build it, or set OCTOBOT_BIN)"

db_args=()
if [[ "$backend" == postgres ]]; then
  [[ -n "${OCTOBOT_TEST_POSTGRES_URL:-}" ]] ||
    die "OCTOBOT_TEST_POSTGRES_URL is not set; run me as: scripts/with-postgres.sh $0 postgres"
  db_args=(--database "$OCTOBOT_TEST_POSTGRES_URL")
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/octobot-bench-$backend.XXXXXX")"
server_pid=""
child_pid=""

# Runs a command in the background and waits for it, so that INT/TERM reach our
# traps at once instead of after the command ends.
run() {
  local rc=0
  "$@" &
  child_pid=$!
  wait "$child_pid" || rc=$?
  child_pid=""
  return "$rc"
}

cleanup() {
  local status=$?
  if [[ -n "$child_pid" ]]; then
    kill -TERM "$child_pid" 2>/dev/null || true
    wait "$child_pid" 2>/dev/null || true
  fi
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$server_pid" 2>/dev/null; then
      log "server did not stop on SIGTERM; killing it"
      kill -KILL "$server_pid" 2>/dev/null || true
    fi
    wait "$server_pid" 2>/dev/null || true
  fi
  if [[ "${BENCH_KEEP_TMP:-0}" == 1 ]]; then
    log "kept $tmp"
  else
    rm -rf "$tmp"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port="$(python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
mkdir -p "$tmp/data" "$tmp/workspace"

log "starting $bin on 127.0.0.1:$port"
# The API alone: no sandboxes (a Docker address that does not exist; each seeded session
# then records creating_sandbox -> error, two more writes the seed time includes).
"$bin" server --listen "127.0.0.1:$port" --data-dir "$tmp/data" "${db_args[@]}" \
  --threads "$server_threads" --docker-host unix:///nonexistent/octobot-bench-api-docker.sock \
  >"$tmp/server.log" 2>&1 &
server_pid=$!

server_log_tail() {
  log "last lines of the server log:"
  tail -n 20 "$tmp/server.log" >&2 || true
}

deadline=$((SECONDS + startup_timeout))
until curl -fsS -o /dev/null --max-time 2 "$base/api/health" 2>/dev/null; do
  if ! kill -0 "$server_pid" 2>/dev/null; then
    wait "$server_pid" 2>/dev/null && code=0 || code=$?
    server_pid=""
    server_log_tail
    die "the server exited (status $code) before /api/health answered 200"
  fi
  if ((SECONDS >= deadline)); then
    server_log_tail
    die "GET $base/api/health did not answer 200 within ${startup_timeout}s"
  fi
  sleep 0.1
done
url_line="$(grep -m1 -Eo 'https?://[^[:space:]]+' "$tmp/server.log" || true)"
log "server is up${url_line:+ (it printed $url_line)}"

log "seeding 1 workspace and $sessions sessions ($seed_concurrency connections)"
if ! run python3 "$here/seed.py" --port "$port" --workspace-path "$tmp/workspace" \
  --sessions "$sessions" --concurrency "$seed_concurrency" >"$tmp/seed.out"; then
  server_log_tail
  die "seeding failed"
fi
seed_seconds="$(sed -n 's/^seed_seconds=//p' "$tmp/seed.out")"
seed_rate="$(awk -v n="$sessions" -v s="$seed_seconds" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }')"
log "seeded $sessions sessions in ${seed_seconds}s ($seed_rate sessions/s)"

list_path="/api/projects/local/sessions?limit=50"
# Sanity check before measuring: the page must be 200 and hold 50 items (when seeded that many).
page="$(curl -fsS --max-time 10 "$base$list_path")" || die "GET $list_path failed"
items="$(printf '%s' "$page" | python3 -c 'import json, sys
print(len(json.load(sys.stdin)["items"]))')" || die "GET $list_path: body is not {\"items\": [...]}"
expected=$((sessions < 50 ? sessions : 50))
[[ "$items" == "$expected" ]] || die "GET $list_path returned $items items, expected $expected"

if [[ -n "$results" ]]; then
  printf 'seed\t%s\t%s\t%s\t%s\n' "$backend" "$sessions" "$seed_seconds" "$seed_rate" >>"$results"
fi

# measure ROUTE PATH [CONNECTIONS]: one wrk run; CONNECTIONS defaults to BENCH_CONNECTIONS.
measure() {
  local route="$1" path="$2" connections="${3:-$connections}" out
  out="$tmp/wrk-$((++measured)).txt"
  if [[ "$warmup" != 0 && "$warmup" != 0s ]]; then
    run wrk -t"$wrk_threads" -c"$connections" -d"$warmup" "$base$path" >/dev/null 2>&1 ||
      die "wrk warm-up of $path failed"
  fi
  log "wrk -t$wrk_threads -c$connections -d$duration --latency $path"
  run wrk -t"$wrk_threads" -c"$connections" -d"$duration" --latency "$base$path" >"$out" 2>&1 ||
    {
      cat "$out" >&2
      die "wrk failed on $path"
    }
  local rps p50 non2xx sockerr
  read -r rps p50 p99 non2xx sockerr < <(awk -f "$here/parse_wrk.awk" "$out") || true
  if [[ "${rps:-NA}" == NA || "${p50:-NA}" == NA || "${p99:-NA}" == NA ]]; then
    cat "$out" >&2
    die "could not parse wrk's output for $path"
  fi
  log "$route: $rps req/s, p50 ${p50} ms, p99 ${p99} ms, non-2xx $non2xx, socket errors $sockerr"
  if [[ -n "$results" ]]; then
    printf 'route\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$backend" "$route" "$rps" "$p50" "$p99" "$non2xx" "$sockerr" >>"$results"
  fi
}

measured=0
measure health /api/health
measure "sessions?limit=50" "$list_path"
# One connection: the latency of a page without queueing behind 31 others.
measure "sessions?limit=50 c1" "$list_path" 1

# Health on one connection, idle and then while 64 connections load the session
# list: store work runs off the I/O threads, so a request that needs no store
# waits behind none (target: p99 under load <= 2x idle p99).
measure "health c1 idle" /api/health 1
idle_p99="$p99"
wrk -t1 -c64 -d"$(( ${duration%s} + ${warmup%s} + 2 ))s" "$base$list_path" >"$tmp/wrk-load.txt" 2>&1 &
load_pid=$!
sleep 1
measure "health c1 under list load (64 conn)" /api/health 1
wait "$load_pid" || die "the list load (wrk -c64) failed"
log "health p99: idle ${idle_p99} ms, under list load ${p99} ms, ratio $(awk -v a="$p99" -v b="$idle_p99" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }') (target <= 2)"

kill -0 "$server_pid" 2>/dev/null || die "the server died during the benchmark"
