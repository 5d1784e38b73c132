#!/usr/bin/env bash
# Retention benchmark: does pruning old rows in the background slow ingest down? A database is
# seeded with ROWS events (default 1,000,000) received 60 days ago, with their dedupe keys. Then,
# taking turns (A B A B …) on fresh copies of it, wxhook is loaded with bot-admin webhooks by wrk:
#   keep   retention 0 everywhere: nothing is pruned (the baseline);
#   prune  retention.events_days 30: the background pruner deletes the seeded rows meanwhile.
# The goal: ingest p99 while pruning within 1.5x of the baseline's. The script also reads from
# /metrics how many rows were pruned inside the measured window (a window in which pruning had
# already finished would prove nothing) and checks that every 2xx answer is a stored row.
#
# usage: Benchmarks/retention.sh [ROUNDS]   ROUNDS default 3
# env:   ROWS (default 1000000), DURATION (default 30s), CONNECTIONS (default 8),
#        WXHOOK_BIN (use this wxhook instead of building one)
# needs: wrk, sqlite3, curl (apt-get install -y wrk sqlite3 curl)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/Benchmarks/lib/processes.sh"
rounds=${1:-3}
rows=${ROWS:-1000000}
duration=${DURATION:-30s}
connections=${CONNECTIONS:-8}
work="$root/.build-bench/retention"
raw="$work/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$raw" "$work/db" "$work/no-rules"
for tool in wrk sqlite3 curl; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install -y wrk sqlite3 curl" >&2; exit 1; }
done
use_release_wxhook "$root" "$root/.build-bench-release"

body="$work/webhook.json"
printf '%s' '{"secret":"s3cret","msgtype":"text","conversation_id":"conv-1","sender":"user-1","text":{"content":"你好 价格"}}' > "$body"
# dedupe_window_s 0: wrk posts the same body again and again, and each must be a new event.
for mode in keep prune; do
  days=0; [ "$mode" = prune ] && days=30
  cat > "$work/$mode.json" <<JSON
{ "dedupe_window_s": 0, "retention": { "events_days": $days, "messages_days": 0, "forwards_days": 0 },
  "accounts": [ { "provider": "botadmin", "name": "shop", "base_url": "http://127.0.0.1:9", "secret": "s3cret" } ] }
JSON
done

# The seed: the schema as wxhook creates it (one start on an empty file), then ROWS old events.
seed="$work/db/seed-$rows.sqlite"
if [ ! -f "$seed" ]; then
  echo "== seeding $rows events received 60 days ago"
  rm -f "$seed" "$seed-wal" "$seed-shm"
  "$wxhook" serve --config "$work/keep.json" --listen 127.0.0.1:0 --db "$seed" --rules "$work/no-rules" > "$raw/seed.log" 2>&1 &
  pid=$!
  listening_address "$raw/seed.log" "$pid" > /dev/null
  stop_pids "$pid"; wait "$pid" 2>/dev/null || true
  old=$(( $(date +%s) - 60 * 86400 ))
  sqlite3 "$seed" <<SQL
PRAGMA journal_mode=WAL;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $rows)
INSERT INTO events (id, provider, account, kind, provider_type, conversation, sender, text, is_self, is_group,
                    received_at, raw)
SELECT printf('e_seed%08d', i), 'botadmin', 'shop', 'message', 'text', 'conv-' || (i % 500), 'user-' || (i % 5000),
       '你好 价格 ' || i, 0, 0, $old + i * 0.001, CAST('{"text":{"content":"seed"}}' AS BLOB) FROM n;
INSERT INTO event_keys (key, event_id, first_seen, windowed)
SELECT 'seed:' || id, id, received_at, 0 FROM events WHERE id LIKE 'e_seed%';
COMMIT;
PRAGMA wal_checkpoint(TRUNCATE);
SQL
  echo "   $(sqlite3 "$seed" 'SELECT count(*) FROM events') events, $(du -h "$seed" | cut -f1)"
fi

table="$raw/runs.tsv"
printf 'mode\trps\tp50_ms\tp99_ms\tp999_ms\trequests\tnon_2xx\tpruned_in_window\trows_minus_2xx\n' > "$table"
url_path=/hooks/botadmin/shop

