#!/usr/bin/env python3
"""Writes standalone, strict Kubernetes JSON schemas for kubeconform, offline.

The PyPI wheel `kubernetes-validate` ships the Kubernetes OpenAPI as JSON schemas, but each kind's file points into a
shared `_definitions.json` by an absolute URL (https://kubernetes.io/api/_definitions.json), which kubeconform would
try to download. This copies every top-level kind's schema with the definitions it reaches embedded under `$defs`, so
each file stands alone. File names follow kubeconform's `{{ .ResourceKind }}{{ .KindSuffix }}.json` convention
(deployment-apps-v1.json, service-v1.json, ...).

Usage: k8s-json-schemas.py <kubernetes_validate wheel> <kubernetes version, e.g. 1.33.0> <output dir>
"""
import json
import re
import sys
import zipfile

SHARED_REF = re.compile(r"^/api/_definitions\.json#/\$defs/(.+)$")
LOCAL_REF = re.compile(r"^#/\$defs/(.+)$")


def rewrite(node, found):
    """Points shared-definition refs at the embedded $defs, collecting the names reached."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                match = SHARED_REF.match(value) or LOCAL_REF.match(value)
                if match:
                    found.add(match.group(1))
                    value = "#/$defs/" + match.group(1)
            out[key] = rewrite(value, found)
        return out
    if isinstance(node, list):
        return [rewrite(item, found) for item in node]
    return node


def standalone(schema, definitions):
    found = set()
    top = rewrite(schema, found)
    embedded, pending = {}, list(found)
    while pending:
        name = pending.pop()
        if name in embedded:
            continue
        if name not in definitions:
            raise SystemExit(f"definition {name} is missing from _definitions.json")
        reached = set()
        embedded[name] = rewrite(definitions[name], reached)
        pending.extend(reached - embedded.keys())
    top.pop("$id", None)  # an https $id would make relative refs resolve against the network
    if embedded:
        top["$defs"] = dict(sorted(embedded.items()))
    return top


def main(wheel, version, out_dir):
    import os

    prefix = f"kubernetes_validate/kubernetes-json-schema/v{version}-local-strict/"
    with zipfile.ZipFile(wheel) as zf:
        names = [n for n in zf.namelist() if n.startswith(prefix) and n.endswith(".json")]
        if not names:
            raise SystemExit(f"{wheel} has no schemas for Kubernetes {version}")
        definitions = json.loads(zf.read(prefix + "_definitions.json"))["$defs"]
        os.makedirs(out_dir, exist_ok=True)
        written = 0
        for name in names:
            base = name[len(prefix):]
            if base == "_definitions.json":
                continue
            schema = json.loads(zf.read(name))
            if "x-kubernetes-group-version-kind" not in schema:
                continue  # only top-level kinds are validated
            with open(os.path.join(out_dir, base), "w") as fh:
                json.dump(standalone(schema, definitions), fh, separators=(",", ":"))
            written += 1
    print(f"wrote {written} standalone strict schemas for Kubernetes {version} to {out_dir}")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    main(*sys.argv[1:])
