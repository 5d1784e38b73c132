#!/usr/bin/env bash
# Reconciliation benchmark (docs/benchmarks.md, "Reconciliation"): 云真机 callbacks over HTTP
# against a large outbox. It fills an outbox of SIZE messages, all `accepted` and awaiting their
# callbacks, then streams `chatMsg` echoes (and every tenth a `chatMsgSendFail`) for distinct
# messages with wrk at 64 connections and counts the callbacks answered per second; afterwards it
# checks in the database that each answered callback was correlated and applied (echoed + failed
# messages = 2xx answers). It also times `wxhook serve` from start to listening on that outbox.
#
# The fill: `serve` sends SEED messages through `POST /api/send` to `wxhook sim` (which accepts
# them and posts no callbacks), so SEED real messages wait, `accepted`, with their api_send_id
# and provider id; serve is stopped and sqlite3 copies them SIZE / SEED times over (ids suffixed
# "-k" in the row, its record, its timeline and its correlations). The copies are rows the
# service made, not rows written by hand.
#
# usage: Benchmarks/reconcile.sh [SIZE]      SIZE default 1000000 (messages in the outbox)
# env:   SEED (real messages to copy, default 2000), DURATION (wrk, default 15s), DURABILITY
#        (full or process, default full), WXHOOK_BIN (measure this binary instead of building one),
#        FILLED (a file: the filled outbox is saved there, and a later run with the same SIZE and
#        SEED starts from a copy of it instead of filling again; delete it after a schema change)
# needs: wrk, sqlite3, curl, python3
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/Benchmarks/lib/processes.sh"
size=${1:-1000000}
seed=${SEED:-2000}
duration=${DURATION:-15s}
durability=${DURABILITY:-full}
case "$size$seed" in *[!0-9]*|"") echo "usage: $0 [SIZE] (a whole number)" >&2; exit 64 ;; esac
[ $((size % seed)) -eq 0 ] || { echo "SIZE must be a multiple of SEED ($seed)" >&2; exit 64; }
copies=$((size / seed))
command_line="Benchmarks/reconcile.sh $size (SEED=$seed DURATION=$duration DURABILITY=$durability)"
require_tools wrk sqlite3 curl python3
open_run reconcile

echo "command: $command_line"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
use_release_wxhook "$root" "$root/.build-bench-release"
db="$work/wxhook.sqlite"
account='"provider": "yunzhenji", "name": "sales", "app_id": "bench", "access_token": "bench-token", "wxid": "16001"'
echo "{ \"accounts\": [ { $account, \"base_url\": \"http://127.0.0.1:9\" } ] }" > "$work/sim.json"
"$wxhook" sim --config "$work/sim.json" --listen 127.0.0.1:0 --seed 1 2> "$work/sim.log" &
sim_pid=$!
pids+=("$sim_pid")
sim_address=$(listening_address "$work/sim.log" "$sim_pid")
# Timers far away, so that nothing expires or confirms while the benchmark runs; pacing off.
cat > "$work/wxhook.json" <<JSON
{ "dedupe_window_s": 0, "durability": "$durability", "pacing": { "per_account_per_minute": 1000000000 },
  "delivery": { "confirm_after_s": 86400, "expire_after_s": 864000 },
  "accounts": [ { $account, "base_url": "http://$sim_address" } ] }
JSON

start_serve() {
  "$wxhook" serve --config "$work/wxhook.json" --listen 127.0.0.1:0 --db "$db" --rules "$work/no-rules" 2> "$work/serve-$1.log" &
  serve_pid=$!
  pids+=("$serve_pid")
  serve_address=$(listening_address "$work/serve-$1.log" "$serve_pid")
}
stop_serve() {
  stop_pids "$serve_pid"
  wait "$serve_pid" 2>/dev/null || true
}
count() { sqlite3 "$db" "PRAGMA busy_timeout=5000; SELECT coalesce(sum(count), 0) FROM message_counts WHERE state IN ($1);" | tail -1; }

mkdir -p "$work/no-rules"
fill_started=$(date +%s.%N)
if [ -n "${FILLED:-}" ] && [ -f "$FILLED" ]; then
  echo "== fill: a copy of $FILLED (FILLED)"
  # Synced as the fill's last checkpoint leaves it: else the first fsync of the start-up (a
  # schema change of a newer wxhook) waits for the copy's pages and is timed as start-up.
  cp "$FILLED" "$db" && sync "$db"
else
echo "== fill: $seed messages sent through serve and sim, then copied to $size"
start_serve fill
python3 - "$serve_address" "$seed" <<'PY'
import http.client, json, sys
address, seed = sys.argv[1], int(sys.argv[2])
host, port = address.rsplit(":", 1)
connection = http.client.HTTPConnection(host, int(port), timeout=60)
for start in range(0, seed, 100):
    targets = [{"provider": "yunzhenji", "account": "sales", "conversation": f"c{i}", "chat": "private"}
               for i in range(start, min(start + 100, seed))]
    body = json.dumps({"targets": targets, "messages": [{"type": "text", "text": "您好"}]})
    connection.request("POST", "/api/send", body, {"Content-Type": "application/json"})
    answer = connection.getresponse()
    answer.read()
    if answer.status != 202:
        sys.exit(f"POST /api/send answered {answer.status}")
PY
for _ in $(seq 1 600); do
  [ "$(count "'accepted'")" -ge "$seed" ] && break
  sleep 0.2
done
[ "$(count "'accepted'")" -eq "$seed" ] || { echo "only $(count "'accepted'") of $seed messages accepted" >&2; exit 1; }
stop_serve
sqlite3 "$db" > /dev/null <<SQL
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
CREATE TEMP TABLE template AS
  SELECT m.id, a.id AS send_id, s.id AS svrid FROM messages m
  JOIN correlations a ON a.message_id = m.id AND a.kind = 'api_send_id'
  JOIN correlations s ON s.message_id = m.id AND s.kind = 'api_send_svrid'
  WHERE m.state = 'accepted';
