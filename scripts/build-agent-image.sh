#!/usr/bin/env bash
# Builds the session image octobot/agent:<version> (version: server/version.hpp) fully offline.
#
#   scripts/build-agent-image.sh [--bin-dir DIR] [--allow-missing] [--tag NAME:TAG]
#
#   --bin-dir DIR     where octobot-agent, octobot-agent-api and octobot-proxy are (default build/release/bin)
#   --allow-missing   skip (with a warning) binaries that are not there instead of failing; for testing the
#                     image itself: without octobot-agent its ENTRYPOINT does not exist (use --entrypoint)
#   --tag NAME:TAG    another tag than octobot/agent:<version>
#
# Steps, each cached, so a run with nothing changed takes seconds and a change of our binaries rebuilds
# only the last layers:
#   1. scripts/ensure-docker.sh: a Docker daemon answers (installs docker.io / starts dockerd if needed).
#   2. rootfs: `debootstrap --variant=minbase trixie` with deploy/agent-image/packages.txt, from the host's
#      Debian mirror (OCTOBOT_DEBIAN_MIRROR overrides), trimmed and cached as
#      .cache/agent-image/rootfs-<hash>.tar, the hash covering the package list and this recipe (~1 min).
#   3. `docker import` of that tarball as octobot/agent-rootfs:<hash>, only when that image is missing.
#   4. the agents' npm packages: npm install of deploy/agent-image/agents/ (exact versions from its
#      package-lock.json, linux-x64 native packages) on the host into .cache/agent-image/npm-<hash>/.
#   5. deploy/agent-image/Dockerfile.agents: rootfs + agents → octobot/agent-deps:<hash>, built only
#      when that image is missing (its ~600 MB context is sent to the daemon only then).
#   6. deploy/agent-image/Dockerfile: agents image + our binaries → octobot/agent:<version>, from a
#      context holding only the binaries (never the repository); then a check that they load.
# Every build runs offline: no apt-get or npm inside the image build. The cache directory can be deleted
# at any time (the next build is then cold again); OCTOBOT_IMAGE_CACHE moves it.
set -euo pipefail
trap 'echo "build-agent-image: failed (line $LINENO: $BASH_COMMAND)" >&2' ERR

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
image_dir=$repo/deploy/agent-image
cache=${OCTOBOT_IMAGE_CACHE:-$repo/.cache/agent-image}
suite=trixie
arch=amd64
# Bump when the rootfs or npm post-processing below changes, so old caches are not reused.
rootfs_recipe=1
npm_recipe=1

bin_dir=$repo/build/release/bin
allow_missing=0
tag=
while [ $# -gt 0 ]; do
  case $1 in
    --bin-dir) bin_dir=${2:?--bin-dir needs a directory}; shift 2 ;;
    --bin-dir=*) bin_dir=${1#--bin-dir=}; shift ;;
    --allow-missing) allow_missing=1; shift ;;
    --tag) tag=${2:?--tag needs NAME:TAG}; shift 2 ;;
    -h|--help) sed -n '2,25p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build-agent-image: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
case $bin_dir in /*) ;; *) bin_dir=$PWD/$bin_dir ;; esac

version=$(sed -n 's/.*kVersion *= *"\([^"]*\)".*/\1/p' "$repo/server/version.hpp")
[ -n "$version" ] || { echo "build-agent-image: no kVersion in server/version.hpp" >&2; exit 1; }
tag=${tag:-octobot/agent:$version}

binaries=(octobot-agent octobot-agent-api octobot-proxy)

started=$(date +%s.%N)
step_started=$started
step_number=0
step_count=6
elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f s", b - a }'; }
step() {
  if [ "$step_number" -gt 0 ]; then echo "    done in $(elapsed "$step_started")"; fi
  step_number=$((step_number + 1))
  step_started=$(date +%s.%N)
  echo "==> [$step_number/$step_count] $*"
}
note() { echo "    $*"; }
die() { echo "build-agent-image: $*" >&2; exit 1; }
sha() { sha256sum | cut -c1-16; }

