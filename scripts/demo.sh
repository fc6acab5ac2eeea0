#!/usr/bin/env bash
# make demo: a live simulated contact center on /metrics.
# Starts five9_sim (simulator/scenarios/demo.yaml: RELAXED limits so every table refreshes
# every few seconds; real Five9 limits are far lower), five9_exporter against it, and a
# Prometheus scraping the exporter when one is installed. Ctrl-C stops everything.
# Ports: EXPORTER_PORT (default 9959), PROMETHEUS_PORT (default 9090); the simulator
# takes an ephemeral port. DEMO_SECONDS=N stops the demo by itself after N seconds.
set -euo pipefail

BUILD_DIR="${1:-build}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
EXPORTER_PORT="${EXPORTER_PORT:-9959}"
PROMETHEUS_PORT="${PROMETHEUS_PORT:-9090}"
WORK="$(mktemp -d /tmp/five9-demo.XXXXXX)"
PIDS=()

cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  echo "demo: stopped (logs were in $WORK)"
}
trap cleanup EXIT INT TERM

"$BUILD_DIR/simulator/five9_sim" --listen 127.0.0.1:0 \
  --scenario "$ROOT/simulator/scenarios/demo.yaml" >"$WORK/sim.out" 2>"$WORK/sim.err" &
PIDS+=($!)
for _ in $(seq 1 100); do
  [ -s "$WORK/sim.out" ] && break
  sleep 0.1
done
SIM_ADDRESS="$(head -1 "$WORK/sim.out" | sed -n 's/^listening on //p')"
if [ -z "$SIM_ADDRESS" ]; then
  echo "demo: five9_sim did not start; see $WORK/sim.err" >&2
  exit 1
fi

# The demo scenario's API user (simulator/scenarios/demo.yaml) and a demo admin token.
printf 'demo-password\n' >"$WORK/five9-password"
printf 'demo-admin-token\n' >"$WORK/admin-token"
chmod 600 "$WORK/five9-password" "$WORK/admin-token"
cat >"$WORK/config.yaml" <<YAML
web:
  listen_address: "127.0.0.1:$EXPORTER_PORT"
admin:
  tokens:
    - name: demo
      token_file: admin-token
      roles: [read, campaigns, chat, monitoring, session]
domains:
  - name: demo
    endpoint: http://$SIM_ADDRESS/wssupervisor/v4/SupervisorWebService
    username: demo
    password_file: five9-password
    max_long_poll: 2s
    budget_share: 1.0
    chat_receive: true
YAML

"$BUILD_DIR/exporter/five9_exporter" --config.file="$WORK/config.yaml" 2>"$WORK/exporter.err" &
PIDS+=($!)

PROMETHEUS_URL=""
if command -v prometheus >/dev/null 2>&1; then
  cat >"$WORK/prometheus.yml" <<YAML
global: {scrape_interval: 5s, evaluation_interval: 5s}
rule_files: ["$ROOT/dashboards/rules/five9_exporter.rules.yml"]
scrape_configs:
  - job_name: five9-exporter
    static_configs: [{targets: ["127.0.0.1:$EXPORTER_PORT"]}]
YAML
  prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/prometheus-data" \
    --web.listen-address="127.0.0.1:$PROMETHEUS_PORT" --log.level=warn 2>"$WORK/prometheus.err" &
  PIDS+=($!)
  PROMETHEUS_URL="http://127.0.0.1:$PROMETHEUS_PORT"
fi

# Data within seconds: wait for the first agent series.
for _ in $(seq 1 300); do
  if curl -fsS "http://127.0.0.1:$EXPORTER_PORT/metrics" 2>/dev/null | grep -q '^five9_agent_state{'; then
    break
  fi
  if ! kill -0 "${PIDS[1]}" 2>/dev/null; then
    echo "demo: five9_exporter exited; see $WORK/exporter.err" >&2
    tail -5 "$WORK/exporter.err" >&2
    exit 1
  fi
  sleep 0.2
done

cat <<TEXT

five9_exporter demo is running (simulated domain "demo", RELAXED limits; logs in $WORK)
  metrics:      http://127.0.0.1:$EXPORTER_PORT/metrics
  status page:  http://127.0.0.1:$EXPORTER_PORT/
  admin API:    curl -H 'Authorization: Bearer demo-admin-token' http://127.0.0.1:$EXPORTER_PORT/api/v1/domains/demo/campaigns
  simulator:    http://$SIM_ADDRESS/control/state
TEXT
if [ -n "$PROMETHEUS_URL" ]; then
  echo "  prometheus:   $PROMETHEUS_URL/graph?g0.expr=five9_acd_status_calls_in_queue"
fi
echo
echo "A few live series:"
curl -fsS "http://127.0.0.1:$EXPORTER_PORT/metrics" | grep -E '^five9_(acd_status_calls_in_queue|agent_state)\{' | head -6
echo
echo "Press Ctrl-C to stop."
if [ -n "${DEMO_SECONDS:-}" ]; then
  sleep "$DEMO_SECONDS"
else
  wait
fi
