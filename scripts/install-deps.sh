#!/usr/bin/env bash
# Installs the Debian packages the build and tests need, skipping those present.
# Runs as root (CI, fresh machines) or through sudo.
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config git
  libxml2-dev libxml2-utils
  prometheus-cpp-dev libcpp-httplib-dev libssl-dev zlib1g-dev libbrotli-dev
  # gzip members of /metrics bodies (exporter/metrics/gzip.cc; faster than zlib, bench BM_Gzip*)
  libdeflate-dev
  libyaml-cpp-dev nlohmann-json3-dev libexpected-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  # IANA time zones (exporter/common/time_zone.cc): date/tz reads Debian's zoneinfo
  libhowardhinnant-date-dev tzdata
  # --web.config.file: bcrypt via libxcrypt; tests make certificates and hashes at run time
  libcrypt-dev openssl python3-bcrypt apache2-utils
  # tests/webconv: the status page in headless chromium
  chromium
  prometheus curl python3 python3-yaml
  # `make bench` end-to-end run (scripts/bench.sh skips it without wrk)
  wrk
  # make fuzz: libFuzzer comes with clang's runtime libraries
  clang-14 libclang-rt-14-dev
  # CI's gates: make format-check, make tidy (.clang-tidy)
  clang-format clang-tidy
  # podman's container test runs with runc (crun fails on this kind of host)
  runc
)
# Node.js may come from another repository (the machine image ships one with npm inside);
# ask Debian only when the commands are missing, never replace a working install.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  PACKAGES+=(nodejs npm)
fi
# Extra packages other scripts ask for (e.g. `install-deps.sh nodejs npm`).
PACKAGES+=("$@")

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