# --- 0. our binaries: checked first, so a missing one fails before minutes of work -------------------
present=()
for name in "${binaries[@]}"; do
  if [ -f "$bin_dir/$name" ] && [ -x "$bin_dir/$name" ]; then
    present+=("$name")
  elif [ "$allow_missing" -eq 1 ]; then
    echo "build-agent-image: warning: $bin_dir/$name is missing; building the image without it (--allow-missing)" >&2
  else
    die "$bin_dir/$name is missing (build it first: make build; or pass --bin-dir DIR, or --allow-missing to test the image without it)"
  fi
done

mkdir -p "$cache"
exec 8>"$cache/.lock"
flock -n 8 || { echo "build-agent-image: another build holds $cache/.lock; waiting" >&2; flock 8; }

# --- 1. Docker ---------------------------------------------------------------------------------------
step "Docker daemon"
"$repo/scripts/ensure-docker.sh"
note "dockerd $(docker version --format '{{.Server.Version}}'), storage driver $(docker info --format '{{.Driver}}')"

# --- 2. rootfs ---------------------------------------------------------------------------------------
packages=$(sed -e 's/#.*//' -e 's/[[:space:]]//g' "$image_dir/packages.txt" | grep -v '^$' | sort -u | paste -sd, -)
[ -n "$packages" ] || die "deploy/agent-image/packages.txt lists no package"
rootfs_key=$(printf 'recipe=%s suite=%s arch=%s variant=minbase packages=%s\n' \
  "$rootfs_recipe" "$suite" "$arch" "$packages" | sha)
rootfs_tar=$cache/rootfs-$rootfs_key.tar
rootfs_libs=$cache/rootfs-$rootfs_key.libs  # the shared-library file names in the rootfs
base_image=octobot/agent-rootfs:$rootfs_key

# The Debian mirror the host's apt uses (deb822 .sources or one-line .list), if it serves $suite.
debian_mirror() {
  if [ -n "${OCTOBOT_DEBIAN_MIRROR:-}" ]; then echo "$OCTOBOT_DEBIAN_MIRROR"; return; fi
  local candidates
  candidates=$( { cat /etc/apt/sources.list.d/*.sources 2>/dev/null | sed -n 's/^URIs:[[:space:]]*//p' | tr ' ' '\n'
                  cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
                    | sed -n 's/^deb[[:space:]]\{1,\}\(\[[^]]*\][[:space:]]\{1,\}\)\{0,1\}\([^[:space:]]*\).*/\2/p'
                } | grep -E '^https?://' | grep -i debian | grep -v -i security | sed 's:/*$::' | awk '!seen[$0]++')
  local uri
  for uri in $candidates http://deb.debian.org/debian; do
    if curl -fsS --max-time 10 -o /dev/null "$uri/dists/$suite/Release" 2>/dev/null; then echo "$uri"; return; fi
  done
  return 1
}

step "rootfs: debootstrap --variant=minbase $suite ($rootfs_key)"
if [ -f "$rootfs_tar" ] && [ -f "$rootfs_libs" ]; then
  note "cached: ${rootfs_tar#"$repo"/} ($(du -h "$rootfs_tar" | cut -f1))"