pruned_events() {
  curl -s "http://127.0.0.1:$1/metrics" | awk '/^wxhook_retention_pruned_rows_total\{table="events"\}/ {print $2}'
}

# usage: measure MODE   one run on a fresh copy of the seed
measure() {
  local mode=$1 port=18095 db="$work/db/run.sqlite" log="$raw/$1-$(date -u +%H%M%S).log"
  rm -f "$db" "$db-wal" "$db-shm"
  cp "$seed" "$db"
  "$wxhook" serve --config "$work/$mode.json" --listen "127.0.0.1:$port" --db "$db" --rules "$work/no-rules" > "$log" 2>&1 &
  local pid=$!
  listening_address "$log" "$pid" > /dev/null
  local rows_before pruned_before pruned_after result
  rows_before=$(sqlite3 "$db" "PRAGMA busy_timeout=5000; SELECT count(*) FROM events WHERE id NOT LIKE 'e_seed%';" | tail -1)
  pruned_before=$(pruned_events "$port")
  result=$(WEBHOOK_BODY="$body" wrk -t1 -c"$connections" -d"$duration" --latency \
    -s "$root/Benchmarks/lib/post-webhook.lua" "http://127.0.0.1:$port$url_path" | tee -a "$log" | grep '^WRK ')
  pruned_after=$(pruned_events "$port")
  stop_pids "$pid"; wait "$pid" 2>/dev/null || true
  local rows_after
  rows_after=$(sqlite3 "$db" "PRAGMA busy_timeout=5000; SELECT count(*) FROM events WHERE id NOT LIKE 'e_seed%';" | tail -1)
  field() { echo "$result" | tr ' ' '\n' | awk -F= -v key="$1" '$1 == key {print $2}'; }
  local requests non_2xx seconds gap rps
  requests=$(field requests); non_2xx=$(field non_2xx); seconds=$(field seconds)
  gap=$((rows_after - rows_before - (requests - non_2xx)))
  rps=$(awk -v n="$requests" -v s="$seconds" 'BEGIN { printf "%.1f", n / s }')
  local in_window=$(( ${pruned_after:-0} - ${pruned_before:-0} ))
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$mode" "$rps" "$(field p50_ms)" "$(field p99_ms)" "$(field p999_ms)" \
    "$requests" "$non_2xx" "$in_window" "$gap" >> "$table"
  echo "  $mode: $rps req/s, p50 $(field p50_ms) ms, p99 $(field p99_ms) ms, pruned in the window $in_window, rows - 2xx = $gap"
  if [ "$gap" -lt 0 ] || [ "$gap" -gt "$connections" ]; then
    echo "  ! FINDING: $((rows_after - rows_before)) rows for $((requests - non_2xx)) 2xx answers" >&2
  fi
}

for round in $(seq 1 "$rounds"); do
  echo "== round $round/$rounds"
  measure keep
  measure prune
done

echo
echo "command: ROWS=$rows DURATION=$duration CONNECTIONS=$connections Benchmarks/retention.sh $rounds    raw: $raw"
python3 - "$table" <<'PY' | tee "$raw/medians.md"
import csv, statistics, sys
runs = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
def median(mode, key):
    return statistics.median(float(r[key]) for r in runs if r["mode"] == mode)
print("| mode | req/s | p50 ms | p99 ms | p99.9 ms | pruned in window |")
print("|---|---|---|---|---|---|")
for mode in ("keep", "prune"):
    print(f"| {mode} | {median(mode, 'rps'):.0f} | {median(mode, 'p50_ms'):.2f} | {median(mode, 'p99_ms'):.2f} | "
          f"{median(mode, 'p999_ms'):.2f} | {median(mode, 'pruned_in_window'):.0f} |")
ratio = median("prune", "p99_ms") / median("keep", "p99_ms")
print(f"\np99 while pruning / p99 without: {ratio:.2f} (goal: at most 1.5) -> {'met' if ratio <= 1.5 else 'NOT met'}")
PY
