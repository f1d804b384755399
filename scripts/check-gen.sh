#!/usr/bin/env bash
# Fails when the committed generated protobuf code differs from what `npm run gen` produces now.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
npx --no-install buf generate --template '{"version":"v2","inputs":[{"directory":"proto"}],"plugins":[{"local":"node_modules/.bin/protoc-gen-es","out":"'"$tmp"'","opt":["target=ts","import_extension=none"]}]}' 
if ! diff -r "$tmp" src/adapters/proto/gen >/dev/null; then
  echo "Generated protobuf code is stale: run 'npm run gen' and commit src/adapters/proto/gen." >&2
  diff -r "$tmp" src/adapters/proto/gen | head -40 >&2
  exit 1
fi
echo "generated protobuf code is up to date"
