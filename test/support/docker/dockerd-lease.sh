#!/usr/bin/env bash
# Shares one Docker daemon between test files (run under flock by docker-harness.ts).
#   acquire <lease-id>  prints docker_host=… and image=…; starts dockerd when none answers, builds the test image
#   release <lease-id>  drops the lease; stops the dockerd this script started once no live lease remains
# A daemon that was already running (DOCKER_HOST or /var/run/docker.sock) is used as is and never stopped.
set -uo pipefail

state="${AGENT_RUNNER_TEST_DOCKER_STATE:-/tmp/agent-runner-test-dockerd}"
own_host="unix://$state/docker.sock"
image="${AGENT_RUNNER_TEST_SANDBOX_IMAGE:-agent-runner-sandbox-test:busybox}"
here="$(cd "$(dirname "$0")" && pwd)"
build_image="$here/../../../scripts/sandbox-image/build-test-image.sh"
mkdir -p "$state/leases"

answers() { DOCKER_HOST="$1" timeout 10 docker info >/dev/null 2>&1; }

prune_dead_leases() {
  local file pid
  for file in "$state"/leases/*; do
    [ -e "$file" ] || continue
    pid="${file##*/}"; pid="${pid%%-*}"
    kill -0 "$pid" 2>/dev/null || rm -f "$file"
  done
}

start_own_daemon() {
  if [ "$(id -u)" -ne 0 ]; then echo "reason=dockerd needs root to start and no Docker daemon answers" ; return 1; fi
  command -v dockerd >/dev/null || { echo "reason=dockerd is not installed (Debian package docker.io)"; return 1; }
  rm -f "$state/docker.sock"
  setsid nohup dockerd --host "$own_host" --data-root "$state/data" --exec-root "$state/exec" \
    --pidfile "$state/dockerd.pid" >"$state/dockerd.log" 2>&1 </dev/null &
  for _ in $(seq 1 120); do
    answers "$own_host" && { touch "$state/started"; return 0; }
    sleep 0.5
  done
  echo "reason=dockerd did not answer within 60 s; last log lines: $(tail -n 5 "$state/dockerd.log" | tr '\n' ' ')"
  return 1
}

case "${1:-}" in
  acquire)
    lease="${2:?lease id}"
    prune_dead_leases
    if [ -e "$state/started" ] && answers "$own_host"; then
      host="$own_host"
    elif answers "${DOCKER_HOST:-unix:///var/run/docker.sock}"; then
      host="${DOCKER_HOST:-unix:///var/run/docker.sock}"
    else
      rm -f "$state/started"
      start_own_daemon || exit 1
      host="$own_host"
    fi
    [ "$host" = "$own_host" ] && touch "$state/leases/$lease"
    if ! out="$(DOCKER_HOST="$host" bash "$build_image" "$image" 2>&1)"; then
      echo "reason=could not build the sandbox test image: $(echo "$out" | tail -n 3 | tr '\n' ' ')"
      exit 1
    fi
    echo "docker_host=$host"
    echo "image=$image"
    ;;
  release)
    rm -f "$state/leases/${2:?lease id}"
    prune_dead_leases
    if [ -e "$state/started" ] && [ -z "$(ls -A "$state/leases")" ]; then
      pid="$(cat "$state/dockerd.pid" 2>/dev/null)"
      if [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null; then
        for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      fi
      rm -f "$state/started"
    fi
    ;;
  *)
    echo "usage: $0 acquire|release <lease-id>" >&2
    exit 2
    ;;
esac
