#!/usr/bin/env bash
# Forwarding benchmark (docs/benchmarks.md, "Forwarding"): `wxhook serve` with one subscription
# whose application is a local receiver (Benchmarks/lib/forward-receiver.py, answering 204 at once),
# beside `serve` without a subscription, taking turns on fresh databases.
#  1. at RATE: bot-admin webhooks offered at a fixed RATE events/s for SECONDS (wrk paced by
#     Benchmarks/lib/post-at-rate.lua, 1,000 conversations), ROUNDS times without and with the
#     subscription. With it, every stored event must reach the receiver under one webhook-id and
#     the p99 of "wxhook received the event → the receiver received its forward" must be <= 50 ms.
#     The ingest figures at that rate — rate reached, the webhook's p50 and p99, serve CPU per 1,000
#     events (forwarding included, counted until the last forward is recorded) — must be within
#     10% of those without.
#  2. saturated (beside the goal, not part of it): `wrk -t2 -c64` as fast as serve answers,
#     without and with the subscription, ROUNDS times; the ratio of the medians is printed.
#
# usage: Benchmarks/forward.sh [RATE] [SECONDS] [ROUNDS]     defaults 5000, 20 and 3
# env:   CONNECTIONS (paced wrk connections, default 64), DURATION (each saturated run, default
#        10s; SATURATED=0 leaves part 2 out), DRAIN (seconds to wait for the last forwards, default
#        60), WXHOOK_BIN (a wxhook binary to measure instead of building this tree's)
# needs: python3 (stdlib only), wrk (with LuaJIT), sqlite3 (apt-get install -y wrk sqlite3); builds
#        the release wxhook into .build-bench-release (~5 min the first time).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
. "$root/Benchmarks/lib/processes.sh"
rate=${1:-5000}
seconds=${2:-20}
rounds=${3:-3}
case "$rate$seconds$rounds" in *[!0-9]*|"") echo "usage: $0 [RATE] [SECONDS] [ROUNDS] (whole numbers)" >&2; exit 64 ;; esac
connections=${CONNECTIONS:-64}
duration=${DURATION:-10s}
drain=${DRAIN:-60}
saturated=${SATURATED:-1}
command_line="Benchmarks/forward.sh $rate $seconds $rounds"
for name in CONNECTIONS DURATION DRAIN SATURATED WXHOOK_BIN; do
  [ -n "${!name:-}" ] && command_line="$name=${!name} $command_line"
done
require_tools python3 wrk sqlite3
open_run forward
mkdir -p "$work/rules"

echo "command: $command_line"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
use_release_wxhook "$root" "$root/.build-bench-release"
receiver="$root/Benchmarks/lib/forward-receiver.py"
account_secret="bench-$$"
forward_secret="whsec_$(head -c 32 /dev/urandom | base64 | tr -d '\n')"
hz=$(getconf CLK_TCK)

# Starts the receiver; sets receiver_pid and receiver_address. usage: start_receiver NAME
start_receiver() {
  python3 -u "$receiver" --out "$work/$1.json" > "$work/$1.log" 2>&1 &
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

# Waits (up to DRAIN seconds) until no forward of database NAME is pending or delivering, and
# prints how many are in each state, as "state=count …". usage: drain_forwards NAME
drain_forwards() {
  local states=""
  for _ in $(seq 1 $((drain * 20))); do
    states=$(sqlite3 "$work/db-$1/wxhook.sqlite" "PRAGMA busy_timeout=5000; SELECT group_concat(state || '=' || n, ' ') FROM (SELECT state, count(*) n FROM forwards GROUP BY state);" | tail -1)
    case " $states " in *" pending="*|*" delivering="*) sleep 0.05 ;; *) break ;; esac
  done
  echo "$states"
}

# The value of KEY in a `WRK key=value …` line. usage: field KEY LINE
field() { echo "$2" | tr ' ' '\n' | awk -F= -v key="$1" '$1 == key {print $2}'; }

echo
echo "== 1. at $rate events/s for $seconds s (wrk -t2 -c$connections paced, 1,000 conversations), without and with the subscription, $rounds rounds"
printf 'round\tsetup\trps\tp50_ms\tp99_ms\tcpu_ms_per_1k\tevents\tsent\tlate\tbehind_ms\terrors\tforwarded_once\tfw_p50_ms\tfw_p99_ms\tfw_max_ms\treceiver_cpu_pct\n' \
  > "$raw/at-rate.tsv"
