#!/usr/bin/env bash
# Ingest benchmark: wxhook beside the Hummingbird peer, alternating (A B A B …), through the shared
# harness (../shared/bench/harness.sh): wrk POSTs the bot-admin webhook to each server in turn, and
# the harness reports req/s, latency percentiles, server CPU per 1k requests, peak RSS, and rows
# stored against 2xx answered.
#
# usage: Benchmarks/ingest.sh [ROUNDS] [MODE]     ROUNDS default 3; MODE load|latency|both (default load)
# needs: wrk, sqlite3 (apt-get install -y wrk sqlite3); the peer is built on first use (~3 min).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bench="$(cd "$root/../shared/bench" && pwd)"
rounds=${1:-3}
mode=${2:-load}
work="$root/.build-bench"
mkdir -p "$work/db"
export RAW_DIR="$work/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$RAW_DIR"

for tool in wrk sqlite3 curl; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install -y wrk sqlite3 curl" >&2; exit 1; }
done

echo "== building wxhook (release)"
(cd "$root" && swift build -c release --product wxhook 2>&1 | tail -1)

# shared/ is read-only: build the peer from a copy.
peer="$work/hb-peer"
if [ ! -x "$peer/.build/release/HBPeer" ]; then
  echo "== building the Hummingbird peer (first time only)"
  rm -rf "$peer" && cp -r "$bench/peers/hummingbird/hb-peer" "$peer"
  (cd "$peer" && swift build -c release 2>&1 | tail -1)
fi

# The harness posts the very same body every time. wxhook treats an identical bot-admin body
# within dedupe_window_s as a redelivery (providers.md), so the window is 0 here: every request is
# then a new event and must be a new row, as in the peers.
cat > "$work/wxhook.json" <<JSON
{ "dedupe_window_s": 0, "accounts": [ { "provider": "botadmin", "name": "shop", "base_url": "http://127.0.0.1:9", "secret": "s3cret" } ] }
JSON

wx=(wxhook "$root/.build/release/wxhook serve --config $work/wxhook.json --listen 127.0.0.1:18090 --db $work/db/wxhook.sqlite --rules $work/no-rules" 18090 "$work/db/wxhook.sqlite")
hb=(hummingbird "$peer/.build/release/HBPeer 18091 $work/db/peer.sqlite" 18091 "$work/db/peer.sqlite")
mkdir -p "$work/no-rules"

for r in $(seq 1 "$rounds"); do
  echo "######## round $r/$rounds"
  HOOK_PATH=/hooks/botadmin/shop ROWS_TABLE=events "$bench/harness.sh" "${wx[@]}" "$mode"
  "$bench/harness.sh" "${hb[@]}" "$mode"
done 2>&1 | tee "$RAW_DIR/run.log"

echo
echo "command: Benchmarks/ingest.sh $rounds $mode    raw: $RAW_DIR"
python3 "$bench/summarize.py" "$RAW_DIR/summary.tsv" | tee "$RAW_DIR/medians.md"