else
  command -v debootstrap >/dev/null || die "debootstrap is not installed (scripts/install-deps.sh installs it)"
  [ "$(id -u)" -eq 0 ] || die "debootstrap needs root"
  mirror=$(debian_mirror) || die "no Debian mirror serving $suite answers (tried the host's apt sources and deb.debian.org; set OCTOBOT_DEBIAN_MIRROR)"
  note "mirror $mirror; packages: ${packages//,/ }"
  work=$(mktemp -d "$cache/rootfs-tmp.XXXXXX")
  cleanup_rootfs() {
    # debootstrap mounts proc/sys inside the target; never rm -rf through a live mount.
    local m
    for m in $(awk -v w="$work/" 'index($2, w) == 1 { print $2 }' /proc/mounts | sort -r); do umount -l "$m" || true; done
    rm -rf --one-file-system "$work"
  }
  trap cleanup_rootfs EXIT
  log=$cache/debootstrap.log
  note "debootstrap log: ${log#"$repo"/} (a progress line per 25 packages)"
  # Show the phases as they start, and a count of the packages retrieved.
  set +e
  debootstrap --variant=minbase --arch="$arch" --include="$packages" "$suite" "$work/root" "$mirror" \
    </dev/null 2>&1 | tee "$log" | awk '
    /^I: Retrieving [^ ]+ [^ ]+$/ && !/Release|Packages/ { r++; if (r % 25 == 0) { printf "    retrieved %d packages\n", r; fflush() } next }
    /^I: (Validating|Unpacking|Configuring|Extracting) [^ ]+/ && !/the base system|Packages|Release/ { next }
    /^(I|W|E): / { print "    " $0; fflush() }'
  debootstrap_status=${PIPESTATUS[0]}
  set -e
  [ "$debootstrap_status" -eq 0 ] || { tail -n 20 "$log" >&2; die "debootstrap failed (full log: $log)"; }

  root=$work/root
  # Trim what a container does not use; keep copyright files.
  rm -rf "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* \
         "$root"/usr/share/man "$root"/usr/share/info "$root"/usr/share/locale "$root"/usr/share/doc-base \
         "$root"/var/log/* "$root"/var/cache/debconf/*-old "$root"/etc/machine-id
  # debootstrap copied the host's name and resolver; Docker bind-mounts its own over these.
  echo localhost >"$root/etc/hostname"
  : >"$root/etc/resolv.conf"
  find "$root/usr/share/doc" -mindepth 1 -not -type d -not -name copyright -delete 2>/dev/null || true
  find "$root/usr/share/doc" -mindepth 1 -type d -empty -delete 2>/dev/null || true
  # Shared libraries shipped in the image next to our binaries (see Dockerfile) are found through this.
  echo /usr/local/lib/octobot >"$root/etc/ld.so.conf.d/octobot.conf"
  find "$root/usr/lib" "$root/usr/local/lib" -name '*.so*' \( -type f -o -type l \) -printf '%f\n' | sort -u >"$work/libs"
  # /dev, /proc and /sys are the runtime's; /etc/resolv.conf and /etc/hosts are bind-mounted by Docker.
  tar --numeric-owner --xattrs --xattrs-include='security.capability' -C "$root" \
      --exclude=./dev/* --exclude=./proc/* --exclude=./sys/* --exclude=./run/* --exclude=./tmp/* \
      -cf "$work/rootfs.tar" .
  mv "$work/libs" "$rootfs_libs"
  mv "$work/rootfs.tar" "$rootfs_tar"
  trap - EXIT
  cleanup_rootfs
  # Old rootfs tarballs (other package lists) are not needed any more.
  find "$cache" -maxdepth 1 -name 'rootfs-*.tar' -not -name "rootfs-$rootfs_key.tar" -delete
  find "$cache" -maxdepth 1 -name 'rootfs-*.libs' -not -name "rootfs-$rootfs_key.libs" -delete
  note "$(du -h "$rootfs_tar" | cut -f1) ${rootfs_tar#"$repo"/}"
fi

# --- 3. base image -----------------------------------------------------------------------------------
step "base image: docker import → $base_image"
if docker image inspect "$base_image" >/dev/null 2>&1; then
  note "present"
else
  docker import --message "debootstrap --variant=minbase $suite: ${packages//,/ }" \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change "LABEL octobot.rootfs=$rootfs_key" \
    "$rootfs_tar" "$base_image" >/dev/null
  note "imported $(docker image inspect --format '{{.Size}}' "$base_image" | awk '{ printf "%.0f MB", $1 / 1e6 }')"
fi

# --- 4. the agents' npm packages ---------------------------------------------------------------------
npm_key=$( { echo "recipe=$npm_recipe"; cat "$image_dir/agents/package.json" "$image_dir/agents/package-lock.json"; } | sha)
npm_dir=$cache/npm-$npm_key
step "agents: npm install deploy/agent-image/agents ($npm_key)"
if [ -f "$npm_dir/.complete" ]; then
  note "cached: ${npm_dir#"$repo"/} ($(du -sh "$npm_dir" | cut -f1))"
else
  command -v npm >/dev/null || die "npm is not installed on the host"
  node_major=$(node -p 'process.versions.node.split(".")[0]')
  [ "$node_major" -ge 20 ] || die "the host's Node.js is $(node --version); the agents need >= 20"
  tmp=$(mktemp -d "$cache/npm-tmp.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  cp "$image_dir/agents/package.json" "$image_dir/agents/package-lock.json" "$tmp/"
  # --ignore-scripts: nothing compiles against the host; native code comes from the platform packages
  # (codex-acp-linux-x64, opencode-linux-x64, @lydell/node-pty-linux-x64, sharp-linux-x64).
  # `npm install` with the lock file, not `npm ci`: a registry mirror may lack the other platforms'
  # optional packages (darwin, windows, musl), which `npm ci` refuses as a lock file out of sync.
  # The versions installed are then checked against the lock file.
  (cd "$tmp" && npm install --no-save --os=linux --cpu=x64 --libc=glibc --ignore-scripts --no-audit \
                      --no-fund --loglevel=error)
  (cd "$tmp" && node -e '
    const lock = require("./package-lock.json").packages;
    const got = require("./node_modules/.package-lock.json").packages;
    const bad = Object.keys(got).filter((p) => !lock[p] || lock[p].version !== got[p].version);
    if (bad.length) { console.error("not as locked: " + bad.join(", ")); process.exit(1); }
    console.log("    " + Object.keys(got).length + " packages, all at their locked versions");') \
    || die "npm installed other versions than deploy/agent-image/agents/package-lock.json"
  modules=$tmp/node_modules
  # opencode-ai's postinstall links the platform binary (AVX2 or baseline, as this CPU can run) to
  # bin/opencode.exe and checks that it starts; then the platform packages are dropped (180 MB each).
  # (The link is a hard link, so the binary stays when the package directories go.)
  (cd "$modules/opencode-ai" && node postinstall.mjs) || die "opencode-ai: no runnable linux-x64 binary"
  rm -rf "$modules"/opencode-linux-* "$modules"/opencode-darwin-* "$modules"/opencode-windows-*
  for native in @zed-industries/codex-acp-linux-x64/bin/codex-acp @img/sharp-linux-x64/lib/sharp-linux-x64.node \
                @lydell/node-pty-linux-x64/pty.node opencode-ai/bin/opencode.exe; do
    [ -e "$modules/$native" ] || die "npm did not install $native (linux-x64 optional packages missing?)"
  done
  chmod -R u+rwX,go+rX,go-w "$tmp"
  touch "$tmp/.complete"
  rm -rf "$npm_dir"
  mv "$tmp" "$npm_dir"
  trap - EXIT
  find "$cache" -maxdepth 1 -name 'npm-*' -type d -not -name "npm-$npm_key" -exec rm -rf {} +
  note "$(du -sh "$npm_dir" | cut -f1) ${npm_dir#"$repo"/}"
fi

# Runs the classic builder (it works with every client: a Docker CLI without the buildx plugin cannot
# use BuildKit) with its output indented; fails the script if the build fails.
docker_build() {
  local status
  set +e
  DOCKER_BUILDKIT=0 docker build "$@" 2>&1 | grep -v -e '^DEPRECATED' -e 'legacy builder is deprecated' \
    -e 'BuildKit is currently disabled' -e 'environment-variable\.$' -e 'Install the buildx component' \
    -e 'https://docs.docker.com/go/buildx/' -e '^ *$' | sed 's/^/    /'
  status=${PIPESTATUS[0]}
  set -e
  [ "$status" -eq 0 ] || die "docker build failed"
}

# --- 5. rootfs + agents image ------------------------------------------------------------------------
deps_key=$( { echo "rootfs=$rootfs_key npm=$npm_key"; cat "$image_dir/Dockerfile.agents"; } | sha)
deps_image=octobot/agent-deps:$deps_key
step "agents image: Dockerfile.agents → $deps_image"
if docker image inspect "$deps_image" >/dev/null 2>&1; then
  note "present"
else
  # The context: hard links into the npm cache (no copy), the CLIs' links, the Dockerfile.
  deps_context=$cache/context-agents
  rm -rf "$deps_context"
  mkdir -p "$deps_context/agents" "$deps_context/links"
  cp -al "$npm_dir/node_modules" "$deps_context/agents/node_modules"
  cp "$npm_dir/package.json" "$npm_dir/package-lock.json" "$deps_context/agents/"
  for cli in claude-agent-acp codex-acp gemini opencode npm npx; do
    [ -e "$npm_dir/node_modules/.bin/$cli" ] || die "the agents' packages have no bin '$cli'"
    ln -s "/opt/octobot/agents/node_modules/.bin/$cli" "$deps_context/links/$cli"
  done
  cp "$image_dir/Dockerfile.agents" "$deps_context/Dockerfile"
  docker_build --build-arg BASE_IMAGE="$base_image" --label octobot.rootfs="$rootfs_key" \
    --label octobot.agents="$npm_key" --tag "$deps_image" "$deps_context"
  rm -rf "$deps_context"
fi

# --- 6. our binaries ---------------------------------------------------------------------------------
step "docker build → $tag"
context=$cache/context
rm -rf "$context"
mkdir -p "$context/bin" "$context/lib"
cp "$image_dir/Dockerfile" "$context/Dockerfile"
# cp -p keeps modes and mtimes: the classic builder's COPY cache then matches unchanged binaries.
for name in "${present[@]}"; do cp -p "$bin_dir/$name" "$context/bin/$name"; done
# A dynamically linked binary may need a library Debian 13 lacks (e.g. built on Debian 12 against a
# versioned soname): ship the host's copy in /usr/local/lib/octobot. Static binaries need nothing.
for name in "${present[@]}"; do
  while read -r soname path; do
    if ! grep -qxF "$soname" "$rootfs_libs"; then
      [ -f "$path" ] || die "$name needs $soname, which neither the image nor this host has"
      [ -f "$context/lib/$soname" ] || { cp -L "$path" "$context/lib/$soname"; note "bundling $soname (needed by $name, not in Debian $suite)"; }
    fi
  done < <(ldd "$bin_dir/$name" 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// { print $1, $3 }')
done
note "binaries: ${present[*]:-none}"
old_id=$(docker image inspect --format '{{.Id}}' "$tag" 2>/dev/null || true)
docker_build --build-arg DEPS_IMAGE="$deps_image" --build-arg OCTOBOT_VERSION="$version" \
  --label octobot.rootfs="$rootfs_key" --label octobot.agents="$npm_key" --tag "$tag" "$context"
rm -rf "$context"
new_id=$(docker image inspect --format '{{.Id}}' "$tag")

# Our binaries must load in the image: a missing shared library shows up here, not in a session.
if [ "$new_id" != "$old_id" ] && [ ${#present[@]} -gt 0 ]; then
  args=()
  for name in "${present[@]}"; do args+=("/usr/local/bin/$name"); done
  ldd_output=$(docker run --rm --network none --entrypoint /usr/bin/ldd "$tag" "${args[@]}" 2>&1 || true)
  if grep -qi 'not found' <<<"$ldd_output"; then
    die "a binary cannot load in $tag (ldd in the image):
$ldd_output"
  fi
fi
# The image this build replaced (now untagged) and images of earlier inputs (other package lists or
# agent versions) are dropped; ones that containers still use stay.
if [ -n "$old_id" ] && [ "$old_id" != "$new_id" ] && [ -z "$(docker image inspect --format '{{join .RepoTags ""}}' "$old_id" 2>/dev/null)" ]; then
  docker image rm "$old_id" >/dev/null 2>&1 || true
fi
docker image ls --format '{{.Repository}}:{{.Tag}}' | grep -E '^octobot/agent-(rootfs|deps):' \
  | grep -v -x -e "$base_image" -e "$deps_image" | xargs -r docker image rm >/dev/null 2>&1 || true
echo "    done in $(elapsed "$step_started")"

echo "==> $tag built in $(elapsed "$started")"
docker image ls --format 'table {{.Repository}}:{{.Tag}}\t{{.ID}}\t{{.Size}}' | awk 'NR == 1 || /^octobot\/agent/'
