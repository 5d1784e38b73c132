#!/usr/bin/env bash
# Rule-matching benchmark (docs/rules.md, "Keywords and matching"): builds Benchmarks/RulesBench
# (its own SwiftPM package, which takes wxhook's Core, JSON and Rules as library products of the
# package two folders up) in release and runs it: seeded rule sets of 100 / 1k / 10k / 100k
# `contains` keywords (10 per rule), seeded ~100-character chat messages, on one thread, sizes
# alternating round by round.
# Times RuleEngine.answer (what the service runs per message), RuleEngine.evaluate (plus the
# explanation of losing rules) and TextNormalizer.normalize. Prints set-up cost (load, compile),
# matches per second per core, and the goal check on answer: cost flat
# (100k keywords <= 2x the cost of 100), >= 1M matches/s at 10k, normalization <= 300 ns.
#
# usage: Benchmarks/rules-matching.sh [RulesBench flags]     e.g. --rounds 5 --trial-ms 300 --sizes 100,10000
#        Benchmarks/rules-matching.sh --perf SIZE [SECONDS]  perf record -g of one size; prints the hot symbols
#        Benchmarks/rules-matching.sh --instructions [SIZES] [PASSES]  valgrind --tool=callgrind --cache-sim=yes:
#            instructions, L1 and last-level data read misses per message of answer and of normalize, per size
#            (repeatable on a busy machine, where times are not)
# flags: --sizes 100,1000,10000,100000  --rounds 5  --trial-ms 300  --messages 4096  --keyword-share 0.3
#        --emoji-share 0.02  --ellipsis-share 0.1  --seed N
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
package="$root/Benchmarks/RulesBench"
command_line="Benchmarks/rules-matching.sh${*:+ $*}"
raw="$root/.build-bench/results/rules-matching-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$raw"

echo "command: $command_line"
echo "== building RulesBench (release)"
# SwiftPM keeps the build plan of a package beside it and does not notice files that moved in a
# package it depends on by path (wxhook's own sources): drop the plan so that it is made afresh.
rm -f "$package"/.build/*.yaml "$package"/.build/*/*/description.json
if ! build_log=$(cd "$package" && timeout 1200 swift build -c release 2>&1); then
  echo "$build_log" >&2
  exit 1
fi
echo "$build_log" | grep -E "warning:" || true
echo "$build_log" | tail -1
bench="$package/.build/release/RulesBench"

if [ "${1:-}" = "--perf" ]; then
  size=${2:?"--perf needs a keyword count, e.g. --perf 10000"}
  seconds=${3:-10}
  command -v perf >/dev/null || { echo "perf is not installed" >&2; exit 1; }
  timeout $((seconds * 3 + 120)) perf record -g -o "$raw/perf.data" "$bench" --profile "$size" --seconds "$seconds"
  echo "== hot symbols (self time)"
  perf report -i "$raw/perf.data" --no-children --percent-limit 1 --stdio -g none 2>/dev/null | grep -E "^ +[0-9]" | cut -c1-180
  echo "== including callees"
  perf report -i "$raw/perf.data" --children --percent-limit 3 --stdio -g none 2>/dev/null | grep -E "^ +[0-9]" \
    | grep -E "Rules|Foundation" | cut -c1-180
  echo "command: $command_line    raw: $raw/perf.data (perf annotate -i … -s SYMBOL)"
  exit 0
fi

if [ "${1:-}" = "--instructions" ]; then
  sizes=${2:-100,1000,10000,100000}
  passes=${3:-2}
  messages=1024
  command -v valgrind >/dev/null || { echo "valgrind is not installed" >&2; exit 1; }
  echo "== per message (${messages} messages x ${passes} passes): instructions, L1 data read misses, last-level data read misses"
  for size in ${sizes//,/ }; do
    out="$raw/callgrind-$size.out"
    timeout 3600 valgrind --tool=callgrind --cache-sim=yes --dump-instr=no --callgrind-out-file="$out" \
      "$bench" --profile "$size" --passes "$passes" --messages "$messages" >"$raw/bench-$size.log" 2>"$raw/valgrind-$size.log"
    # Inclusive counts of the two untimed loops (Trials.countedAnswers, Trials.countedNormalizations):
    # the first line naming each is its total; "(12.3%)" columns dropped, "." is zero.
    callgrind_annotate --inclusive=yes --threshold=100 --show=Ir,D1mr,DLmr "$out" 2>/dev/null | tr -d , \
      | awk -v size="$size" -v n=$((messages * passes)) '
          /Trials.swift:.*(countedAnswers|countedNormalizations)/ {
            gsub(/\([^)]*\)/, "")
            what = ($0 ~ /countedAnswers/) ? "answer   " : "normalize"
            if (seen[what]++) next
            printf "%7d keywords  %s  %8.0f Ir  %6.1f D1mr  %5.2f DLmr\n", size, what, $1 / n, $2 / n, $3 / n
          }'
  done
  echo "command: $command_line    raw: $raw"
  exit 0
fi

timeout 1800 "$bench" "$@" | tee "$raw/run.log"
echo
echo "command: $command_line    raw: $raw/run.log"
