#!/usr/bin/env bash
# CI's format gate: every tracked C++ file is as clang-format (.clang-format) would write it.
# Prints each file that differs and how to fix it; exit 1 if any does.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v clang-format >/dev/null || { echo "check-format: clang-format is not installed" >&2; exit 1; }
mapfile -t files < <(git ls-files '*.cc' '*.h')
bad=$(clang-format --dry-run "${files[@]}" 2>&1 | sed -n 's/^\([^:]*\):[0-9]*:[0-9]*: warning:.*/\1/p' | sort -u)
if [ -n "$bad" ]; then
  echo "check-format: these files differ from clang-format (fix: make format):"
  printf '  %s\n' $bad
  exit 1
fi
echo "check-format: ${#files[@]} files formatted"
