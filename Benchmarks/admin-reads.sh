#!/usr/bin/env bash
# Admin reads at scale (docs/benchmarks.md, "Admin reads"): the operator's endpoints against a
# store of SIZE messages and SIZE events. Each endpoint is asked REPEAT times in a row on one
# keep-alive connection; p50/p99/max of the answer time are reported against the goals:
# /api/stats?days=7 p99 <= 50 ms; /api/messages and /api/events pages, with each filter,
# <= 20 ms; /api/events?q= (substring search) <= 100 ms.
#
# The fill: `serve` sends SEED messages through `POST /api/send` to `wxhook sim`, which echoes
# them back as callbacks (a tenth as failures) so they end delivered or failed with real
# timelines, and the sim posts SEED / 4 customer messages; serve is then stopped and sqlite3
# copies those messages and events until each table holds SIZE rows, the copies spread over the
# last seven days (ids suffixed "-k"; each copied event's text gets " #k" appended).
#
# usage: Benchmarks/admin-reads.sh [SIZE]      SIZE default 1000000
# env:   SEED (default 2000), REPEAT (requests per endpoint, default 40), WXHOOK_BIN
# needs: sqlite3, curl, python3
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/Benchmarks/lib/processes.sh"
size=${1:-1000000}
seed=${SEED:-2000}
repeat=${REPEAT:-40}
case "$size$seed$repeat" in *[!0-9]*|"") echo "usage: $0 [SIZE] (a whole number)" >&2; exit 64 ;; esac
command_line="Benchmarks/admin-reads.sh $size (SEED=$seed REPEAT=$repeat)"
require_tools sqlite3 curl python3
open_run admin-reads
mkdir -p "$work/no-rules"

echo "command: $command_line"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "system SQLite: $(sqlite3 --version | cut -d' ' -f1)"
use_release_wxhook "$root" "$root/.build-bench-release"
db="$work/wxhook.sqlite"
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
serve_port=$(free_port)
sim_port=$(free_port)
account='"provider": "yunzhenji", "name": "sales", "app_id": "bench", "access_token": "bench-token", "wxid": "16001"'
echo "{ \"accounts\": [ { $account, \"base_url\": \"http://127.0.0.1:9\" } ] }" > "$work/sim.json"
cat > "$work/wxhook.json" <<JSON
{ "dedupe_window_s": 0, "pacing": { "per_account_per_minute": 1000000000 }, "delivery": { "confirm_after_s": 0 },
  "accounts": [ { $account, "base_url": "http://127.0.0.1:$sim_port" } ] }
JSON
"$wxhook" sim --config "$work/sim.json" --listen "127.0.0.1:$sim_port" --seed 1 --fail-rate 0.1 \
  --callback "http://127.0.0.1:$serve_port" 2> "$work/sim.log" &
sim_pid=$!
pids+=("$sim_pid")
listening_address "$work/sim.log" "$sim_pid" > /dev/null

start_serve() {
  "$wxhook" serve --config "$work/wxhook.json" --listen "127.0.0.1:$serve_port" --db "$db" --rules "$work/no-rules" \
    2> "$work/serve-$1.log" &
  serve_pid=$!
  pids+=("$serve_pid")
  listening_address "$work/serve-$1.log" "$serve_pid" > /dev/null
}
stop_serve() {
  stop_pids "$serve_pid"
  wait "$serve_pid" 2>/dev/null || true
}
query() { sqlite3 "$db" "PRAGMA busy_timeout=5000; $1" | tail -1; }

echo "== fill: $seed messages through serve and sim, $((seed / 4)) customer messages, then copies to $size rows each"
start_serve fill
python3 - "$serve_port" "$sim_port" "$seed" <<'PY'
import http.client, json, sys
serve_port, sim_port, seed = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
serve = http.client.HTTPConnection("127.0.0.1", serve_port, timeout=60)
for start in range(0, seed, 100):
    targets = [{"provider": "yunzhenji", "account": "sales", "conversation": f"c{i}", "chat": "private"}
               for i in range(start, min(start + 100, seed))]
    serve.request("POST", "/api/send", json.dumps({"targets": targets, "messages": [{"type": "text", "text": "您好"}]}),
                  {"Content-Type": "application/json"})
    answer = serve.getresponse(); answer.read()
    if answer.status != 202:
        sys.exit(f"POST /api/send answered {answer.status}")
