#!/usr/bin/env bash
# Forwarding benchmark (docs/benchmarks.md): `wxhook serve` with one subscription whose
# application is a local receiver (Benchmarks/forward-load.py receive, answering 204 at once).
#  1. latency: bot-admin webhooks posted open-loop at RATE events/s for SECONDS (spread over 1,000
#     conversations); every event must reach the receiver, under one webhook-id, and the p99 of
#     "wxhook received the event → the receiver received its forward" must be <= 50 ms;
#  2. ingest: `wrk -t2 -c64` on the webhook, serve without a subscription and with one, taking
#     turns ROUNDS times (the machine is shared: ratios hold better than absolutes); the median
#     req/s with forwarding must be within 10% of the median without.
#
# usage: Benchmarks/forward.sh [RATE] [SECONDS] [ROUNDS]     defaults 5000, 20 and 3
# env:   DURATION (each wrk run, default 10s), DRAIN (seconds to wait for the last forwards,
#        default 60), SENDERS (sender processes sharing the rate, default 4), WXHOOK_BIN (a wxhook
#        binary to measure instead of building this tree's)
# needs: python3 (stdlib only), wrk, sqlite3 (apt-get install -y wrk sqlite3); builds the release
#        wxhook into .build-bench-release (~5 min the first time).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
. "$root/Benchmarks/lib/processes.sh"
rate=${1:-5000}
seconds=${2:-20}
rounds=${3:-3}
case "$rate$seconds$rounds" in *[!0-9]*|"") echo "usage: $0 [RATE] [SECONDS] [ROUNDS] (whole numbers)" >&2; exit 64 ;; esac
duration=${DURATION:-10s}
drain=${DRAIN:-60}
command_line="Benchmarks/forward.sh $rate $seconds $rounds"
[ -n "${DURATION:-}" ] && command_line="DURATION=$duration $command_line"
[ -n "${DRAIN:-}" ] && command_line="DRAIN=$drain $command_line"
[ -n "${SENDERS:-}" ] && command_line="SENDERS=$SENDERS $command_line"
[ -n "${WXHOOK_BIN:-}" ] && command_line="WXHOOK_BIN=$WXHOOK_BIN $command_line"
require_tools python3 wrk sqlite3
open_run forward
mkdir -p "$work/rules"
sender_pids=()

echo "command: $command_line"
use_release_wxhook "$root" "$root/.build-bench-release"
load="$root/Benchmarks/forward-load.py"
account_secret="bench-$$"
forward_secret="whsec_$(head -c 32 /dev/urandom | base64 | tr -d '\n')"

# Starts the receiver; sets receiver_pid and receiver_address. usage: start_receiver NAME
start_receiver() {
  python3 -u "$load" receive --out "$work/$1.json" > "$work/$1.log" 2>&1 &
  receiver_pid=$!
  pids+=("$receiver_pid")
  for _ in $(seq 1 100); do
    receiver_address=$(grep -o 'listening on .*' "$work/$1.log" 2>/dev/null | sed 's/listening on //') || true
    [ -n "$receiver_address" ] && return 0
    sleep 0.1
  done
  echo "the receiver did not start" >&2; cat "$work/$1.log" >&2; exit 1
}

# Stops the receiver and prints its summary (JSON). usage: stop_receiver NAME
stop_receiver() {
  kill -TERM "$receiver_pid"
  for _ in $(seq 1 100); do [ -s "$work/$1.json" ] && break; sleep 0.1; done
  cat "$work/$1.json"
}

# Starts serve on a fresh database, with a subscription to $2 when given; sets serve_pid and
# serve_address. usage: start_serve NAME [RECEIVER_ADDRESS]
start_serve() {
  local forward=""
  [ -n "${2:-}" ] && forward=", \"forward\": [ { \"name\": \"bench\", \"url\": \"http://$2/hook\", \"secret\": \"$forward_secret\", \"events\": [\"event.message\"] } ]"
  mkdir -p "$work/db-$1"
  cat > "$work/$1-config.json" <<JSON
{ "dedupe_window_s": 0,
  "accounts": [ { "provider": "botadmin", "name": "shop", "base_url": "http://127.0.0.1:9", "secret": "$account_secret" } ]$forward }
JSON
  "$wxhook" serve --config "$work/$1-config.json" --listen 127.0.0.1:0 --db "$work/db-$1/wxhook.sqlite" \
    --rules "$work/rules" 2> "$work/serve-$1.log" &
  serve_pid=$!
  pids+=("$serve_pid")
  serve_address=$(listening_address "$work/serve-$1.log" "$serve_pid")
}

stop_serve() { stop_pids "$serve_pid"; }

# How many forwards the database holds in each state, as "state=count …".
forward_states() {
  sqlite3 "$work/db-$1/wxhook.sqlite" "PRAGMA busy_timeout=5000; SELECT group_concat(state || '=' || n, ' ') FROM (SELECT state, count(*) n FROM forwards GROUP BY state);" | tail -1
}

