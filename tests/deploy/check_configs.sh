#!/usr/bin/env bash
# ctest deploy_configs_valid: every config.yaml shipped under deploy/ passes the exporter's
# own `--check-config`, with its secret paths pointed at dummy files and FIVE9_PASSWORD set,
# so the Kubernetes examples never drift from the configuration format.
# Usage: check_configs.sh FIVE9_EXPORTER_BINARY
set -euo pipefail
bin=${1:-}
root=$(cd "$(dirname "$0")/../.." && pwd)
if [ -z "$bin" ] || [ ! -x "$bin" ]; then
  echo "SKIP: five9_exporter is not built (${bin:-no path given})"
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0 count=0
while IFS= read -r -d '' config; do
  count=$((count + 1))
  secrets=$tmp/$count
  mkdir -p "$secrets"
  # Every /run/secrets/five9_exporter/NAME the file names becomes a dummy file.
  grep -o '/run/secrets/five9_exporter/[A-Za-z0-9._-]*' "$config" | sort -u |
    while read -r path; do echo "dummy-secret" >"$secrets/$(basename "$path")"; done
  # The service account's files (high availability): token, CA and namespace.
  mkdir -p "$secrets/sa"
  echo "dummy-token" >"$secrets/sa/token"
  echo "dummy-ca" >"$secrets/sa/ca.crt"
  echo "monitoring" >"$secrets/sa/namespace"
  sed -e "s#/run/secrets/five9_exporter/#$secrets/#g" \
      -e "s#/var/run/secrets/kubernetes.io/serviceaccount/#$secrets/sa/#g" \
      "$config" >"$secrets/config.yaml"
  if out=$(FIVE9_PASSWORD=dummy-password KUBERNETES_SERVICE_HOST=10.96.0.1 \
           KUBERNETES_SERVICE_PORT=443 "$bin" --check-config \
             --config.file="$secrets/config.yaml" 2>&1); then
    echo "ok: ${config#"$root/"}: $out"
  else
    echo "FAIL: ${config#"$root/"}: $out"
    status=1
  fi
done < <(find "$root/deploy" -name config.yaml -print0 | sort -z)
[ $count -gt 0 ] || { echo "FAIL: no config.yaml under deploy/"; exit 1; }
exit $status
