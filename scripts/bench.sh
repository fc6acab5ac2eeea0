#!/usr/bin/env bash
# `make bench`: issue 7's benchmarks on the large domain, each figure beside its baseline
# measured in the same run, then one summary line per goal:
#   goal <name>: <measured> (target <target>)
# Usage: scripts/bench.sh BUILD_DIR   (the build dir must hold five9_bench,
# five9_bench_memory, five9_bench_checkpoint, five9_sim and five9_exporter; `make bench` builds them first).
# Environment: BENCH_E2E=0 skips the end-to-end run (needs wrk); BENCH_E2E_SECONDS (15).
# Takes about 2-3 minutes on 2 cores. Writes its raw outputs to a temporary folder it prints.
set -euo pipefail

build_dir=${1:?usage: scripts/bench.sh BUILD_DIR}
build_dir=$(cd "$build_dir" && pwd)
root=$(cd "$(dirname "$0")/.." && pwd)
bench_bin="$build_dir/bench/five9_bench"
memory_bin="$build_dir/bench/five9_bench_memory"
checkpoint_bin="$build_dir/bench/five9_bench_checkpoint"
sim_bin="$build_dir/simulator/five9_sim"
exporter_bin="$build_dir/exporter/five9_exporter"
e2e_seconds=${BENCH_E2E_SECONDS:-15}

for bin in "$bench_bin" "$memory_bin" "$checkpoint_bin"; do
  if [[ ! -x "$bin" ]]; then
    echo "bench: $bin is missing (is Google Benchmark installed? see scripts/install-deps.sh)" >&2
    exit 1
  fi
done
if grep -q 'CMAKE_BUILD_TYPE:STRING=Debug' "$build_dir/CMakeCache.txt" 2>/dev/null; then
  echo "bench: WARNING: $build_dir is a Debug build; figures are not representative" >&2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/five9-bench.XXXXXX")
