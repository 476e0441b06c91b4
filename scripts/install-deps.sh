#!/usr/bin/env bash
# Installs every Debian 12 package Octobot needs to build, run and test.
# Idempotent: does nothing (and needs no network) when all are present.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config git curl ca-certificates python3
  libboost1.81-all-dev libssl-dev libsqlite3-dev sqlite3 libpqxx-dev libyaml-cpp-dev nlohmann-json3-dev
  catch2 postgresql-15 wrk docker.io
  libqrencode-dev  # the server prints its remote URL as a QR code
  openssl nginx-light mitmproxy squid-openssl  # bench/proxy: upstream, certificates, the proxies compared
  skopeo docker-registry  # tests/integration/proxy: a real registry and registry client
  clang-14 libclang-rt-14-dev  # libFuzzer (libclang_rt.fuzzer) for fuzz/, run by `make fuzz`
  debootstrap  # deploy/agent-image: the Debian 13 rootfs of octobot/agent (scripts/build-agent-image.sh)
  chromium  # tests/e2e: the browser, driven by playwright-core (from npm, tests/e2e/package.json)
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages: ${missing[*]}; run as root (or: sudo $0)" >&2
  exit 1
fi
echo "install-deps: installing ${missing[*]}" >&2
apt-get update -q
# Boost 1.74 headers (the Debian default) would shadow 1.81: make sure they are not installed.
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