echo
echo "== 1. latency: $rate events/s for $seconds s, one subscription, receiver answering 204"
start_receiver latency
start_serve latency "$receiver_address"
python3 "$load" send --serve "$serve_address" --secret "$account_secret" --rate 50 --seconds 1 --tag warm > /dev/null
# Several sender processes, each a share of the rate: one Python process tops out near 2,000/s.
senders=${SENDERS:-4}
for k in $(seq 1 "$senders"); do
  python3 "$load" send --serve "$serve_address" --secret "$account_secret" --rate "$((rate / senders))" \
    --seconds "$seconds" --tag "run$k" > "$work/sender-$k.json" &
  sender_pids+=($!)
done
for pid in "${sender_pids[@]}"; do wait "$pid"; done
sent=$(cat "$work"/sender-*.json | python3 -c '
import json, sys
runs = [json.loads(line) for line in sys.stdin if line.strip()]
print(json.dumps({"sent": sum(r["sent"] for r in runs), "failed": sum(r["failed"] for r in runs),
                  "achieved_per_s": sum(r["achieved_per_s"] for r in runs),
                  "max_behind_ms": max(r["max_behind_ms"] for r in runs)}))')
echo "   senders ($senders processes): $sent"
expected=$(( (rate / senders) * senders * seconds + 50 ))
for _ in $(seq 1 $((drain * 10))); do
  states=$(forward_states latency)
  case " $states " in *" pending="*|*" delivering="*) sleep 0.1 ;; *) break ;; esac
done
echo "   forwards in the database: $states (events posted: $expected)"
stop_serve
summary=$(stop_receiver latency)
echo "   receiver: $summary"
events=$(sqlite3 "$work/db-latency/wxhook.sqlite" "SELECT count(*) FROM events;")

echo
echo "== 2. ingest: wrk -t2 -c64 -d$duration, without and with the subscription, $rounds rounds"
body="$work/body.json"
printf '{"secret":"%s","msgtype":"text","conversation_id":"c1","sender":"u1","text":{"content":"ingest bench"}}' \
  "$account_secret" > "$body"
printf 'round\tsetup\trps\tp99_ms\tnon_2xx\n' > "$raw/ingest.tsv"
start_receiver ingest
for round in $(seq 1 "$rounds"); do
  for setup in without with; do
    if [ "$setup" = with ]; then start_serve "ingest-$round-$setup" "$receiver_address"; else start_serve "ingest-$round-$setup"; fi
    line=$(WEBHOOK_BODY="$body" wrk -t2 -c64 -d"$duration" --latency -s "$root/Benchmarks/lib/post-webhook.lua" \
      "http://$serve_address/hooks/botadmin/shop" | grep '^WRK ')
    stop_serve
    field() { echo "$line" | tr ' ' '\n' | grep "^$1=" | cut -d= -f2; }
    rps=$(awk -v n="$(field requests)" -v s="$(field seconds)" 'BEGIN { printf "%.0f", n / s }')
    printf '%s\t%s\t%s\t%s\t%s\n' "$round" "$setup" "$rps" "$(field p99_ms)" "$(field non_2xx)" >> "$raw/ingest.tsv"
    echo "   round $round, $setup forwarding: $rps req/s, p99 $(field p99_ms) ms, non-2xx $(field non_2xx)"
  done
done
stop_receiver ingest > /dev/null

echo
echo "== goal check"
python3 - "$summary" "$events" "$raw/ingest.tsv" "$rate" "$sent" <<'PY'
import json, statistics, sys
summary, events, table, rate, sent = json.loads(sys.argv[1]), int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), json.loads(sys.argv[5])
rows = [line.split("\t") for line in open(table).read().splitlines()[1:]]
median = lambda setup: statistics.median(float(r[2]) for r in rows if r[1] == setup)
without, with_ = median("without"), median("with")
checks = [
    (f"sender reached {sent['achieved_per_s']} events/s of {rate}", sent["achieved_per_s"] >= rate * 0.95),
    (f"every stored event forwarded once: {summary['webhook_ids']} webhook-ids for {events} events, "
     f"{summary['repeated_ids']} repeated", summary["webhook_ids"] == events and summary["repeated_ids"] == 0),
    (f"p99 received → forward received {summary['p99_ms']} ms (p50 {summary['p50_ms']}, max {summary['max_ms']}) <= 50 ms",
     summary["p99_ms"] is not None and summary["p99_ms"] <= 50),
    (f"ingest with forwarding {with_:.0f} req/s = {with_ / without:.1%} of {without:.0f} without (medians) >= 90%",
     with_ >= 0.9 * without),
]
for text, ok in checks:
    print(("   PASS " if ok else "   FAIL ") + text)
PY
echo
echo "command: $command_line    raw: $raw"
