#!/usr/bin/env bash
# Ingest benchmark: wxhook beside a Hummingbird 2 receiver (Benchmarks/HummingbirdPeer), and
# wxhook on PostgreSQL with one and with two instances on one database, taking turns
# (A B C D A B C D …) because the machine is shared and noisy: ratios hold better than absolutes.
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
# env:  DURATION (default 15s), WXHOOK_BIN (use this wxhook instead of building one),
#       DISTINCT=1 (every request a body of its own and dedupe_window_s 10: each request writes
#       a dedupe key, as webhooks of real traffic do),
#       PEER=0 (leave the Hummingbird peer out), POSTGRES=0 (leave the PostgreSQL runs out)
# needs: wrk, sqlite3, curl (apt-get install -y wrk sqlite3 curl); the peer's first build takes a
#        few minutes (Hummingbird and SwiftNIO, resolved like any Swift package). The PostgreSQL
#        runs need the server (apt-get install -y postgresql) and psql: a throwaway cluster on a
#        Unix socket (.ci/postgres) serves them, its database emptied before each run. With two
#        instances, two wrk processes load one instance each (half the connections each) at once,
#        and the figures are their sum (req/s, CPU) or the worse of the two (latency).
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
with_peer=${PEER:-1}
with_postgres=${POSTGRES:-1}
if [ "$with_postgres" != 0 ]; then
  command -v psql >/dev/null || { echo "missing psql: apt-get install -y postgresql (or POSTGRES=0)" >&2; exit 1; }
  pg_dir="$work/pg"
  pg_server=$("$root/.ci/postgres" start "$pg_dir")
  trap '"$root/.ci/postgres" stop "$pg_dir" >/dev/null 2>&1 || true' EXIT
  pg_url="postgresql://postgres@/bench?host=$pg_dir"
fi

use_release_wxhook "$root" "$root/.build-bench-release"
peer_package="$root/Benchmarks/HummingbirdPeer"
if [ "$with_peer" != 0 ]; then
  echo "== building the Hummingbird peer (release; the first build resolves and compiles SwiftNIO)"
  if ! peer_log=$(timeout 1800 swift build -c release --package-path "$peer_package" 2>&1); then
    echo "$peer_log" >&2
    exit 1
  fi
  echo "$peer_log" | tail -1
  peer="$peer_package/.build/release/HummingbirdPeer"
fi

# The same body on every request. wxhook takes an identical bot-admin body within
# dedupe_window_s for a redelivery (docs/providers.md, "Recognising redeliveries"); the window is 0
# here so that, as in the peer, every request is a new event and a new row. With DISTINCT=1 the
# bodies differ (Benchmarks/lib/post-webhook.lua) and the window is the default's 10 s.
window=0
[ "${DISTINCT:-0}" = 1 ] && window=10
export DISTINCT=${DISTINCT:-0}
body="$work/webhook.json"
printf '%s' '{"secret":"s3cret","msgtype":"text","conversation_id":"conv-1","sender":"user-1","text":{"content":"你好 价格"}}' > "$body"
cat > "$work/wxhook.json" <<JSON
{ "dedupe_window_s": $window, "accounts": [ { "provider": "botadmin", "name": "shop", "base_url": "http://127.0.0.1:9", "secret": "s3cret" } ] }
JSON
cat > "$work/wxhook-process.json" <<JSON
{ "dedupe_window_s": $window, "durability": "process",
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

  report "$name" "$run_mode" "$result" "$((rows_after - rows_before))" "$((ticks_after - ticks_before))" "$peak_kib" \
    "$connections"
}

