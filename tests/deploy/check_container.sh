#!/usr/bin/env bash
# ctest deploy_container: deploy/docker/Dockerfile builds with podman and the image serves
# /metrics as a non-root user. Skips (77) with a clear message where podman is absent, or
# the Debian base images are neither present locally nor pullable (no registry access).
# The build context is a clean copy of the files git tracks (no build trees).
# Usage: check_container.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
# Base images: override to use local ones (e.g. made with debootstrap + podman import).
build_image=${FIVE9_BUILD_IMAGE:-docker.io/library/debian:12}
runtime_image=${FIVE9_RUNTIME_IMAGE:-docker.io/library/debian:12-slim}
tag=localhost/five9-exporter-test:$$

if ! command -v podman >/dev/null 2>&1; then
  echo "SKIP: podman is not installed"
  exit 77
fi
# The runc runtime where installed: on machines with hybrid cgroups podman's default, crun,
# cannot start containers ("cgroups in hybrid mode not supported"); runc can.
podman_cmd=(podman)
if command -v runc >/dev/null 2>&1; then podman_cmd+=(--runtime runc); fi
# Explicit limits: podman's defaults (nofile/nproc of about a million) exceed what a
# sandboxed parent may grant, and the container then fails to start with EPERM.
read -r -a ulimits <<<"${FIVE9_PODMAN_ULIMITS:---ulimit nofile=4096:4096 --ulimit nproc=4096:4096}"
for image in "$build_image" "$runtime_image"; do
  if ! podman image exists "$image" && ! podman pull -q "$image" >/dev/null 2>&1; then
    echo "SKIP: base image $image is not available locally and cannot be pulled" \
         "(no registry access); pull or load it to run this test"
    exit 77
  fi
done
if ! command -v git >/dev/null 2>&1 || ! git -C "$root" rev-parse >/dev/null 2>&1; then
  echo "SKIP: the source tree is not a git work tree (needed for a clean build context)"
  exit 77
fi

tmp=$(mktemp -d)
container=""
cleanup() {
  [ -n "$container" ] && "${podman_cmd[@]}" rm -f "$container" >/dev/null 2>&1 || true
  podman rmi -f "$tag" >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT
mkdir "$tmp/context"
(cd "$root" && git ls-files -z -co --exclude-standard | while IFS= read -r -d '' f; do
   [ -e "$f" ] && printf '%s\0' "$f"; done | tar --null -T - -cf -) | tar -xf - -C "$tmp/context"

echo "building $tag (this compiles the project: minutes)"
if ! "${podman_cmd[@]}" build "${ulimits[@]}" --network host --build-arg BUILD_IMAGE="$build_image" \
       --build-arg RUNTIME_IMAGE="$runtime_image" -f deploy/docker/Dockerfile -t "$tag" \
       "$tmp/context" >"$tmp/build.log" 2>&1; then
  if grep -q -E "Temporary failure resolving|Could not resolve|Failed to fetch" "$tmp/build.log"; then
    tail -5 "$tmp/build.log"
    echo "SKIP: the image build cannot reach the Debian package mirror"
    exit 77
  fi
  if grep -q -E "OCI runtime error|OCI permission denied|cgroups in hybrid mode" "$tmp/build.log"; then
    tail -5 "$tmp/build.log"
    echo "SKIP: podman cannot start containers here (install runc: see above)"
    exit 77
  fi
  tail -40 "$tmp/build.log"
  echo "FAIL: podman build"
  exit 1
fi

user=$(podman image inspect --format '{{.Config.User}}' "$tag")
[ "$user" = "65532:65532" ] || { echo "FAIL: image user is '$user', want 65532:65532"; exit 1; }

# A configuration with one domain that cannot be reached: /metrics must serve anyway.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$tmp/config.yaml" <<YAML
web:
  listen_address: "127.0.0.1:$port"
domains:
  - name: test
    endpoint: http://127.0.0.1:9/wssupervisor/v4/SupervisorWebService
    username: nobody@example.com
    password_env: FIVE9_PASSWORD
YAML
chmod 0644 "$tmp/config.yaml"
container=$("${podman_cmd[@]}" run -d "${ulimits[@]}" --network host --read-only --cap-drop ALL \
  --security-opt no-new-privileges -e FIVE9_PASSWORD=not-a-secret \
  -v "$tmp/config.yaml:/etc/five9_exporter/config.yaml:ro" "$tag")

deadline=$((SECONDS + 60))
while :; do
  if body=$(curl -fsS "http://127.0.0.1:$port/metrics" 2>/dev/null) &&
     grep -q '^five9_exporter_build_info' <<<"$body"; then
    break
  fi
  if [ "$(podman inspect --format '{{.State.Running}}' "$container")" != "true" ] ||
     [ $SECONDS -ge $deadline ]; then
    podman logs "$container" | tail -20
    echo "FAIL: the container does not serve /metrics on 127.0.0.1:$port"
    exit 1
  fi
  sleep 1
done
grep -q '^five9_up{domain="test"} 0' <<<"$body" || echo "note: five9_up{domain=\"test\"} 0 not seen"
curl -fsS "http://127.0.0.1:$port/-/healthy" >/dev/null
echo "OK: image builds, runs as 65532 with a read-only root, serves /metrics and /-/healthy"
