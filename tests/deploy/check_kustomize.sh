#!/usr/bin/env bash
# ctest deploy_kustomize: `kubectl kustomize` renders deploy/kubernetes/base and every
# overlay, and each rendering validates offline (validate_manifests.mjs: kubernetes-models
# schemas, policy of issue 6; then tsc over the objects typed with the models' interfaces,
# which rejects unknown fields). (The PrometheusRule's freshness is ctest
# deploy_prometheusrule_in_sync; here its content is compared with dashboards/rules.)
# Usage: check_kustomize.sh [WORK_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${1:-${TMPDIR:-/tmp}/five9-deploy-kustomize}

if ! command -v kubectl >/dev/null 2>&1; then
  echo "SKIP: kubectl is not installed (needed for kubectl kustomize)"
  exit 77
fi
# kustomize components and the `labels` field need Kustomize >= 4.5.7 (kubectl >= 1.24);
# Debian 12's kubernetes-client (kubectl 1.20, Kustomize 2) is too old.
kversion=$(kubectl version --client 2>/dev/null | sed -n 's/^Kustomize Version: v\{0,1\}//p')
if [ -z "$kversion" ] || [ "$(printf "%s\n" 4.5.7 "$kversion" | sort -V | head -1)" != 4.5.7 ]; then
  echo "SKIP: kubectl's Kustomize ${kversion:-(unknown)} is older than 4.5.7 (need kubectl >= 1.24)"
  exit 77
fi
# shellcheck source=../dashboards/npm_env.sh
. "$root/tests/dashboards/npm_env.sh"
npm_prepare "$here" "$work"

out=$(mktemp -d "$work/render.XXXXXX")
trap 'rm -rf "$out"' EXIT
ln -s "$work/node_modules" "$out/node_modules"
cp "$here/tsconfig.json" "$out/tsconfig.json"
# Node resolves packages from the script's folder: run a copy beside node_modules.
cp "$here/validate_manifests.mjs" "$out/validate_manifests.mjs"
export FIVE9_SOURCE_DIR=$root

status=0
dirs=("$root/deploy/kubernetes/base" "$root"/deploy/kubernetes/overlays/*/)
for dir in "${dirs[@]}"; do
  dir=${dir%/}
  name=$(basename "$dir")
  if ! kubectl kustomize "$dir" >"$out/$name.yaml"; then
    echo "FAIL: kubectl kustomize $dir"
    status=1
    continue
  fi
  echo "== $name"
  node "$out/validate_manifests.mjs" "$out/$name.yaml" "$out/${name//-/_}.ts" || status=1
done
if ! "$work/node_modules/.bin/tsc" -p "$out/tsconfig.json"; then
  echo "FAIL: a rendered object has a field its Kubernetes type does not know (above)"
  status=1
fi
[ $status -eq 0 ] && echo "OK: ${#dirs[@]} kustomizations render and validate"
exit $status