# usage: report NAME MODE WRK_LINE ROWS TICKS PEAK_KIB CONNECTIONS   one run's row in the table and
# its line on the screen, from wrk's summary line (`WRK requests=… non_2xx=… seconds=… p99_ms=…`),
# the rows stored during the load, the server's CPU ticks and its peak RSS.
report() {
  local name=$1 run_mode=$2 result=$3 rows=$4 ticks=$5 peak_kib=$6 connections=$7
  field() { echo "$result" | tr ' ' '\n' | awk -F= -v key="$1" '$1 == key {print $2}'; }
  local requests non_2xx ok seconds
  requests=$(field requests); non_2xx=$(field non_2xx); seconds=$(field seconds)
  ok=$((requests - non_2xx))
  local gap=$((rows - ok))
  local rps cpu_per_1k
  rps=$(awk -v n="$requests" -v s="$seconds" 'BEGIN { printf "%.1f", n / s }')
  cpu_per_1k=$(awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" -v n="$requests" \
    'BEGIN { printf "%.1f", (n > 0) ? (t / hz * 1000 * 1000 / n) : 0 }')
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$run_mode" "$rps" "$(field p50_ms)" "$(field p99_ms)" \
    "$(field p999_ms)" "$requests" "$non_2xx" "$(field socket_errors)" "$gap" "$cpu_per_1k" \
    "$(awk -v k="$peak_kib" 'BEGIN { printf "%.1f", k / 1024 }')" >> "$table"
  echo "  $name/$run_mode: $rps req/s, p99 $(field p99_ms) ms, CPU $cpu_per_1k ms per 1k, peak RSS $((peak_kib / 1024)) MiB, rows - 2xx = $gap"
  # A request in flight when wrk stops may be stored without wrk counting its answer; more
  # rows than that, or fewer rows than 2xx answers, is a finding.
  if [ "$gap" -lt 0 ] || [ "$gap" -gt "$connections" ]; then
    echo "  ! FINDING: $rows rows for $ok 2xx answers" >&2
  fi
}

# The events stored in the PostgreSQL benchmark database.
pg_rows() { psql -Atq "$pg_url" -c "SELECT count(*) FROM events"; }

# usage: measure_postgres NAME MODE INSTANCES   as `measure`, on PostgreSQL: a fresh database, as
# many `serve` on it as INSTANCES (each on a free port), one wrk per instance at once.
measure_postgres() {
  local name=$1 run_mode=$2 instances=$3
  local threads=2 connections=64
  [ "$run_mode" = latency ] && threads=1 connections=1
  [ "$instances" -gt 1 ] && [ "$run_mode" = load ] && threads=1 connections=$((64 / instances))
  psql -Atq "$pg_server" -c "DROP DATABASE IF EXISTS bench WITH (FORCE)" -c "CREATE DATABASE bench"
  local pids=() ports=() i
  for i in $(seq 1 "$instances"); do
    # Port 0: each instance takes a free port and logs it (another benchmark may hold a fixed one).
    local address log="$raw/$name-$run_mode-$i-$(date -u +%H%M%S).log"
    "$wxhook" serve --config "$work/wxhook.json" --listen "127.0.0.1:0" --db "$pg_url" --rules "$work/no-rules" \
      > "$log" 2>&1 &
    pids+=($!)
    address=$(listening_address "$log" "${pids[-1]}") || { stop_pids "${pids[@]}"; return 1; }
    ports+=("${address##*:}")
  done
  local port good bad
  for port in "${ports[@]}"; do
    good=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' --data-binary "@$body" "http://127.0.0.1:$port$url_path")
    bad=$(sed 's/s3cret/wrong/' "$body" | curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' --data-binary @- "http://127.0.0.1:$port$url_path")
    if [ "$good" != 200 ] || [ "$bad" != 401 ]; then
      echo "$name: sanity check failed on port $port (good secret $good, bad secret $bad; want 200, 401)" >&2
      stop_pids "${pids[@]}"; return 1
    fi
  done
  local rows_before ticks_before=0 ticks_after=0 pid
  rows_before=$(pg_rows)
  for pid in "${pids[@]}"; do ticks_before=$((ticks_before + $(cpu_ticks "$pid"))); done
  local outputs=() loaders=()
  for port in "${ports[@]}"; do
    local out="$raw/$name-$run_mode-wrk-$port.txt"
    outputs+=("$out")
    WEBHOOK_BODY="$body" BODY_TAG="$port" wrk -t"$threads" -c"$connections" -d"$duration" --latency \
      -s "$root/Benchmarks/lib/post-webhook.lua" "http://127.0.0.1:$port$url_path" > "$out" &
    loaders+=($!)
  done
  wait "${loaders[@]}"
  for pid in "${pids[@]}"; do ticks_after=$((ticks_after + $(cpu_ticks "$pid"))); done
  local peak_kib=0 kib
  for pid in "${pids[@]}"; do
    kib=$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status"); [ "$kib" -gt "$peak_kib" ] && peak_kib=$kib
  done
  stop_pids "${pids[@]}"
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  local rows_after
  rows_after=$(pg_rows)
  # Sum requests and errors over the wrk runs; the longest duration; the worst percentiles.
  local summed
  summed=$(cat "${outputs[@]}" | grep '^WRK ' | tr ' ' '\n' | awk -F= '
    $1 == "requests" || $1 == "non_2xx" || $1 == "socket_errors" { sum[$1] += $2 }
    $1 == "seconds" || $1 ~ /_ms$/ { if ($2 > max[$1]) max[$1] = $2 }
    END { printf "WRK requests=%d non_2xx=%d socket_errors=%d seconds=%s p50_ms=%s p99_ms=%s p999_ms=%s\n",
          sum["requests"], sum["non_2xx"], sum["socket_errors"], max["seconds"], max["p50_ms"], max["p99_ms"], max["p999_ms"] }')
  report "$name" "$run_mode" "$summed" "$((rows_after - rows_before))" "$((ticks_after - ticks_before))" "$peak_kib" \
    "$((connections * instances))"
}

for round in $(seq 1 "$rounds"); do
  echo "== round $round/$rounds"
  for run_mode in "${modes[@]}"; do
    measure wxhook "$run_mode" 18090 "$work/db/wxhook.sqlite" \
      "$wxhook" serve --config "$work/wxhook.json" --listen 127.0.0.1:18090 --db "$work/db/wxhook.sqlite" --rules "$work/no-rules"
    if [ "$with_peer" != 0 ]; then
      measure hummingbird "$run_mode" 18091 "$work/db/peer.sqlite" "$peer" 18091 "$work/db/peer.sqlite" s3cret
    fi
    measure wxhook-process "$run_mode" 18092 "$work/db/wxhook-process.sqlite" \
      "$wxhook" serve --config "$work/wxhook-process.json" --listen 127.0.0.1:18092 --db "$work/db/wxhook-process.sqlite" \
      --rules "$work/no-rules"
    if [ "$with_postgres" != 0 ]; then
      measure_postgres wxhook-postgres-1 "$run_mode" 1
      [ "$run_mode" = load ] && measure_postgres wxhook-postgres-2 "$run_mode" 2
    fi
  done
done

echo
echo "command: Benchmarks/ingest.sh $rounds $mode (DURATION=$duration)    raw: $raw    load: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$root/Benchmarks/lib/ingest-medians.py" "$table" | tee "$raw/medians.md"
