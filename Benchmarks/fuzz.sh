#!/usr/bin/env bash
# Fuzzing: builds the libFuzzer targets of Tests/Fuzz (a separate package, so that the main
# `swift build` / `swift test` never see them) with AddressSanitizer, runs each for a while on a
# copy of its seed corpus, and prints executions and findings per target. Not run by CI: CI checks
# the same properties briefly, without coverage feedback, in `swift test` (Tests/FuzzTests).
#
# usage: Benchmarks/fuzz.sh [SECONDS_PER_TARGET] [TARGET…]
#   SECONDS_PER_TARGET  default 60
#   TARGET              fuzz-http-parser fuzz-http-response fuzz-json fuzz-inbound fuzz-rules (default: all)
# env:  FUZZ_JOBS=N     run N libFuzzer workers per target (default 1; the machine is shared)
#       FUZZ_KEEP=1     keep the grown corpora and logs (kept anyway when a target fails)
#       FUZZ_RUNS=N     stop a target after N executions (whichever comes first with the time)
#       FUZZ_CONFIG=debug|release  how the targets are compiled (default release: -O with the
#                       sanitizers is what libFuzzer campaigns use; debug is ~10x slower)
#
# Findings (crash-*, timeout-*, leak-*, oom-* inputs) are written to Tests/Fuzz/.build/findings/TARGET/;
# replay one with `Tests/Fuzz/.build/release/TARGET FILE` (or debug/). The committed corpus is never grown.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
package="$root/Tests/Fuzz"
scratch="$package/.build"
seconds=${1:-60}
[ $# -gt 0 ] && shift
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(fuzz-http-parser fuzz-http-response fuzz-json fuzz-inbound fuzz-rules)
jobs=${FUZZ_JOBS:-1}
config=${FUZZ_CONFIG:-release}
# Swift's own crash backtracer reads raw stack memory, which AddressSanitizer reports as a second
# error on top of the real one; libFuzzer prints the stack anyway.
export SWIFT_BACKTRACE=enable=no

for target in "${targets[@]}"; do
  [ -d "$package/Corpus/$target" ] || { echo "unknown target $target (no Corpus/$target)" >&2; exit 64; }
done

echo "== building ${targets[*]} ($config, -sanitize=fuzzer,address)"
mkdir -p "$scratch"
# SwiftPM keeps the build plan of a package beside it and does not notice files that moved in a
# package it depends on by path (wxhook's own sources): drop the plan so that it is made afresh.
rm -f "$scratch"/*.yaml "$scratch"/*/*/description.json
for target in "${targets[@]}"; do
  # ld.gold's "Cannot export local symbol" lines are harmless noise of -sanitize=fuzzer.
  if ! (cd "$package" && swift build -c "$config" --scratch-path "$scratch" \
      -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library --product "$target") > "$scratch/build.log" 2>&1; then
    grep -v "Cannot export local symbol" "$scratch/build.log" | grep -E "error" >&2 || tail -20 "$scratch/build.log" >&2
    exit 1
  fi
  grep -E "warning:" "$scratch/build.log" | grep -v "Cannot export local symbol" | sort -u || true
done

work="$(mktemp -d "${TMPDIR:-/tmp}/wxhook-fuzz.XXXXXX")"
summary="$work/summary.txt"
printf "%-18s %8s %12s %9s %14s %9s  %s\n" target seconds executions exec/s corpus findings status > "$summary"

for target in "${targets[@]}"; do
  binary="$scratch/$config/$target"
  corpus="$work/$target/corpus"
  findings="$package/.build/findings/$target"
  log="$work/$target/fuzz.log"
  mkdir -p "$corpus" "$findings"
  cp "$package/Corpus/$target"/* "$corpus/"
  before=$(find "$findings" -type f | wc -l)
  echo "== $target: ${seconds}s on $(ls "$corpus" | wc -l) seeds (log: $log)"
  status=ok
  extra=()
  [ "$jobs" -gt 1 ] && extra=(-fork="$jobs")
  [ -n "${FUZZ_RUNS:-}" ] && extra+=(-runs="$FUZZ_RUNS")
  # libFuzzer stops at the first finding and exits non-zero; the other targets still run.
  if ! "$binary" "$corpus" -max_total_time="$seconds" -max_len=65536 -timeout=5 -rss_limit_mb=2048 \
        -artifact_prefix="$findings/" -print_final_stats=1 "${extra[@]}" > "$log" 2>&1; then
    status="FAILED (see $log)"
  fi
  executions=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  # The last status line: "#N DONE cov: C ft: F corp: UNITS/SIZE …"
  reached=$(grep -o 'corp: [0-9]*/[0-9]*[a-zA-Z]*' "$log" | tail -1 | sed 's/corp: //')
  after=$(find "$findings" -type f | wc -l)
  printf "%-18s %8s %12s %9s %14s %9s  %s\n" "$target" "$seconds" "${executions:-?}" "${rate:-?}" \
    "${reached:-?}" "$((after - before))" "$status" >> "$summary"
  if [ "$status" != ok ]; then
    grep -E "ERROR: |Fatal error|property violated|SUMMARY" "$log" | head -5 || true
    find "$findings" -type f -newer "$corpus" | head -3
  fi
done

echo
cat "$summary"
if grep -q FAILED "$summary"; then
  echo "logs and grown corpora kept in $work"
  exit 1
fi
if [ "${FUZZ_KEEP:-0}" = 1 ]; then
  echo "logs and grown corpora kept in $work"
else
  rm -rf "$work"
fi
