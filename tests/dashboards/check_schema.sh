#!/usr/bin/env bash
# ctest dashboards_schema: every dashboards/*.json type-checks against @grafana/schema.
# Each dashboard is wrapped in a .ts file (wrap_dashboards.mjs) and compiled by tsc --noEmit:
# the dashboard as a whole as `Dashboard`, every panel with its plugin's Options and
# FieldConfig types, unknown keys rejected by the excess-property check.
# Usage: check_schema.sh [WORK_DIR]   (default: a folder in the system temp dir)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${1:-${TMPDIR:-/tmp}/five9-dashboards-schema}
# shellcheck source=npm_env.sh
. "$here/npm_env.sh"
npm_prepare "$here" "$work"

out=$(mktemp -d "$work/wrap.XXXXXX")
trap 'rm -rf "$out"' EXIT
ln -s "$work/node_modules" "$out/node_modules"
cp "$here/tsconfig.json" "$out/tsconfig.json"
shopt -s nullglob
dashboards=("$root"/dashboards/*.json)
if [ ${#dashboards[@]} -eq 0 ]; then
  echo "FAIL: no dashboards/*.json"
  exit 1
fi
node "$here/wrap_dashboards.mjs" "$out" "${dashboards[@]}"
if "$work/node_modules/.bin/tsc" -p "$out/tsconfig.json"; then
  echo "OK: ${#dashboards[@]} dashboards type-check against @grafana/schema" \
       "$(node -p "require('$work/node_modules/@grafana/schema/package.json').version")"
else
  echo "FAIL: a dashboard does not match @grafana/schema (errors above; line numbers refer" \
       "to the generated .ts wrappers, rerun wrap_dashboards.mjs to inspect them)"
  exit 1
fi
