#!/usr/bin/env bash
# Runs every libFuzzer target of BUILD_DIR (make fuzz) for SECONDS each, JOBS at a time,
# and prints per target the executions, coverage (edges) and crashes, ending with
# "N targets, M crashes". Failures: a crash, a sanitizer report, an input that runs over
# 1 s (-timeout=1), an RSS over FUZZ_RSS_MB (-rss_limit_mb); their inputs are kept in
# BUILD_DIR/fuzz-artifacts/<target>/ (commit one to fuzz/corpus/<target>/ as the regression
# test once fixed). Seeds: the committed corpus (fuzz/corpus/), the guide's Appendix A
# examples and the simulator's own responses (scripts/fuzz_seeds.py, made at run time).
# Usage: fuzz.sh BUILD_DIR SECONDS [JOBS] [GCC_BUILD_DIR]
set -euo pipefail
build=${1:?usage: fuzz.sh BUILD_DIR SECONDS [JOBS] [GCC_BUILD_DIR]}
seconds=${2:?}
jobs=${3:-2}
gcc_build=${4:-build}
rss_mb=${FUZZ_RSS_MB:-2048}
src=$(cd "$(dirname "$0")/.." && pwd)
reference=${FIVE9_REFERENCE_DIR:-$src/../shared/reference}
work="$build/fuzz-work"
mkdir -p "$work"

# The simulator's responses, recorded by its own tests (when the ordinary build has them).
recorded="$work/recorded"
rm -rf "$recorded" && mkdir -p "$recorded"
if [ -x "$gcc_build/simulator/sim_test" ]; then
  FIVE9_RECORD_RESPONSES_DIR="$recorded" "$gcc_build/simulator/sim_test" \
    --gtest_filter='SimTest.*' >"$work/sim_test.log" 2>&1 || true
  echo "fuzz seeds: $(ls "$recorded" | wc -l) distinct simulator responses recorded"
else
  echo "fuzz seeds: $gcc_build/simulator/sim_test not built: no simulator seeds"
fi
rm -rf "$work/seeds"
python3 "$src/scripts/fuzz_seeds.py" "$work" "$reference" "$recorded"

dict_of() {
  case $1 in
    statistics_update_diff | response_parsers | fault) echo "$work/dict/soap.dict" ;;
    config) echo "$work/dict/config.dict" ;;
    *) echo "" ;;
  esac
}

run_one() {
  local name=$1
  local corpus="$work/corpus/$name" artifacts="$build/fuzz-artifacts/$name"
  rm -rf "$artifacts"
  mkdir -p "$corpus" "$artifacts" "$work/seeds/$name"
  local dict args=()
  dict=$(dict_of "$name")
  if [ -n "$dict" ] && [ -s "$dict" ]; then args+=("-dict=$dict"); fi
  set +e
  "$build/fuzz/${name}_fuzz" "${args[@]}" -max_total_time="$seconds" -timeout=1 \
    -rss_limit_mb="$rss_mb" -max_len=65536 -print_final_stats=1 -artifact_prefix="$artifacts/" \
    "$corpus" "$work/seeds/$name" "$src/fuzz/corpus/$name" >"$work/$name.log" 2>&1
  echo $? >"$work/$name.rc"
  set -e
}

mapfile -t targets <"$build/fuzz_targets.txt"
running=0
for name in "${targets[@]}"; do
  [ -n "$name" ] || continue
  run_one "$name" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then
    wait -n || true
    running=$((running - 1))
  fi
done
wait

count=0
crashes=0
for name in "${targets[@]}"; do
  [ -n "$name" ] || continue
  count=$((count + 1))
  log="$work/$name.log"
  rc=$(cat "$work/$name.rc")
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  cov=$(grep -oE '(DONE|INITED|pulse|NEW|REDUCE) +cov: [0-9]+ ft: [0-9]+' "$log" | tail -1 |
    sed -E 's/.*cov: ([0-9]+) ft: ([0-9]+)/\1 edges, \2 features/')
  found=$(find "$build/fuzz-artifacts/$name" -type f | wc -l)
  if [ "$rc" -ne 0 ] && [ "$found" -eq 0 ]; then found=1; fi
  crashes=$((crashes + found))
  printf 'fuzz %-24s %10s execs  %-28s corpus %5s  crashes %d\n' "$name" "${execs:-?}" \
    "${cov:-?}" "$(ls "$work/corpus/$name" | wc -l)" "$found"
  if [ "$found" -ne 0 ]; then
    grep -E 'ERROR|SUMMARY|FUZZ_CHECK|Test unit written|timeout|out-of-memory' "$log" | head -20
  fi
done
echo "$count targets, $crashes crashes"
[ "$crashes" -eq 0 ]
