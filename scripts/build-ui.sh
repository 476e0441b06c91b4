#!/usr/bin/env bash
# Builds the web UI (ui/ → ui/dist, served by the server at /): Node.js 20.19+ is needed (Vite 7).
# npm ci runs only when ui/package-lock.json changed since the last install; the build itself
# regenerates the API types from proto/openapi.yaml and type-checks against them first.
#   build-ui.sh             fails without a suitable Node.js (make test)
#   build-ui.sh --optional  says so and succeeds (make build / make run: the server then serves a
#                           page saying how to build the UI)
set -euo pipefail
cd "$(dirname "$0")/../ui"
optional=0
[ "${1:-}" = "--optional" ] && optional=1

missing() {
  echo "build-ui: $1: install Node.js 20.19 or newer (Debian 12's nodejs 18 is too old for Vite 7)" >&2
  if [ "$optional" = 1 ]; then
    echo "build-ui: the server will run without its web UI" >&2
    exit 0
  fi
  exit 1
}

command -v node >/dev/null || missing "Node.js is missing"
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'; then
  missing "Node.js $(node -p 'process.versions.node') is too old"
fi
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
npm run build --silent