for round in $(seq 1 "$rounds"); do
  for setup in without with; do
    name="rate-$round-$setup"
    if [ "$setup" = with ]; then
      start_receiver "$name"
      start_serve "$name" "$receiver_address"
    else
      start_serve "$name"
    fi
    ticks_before=$(cpu_ticks "$serve_pid")
    receiver_ticks=0
    [ "$setup" = with ] && receiver_ticks=$(cpu_ticks "$receiver_pid")
    started=$(date +%s.%N)
    line=$(RATE="$rate" WRK_THREADS=2 WEBHOOK_SECRET="$account_secret" BODY_TAG="$name" \
      wrk -t2 -c"$connections" -d"${seconds}s" --timeout 10s --latency -s "$root/Benchmarks/lib/post-at-rate.lua" \
      "http://$serve_address/hooks/botadmin/shop" | tee "$work/wrk-$name.log" | grep '^WRK ')
    states=""
    # Forwarding's own CPU counts until the last forward is recorded.
    [ "$setup" = with ] && states=$(drain_forwards "$name")
    ticks_after=$(cpu_ticks "$serve_pid")
    forwarded="-" fw_p50="-" fw_p99="-" fw_max="-" receiver_cpu="-"
    if [ "$setup" = with ]; then
      receiver_cpu=$(awk -v a="$(cpu_ticks "$receiver_pid")" -v b="$receiver_ticks" -v hz="$hz" -v s="$started" \
        -v e="$(date +%s.%N)" 'BEGIN { printf "%.0f", (a - b) / hz / (e - s) * 100 }')
    fi
    stop_pids "$serve_pid"
    events=$(sqlite3 "$work/db-$name/wxhook.sqlite" "SELECT count(*) FROM events;")
    if [ "$setup" = with ]; then
      summary=$(stop_receiver "$name")
      read -r forwarded fw_p50 fw_p99 fw_max < <(python3 -c '
import json, sys
s, events = json.loads(sys.argv[1]), int(sys.argv[2])
ids, repeated = s["webhook_ids"], s["repeated_ids"]
print("yes" if ids == events and repeated == 0 else f"no:{ids}-ids-for-{events}-events,{repeated}-repeated",
      s["p50_ms"], s["p99_ms"], s["max_ms"])' "$summary" "$events")
    fi
    requests=$(field requests "$line")
    rps=$(awk -v n="$requests" -v s="$(field seconds "$line")" 'BEGIN { printf "%.0f", n / s }')
    cpu=$(awk -v t="$((ticks_after - ticks_before))" -v hz="$hz" -v n="$events" 'BEGIN { printf "%.1f", t / hz * 1e6 / n }')
    errors=$(( $(field non_2xx "$line") + $(field socket_errors "$line") ))
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$setup" "$rps" \
      "$(field p50_ms "$line")" "$(field p99_ms "$line")" "$cpu" "$events" "$(field sent "$line")" "$(field late "$line")" \
      "$(field behind_ms "$line")" "$errors" "$forwarded" "$fw_p50" "$fw_p99" "$fw_max" "$receiver_cpu" >> "$raw/at-rate.tsv"
    echo "   round $round, $setup: $rps events/s (late $(field late "$line"), behind ≤ $(field behind_ms "$line") ms), ingest p50 $(field p50_ms "$line") ms p99 $(field p99_ms "$line") ms, serve CPU $cpu ms per 1k, errors $errors"
    [ "$setup" = with ] && echo "      forwards: $states; forwarded once: $forwarded; received → forward received p50 $fw_p50 ms p99 $fw_p99 ms max $fw_max ms; receiver CPU $receiver_cpu%"
  done
done

printf 'round\tsetup\trps\tp99_ms\tcpu_ms_per_1k\n' > "$raw/saturated.tsv"
if [ "$saturated" != 0 ]; then
  echo
  echo "== 2. saturated (beside the goal): wrk -t2 -c64 -d$duration, without and with the subscription, $rounds rounds"
  body="$work/body.json"
  printf '{"secret":"%s","msgtype":"text","conversation_id":"c1","sender":"u1","text":{"content":"ingest bench"}}' \
    "$account_secret" > "$body"
  start_receiver saturated
  for round in $(seq 1 "$rounds"); do
    for setup in without with; do
      if [ "$setup" = with ]; then start_serve "sat-$round-$setup" "$receiver_address"; else start_serve "sat-$round-$setup"; fi
      ticks_before=$(cpu_ticks "$serve_pid")
      line=$(WEBHOOK_BODY="$body" wrk -t2 -c64 -d"$duration" --latency -s "$root/Benchmarks/lib/post-webhook.lua" \
        "http://$serve_address/hooks/botadmin/shop" | grep '^WRK ')
      ticks_after=$(cpu_ticks "$serve_pid")
      stop_pids "$serve_pid"
      rps=$(awk -v n="$(field requests "$line")" -v s="$(field seconds "$line")" 'BEGIN { printf "%.0f", n / s }')
      cpu=$(awk -v t="$((ticks_after - ticks_before))" -v hz="$hz" -v n="$(field requests "$line")" 'BEGIN { printf "%.1f", t / hz * 1e6 / n }')
      printf '%s\t%s\t%s\t%s\t%s\n' "$round" "$setup" "$rps" "$(field p99_ms "$line")" "$cpu" >> "$raw/saturated.tsv"
      echo "   round $round, $setup: $rps req/s, p99 $(field p99_ms "$line") ms, serve CPU $cpu ms per 1k (during wrk)"
    done
  done
  stop_receiver saturated > /dev/null
fi

echo
echo "== goal check (forwarding: at $rate events/s with one subscription, every event forwarded, p99 ≤ 50 ms, ingest figures within 10% of no subscription)"
python3 - "$raw/at-rate.tsv" "$raw/saturated.tsv" "$rate" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
saturated = list(csv.DictReader(open(sys.argv[2]), delimiter="\t"))
rate = int(sys.argv[3])
def median(table, setup, key):
    values = [float(r[key]) for r in table if r["setup"] == setup]
    return statistics.median(values) if values else None
def each(setup, key):
    return ", ".join(r[key] for r in rows if r["setup"] == setup)
w, o = (lambda key: median(rows, "with", key)), (lambda key: median(rows, "without", key))
checks = [
    (f"offered rate reached: {o('rps'):.0f} without, {w('rps'):.0f} with (medians; each: {each('without', 'rps')} / "
     f"{each('with', 'rps')}) >= 95% of {rate}", min(o("rps"), w("rps")) >= 0.95 * rate),
    (f"every stored event forwarded once: {each('with', 'forwarded_once')}",
     all(r["forwarded_once"] == "yes" for r in rows if r["setup"] == "with")),
    (f"p99 received → forward received {w('fw_p99_ms'):.1f} ms (median; each: {each('with', 'fw_p99_ms')}; "
     f"p50 {w('fw_p50_ms'):.1f}) <= 50 ms", w("fw_p99_ms") <= 50),
    (f"ingest rate with {w('rps'):.0f} /s = {w('rps') / o('rps'):.1%} of {o('rps'):.0f} without >= 90%",
     w("rps") >= 0.9 * o("rps")),
    (f"ingest p50 with {w('p50_ms'):.2f} ms vs {o('p50_ms'):.2f} ms without = {w('p50_ms') / o('p50_ms'):.0%} <= 110%",
     w("p50_ms") <= 1.1 * o("p50_ms")),
    (f"ingest p99 with {w('p99_ms'):.2f} ms vs {o('p99_ms'):.2f} ms without = {w('p99_ms') / o('p99_ms'):.0%} <= 110% "
     f"(each: {each('without', 'p99_ms')} / {each('with', 'p99_ms')})", w("p99_ms") <= 1.1 * o("p99_ms")),
    (f"serve CPU per 1k events with {w('cpu_ms_per_1k'):.1f} ms vs {o('cpu_ms_per_1k'):.1f} ms without = "
     f"{w('cpu_ms_per_1k') / o('cpu_ms_per_1k'):.0%} <= 110% (each: {each('without', 'cpu_ms_per_1k')} / "
     f"{each('with', 'cpu_ms_per_1k')})", w("cpu_ms_per_1k") <= 1.1 * o("cpu_ms_per_1k")),
]
for text, ok in checks:
    print(("   PASS " if ok else "   FAIL ") + text)
print(f"   receiver CPU: {each('with', 'receiver_cpu_pct')} % of a core (it must not be the bottleneck)")
if saturated:
    sw, so = median(saturated, "with", "rps"), median(saturated, "without", "rps")
    print(f"   beside the goal: saturated wrk -t2 -c64 with the subscription {sw:.0f} req/s = {sw / so:.1%} of "
          f"{so:.0f} without (medians); CPU per 1k during wrk {median(saturated, 'with', 'cpu_ms_per_1k'):.1f} vs "
          f"{median(saturated, 'without', 'cpu_ms_per_1k'):.1f} ms")
PY
echo
echo "command: $command_line    load average now: $(cut -d' ' -f1-3 /proc/loadavg)    raw: $raw"
