#!/usr/bin/env bash
# with-postgres.sh CMD [ARGS...]
#
# Runs CMD with a throwaway PostgreSQL 15 cluster and exits with CMD's status.
# The cluster lives in a fresh temporary directory, listens on 127.0.0.1 on a
# free port (and on a unix socket in that directory), trusts local
# connections, and is stopped and deleted when this script exits, whatever
# happens. CMD sees:
#   OCTOBOT_TEST_POSTGRES_URL=postgresql://postgres@127.0.0.1:<port>/postgres
# Run as root (as in CI) the server runs as the `postgres` user; run as anyone
# else it runs as that user. Needs only the postgresql-15 package.
set -euo pipefail

if [[ $# -eq 0 ]]; then
  echo "usage: $0 CMD [ARGS...]" >&2
  exit 2
fi

pg_bin=${OCTOBOT_PG_BIN:-/usr/lib/postgresql/15/bin}
if [[ ! -x "$pg_bin/postgres" ]]; then
  echo "with-postgres: no PostgreSQL 15 server in $pg_bin (install postgresql-15)" >&2
  exit 2
fi

if [[ $(id -u) -eq 0 ]]; then
  # /tmp, not $TMPDIR: the postgres user must be able to reach the directory.
  cluster_dir=$(mktemp -d /tmp/octobot-pg.XXXXXX)
  chown postgres:postgres "$cluster_dir"
  as_pg() { runuser -u postgres -- "$@"; }
else
  cluster_dir=$(mktemp -d "${TMPDIR:-/tmp}/octobot-pg.XXXXXX")
  as_pg() { "$@"; }
fi
chmod 700 "$cluster_dir"
data_dir="$cluster_dir/data"
log_file="$cluster_dir/server.log"

cleanup() {
  if [[ -f "$data_dir/postmaster.pid" ]]; then
    as_pg "$pg_bin/pg_ctl" stop -D "$data_dir" -m immediate -w >/dev/null 2>&1 || true
  fi
  rm -rf "$cluster_dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

as_pg "$pg_bin/initdb" -D "$data_dir" -U postgres --auth=trust --encoding=UTF8 --locale=C --no-sync \
  >"$cluster_dir/initdb.log" 2>&1 || { cat "$cluster_dir/initdb.log" >&2; exit 1; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Pick a random port that nothing answers on; if the server still fails to
# bind (another process took it meanwhile), try another one.
started=""
for _ in 1 2 3 4 5 6 7 8 9 10; do
  port=$((20000 + RANDOM % 40000))
  port_in_use "$port" && continue
  if as_pg "$pg_bin/pg_ctl" start -D "$data_dir" -l "$log_file" -w -t 30 \
      -o "-p $port -k $cluster_dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      >/dev/null; then
    started=yes
    break
  fi
done
if [[ -z "$started" ]]; then
  echo "with-postgres: PostgreSQL did not start; its log:" >&2
  cat "$log_file" >&2 || true
  exit 1
fi

export OCTOBOT_TEST_POSTGRES_URL="postgresql://postgres@127.0.0.1:$port/postgres"
set +e
"$@"
status=$?
set -e
exit "$status"