CREATE TEMP TABLE copy AS
  WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < $copies - 1) SELECT n FROM k WHERE $copies > 1;
BEGIN;
INSERT INTO messages (id, provider, account, conversation, chat, items, origin, rule, in_reply_to, state, record,
    next_action_at, created_at, updated_at, error, attempts, provider_ids, first_started_at, accepted_at,
    delivered_at, awaiting_since, confirm_at, timeline_length)
  SELECT m.id || '-' || copy.n, provider, account, conversation, chat, items, origin, rule, in_reply_to, state,
    replace(replace(replace(record, t.svrid, t.svrid || '-' || copy.n), t.send_id, t.send_id || '-' || copy.n),
            m.id, m.id || '-' || copy.n),
    next_action_at, created_at, updated_at, error, attempts, replace(provider_ids, t.svrid, t.svrid || '-' || copy.n),
    first_started_at, accepted_at, delivered_at, awaiting_since, confirm_at, timeline_length
  FROM copy, template t JOIN messages m ON m.id = t.id ORDER BY copy.n, m.seq;
INSERT INTO timeline (message_id, seq, time, from_state, to_state, cause)
  SELECT tl.message_id || '-' || copy.n, tl.seq, tl.time, tl.from_state, tl.to_state, tl.cause
  FROM copy, template t JOIN timeline tl ON tl.message_id = t.id;
INSERT INTO correlations (kind, id, message_id, attempt, item)
  SELECT c.kind, c.id || '-' || copy.n, c.message_id || '-' || copy.n, c.attempt, c.item
  FROM copy, template t JOIN correlations c ON c.message_id = t.id;
UPDATE message_counts SET count = count + (SELECT count(*) FROM copy) * (SELECT count(*) FROM template)
  WHERE state = 'accepted';
COMMIT;
PRAGMA wal_checkpoint(TRUNCATE);
SQL
  if [ -n "${FILLED:-}" ]; then cp "$db" "$FILLED"; fi
fi
sqlite3 "$db" "SELECT a.id || char(9) || s.id FROM messages m
  JOIN correlations a ON a.message_id = m.id AND a.kind = 'api_send_id'
  JOIN correlations s ON s.message_id = m.id AND s.kind = 'api_send_svrid'
  WHERE m.id NOT LIKE '%-%' ORDER BY m.seq;" > "$work/refs.tsv"
accepted=$(count "'accepted'")
echo "   outbox: $accepted accepted messages ($(du -m "$db" | cut -f1) MiB), copied in $(python3 -c "import time; print(round(time.time() - $fill_started, 1))") s"
[ "$accepted" -eq "$size" ] || { echo "the outbox holds $accepted accepted messages, not $size" >&2; exit 1; }

echo "== start-up with $size messages in the outbox"
started=$(date +%s.%N)
start_serve run
startup_ms=$(python3 -c "import time; print(round((time.time() - $started) * 1000))")
echo "   serve listening after $startup_ms ms (the sampling of its log adds up to 100 ms)"

echo "== callbacks: wrk -t2 -c64 -d$duration, each for a different message"
before_final=$(count "'echoed','delivered','failed'")
ticks_before=$(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$serve_pid/stat")
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
result=$(CALLBACK_REFS="$work/refs.tsv" CALLBACK_COPIES="$copies" WRK_THREADS=2 \
  wrk -t2 -c64 -d"$duration" --latency -s "$root/Benchmarks/lib/post-callbacks.lua" \
  "http://$serve_address/hooks/yunzhenji/sales" | tee "$work/wrk.log" | grep '^WRK ')
ticks_after=$(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$serve_pid/stat")
stop_serve
after_final=$(count "'echoed','delivered','failed'")
field() { echo "$result" | tr ' ' '\n' | awk -F= -v key="$1" '$1 == key {print $2}'; }
requests=$(field requests); non_2xx=$(field non_2xx); seconds=$(field seconds)
ok=$((requests - non_2xx))
applied=$((after_final - before_final))
rate=$(awk -v n="$ok" -v s="$seconds" 'BEGIN { printf "%.0f", n / s }')
cpu=$(awk -v t="$((ticks_after - ticks_before))" -v hz="$(getconf CLK_TCK)" -v n="$requests" \
  'BEGIN { printf "%.0f", (n > 0) ? (t / hz * 1e6 / n) : 0 }')
echo "   $requests callbacks in $seconds s, 2xx $ok, non-2xx $non_2xx, socket errors $(field socket_errors); p50 $(field p50_ms) ms, p99 $(field p99_ms) ms"
echo "   messages moved to echoed/failed: $applied; serve CPU $cpu ms per 1k callbacks; load average before $load_before, after $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "goal check ($size messages in the outbox, durability $durability):"
# A callback in flight when wrk stops may be applied without wrk counting its answer.
if [ "$applied" -ge "$ok" ] && [ "$applied" -le $((ok + 64)) ]; then echo "  PASS  every answered callback applied: $applied for $ok"
else echo "  MISS  every answered callback applied: $applied messages moved for $ok answered"; fi
awk -v r="$rate" 'BEGIN { printf "  %s  callbacks applied per second >= 20,000: %d\n", (r >= 20000 ? "PASS" : "MISS"), r }'
awk -v s="$startup_ms" 'BEGIN { printf "  %s  start-up to listening <= 1 s: %d ms\n", (s <= 1000 ? "PASS" : "MISS"), s }'
echo "command: $command_line    raw: $raw"
