#!/usr/bin/env bash
# Builds the web UI (ui/ → ui/dist, served by the server at /): Node.js 20.19+ is needed (Vite 7).
# npm ci runs only when ui/package-lock.json changed since the last install; the build itself
# regenerates the API types from proto/openapi.yaml and type-checks against them first.
set -euo pipefail
cd "$(dirname "$0")/../ui"

if ! command -v node >/dev/null; then
  echo "build-ui: Node.js is missing: install Node.js 20.19 or newer (Debian 12's nodejs 18 is too old for Vite 7)" >&2
  exit 1
fi
version=$(node -p 'process.versions.node')
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'; then
  echo "build-ui: Node.js $version is too old: install Node.js 20.19 or newer" >&2
  exit 1
fi
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
npm run build --silent
