#!/usr/bin/env bash
# CI's clang-tidy gate: the project's .clang-tidy (every listed check is an error) over every
# translation unit of BUILD_DIR's compile_commands.json that is ours (exporter/, simulator/,
# bench/, fuzz/, tests/), JOBS at a time. Usage: tidy.sh BUILD_DIR [JOBS]
set -euo pipefail
build=$(cd "${1:?usage: tidy.sh BUILD_DIR [JOBS]}" && pwd)
jobs=${2:-$(nproc)}
src=$(cd "$(dirname "$0")/.." && pwd)
tidy=$(command -v clang-tidy || command -v clang-tidy-14 || true)
[ -n "$tidy" ] || { echo "tidy: clang-tidy is not installed" >&2; exit 1; }
[ -f "$build/compile_commands.json" ] || { echo "tidy: $build/compile_commands.json missing (configure first)" >&2; exit 1; }
mapfile -t units < <(python3 - "$build/compile_commands.json" "$src" <<'PY'
import json, os, sys
src = sys.argv[2]
for entry in json.load(open(sys.argv[1])):
    path = os.path.realpath(os.path.join(entry["directory"], entry["file"]))
    rel = os.path.relpath(path, src)
    if rel.split(os.sep)[0] in ("exporter", "simulator", "bench", "fuzz", "tests"):
        print(path)
PY
)
log=$(mktemp)
status=0
printf '%s\n' "${units[@]}" | sort -u |
  xargs -P "$jobs" -n 4 "$tidy" -p "$build" --quiet >"$log" 2>&1 || status=$?
if [ "$status" -ne 0 ] || grep -q "error:" "$log"; then
  grep -E "error:|warning:" "$log" | sort -u | head -50
  echo "tidy: clang-tidy found problems (above)"
  exit 1
fi
echo "tidy: ${#units[@]} translation units clean"
