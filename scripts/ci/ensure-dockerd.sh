#!/usr/bin/env bash
# Makes sure a Docker engine answers: starts dockerd in the background (root only) when none does, then waits for
# `docker info`. Leaves an engine it started running for later steps; its log is $AGENT_RUNNER_CACHE_DIR/dockerd.log.
set -euo pipefail

CACHE_DIR=${AGENT_RUNNER_CACHE_DIR:-$HOME/.cache/agent-runner-ci}
TIMEOUT=${DOCKERD_START_TIMEOUT_SECONDS:-60}

docker info >/dev/null 2>&1 && exit 0
command -v dockerd >/dev/null || { echo "[ensure-dockerd] ERROR: dockerd not installed (scripts/install-system-deps.sh installs docker.io)" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || { echo "[ensure-dockerd] ERROR: no Docker engine answers and starting one needs root" >&2; exit 1; }

mkdir -p "$CACHE_DIR"
echo "[ensure-dockerd] starting dockerd (log: $CACHE_DIR/dockerd.log)" >&2
nohup dockerd >"$CACHE_DIR/dockerd.log" 2>&1 &
pid=$!
for _ in $(seq 1 "$TIMEOUT"); do
  docker info >/dev/null 2>&1 && { echo "[ensure-dockerd] dockerd ready (pid $pid)" >&2; exit 0; }
  kill -0 "$pid" 2>/dev/null || break
  sleep 1
done
tail -n 30 "$CACHE_DIR/dockerd.log" >&2 || true
echo "[ensure-dockerd] ERROR: dockerd did not become ready within ${TIMEOUT}s" >&2
exit 1
