#!/usr/bin/env bash
# Auto-reply end to end (docs/benchmarks.md): a bot-admin webhook posted to `wxhook serve` → the
# rule's reply received by `wxhook sim` (playing bot-admin's send API). Open-loop load at RATE messages/s
# for SECONDS, each message to its own conversation (the service allows 10 replies per conversation
# per minute), pacing off, dedupe window 0. Latency = sim receipt time − webhook send time, per
# message; p50/p90/p99/max, lost and duplicated replies; goals: p99 <= 20 ms, none lost, none twice,
# serve CPU <= 300 ms per 1k replies, no creep (last full 5-s window p99 <= 1.5x the first).
# A sim keeps only its last 10,000 requests and stalls while it lists them, so the run uses one
# sim (and one bot-admin account of serve) per 8,000 replies and reads the logs only at the end.
#
# usage: Benchmarks/reply-latency.sh [RATE] [SECONDS]      defaults 500 and 30
# env:   THREADS (sender threads, each one keep-alive connection, default 64), DRAIN (seconds to wait for late replies, default 60),
#        WXHOOK_LOG (serve's log level, default info, as deployed),
#        WXHOOK_BIN (a wxhook binary to measure instead of building this tree's, e.g. a patched copy)
# needs: python3 (stdlib only); builds the release wxhook into .build-bench-release (~5 min the first time).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
. "$root/Benchmarks/lib/processes.sh"
rate=${1:-500}
seconds=${2:-30}
# Each sender waits for serve's 200 before its next webhook: 16 connections could offer at most
# 16 / answer time, ~1,000/s once answers take 15 ms; 64 offer 2,000/s up to 30 ms answers.
threads=${THREADS:-64}
case "$rate$seconds" in *[!0-9]*|"") echo "usage: $0 [RATE] [SECONDS] (whole numbers)" >&2; exit 64 ;; esac
drain=${DRAIN:-60}
command_line="Benchmarks/reply-latency.sh $rate $seconds"
[ -n "${THREADS:-}" ] && command_line="THREADS=$threads $command_line"
[ -n "${DRAIN:-}" ] && command_line="DRAIN=$drain $command_line"
[ -n "${WXHOOK_LOG:-}" ] && command_line="WXHOOK_LOG=$WXHOOK_LOG $command_line"
[ -n "${WXHOOK_BIN:-}" ] && command_line="WXHOOK_BIN=$WXHOOK_BIN $command_line"
scratch="$root/.build-bench-release"
open_run reply-latency
mkdir -p "$work/rules" "$work/db"

echo "command: $command_line"
require_tools python3
use_release_wxhook "$root" "$scratch"

# One sim per 8,000 replies: a sim keeps only its last 10,000 log entries, and reading its log
# mid-run stalls it (see reply-latency-load.py). Each sim plays one bot-admin account of serve;
# message i goes to account i mod N.
sims=$(( (rate * seconds + 7999) / 8000 ))
[ "$sims" -ge 1 ] || sims=1
keyword="价格"
cat > "$work/rules/bench.json" <<JSON
{ "rules": [ { "name": "price", "keywords": ["$keyword"],
               "reply": { "mode": "all", "messages": [ { "type": "text", "text": "您好 {{sender}}，价格表见下图" } ] } } ] }
JSON

targets=()
sim_addresses=()
accounts=""
sim_pids=()
for k in $(seq 1 "$sims"); do
  secret="bench-$k-$(date +%s)-$$"
  cat > "$work/sim-$k.json" <<JSON
{ "accounts": [ { "provider": "botadmin", "name": "shop$k", "base_url": "http://127.0.0.1:9", "secret": "$secret" } ] }
JSON
  "$wxhook" sim --config "$work/sim-$k.json" --listen 127.0.0.1:0 --seed "$k" 2> "$work/sim-$k.log" &
  sim_pid=$!
  pids+=("$sim_pid")
  sim_pids+=(--sim-pid "$sim_pid")
  sim_address=$(listening_address "$work/sim-$k.log" "$sim_pid")
  sim_addresses+=("$sim_address")
  targets+=(--target "shop$k:$secret@$sim_address")
  accounts="$accounts${accounts:+,}
    { \"provider\": \"botadmin\", \"name\": \"shop$k\", \"base_url\": \"http://$sim_address\", \"secret\": \"$secret\" }"
done

# Pacing off (a huge per-minute allowance); dedupe window 0 (the bodies differ anyway).
cat > "$work/wxhook.json" <<JSON
{ "dedupe_window_s": 0, "pacing": { "per_account_per_minute": 1000000000 },
  "accounts": [ $accounts ] }
JSON
WXHOOK_LOG=${WXHOOK_LOG:-info} "$wxhook" serve --config "$work/wxhook.json" --listen 127.0.0.1:0 \
  --db "$work/db/wxhook.sqlite" --rules "$work/rules" 2> "$work/serve.log" &
pids+=($!)
serve_pid=$!
serve_address=$(listening_address "$work/serve.log" "$serve_pid")
echo "== serve $serve_address (pid $serve_pid), $sims sim(s) ${sim_addresses[*]}, $threads sender threads"

load=(python3 -u "$root/Benchmarks/reply-latency-load.py" --serve "$serve_address" "${targets[@]}"
      --text "请问${keyword}多少" --threads "$threads" --serve-pid "$serve_pid" "${sim_pids[@]}")
echo "== warm-up: 50 messages at 50/s (connections, first requests; not counted)"
timeout 60 "${load[@]}" --rate 50 --seconds 1 --drain 5 --out "$work/warm-up" | grep -E "^(replies|latency \()" \
  | sed 's/^/   warm-up /' || true

echo "== measured run: $rate messages/s for $seconds s"
timeout $((seconds + drain + 180)) "${load[@]}" --rate "$rate" --seconds "$seconds" --drain "$drain" --out "$raw" \
  | tee "$raw/run.log"
kill -0 "$serve_pid" 2>/dev/null || echo "WARNING: serve exited during the run (see $raw/serve.log)"
for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null || echo "WARNING: process $pid exited during the run (logs in $raw)"; done
echo
echo "command: $command_line    raw: $raw"
