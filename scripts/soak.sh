#!/usr/bin/env bash
# make soak: the exporter against five9_sim's chaos scenario (tests/soak/soak.py).
# Usage: soak.sh BUILD_DIR MINUTES   (the minute table also goes to BUILD_DIR/soak/report.md)
set -euo pipefail
build=${1:?usage: soak.sh BUILD_DIR MINUTES}
minutes=${2:?}
mkdir -p "$build/soak"
exec python3 "$(dirname "$0")/../tests/soak/soak.py" "$build" "$minutes" "$build/soak/report.md"