sim = http.client.HTTPConnection("127.0.0.1", sim_port, timeout=60)
words = ["价格多少", "发货了吗", "快递单号", "人工客服", "退款怎么办", "尺码偏大吗", "hello", "优惠券", "营业时间", "地址在哪"]
for i in range(seed // 4):
    body = {"provider": "yunzhenji", "account": "sales", "conversation": f"c{i % seed}", "sender": f"u{i}",
            "text": f"{words[i % len(words)]} 订单{i}"}
    sim.request("POST", "/sim/inbound", json.dumps(body), {"Content-Type": "application/json"})
    answer = sim.getresponse(); answer.read()
    if answer.status // 100 != 2:
        sys.exit(f"POST /sim/inbound answered {answer.status}")
PY
for _ in $(seq 1 900); do
  [ "$(query "SELECT coalesce(sum(count), 0) FROM message_counts WHERE state IN ('delivered', 'failed')")" -ge "$seed" ] && break
  sleep 0.2
done
sleep 1
stop_serve
final=$(query "SELECT coalesce(sum(count), 0) FROM message_counts WHERE state IN ('delivered', 'failed')")
[ "$final" -ge "$seed" ] || { echo "only $final of $seed messages reached a final state" >&2; exit 1; }
seed_events=$(query "SELECT count(*) FROM events")
echo "   seed: $(query "SELECT group_concat(state || ' ' || count, ', ') FROM message_counts WHERE count > 0"); $seed_events events"

fill_started=$(date +%s.%N)
# Copy k of a row moves back by k mod 7 days and k mod 3600 seconds: the seven days of stats fill.
sqlite3 "$db" > /dev/null <<SQL
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
CREATE TEMP TABLE seed_messages AS SELECT * FROM messages;
CREATE TEMP TABLE seed_events AS SELECT * FROM events;
-- As many copy numbers as the smaller seed needs, no more: every copy below is a join with it.
CREATE TEMP TABLE copy AS
  WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k
                          WHERE n <= $size / (SELECT min((SELECT count(*) FROM seed_messages), (SELECT count(*) FROM seed_events))))
  SELECT n FROM k;
BEGIN;
INSERT INTO messages (id, provider, account, conversation, chat, items, origin, rule, in_reply_to, state, record,
    next_action_at, created_at, updated_at, error, attempts, provider_ids, first_started_at, accepted_at,
    delivered_at, awaiting_since, confirm_at, timeline_length)
  SELECT m.id || '-' || copy.n, provider, account, conversation, chat, items, origin, rule, in_reply_to, state,
    replace(record, m.id, m.id || '-' || copy.n), next_action_at - (copy.n % 7) * 86400 - copy.n % 3600,
    created_at - (copy.n % 7) * 86400 - copy.n % 3600, updated_at - (copy.n % 7) * 86400 - copy.n % 3600, error,
    attempts, provider_ids, first_started_at - (copy.n % 7) * 86400 - copy.n % 3600,
    accepted_at - (copy.n % 7) * 86400 - copy.n % 3600, delivered_at - (copy.n % 7) * 86400 - copy.n % 3600,
    awaiting_since, confirm_at, timeline_length
  FROM copy, seed_messages m WHERE copy.n <= ($size - 1) / (SELECT count(*) FROM seed_messages)
  ORDER BY copy.n, m.seq LIMIT $size - (SELECT count(*) FROM seed_messages);
INSERT INTO timeline (message_id, seq, time, from_state, to_state, cause)
  SELECT tl.message_id || '-' || copy.n, tl.seq, tl.time - (copy.n % 7) * 86400 - copy.n % 3600, tl.from_state,
    tl.to_state, tl.cause
  FROM copy, timeline tl
  WHERE copy.n <= ($size - 1) / (SELECT count(*) FROM seed_messages) AND tl.message_id IN (SELECT id FROM seed_messages)
    AND (tl.message_id || '-' || copy.n) IN (SELECT id FROM messages);
