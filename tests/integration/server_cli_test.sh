#!/usr/bin/env bash
# The `octobot server` command line around the access token:
# - a supplied token under 16 characters (or with characters unsafe in a URL)
#   is a start-up error that says why;
# - the token goes to the person at the terminal (stdout) once, and never into
#   the JSON log (stderr).
# Usage: server_cli_test.sh <path to the octobot binary>
set -euo pipefail
octobot=$1
work=$(mktemp -d)
trap 'kill -9 "${pid:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

for weak in a 123456789012345 'sixteen chars ok' 'sixteen;chars;ok'; do
  if "$octobot" server --listen 0.0.0.0:0 --data-dir "$work/weak" --access-token "$weak" >"$work/out" 2>"$work/err"; then
    fail "token '$weak' was accepted"
  elif ! grep -q "access token" "$work/err"; then
    fail "token '$weak': the error does not say what is wrong: $(cat "$work/err")"
  fi
done

token=fixed-token-for-the-log-test-0123456789
"$octobot" server --listen 0.0.0.0:0 --data-dir "$work/data" --access-token "$token" >"$work/out" 2>"$work/err" &
pid=$!
for _ in $(seq 100); do grep -q "running at" "$work/out" && break; sleep 0.1; done
grep -q "running at http://.*?token=$token" "$work/out" || fail "stdout does not show the URL with the token: $(cat "$work/out")"
grep -q '"listening"' "$work/err" || fail "no listening log line: $(cat "$work/err")"
grep -q "$token" "$work/err" && fail "the token is in the log: $(cat "$work/err")"
kill -TERM "$pid"; wait "$pid" || true
grep -q "$token" "$work/err" && fail "the token is in the log after shutdown"

[ "$failures" -eq 0 ] && echo "server_cli_test: all checks passed"
exit "$failures"
