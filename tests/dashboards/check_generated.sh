#!/usr/bin/env bash
# ctest dashboards_generated_in_sync: dashboards/*.json are exactly what
# dashboards/generate.py produces (edit the generator, never only the JSON).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
python3 "$root/dashboards/generate.py" "$out"
status=0
for f in "$out"/*.json; do
  name=$(basename "$f")
  if ! diff -u "$root/dashboards/$name" "$f"; then
    echo "FAIL: dashboards/$name differs from dashboards/generate.py's output;" \
         "run: python3 dashboards/generate.py"
    status=1
  fi
done
for f in "$root"/dashboards/*.json; do
  if [ ! -e "$out/$(basename "$f")" ]; then
    echo "FAIL: dashboards/$(basename "$f") is not produced by dashboards/generate.py"
    status=1
  fi
done
[ $status -eq 0 ] && echo "OK: $(ls "$out" | wc -l) dashboards match the generator"
exit $status
