# Sourced by the test scripts that need npm packages (tests/dashboards, tests/deploy).
# npm_prepare SRC_DIR WORK_DIR: makes WORK_DIR/node_modules match SRC_DIR/package-lock.json,
# running `npm ci` there when node_modules is absent or the lock changed. The packages live
# in the build tree, never in the source tree. Exits 77 (ctest SKIP_RETURN_CODE) with a clear
# message when node/npm are missing or the npm registry cannot be reached.
npm_prepare() {
  local src=$1 work=$2
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "SKIP: node and npm are not installed (Debian packages nodejs npm)"
    exit 77
  fi
  mkdir -p "$work"
  if [ -d "$work/node_modules" ] && cmp -s "$src/package-lock.json" "$work/package-lock.json"; then
    return 0
  fi
  cp "$src/package.json" "$src/package-lock.json" "$work/"
  echo "npm ci in $work"
  if ! (cd "$work" && npm ci --no-audit --no-fund --loglevel=error); then
    rm -f "$work/package-lock.json"  # retry next time
    echo "SKIP: npm ci failed (is the npm registry reachable?)"
    exit 77
  fi
}
