#!/usr/bin/env bash
# API benchmark: the server's HTTP stack and the paged session list, on SQLite
# and on PostgreSQL, with wrk on loopback only.
#
#   bench/api/run.sh                          # both backends
#   BENCH_BACKENDS=sqlite bench/api/run.sh    # one backend
#   BENCH_DURATION=30s bench/api/run.sh
#
# For each backend, bench/api/run_backend.sh starts `octobot server --threads 1`
# on a free 127.0.0.1 port with a throwaway data dir, seeds one local workspace
# and 10,000 sessions, and runs wrk (-t1 -c32 --latency) on
#   GET /api/health                               (the floor of the HTTP stack)
#   GET /api/projects/local/sessions?limit=50     (a keyset page of sessions)
# The PostgreSQL half runs under scripts/with-postgres.sh, which starts a
# throwaway PostgreSQL and exports OCTOBOT_TEST_POSTGRES_URL.
#
# Prints a table: backend, route, req/s, p50 and p99 latency (ms), the route's
# req/s as a fraction of the same backend's health req/s, and the targets:
#   health >= 50,000 req/s; SQLite paged list p50 <= 1 ms, taken from the one-connection
#   run ("c1"): with 32 connections on one server thread p50 is mostly queueing.
# Exits non-zero when a backend fails to run; with BENCH_ENFORCE=1 also when a
# target is missed or a route saw errors.
#
# Environment: OCTOBOT_BIN (default build/release/bin/octobot), BENCH_BACKENDS
# (default "sqlite postgres"), BENCH_WITH_POSTGRES (default
# scripts/with-postgres.sh), BENCH_ENFORCE, and everything run_backend.sh reads
# (BENCH_DURATION, BENCH_WARMUP, BENCH_CONNECTIONS, BENCH_SESSIONS, ...).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

export OCTOBOT_BIN="${OCTOBOT_BIN:-$root/build/release/bin/octobot}"
backends="${BENCH_BACKENDS:-sqlite postgres}"
with_postgres="${BENCH_WITH_POSTGRES:-$root/scripts/with-postgres.sh}"
enforce="${BENCH_ENFORCE:-0}"

health_target_rps=50000
sqlite_list_target_p50_ms=1

work="$(mktemp -d "${TMPDIR:-/tmp}/octobot-bench.XXXXXX")"
child_pid=""
on_exit() {
  if [[ -n "$child_pid" ]]; then
    kill -TERM "$child_pid" 2>/dev/null || true
    wait "$child_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Runs one backend's benchmark in the background and waits, so that INT/TERM
# are forwarded to it at once (it stops its server and removes its files).
run() {
  local rc=0
  "$@" &
  child_pid=$!
  wait "$child_pid" || rc=$?
  child_pid=""
  return "$rc"
}
export BENCH_RESULTS="$work/results.tsv"
: >"$BENCH_RESULTS"

if [[ ! -x "$OCTOBOT_BIN" ]]; then
  echo "bench: server binary not found or not executable: $OCTOBOT_BIN" >&2
  echo "bench: build it (cmake --preset release && cmake --build --preset release) or set OCTOBOT_BIN" >&2
  exit 1
fi

echo "bench: binary $OCTOBOT_BIN; wrk -t${BENCH_WRK_THREADS:-1} -c${BENCH_CONNECTIONS:-32}" \
  "-d${BENCH_DURATION:-10s}; ${BENCH_SESSIONS:-10000} sessions; backends: $backends" >&2

failed=()
for backend in $backends; do
  case "$backend" in
    sqlite)
      run "$here/run_backend.sh" sqlite || failed+=(sqlite)
      ;;
    postgres)
      if [[ ! -x "$with_postgres" ]]; then
        echo "bench: $with_postgres is missing or not executable; cannot run the PostgreSQL half" >&2
        failed+=(postgres)
      else
        run "$with_postgres" "$here/run_backend.sh" postgres || failed+=(postgres)
      fi
      ;;
    *)
      echo "bench: unknown backend '$backend' (expected sqlite or postgres)" >&2
      failed+=("$backend")
      ;;
  esac
done

# Summary. Rows of results.tsv:
#   seed  <backend> <sessions> <seconds> <sessions/s>
#   route <backend> <route> <req/s> <p50 ms> <p99 ms> <non-2xx> <socket errors>
echo
awk -F'\t' -v health_target="$health_target_rps" -v p50_target="$sqlite_list_target_p50_ms" '
  $1 == "seed" { seed[++nseed] = sprintf("seed  %-9s %s sessions in %.2f s (%s sessions/s)", $2, $3, $4, $5) }
  $1 == "route" {
    n++
    be[n] = $2; route[n] = $3; rps[n] = $4; p50[n] = $5; p99[n] = $6; errs[n] = $7 + $8
    if ($3 == "health") health[$2] = $4
  }
  END {
    for (i = 1; i <= nseed; i++) print seed[i]
    if (nseed) print ""
    printf "%-9s %-21s %12s %9s %9s %16s %7s  %s\n", "backend", "route", "req/s", "p50_ms", "p99_ms", "ratio_to_health", "errors", "target"
    missed = 0
    for (i = 1; i <= n; i++) {
      ratio = (health[be[i]] > 0) ? sprintf("%.3f", rps[i] / health[be[i]]) : "NA"
      target = "-"
      if (route[i] == "health") {
        ok = (rps[i] >= health_target)
        target = sprintf(">= %d req/s: %s", health_target, ok ? "PASS" : "MISS")
        if (!ok) missed = 1
      } else if (be[i] == "sqlite" && route[i] ~ / c1$/) {
        ok = (p50[i] <= p50_target)
        target = sprintf("p50 <= %s ms: %s", p50_target, ok ? "PASS" : "MISS")
        if (!ok) missed = 1
      }
      if (errs[i] > 0) missed = 1
      printf "%-9s %-21s %12.0f %9.3f %9.3f %16s %7d  %s\n", be[i], route[i], rps[i], p50[i], p99[i], ratio, errs[i], target
    }
    if (n == 0) print "(no results)"
    exit missed ? 3 : 0
  }
' "$BENCH_RESULTS" && targets_status=0 || targets_status=$?

if ((${#failed[@]} > 0)); then
  echo
  echo "bench: FAILED backends: ${failed[*]}" >&2
  exit 1
fi
if [[ "$enforce" == 1 && "$targets_status" != 0 ]]; then
  echo "bench: a target was missed or a route saw errors (BENCH_ENFORCE=1)" >&2
  exit 1
fi
