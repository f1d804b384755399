#!/usr/bin/env bash
# Builds the runtime base image `agent-runner-base:local` without any container registry: a Debian bookworm
# minbase root filesystem from the Debian mirror (debootstrap) plus this machine's Node 20 and npm. bookworm has the
# same glibc (2.36) as the build host, which the Node binary and Temporal's native bridge (glibc, not musl) need.
#
# Idempotent: skips when the image exists and carries the same Node version; the debootstrap root filesystem is
# cached as a tarball under $AGENT_RUNNER_CACHE_DIR (default ~/.cache/agent-runner-ci), so a rebuild takes seconds.
# Usage: docker/build-base-image.sh [image-tag]   (FORCE=1 rebuilds the image; the rootfs cache is kept)
set -euo pipefail

IMAGE=${1:-agent-runner-base:local}
SUITE=bookworm
PACKAGES=tini,bash,ca-certificates
CACHE_DIR=${AGENT_RUNNER_CACHE_DIR:-$HOME/.cache/agent-runner-ci}/base-image
ROOTFS_TAR="$CACHE_DIR/$SUITE-minbase-${PACKAGES//,/-}.tar"
ROOTFS_IMAGE="agent-runner-rootfs:$SUITE"

log() { echo "[build-base-image] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

command -v docker >/dev/null || die "docker client not found"
docker info >/dev/null 2>&1 || die "no Docker engine answers (start dockerd first)"

NODE_BIN=$(command -v node) || die "node not found on this machine"
NODE_BIN=$(readlink -f "$NODE_BIN")
NODE_VERSION=$("$NODE_BIN" --version)
case "$NODE_VERSION" in v20.*) ;; *) die "host node is $NODE_VERSION; the image needs Node 20" ;; esac
NODE_PREFIX=$(dirname "$(dirname "$NODE_BIN")")
NPM_DIR="$NODE_PREFIX/lib/node_modules/npm"
[ -f "$NPM_DIR/bin/npm-cli.js" ] || die "npm not found at $NPM_DIR"

if [ -z "${FORCE:-}" ] && [ "$(docker image inspect -f '{{ index .Config.Labels "agent-runner.node-version" }}' "$IMAGE" 2>/dev/null)" = "$NODE_VERSION" ]; then
  log "$IMAGE exists with node $NODE_VERSION; nothing to do"
  exit 0
fi

# The Debian mirror this machine's apt uses (deb822 or one-line format), else the public one.
debian_mirror() {
  local uri
  uri=$(grep -h -E '^URIs:.*/debian/?$' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n1 | awk '{print $2}') || true
  [ -n "$uri" ] || uri=$(grep -h -E '^deb .*/debian/? bookworm' /etc/apt/sources.list 2>/dev/null | head -n1 | awk '{print $2}') || true
  echo "${uri:-http://deb.debian.org/debian}"
}

if [ ! -s "$ROOTFS_TAR" ]; then
  command -v debootstrap >/dev/null || {
    log "installing debootstrap"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
  }
  [ "$(id -u)" -eq 0 ] || die "debootstrap needs root"
  mirror=$(debian_mirror)
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  log "debootstrap $SUITE (minbase + $PACKAGES) from $mirror; first run only, ~1-2 min"
  debootstrap --variant=minbase --include="$PACKAGES" "$SUITE" "$work/rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 ||
    { tail -n 30 "$work/debootstrap.log" >&2; die "debootstrap failed"; }
  # Slim: package lists, caches, docs and manuals are not needed at run time.
  rm -rf "$work/rootfs"/var/lib/apt/lists/* "$work/rootfs"/var/cache/apt/* "$work/rootfs"/usr/share/doc/* \
    "$work/rootfs"/usr/share/man/* "$work/rootfs"/usr/share/info/* "$work/rootfs"/var/log/*
  mkdir -p "$CACHE_DIR"
  tar --numeric-owner -C "$work/rootfs" -cf "$ROOTFS_TAR.tmp" .
  mv "$ROOTFS_TAR.tmp" "$ROOTFS_TAR"
  rm -rf "$work"
  trap - EXIT
fi

# Removes an image this script replaced (the tag moved on), so rebuilds do not pile up untagged layers.
drop_replaced() { # old-id tag
  [ -n "$1" ] && [ "$1" != "$(docker image inspect -f '{{.Id}}' "$2" 2>/dev/null)" ] && docker rmi "$1" >/dev/null 2>&1 || true
}

if ! docker image inspect "$ROOTFS_IMAGE" >/dev/null 2>&1 || [ -n "${FORCE:-}" ]; then
  log "importing $ROOTFS_TAR as $ROOTFS_IMAGE"
  old_rootfs=$(docker image inspect -f '{{.Id}}' "$ROOTFS_IMAGE" 2>/dev/null || true)
  docker import "$ROOTFS_TAR" "$ROOTFS_IMAGE" >/dev/null
fi

# Node layer: a tiny build context with the host's node binary and npm, on top of the imported rootfs (local image,
# so the classic builder never contacts a registry).
ctx=$(mktemp -d)
trap 'rm -rf "$ctx"' EXIT
mkdir -p "$ctx/node/bin" "$ctx/node/lib/node_modules"
cp "$NODE_BIN" "$ctx/node/bin/node"
cp -a "$NPM_DIR" "$ctx/node/lib/node_modules/npm"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$ctx/node/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$ctx/node/bin/npx"
cat >"$ctx/Dockerfile" <<DOCKERFILE
FROM $ROOTFS_IMAGE
COPY node/ /usr/local/
ENV LANG=C.UTF-8 PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
RUN node --version && npm --version && tini --version && bash --version | head -n1
LABEL agent-runner.node-version="$NODE_VERSION" agent-runner.base="debian-$SUITE-minbase"
CMD ["bash"]
DOCKERFILE
log "building $IMAGE (node $NODE_VERSION)"
old_image=$(docker image inspect -f '{{.Id}}' "$IMAGE" 2>/dev/null || true)
if ! DOCKER_BUILDKIT=0 docker build --force-rm -t "$IMAGE" "$ctx" >"$ctx.log" 2>&1; then
  tail -n 30 "$ctx.log" >&2
  rm -f "$ctx.log"
  die "docker build of $IMAGE failed"
fi
rm -f "$ctx.log"
drop_replaced "$old_image" "$IMAGE"
drop_replaced "${old_rootfs:-}" "$ROOTFS_IMAGE"
log "built $IMAGE"