pids=()
cleanup() {
  # Newest first: the exporter closes its Five9 session before the simulator goes away.
  local i
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill "${pids[i]}" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

echo "== machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== raw outputs in $work"

echo "== 1-3: render, scrape, ingest (Google Benchmark)"
"$bench_bin" --benchmark_out="$work/bench.json" --benchmark_out_format=json \
  --benchmark_counters_tabular=true

echo "== 4: memory (/proc/self/status)"
"$memory_bin" | tee "$work/memory.txt"

echo "== 6: checkpoint of the large domain (size, encode, atomic write, load + restore)"
"$checkpoint_bin" | tee "$work/checkpoint.txt"

e2e_status="skipped"
if [[ "${BENCH_E2E:-1}" != "0" ]]; then
  if ! command -v wrk >/dev/null; then
    e2e_status="skipped (wrk not installed)"
  elif [[ ! -x "$sim_bin" || ! -x "$exporter_bin" ]]; then
    e2e_status="skipped (five9_sim or five9_exporter not built)"
  else
    echo "== 5: end-to-end: wrk against /metrics of five9_exporter fed by five9_sim (bench-large, RELAXED LIMITS)"
    "$sim_bin" --listen 127.0.0.1:0 --scenario "$root/bench/scenarios/bench-large.yaml" \
      >"$work/sim.out" 2>"$work/sim.err" &
    pids+=($!)
    sim_address=""
    for _ in $(seq 1 600); do
      sim_address=$(grep -o 'listening on [^ ]*' "$work/sim.out" "$work/sim.err" 2>/dev/null |
        head -1 | awk '{print $3}') || true
      [[ -n "$sim_address" ]] && break
      sleep 0.1
    done
    [[ -n "$sim_address" ]] || { echo "bench: five9_sim did not start" >&2; cat "$work/sim.err" >&2; exit 1; }
    printf 'bench-password\n' >"$work/password"
    chmod 600 "$work/password"
    cat >"$work/exporter.yaml" <<EOF
web:
  listen_address: "127.0.0.1:0"
domains:
  - name: large
    endpoint: http://$sim_address/wssupervisor/v4/SupervisorWebService
    username: bench
    password_file: $work/password
    max_long_poll: 1s
EOF
    "$exporter_bin" --config.file="$work/exporter.yaml" --web.listen-address=127.0.0.1:0 \
      >"$work/exporter.out" 2>"$work/exporter.err" &
    exporter_pid=$!
    pids+=($exporter_pid)
    address=""
    for _ in $(seq 1 300); do
      # The line with the bound port (the first "listening" line echoes the configured :0).
      address=$(grep -o 'msg=listening address=[^ ]*:[1-9][0-9]*' "$work/exporter.err" \
        2>/dev/null | head -1 | sed 's/.*address=//') || true
      [[ -n "$address" ]] && break
      sleep 0.1
    done
    [[ -n "$address" ]] || { echo "bench: five9_exporter did not start" >&2; cat "$work/exporter.err" >&2; exit 1; }
    ready=0
    for _ in $(seq 1 1200); do
      if curl -fs -o /dev/null "http://$address/-/ready"; then ready=1; break; fi
      sleep 0.1
    done
    if [[ $ready != 1 ]]; then
      e2e_status="failed (exporter not ready within 120 s)"
    else
      curl -fs "http://$address/metrics" >"$work/metrics.txt"
      e2e_series=$(grep -vc '^#' "$work/metrics.txt" || true)
      e2e_bytes=$(wc -c <"$work/metrics.txt")
      echo "exporter ready at $address: $e2e_series series, $e2e_bytes bytes"
      # The real exporter's memory: resident after a scrape, then the peak during the wrk
      # runs (VmHWM reset through clear_refs, as five9_bench_memory does in-process).
      exporter_rest_kib=$(awk '/^VmRSS:/ {print $2}' "/proc/$exporter_pid/status")
      echo 5 >"/proc/$exporter_pid/clear_refs" 2>/dev/null || true
      polls_before=$(curl -fs "http://$address/metrics" |
        awk '/^five9_exporter_api_calls_total\{.*getStatisticsUpdate/ {s += $NF} END {print s + 0}')
      wrk -t2 -c4 -d"${e2e_seconds}s" --timeout 10s --latency "http://$address/metrics" | tee "$work/wrk.txt"
      wrk -t2 -c4 -d"${e2e_seconds}s" --timeout 10s --latency -H 'Accept-Encoding: gzip' \
        "http://$address/metrics" | tee "$work/wrk_gzip.txt"
      polls_after=$(curl -fs "http://$address/metrics" |
        awk '/^five9_exporter_api_calls_total\{.*getStatisticsUpdate/ {s += $NF} END {print s + 0}')
      echo "getStatisticsUpdate calls during the wrk runs: $((polls_after - polls_before))"
      exporter_peak_kib=$(awk '/^VmHWM:/ {print $2}' "/proc/$exporter_pid/status")
      echo "exporter RSS: $exporter_rest_kib KiB after a scrape, peak $exporter_peak_kib KiB during wrk"
      echo "$e2e_series $e2e_bytes $((polls_after - polls_before)) $exporter_rest_kib $exporter_peak_kib" \
        >"$work/e2e.txt"
      e2e_status="ok"
    fi
    cleanup
    pids=()
  fi
fi

echo "== 6: change-seen latency, weight auto vs fixed (tests/scheduler_day, virtual clock)"
day_bin="$build_dir/tests/scheduler_day/scheduler_day_test"
if [[ -x "$day_bin" ]]; then
  "$day_bin" --gtest_filter='*AutoWeightsAgainstDefaultWeights*:SchedulerDayTest.*' \
    >"$work/scheduler_day.txt" 2>&1 || echo "bench: scheduler_day_test FAILED (see $work/scheduler_day.txt)"
  grep -E '^change_latency|violations [0-9]+$' "$work/scheduler_day.txt" | sed 's/^ *//' || true
else
  echo "bench: $day_bin is missing; change-latency goal skipped"
fi

echo "== summary"
python3 - "$work" "$e2e_status" <<'PY'
import json, os, re, sys

work, e2e_status = sys.argv[1], sys.argv[2]
with open(os.path.join(work, "bench.json")) as f:
    # Names carry options ("BM_RenderFast/iterations:8"); key by the function name.
    runs = {b["name"].split("/")[0]: b for b in json.load(f)["benchmarks"]}

def ms(name):
    b = runs[name]
    scale = {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1e3}[b["time_unit"]]
    return b["real_time"] * scale

fast, reference = ms("BM_RenderFast"), ms("BM_RenderPrometheusCpp")
hit, delta, delta_gz = ms("BM_ScrapeCacheHit"), ms("BM_ScrapeAfterDelta"), ms("BM_ScrapeAfterDeltaGzip")
ingest, plain = ms("BM_IngestParseApply"), ms("BM_IngestLibxml2Reader")
series = int(runs["BM_RenderFast"].get("series", 0))
ref_series = int(runs["BM_RenderPrometheusCpp"].get("series", 0))

memory = {}
with open(os.path.join(work, "memory.txt")) as f:
    for line in f:
        key, _, value = line.strip().partition("=")
        memory[key] = int(value)
rest = memory["rest_kib"]
peak = max(memory["peak_delta_kib"], memory["peak_full_kib"], memory["peak_gzip_kib"])

def mib(kib):
    return f"{kib / 1024:.0f} MiB"

print(f"render: fast {fast:.1f} ms ({series} series) vs prometheus-cpp {reference:.1f} ms "
      f"({ref_series} series, statistic tables only)")
print(f"scrape: cache hit {hit * 1000:.2f} us, after a 1%-rows delta {delta:.1f} ms "
      f"(gzip {delta_gz:.1f} ms), full render {fast:.1f} ms")
print(f"ingest: parse+apply of 20,000 itemUpdates {ingest:.1f} ms vs libxml2 reader pass "
      f"{plain:.1f} ms")
print(f"memory: cold {mib(memory['rest_cold_kib'])} -> first scrape peak "
      f"{mib(memory['peak_first_kib'])}; at rest {mib(rest)}; scrape peaks: after delta "
      f"{mib(memory['peak_delta_kib'])}, full re-render {mib(memory['peak_full_kib'])}, gzip "
      f"{mib(memory['peak_gzip_kib'])}; body {memory['body_bytes'] / 1048576:.1f} MiB")
if not memory.get("peak_reset_supported", 1):
    print("memory: WARNING: /proc/self/clear_refs refused; peaks are process-lifetime peaks")

e2e_lines = []
if e2e_status == "ok":
    def wrk(path):
        text = open(path).read()
        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
        m = re.search(r"99%\s+([\d.]+)(us|ms|s)", text)
        p99 = float(m.group(1)) * {"us": 1e-3, "ms": 1.0, "s": 1e3}[m.group(2)]
        return rps, p99
    rps, p99 = wrk(os.path.join(work, "wrk.txt"))
    grps, gp99 = wrk(os.path.join(work, "wrk_gzip.txt"))
    e2e_series, e2e_bytes, polls, e_rest, e_peak = open(os.path.join(work, "e2e.txt")).read().split()
    print(f"e2e: {e2e_series} series, {int(e2e_bytes) / 1048576:.1f} MiB body, {polls} "
          f"getStatisticsUpdate calls during the runs; exporter RSS {mib(int(e_rest))} after a "
          f"scrape, peak {mib(int(e_peak))} during wrk")
    e2e_lines = [
        f"goal e2e_metrics_requests_per_second: {rps:.1f} (target informational)",
        f"goal e2e_metrics_p99_latency: {p99:.1f}ms (target informational)",
        f"goal e2e_metrics_gzip_requests_per_second: {grps:.1f} (target informational)",
        f"goal e2e_metrics_gzip_p99_latency: {gp99:.1f}ms (target informational)",
        f"goal e2e_exporter_peak_rss_vs_rest: {int(e_peak) / int(e_rest):.2f}x (target informational)",
    ]
else:
    print(f"e2e: {e2e_status}")

checkpoint = {}
with open(os.path.join(work, "checkpoint.txt")) as f:
    for line in f:
        key, _, value = line.strip().partition("=")
        checkpoint[key] = float(value)
print(f"checkpoint: {checkpoint['checkpoint_bytes'] / 1048576:.2f} MiB for "
      f"{checkpoint['checkpoint_rows']:.0f} rows; encode {checkpoint['encode_ms']:.1f} ms, "
      f"atomic write {checkpoint['write_ms']:.1f} ms (plain write {checkpoint['baseline_write_ms']:.1f} ms), "
      f"load+restore {checkpoint['load_ms']:.1f} ms (in-memory full load of the same tables "
      f"{checkpoint['baseline_load_ms']:.1f} ms)")
print(f"goal checkpoint_load_vs_in_memory_load: {checkpoint['load_ms'] / checkpoint['baseline_load_ms']:.2f}x (target informational)")
print(f"goal checkpoint_write_vs_plain_write: {checkpoint['write_ms'] / max(checkpoint['baseline_write_ms'], 0.01):.2f}x (target informational)")
print(f"goal render_vs_prometheus_cpp: {reference / fast:.1f}x (target 5x)")
print(f"goal cache_hit_vs_render: {fast / hit:.0f}x (target 100x)")
print(f"goal ingest_vs_libxml2: {plain / ingest:.2f}x (target 0.5x)")
print(f"goal scrape_peak_rss_vs_rest: {peak / rest:.2f}x (target <2x)")
hit_gz = ms("BM_ScrapeCacheHitGzip")
zlib_ms, deflate_ms = ms("BM_GzipZlib"), ms("BM_GzipLibdeflate")
print(f"gzip: whole body zlib {zlib_ms:.1f} ms (ratio {runs['BM_GzipZlib'].get('ratio', 0):.1f}), "
      f"libdeflate {deflate_ms:.1f} ms (ratio {runs['BM_GzipLibdeflate'].get('ratio', 0):.1f}); "
      f"blocks cold {ms('BM_GzipBlocksCold'):.1f} ms ({int(runs['BM_GzipBlocksCold'].get('blocks', 0))} "
      f"members, ratio {runs['BM_GzipBlocksCold'].get('ratio', 0):.1f}); gzip cache hit {hit_gz * 1000:.2f} us")
print(f"goal gzip_delta_vs_plain_delta: {delta_gz / delta:.2f}x (target <=2x)")
print(f"goal gzip_cache_hit_vs_render: {fast / hit_gz:.0f}x (target 100x)")
print(f"goal libdeflate_vs_zlib: {zlib_ms / deflate_ms:.2f}x (target informational)")
day_path = os.path.join(work, "scheduler_day.txt")
if os.path.exists(day_path):
    day = open(day_path).read()
    runs_08 = re.findall(r"^change_latency (\w+) share 0\.8: visible p95 auto [\d.]+s fixed [\d.]+s "
                         r"ratio ([\d.]+);.*worst type p95 ratio ([\d.]+); longest auto poll gap ([\d.]+)s",
                         day, re.M)
    violations = sum(int(v) for v in re.findall(r"violations (\d+)$", day, re.M))
    failed = "FAILED" in day
    if runs_08:
        worst = max(float(r[1]) for r in runs_08)
        print(f"goal change_latency_p95_auto_vs_fixed: {worst:.3f} (target <=0.75; "
              + ", ".join(f"{r[0]} {float(r[1]):.3f}" for r in runs_08) + ", visible changes)")
        print(f"goal change_latency_worst_type_p95_vs_fixed: {max(float(r[2]) for r in runs_08):.2f}x (target <=2x)")
        print(f"goal change_latency_longest_poll_gap: {max(float(r[3]) for r in runs_08):.1f}s (target <=300s)")
    print(f"goal scheduler_day_limit_violations: {violations} (target 0){' TEST FAILED' if failed else ''}")
for line in e2e_lines:
    print(line)
PY
