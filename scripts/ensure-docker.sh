#!/usr/bin/env bash
# Makes sure a Docker daemon answers on the default socket; idempotent and safe to run concurrently.
#
#   scripts/ensure-docker.sh [--quiet]
#
# - `docker info` already works: does nothing.
# - dockerd is not installed: installs Debian's docker.io (root; apt-get).
# - dockerd is not running: starts it in the background (no systemd needed), logging to
#   $OCTOBOT_DOCKERD_LOG (default /var/log/octobot-dockerd.log), and waits until `docker info` works.
#   The storage driver is Docker's default (overlay2 on ext4/xfs); only if dockerd fails on its storage
#   driver does this retry with vfs (slow, every layer a full copy) and say so. OCTOBOT_DOCKER_STORAGE_DRIVER
#   forces one. A dockerd already starting (its pid file names a live process) is waited for, not doubled.
# Exit status 0 when the daemon answers, 1 with a message saying why and where to look otherwise.
set -euo pipefail

quiet=0
[ "${1:-}" = "--quiet" ] && quiet=1
log_file=${OCTOBOT_DOCKERD_LOG:-/var/log/octobot-dockerd.log}
wait_seconds=${OCTOBOT_DOCKERD_WAIT:-60}
pid_file=/var/run/docker.pid

say() { [ "$quiet" -eq 1 ] || echo "ensure-docker: $*" >&2; }
fail() { echo "ensure-docker: $*" >&2; exit 1; }

# The client: Debian's docker.io ships /usr/bin/docker; a newer one earlier on PATH is fine too.
docker_answers() { docker info >/dev/null 2>&1; }

if command -v docker >/dev/null 2>&1 && docker_answers; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  fail "the Docker daemon is not answering and starting it needs root (run: sudo $0)"
fi

# One starter at a time: a second caller waits here, then finds the daemon answering.
exec 9>/var/run/octobot-ensure-docker.lock
flock -w $((wait_seconds * 3)) 9 || fail "timed out waiting for another ensure-docker to finish"
if command -v docker >/dev/null 2>&1 && docker_answers; then
  exit 0
fi

if ! command -v dockerd >/dev/null 2>&1 || ! command -v docker >/dev/null 2>&1; then
  say "installing docker.io (apt-get)"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends docker.io >&2; then
    apt-get update -q >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends docker.io >&2 \
      || fail "could not install docker.io with apt-get"
  fi
fi

# Waits for the daemon with pid $1 to answer; returns 1 if it exits or does not answer in time.
wait_for_daemon() {
  local pid=$1 waited=0
  while [ "$waited" -lt $((wait_seconds * 2)) ]; do
    if docker_answers; then return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then return 1; fi
    sleep 0.5
    waited=$((waited + 1))
  done
  return 1
}

# A dockerd is already running (started by someone else, maybe still starting): wait for it.
if [ -s "$pid_file" ]; then
  running_pid=$(cat "$pid_file")
  if kill -0 "$running_pid" 2>/dev/null && [ "$(cat /proc/"$running_pid"/comm 2>/dev/null)" = "dockerd" ]; then
    say "dockerd (pid $running_pid) is running; waiting for it to answer"
    wait_for_daemon "$running_pid" && exit 0
    fail "dockerd (pid $running_pid) is running but \`docker info\` does not answer; see its log ($log_file if started by this script)"
  fi
fi

# Starts dockerd with extra arguments "$@"; prints its pid.
start_dockerd() {
  mkdir -p "$(dirname "$log_file")"
  echo "=== $(date -Is) ensure-docker: dockerd $*" >>"$log_file"
  # setsid + nohup: the daemon outlives this script and the terminal that ran it. Every descriptor
  # above 2 is closed first: the daemon must not keep a caller's lock (e.g. the image build's flock)
  # held for its whole life.
  setsid nohup bash -c 'for fd in /proc/$$/fd/*; do n=${fd##*/}; [ "$n" -gt 2 ] && eval "exec $n>&-"; done
                        exec dockerd "$@"' dockerd "$@" >>"$log_file" 2>&1 </dev/null &
  echo $!
}

driver_args=()
if [ -n "${OCTOBOT_DOCKER_STORAGE_DRIVER:-}" ]; then
  driver_args=(--storage-driver "$OCTOBOT_DOCKER_STORAGE_DRIVER")
fi
say "starting dockerd${driver_args[*]:+ ${driver_args[*]}} (log: $log_file)"
started=$(date +%s)
log_offset=$(($(stat -c %s "$log_file" 2>/dev/null || echo 0) + 1))
pid=$(start_dockerd "${driver_args[@]}")
if ! wait_for_daemon "$pid"; then
  kill "$pid" 2>/dev/null || true
  if [ ${#driver_args[@]} -ne 0 ] || ! tail -c +"$log_offset" "$log_file" | grep -qiE 'graphdriver|overlay|storage.driver'; then
    fail "dockerd did not start; last lines of $log_file:
$(tail -n 15 "$log_file")"
  fi
  # The default storage driver (overlay2) can fail on some filesystems (overlay on overlay, old kernels).
  for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  echo "ensure-docker: dockerd failed on the default storage driver (overlay2); retrying with vfs (slow, uses much more disk). Log: $log_file" >&2
  pid=$(start_dockerd --storage-driver vfs)
  if ! wait_for_daemon "$pid"; then
    kill "$pid" 2>/dev/null || true
    fail "dockerd did not start (default and vfs storage drivers); last lines of $log_file:
$(tail -n 15 "$log_file")"
  fi
fi
say "dockerd (pid $pid) answers after $(( $(date +%s) - started )) s; storage driver $(docker info --format '{{.Driver}}' 2>/dev/null)"
