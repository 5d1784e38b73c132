#!/usr/bin/env bash
# Ingest benchmark: wxhook beside a Hummingbird 2 receiver (Benchmarks/HummingbirdPeer), taking
# turns (A B A B …) because the machine is shared and noisy: ratios hold better than absolutes.
# Both answer `POST /hooks/botadmin/shop` with a bot-admin text webhook: check the secret, commit
# one SQLite row, then answer 200. wxhook runs twice a round: with its default `durability: full`
# (WAL, synchronous=FULL, one fsync per group commit) as `wxhook`, and with `durability: process`
# (synchronous=NORMAL, what the peer does) as `wxhook-process`. For each run the script starts a fresh
# server on a fresh database, checks it (good secret 200, bad secret 401), loads it with wrk,
# reads its CPU time and peak RSS from /proc, stops it by PID and compares the rows stored with
# the 2xx answers wrk counted (fewer rows than 2xx would be an acknowledged webhook lost).
#
# usage: Benchmarks/ingest.sh [ROUNDS] [MODE]   ROUNDS default 3
#   MODE  load      wrk -t2 -c64, throughput (default)
#         latency   wrk -t1 -c1, unloaded latency
#         both      load, then latency
# env:  DURATION (default 15s), WXHOOK_BIN (use this wxhook instead of building one)
# needs: wrk, sqlite3, curl (apt-get install -y wrk sqlite3 curl); the peer's first build takes a
#        few minutes (Hummingbird and SwiftNIO, resolved like any Swift package).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/Benchmarks/lib/processes.sh"
rounds=${1:-3}
mode=${2:-load}
duration=${DURATION:-15s}
work="$root/.build-bench/ingest"
raw="$work/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$raw" "$work/db" "$work/no-rules"

case "$mode" in load | latency) modes=("$mode") ;; both) modes=(load latency) ;;
  *) echo "MODE must be load, latency or both" >&2; exit 64 ;; esac
for tool in wrk sqlite3 curl; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install -y wrk sqlite3 curl" >&2; exit 1; }
done

use_release_wxhook "$root" "$root/.build-bench-release"
peer_package="$root/Benchmarks/HummingbirdPeer"
echo "== building the Hummingbird peer (release; the first build resolves and compiles SwiftNIO)"
if ! peer_log=$(timeout 1800 swift build -c release --package-path "$peer_package" 2>&1); then
  echo "$peer_log" >&2
  exit 1
fi
echo "$peer_log" | tail -1
peer="$peer_package/.build/release/HummingbirdPeer"

# The same body on every request. wxhook takes an identical bot-admin body within
# dedupe_window_s for a redelivery (docs/providers.md, "Recognising redeliveries"); the window is 0
# here so that, as in the peer, every request is a new event and a new row.
body="$work/webhook.json"
printf '%s' '{"secret":"s3cret","msgtype":"text","conversation_id":"conv-1","sender":"user-1","text":{"content":"你好 价格"}}' > "$body"
cat > "$work/wxhook.json" <<JSON
{ "dedupe_window_s": 0, "accounts": [ { "provider": "botadmin", "name": "shop", "base_url": "http://127.0.0.1:9", "secret": "s3cret" } ] }
JSON
cat > "$work/wxhook-process.json" <<JSON
{ "dedupe_window_s": 0, "durability": "process",
  "accounts": [ { "provider": "botadmin", "name": "shop", "base_url": "http://127.0.0.1:9", "secret": "s3cret" } ] }
JSON

table="$raw/runs.tsv"
printf 'server\tmode\trps\tp50_ms\tp99_ms\tp999_ms\trequests\tnon_2xx\tsocket_errors\trows_minus_2xx\tcpu_ms_per_1k\tpeak_rss_mib\n' > "$table"
url_path=/hooks/botadmin/shop