UPDATE message_counts SET count = (SELECT count(*) FROM messages WHERE state = message_counts.state);
INSERT INTO events (id, provider, account, kind, provider_type, conversation, sender, text, provider_msg_id,
    api_send_id, api_send_svrid, error, is_self, is_group, mentions, message_id, received_at, raw)
  SELECT e.id || '-' || copy.n, provider, account, kind, provider_type, conversation, sender,
    CASE WHEN text IS NULL THEN NULL ELSE text || ' #' || copy.n END, provider_msg_id, api_send_id, api_send_svrid,
    error, is_self, is_group, mentions, CASE WHEN message_id IS NULL THEN NULL ELSE message_id || '-' || copy.n END,
    received_at - (copy.n % 7) * 86400 - copy.n % 3600, raw
  FROM copy, seed_events e WHERE copy.n <= ($size - 1) / (SELECT count(*) FROM seed_events) + 1
  ORDER BY copy.n, e.seq LIMIT $size - (SELECT count(*) FROM seed_events);
-- serve indexes the events' text behind ingest, from its progress row on (docs/storage.md,
-- "Searching event text"); the copies are indexed here, as a start of serve would.
INSERT INTO events_text (rowid, text) SELECT seq, text || char(1) FROM events
  WHERE seq > (SELECT indexed_through FROM events_text_progress) AND text IS NOT NULL;
UPDATE events_text_progress SET indexed_through = (SELECT max(seq) FROM events);
COMMIT;
ANALYZE;
PRAGMA wal_checkpoint(TRUNCATE);
SQL
echo "   store: $(query "SELECT count(*) FROM messages") messages, $(query "SELECT count(*) FROM events") events," \
  "$(du -m "$db" | cut -f1) MiB, copied in $(python3 -c "import time; print(round(time.time() - $fill_started))") s"

echo "== reads: each endpoint $repeat times on one connection"
start_serve reads
python3 - "$serve_port" "$repeat" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY'
import http.client, sys, time
port, repeat, load = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
checks = [
    ("/api/stats?days=7", 50), ("/api/stats?days=7&provider=yunzhenji&account=sales", 50),
    ("/api/messages", 20), ("/api/messages?state=failed", 20), ("/api/messages?state=delivered", 20),
    ("/api/messages?provider=yunzhenji&account=sales", 20), ("/api/messages?conversation=c7", 20),
    ("/api/messages?offset=1000", 20),
    ("/api/events", 20), ("/api/events?kind=message", 20), ("/api/events?kind=send_failure", 20),
    ("/api/events?provider=yunzhenji&account=sales", 20), ("/api/events?conversation=c7", 20),
    ("/api/events?q=%E4%BB%B7%E6%A0%BC", 100), ("/api/events?q=%E8%AE%A2%E5%8D%95123%20%2399", 100),
    ("/api/events?q=no-such-text", 100),
]
misses = 0
print(f"{'endpoint':58} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}  goal")
for path, goal in checks:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        connection.request("GET", path)
        answer = connection.getresponse()
        answer.read()
        times.append((time.perf_counter() - started) * 1000)
        if answer.status != 200:
            sys.exit(f"GET {path} answered {answer.status}")
    times.sort()
    p99 = times[min(len(times) - 1, int(round(0.99 * (len(times) - 1))))]
    verdict = "PASS" if p99 <= goal else "MISS"
    misses += verdict == "MISS"
    print(f"{path:58} {times[len(times) // 2]:8.1f} {p99:8.1f} {times[-1]:8.1f}  {verdict} (p99 <= {goal} ms)")
print(f"load average before: {load}, after: {' '.join(open('/proc/loadavg').read().split()[:3])}")
print(f"goal check: {len(checks) - misses} of {len(checks)} endpoints within their goal")
PY
echo "command: $command_line    raw: $raw"
