# agent-runner image: a Temporal activity worker (task queue agent_execution_runner).
#
# BASE_IMAGE must be a glibc Debian-like image with Node 20 (Temporal's native bridge needs glibc, not musl).
# Without a registry, build one first with docker/build-base-image.sh and pass
#   --build-arg BASE_IMAGE=agent-runner-base:local
# Build stages install npm packages with --ignore-scripts: no install script is needed (TypeScript compile only;
# native modules ship prebuilt), and none can reach out to other hosts. `npm ci` falls back to `npm install` (same
# locked versions) when the registry lacks another platform's optional binaries and so npm ci rejects the lock file.
ARG BASE_IMAGE=node:20-bookworm-slim

# ---- build: compile TypeScript to dist/ ----
FROM ${BASE_IMAGE} AS build
LABEL agent-runner.build-stage=true
WORKDIR /src
COPY docker/build-ca-certificates/ /tmp/build-ca/
COPY package.json package-lock.json ./
RUN set -eu; \
    if ls /tmp/build-ca/*.crt >/dev/null 2>&1; then cat /tmp/build-ca/*.crt > /tmp/build-ca.pem; export NODE_EXTRA_CA_CERTS=/tmp/build-ca.pem; fi; \
    npm ci --ignore-scripts --no-audit --no-fund --loglevel=error \
    || { echo 'WARNING: npm ci refused package-lock.json; installing the locked versions with npm install' >&2; \
         npm install --ignore-scripts --no-audit --no-fund --loglevel=error; }
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# ---- prod-deps: production node_modules only ----
# Pruning the build stage's tree gives the same packages as `npm ci --omit=dev` from the same lock file, without a
# second download of every production package.
FROM build AS prod-deps
RUN npm prune --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error && rm -rf /src/dist

# ---- runtime ----
FROM ${BASE_IMAGE}
# tini reaps zombies and forwards SIGTERM; bash runs the local sandbox's `bash -lc`. Installed only if the base lacks them.
RUN if ! command -v tini >/dev/null || ! command -v bash >/dev/null || [ ! -d /etc/ssl/certs ]; then \
      apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends tini bash ca-certificates \
      && rm -rf /var/lib/apt/lists/*; \
    fi \
    && groupadd --system --gid 10001 agent \
    && useradd --system --uid 10001 --gid 10001 --home-dir /home/agent --create-home --shell /bin/bash agent \
    && mkdir -p /workspace /var/cache/agent-runner /app \
    && chown 10001:10001 /workspace /var/cache/agent-runner

WORKDIR /app
ENV NODE_ENV=production \
    HOME=/home/agent \
    SANDBOX_ROOT_DIR=/workspace \
    SKILL_CACHE_DIR=/var/cache/agent-runner/skills \
    AGENT_RUNNER_DATA_DIR=/home/agent/.agent-runner \
    AGENT_RUNNER_HTTP_HOST=0.0.0.0 \
    AGENT_RUNNER_HTTP_PORT=9464

COPY --from=prod-deps /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY package.json ./
COPY bin ./bin
COPY docker/healthcheck.js ./docker/healthcheck.js

USER 10001:10001
VOLUME ["/workspace"]
EXPOSE 9464
# The worker drains in-flight activities on SIGTERM (TEMPORAL_SHUTDOWN_GRACE_SECONDS); tini passes it on.
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 CMD ["node", "/app/docker/healthcheck.js"]
ENTRYPOINT ["tini", "--", "node", "bin/agent-runner.js"]
CMD ["worker"]
