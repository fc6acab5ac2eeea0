#!/usr/bin/env bash
# ctest webconv_openapi: prepares the pinned npm packages (package-lock.json) in the build
# tree, then runs openapi_test.py. Exits 77 (skipped) without node/npm or registry access.
# Usage: check_openapi.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../dashboards/npm_env.sh
. "$here/../dashboards/npm_env.sh"
export NPM_DIR=$1/tests/webconv/npm
npm_prepare "$here" "$NPM_DIR"
exec python3 "$here/openapi_test.py" "$1" "$2"