# usage: measure NAME MODE PORT DB COMMAND…   one run: fresh DB, server, wrk, figures, stop.
measure() {
  local name=$1 run_mode=$2 port=$3 db=$4
  shift 4
  local url="http://127.0.0.1:$port$url_path" log="$raw/$name-$run_mode-$(date -u +%H%M%S).log"
  local threads=2 connections=64
  [ "$run_mode" = latency ] && threads=1 connections=1
  rm -f "$db" "$db-wal" "$db-shm"
  "$@" > "$log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 300); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    kill -0 "$pid" 2>/dev/null || { echo "$name exited before listening:" >&2; cat "$log" >&2; return 1; }
    sleep 0.1
  done
  local good bad
  good=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' --data-binary "@$body" "$url")
  bad=$(sed 's/s3cret/wrong/' "$body" | curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' --data-binary @- "$url")
  if [ "$good" != 200 ] || [ "$bad" != 401 ]; then
    echo "$name: sanity check failed (good secret $good, bad secret $bad; want 200, 401)" >&2
    stop_pids "$pid"; return 1
  fi
  local rows_before ticks_before ticks_after result
  rows_before=$(sqlite3 "$db" "PRAGMA busy_timeout=5000; SELECT count(*) FROM events;" | tail -1)
  ticks_before=$(cpu_ticks "$pid")
  result=$(WEBHOOK_BODY="$body" wrk -t"$threads" -c"$connections" -d"$duration" --latency \
    -s "$root/Benchmarks/lib/post-webhook.lua" "$url" | tee -a "$log" | grep '^WRK ')
  ticks_after=$(cpu_ticks "$pid")
  local peak_kib
  peak_kib=$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status")
  stop_pids "$pid"
  wait "$pid" 2>/dev/null || true
  local rows_after
  rows_after=$(sqlite3 "$db" "PRAGMA busy_timeout=5000; SELECT count(*) FROM events;" | tail -1)

  field() { echo "$result" | tr ' ' '\n' | awk -F= -v key="$1" '$1 == key {print $2}'; }
  local requests non_2xx ok seconds
  requests=$(field requests); non_2xx=$(field non_2xx); seconds=$(field seconds)
  ok=$((requests - non_2xx))
  local gap=$((rows_after - rows_before - ok))
  local rps cpu_per_1k
  rps=$(awk -v n="$requests" -v s="$seconds" 'BEGIN { printf "%.1f", n / s }')
  cpu_per_1k=$(awk -v t="$((ticks_after - ticks_before))" -v hz="$(getconf CLK_TCK)" -v n="$requests" \
    'BEGIN { printf "%.1f", (n > 0) ? (t / hz * 1000 * 1000 / n) : 0 }')
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$run_mode" "$rps" "$(field p50_ms)" "$(field p99_ms)" \
    "$(field p999_ms)" "$requests" "$non_2xx" "$(field socket_errors)" "$gap" "$cpu_per_1k" \
    "$(awk -v k="$peak_kib" 'BEGIN { printf "%.1f", k / 1024 }')" >> "$table"
  echo "  $name/$run_mode: $rps req/s, p99 $(field p99_ms) ms, CPU $cpu_per_1k ms per 1k, peak RSS $((peak_kib / 1024)) MiB, rows - 2xx = $gap"
  # A request in flight when wrk stops may be stored without wrk counting its answer; more
  # rows than that, or fewer rows than 2xx answers, is a finding.
  if [ "$gap" -lt 0 ] || [ "$gap" -gt "$connections" ]; then
    echo "  ! FINDING: $((rows_after - rows_before)) rows for $ok 2xx answers" >&2
  fi
}

# User plus system time of a process (all its threads), in clock ticks.
cpu_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }

for round in $(seq 1 "$rounds"); do
  echo "== round $round/$rounds"
  for run_mode in "${modes[@]}"; do
    measure wxhook "$run_mode" 18090 "$work/db/wxhook.sqlite" \
      "$wxhook" serve --config "$work/wxhook.json" --listen 127.0.0.1:18090 --db "$work/db/wxhook.sqlite" --rules "$work/no-rules"
    measure hummingbird "$run_mode" 18091 "$work/db/peer.sqlite" "$peer" 18091 "$work/db/peer.sqlite" s3cret
    measure wxhook-process "$run_mode" 18092 "$work/db/wxhook-process.sqlite" \
      "$wxhook" serve --config "$work/wxhook-process.json" --listen 127.0.0.1:18092 --db "$work/db/wxhook-process.sqlite" \
      --rules "$work/no-rules"
  done
done

echo
echo "command: Benchmarks/ingest.sh $rounds $mode (DURATION=$duration)    raw: $raw    load: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$root/Benchmarks/lib/ingest-medians.py" "$table" | tee "$raw/medians.md"
