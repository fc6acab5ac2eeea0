#!/usr/bin/env bash
# make demo: runs five9_sim and five9_exporter (filled in by the pipeline issue).
set -euo pipefail
echo "demo: the statistics pipeline is not built yet; once it lands this starts five9_sim,"
echo "      five9_exporter against it (and Prometheus if installed) and prints their URLs."
