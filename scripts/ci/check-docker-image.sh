#!/usr/bin/env bash
# Builds the runtime image with no container registry and checks it behaves:
#   - `--help` prints the CLI usage naming the `worker` command;
#   - it runs as uid 10001 with tini as PID 1;
#   - started as a worker whose Temporal is unreachable, it still serves /healthz (200), /readyz (503, not ready)
#     and /metrics (agent_runner_* series), and its Docker HEALTHCHECK command passes;
#   - it stops on SIGTERM (docker stop) without being killed.
# Removes the containers and the agent-runner:ci image it made; keeps the cached base image (agent-runner-base:local)
# so later runs skip debootstrap. Takes ~4-5 min, almost all of it the npm install inside the build.
# Usage: scripts/ci/check-docker-image.sh [build-context-dir]
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CONTEXT=$(cd "${1:-$ROOT}" && pwd)
IMAGE=agent-runner:ci
BASE_IMAGE=agent-runner-base:local
NAME="agent-runner-ci-$$"
export DOCKER_BUILDKIT=0 # the classic builder uses the local base image and needs no buildx plugin

log() { echo "[check-docker-image] +${SECONDS}s $*" >&2; }
fail() { log "FAIL: $*"; exit 1; }

[ -f "$CONTEXT/bin/agent-runner.js" ] || fail "$CONTEXT/bin/agent-runner.js (the CLI entry point) is missing"

ca_dir="$CONTEXT/docker/build-ca-certificates"
cleanup() {
  docker rm -f "$NAME" >/dev/null 2>&1 || true
  docker rmi -f "$IMAGE" >/dev/null 2>&1 || true
  # Intermediate build-stage images left by the classic builder. KEEP_DOCKER_BUILD_CACHE=1 keeps them, so the next
  # run with the same package-lock.json reuses the npm install layer (build ~1 min instead of ~4).
  [ -n "${KEEP_DOCKER_BUILD_CACHE:-}" ] || docker image prune -f --filter "label=agent-runner.build-stage=true" >/dev/null 2>&1 || true
  find "$ca_dir" -maxdepth 1 -name 'ci-*.crt' -delete 2>/dev/null || true
}
trap cleanup EXIT

bash "$ROOT/scripts/ci/ensure-dockerd.sh"
bash "$ROOT/docker/build-base-image.sh" "$BASE_IMAGE"

# A TLS-intercepting proxy between this machine and the npm registry needs its CA inside the build stages too.
for crt in /usr/local/share/ca-certificates/*.crt; do
  [ -f "$crt" ] && cp "$crt" "$ca_dir/ci-$(basename "$crt")"
done

log "docker build $IMAGE"
start=$SECONDS
build_log=$(mktemp)
# --force-rm: a failed step leaves no stopped container holding its image.
if ! docker build --force-rm --build-arg BASE_IMAGE="$BASE_IMAGE" -t "$IMAGE" "$CONTEXT" >"$build_log" 2>&1; then
  tail -n 60 "$build_log" >&2
  fail "docker build failed"
fi
rm -f "$build_log"
log "built in $((SECONDS - start))s; size $(docker image inspect -f '{{.Size}}' "$IMAGE" | awk '{printf "%d MB", $1/1000000}')"

help=$(docker run --rm "$IMAGE" --help 2>&1) || fail "--help exited non-zero: $help"
grep -q worker <<<"$help" || fail "--help does not mention the worker command: $help"
log "ok: --help mentions worker"

user=$(docker run --rm --entrypoint id "$IMAGE" -u)
[ "$user" = 10001 ] || fail "runs as uid $user, expected 10001"
entry=$(docker image inspect -f '{{json .Config.Entrypoint}}' "$IMAGE")
[[ "$entry" == '["tini","--",'* ]] || fail "entrypoint $entry does not start with tini"
docker run --rm --entrypoint bash "$IMAGE" -lc 'test -w /workspace' || fail "/workspace is not writable by the runtime user"
log "ok: uid 10001, tini entrypoint, writable /workspace, bash -lc works"

# Temporal and the backend point at a closed port: the worker cannot connect, yet the health server must come up.
docker run -d --name "$NAME" -p 127.0.0.1::9464 \
  -e MODE=local -e TEMPORAL_SERVICE_ADDRESS=127.0.0.1:1 -e STIGMER_BACKEND_ENDPOINT=127.0.0.1:1 \
  -e STIGMER_LLM_PROVIDER=scripted -e LOG_LEVEL=info "$IMAGE" >/dev/null
port=$(docker port "$NAME" 9464/tcp | head -n1 | sed 's/.*://')
status() { curl -s -o /dev/null -w '%{http_code}' --max-time 3 "http://127.0.0.1:$port$1" || true; }

healthy=""
for _ in $(seq 1 60); do
  [ "$(status /healthz)" = 200 ] && { healthy=1; break; }
  [ "$(docker inspect -f '{{.State.Running}}' "$NAME")" = true ] || break
  sleep 1
done
if [ -z "$healthy" ]; then
  docker logs --tail 40 "$NAME" >&2 || true
  fail "/healthz did not answer 200 within 60s"
fi
log "ok: /healthz 200 while Temporal is unreachable"

ready=$(status /readyz)
[ "$ready" = 503 ] || fail "/readyz answered $ready, expected 503 while Temporal is unreachable"
# Read the whole body first: `curl | grep -q` fails under pipefail when grep stops reading early (SIGPIPE).
metrics=$(curl -s --max-time 3 "http://127.0.0.1:$port/metrics" || true)
grep -q '^agent_runner_' <<<"$metrics" || fail "/metrics has no agent_runner_ series"
docker exec "$NAME" node /app/docker/healthcheck.js || fail "the image's HEALTHCHECK command failed"
log "ok: /readyz 503, /metrics, HEALTHCHECK command"

docker stop -t 45 "$NAME" >/dev/null
code=$(docker inspect -f '{{.State.ExitCode}}' "$NAME")
[ "$code" != 137 ] || fail "the worker ignored SIGTERM and was killed"
log "ok: stopped on SIGTERM (exit code $code)"
log "PASS"
