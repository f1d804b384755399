#!/usr/bin/env bash
# Builds the sandbox image the Docker tests use, locally and without any registry: a root filesystem made of the
# host's static busybox (Debian package busybox-static) plus passwd/group entries, imported with `docker import`.
# It has sh and every POSIX tool deepagents' BaseSandbox runs (find, stat, awk, grep, test, rm, mkdir, cat, base64,
# kill), a non-root user `sandbox` (1000:1000) owning /workspace, and runs `sleep infinity` by default.
#
# Idempotent and fast: the image carries a label with the hash of its inputs and is not rebuilt when it matches.
# Usage: build-test-image.sh [image-name]   (DOCKER_HOST is honoured, as by the docker CLI)
set -euo pipefail

image="${1:-agent-runner-sandbox-test:busybox}"
busybox="$(command -v busybox || true)"
if [ -z "$busybox" ]; then
  echo "busybox not found: install the Debian package busybox-static" >&2
  exit 1
fi
busybox="$(readlink -f "$busybox")"
if ! "$busybox" --list >/dev/null 2>&1 || ldd "$busybox" >/dev/null 2>&1; then
  echo "$busybox is not a static busybox: install the Debian package busybox-static" >&2
  exit 1
fi

inputs_hash="$( (sha256sum "$busybox" "$0" | cut -d' ' -f1) | sha256sum | cut -c1-32)"
current="$(docker image inspect "$image" --format '{{ index .Config.Labels "ai.stigmer.test-image.inputs" }}' 2>/dev/null || true)"
if [ "$current" = "$inputs_hash" ]; then
  echo "$image is up to date"
  exit 0
fi

rootfs="$(mktemp -d)"
trap 'rm -rf "$rootfs"' EXIT
mkdir -p "$rootfs"/{bin,etc,tmp,workspace,root,home/sandbox,proc,sys,dev,usr/bin,var/tmp}
cp "$busybox" "$rootfs/bin/busybox"
for applet in $("$busybox" --list); do
  [ "$applet" = busybox ] || ln -s busybox "$rootfs/bin/$applet"
done
ln -s ../../bin/env "$rootfs/usr/bin/env"
cat >"$rootfs/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/bin/sh
sandbox:x:1000:1000:sandbox:/home/sandbox:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
PASSWD
cat >"$rootfs/etc/group" <<'GROUP'
root:x:0:
sandbox:x:1000:
nogroup:x:65534:
GROUP
chmod 1777 "$rootfs/tmp" "$rootfs/var/tmp"
chown 1000:1000 "$rootfs/workspace" "$rootfs/home/sandbox"

tar -C "$rootfs" --numeric-owner -cf - . | docker import \
  --change 'WORKDIR /workspace' \
  --change 'USER 1000:1000' \
  --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
  --change 'CMD ["sleep", "infinity"]' \
  --change "LABEL ai.stigmer.test-image.inputs=$inputs_hash" \
  - "$image" >/dev/null
echo "built $image"
