#!/usr/bin/env bash
# Every dashboard and rule expression returns data from a live Prometheus that scrapes
# five9_exporter + five9_sim (for the end-to-end harness). See queries_return_data.py.
# Usage: queries_return_data.sh PROMETHEUS_URL [--allow-empty FILE] [--wait SECONDS]
set -euo pipefail
exec python3 "$(dirname "$0")/queries_return_data.py" "$@"
