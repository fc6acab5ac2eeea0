#!/usr/bin/env bash
# Runs the test binaries that read the Five9 reference folder once more with
# FIVE9_REFERENCE_DIR pointed at a folder that does not exist (a fresh clone without
# ../shared): every test must pass or skip, none may fail, and at least one must skip
# (otherwise the variable no longer reaches the tests and this check proves nothing).
# Usage: check-reference-skips.sh BUILD_DIR   (the list: BUILD_DIR/reference_test_binaries.txt)
set -euo pipefail
build=${1:?usage: check-reference-skips.sh BUILD_DIR}
list="$build/reference_test_binaries.txt"
[ -f "$list" ] || { echo "check-reference-skips: $list missing (configure first)"; exit 1; }

missing=$(mktemp -d)/no-reference-here
total_skipped=0
status=0
while read -r binary; do
  [ -n "$binary" ] || continue
  log=$(mktemp)
  if env -u FIVE9_REQUIRE_REFERENCE FIVE9_REFERENCE_DIR="$missing" "$binary" >"$log" 2>&1; then
    skipped=$(grep -c '^\[  SKIPPED \] .*(' "$log" || true)
    echo "reference-absent: $(basename "$binary"): ok, $skipped skipped"
    total_skipped=$((total_skipped + skipped))
  else
    echo "reference-absent: $(basename "$binary") FAILED without the reference folder:"
    grep -E '^\[  FAILED  \]|Failure|error' "$log" | head -40
    status=1
  fi
  rm -f "$log"
done <"$list"
if [ "$status" -eq 0 ] && [ "$total_skipped" -eq 0 ]; then
  echo "reference-absent: no test skipped: FIVE9_REFERENCE_DIR is not honoured"
  status=1
fi
exit "$status"
