#!/usr/bin/env bash
# Soak (one of the proofs in the README, "Proving it"): MINUTES of mixed traffic against one
# `wxhook serve` and one `wxhook sim` (playing bot-admin, 云真机, go-wechat and WeCom), with serve's
# RSS, open descriptors and threads, and the sim's RSS, sampled every 10 s. Flat means no leak.
#
# Traffic (Benchmarks/soak-load.py, open loop at RATE requests/s, all kinds together): bot-admin
# webhooks, half of them matching the keyword rule (→ a reply sent through the sim), some
# redelivered to exercise dedupe; 云真机 customer chatMsgs (half matching → replies whose chatMsg
# echo, and at FAIL_RATE a chatMsgSendFail, the sim posts back to serve, some callbacks twice at
# DUPLICATE_RATE); POST /api/send to a botadmin, a 云真机, a go-wechat and a WeCom account, some
# with an Idempotency-Key and repeated; and a few admin reads (/api/messages, /api/events,
# /api/stats, /health, /metrics). Any 5xx, connection error or unexpected answer is an error.
#
# A warm-up (WARMUP s of the same traffic), then drain and REST s idle give the "at rest before"
# sample; the run, drain and REST s idle the "at rest after" one. Verdict, each PASS/FAIL: no
# errors; everything drained; one reply per matching message and every API send in the outbox;
# descriptors at rest after <= before + FD_SLACK; serve's RSS slope over the run's second half
# (least squares) < SLOPE_LIMIT MiB/min. Exit 1 on any FAIL. The RSS verdict needs a long run:
# in a run of a few minutes the second half still holds the warm-up growth (caches filling).
# The report also splits RSS into anonymous (heap) and file-backed memory, per samples.csv.
#
# usage: Benchmarks/soak.sh [MINUTES]      default 30
# env:   RATE (requests/s, default 150: 2 cores stay far from saturated), THREADS (load workers,
#        default 16), FAIL_RATE (the sim's --fail-rate, default 0.05), DUPLICATE_RATE (sim
#        callbacks posted twice, default 0.05), WARMUP (s, default 30), REST (idle s before each
#        at-rest sample, default 30), DRAIN (s to wait for the outbox to settle, default 120),
#        SLOPE_LIMIT (MiB/min, default 0.5), FD_SLACK (default 4), MIX (traffic weights per 100
#        requests, KIND=WEIGHT,…, default webhook=48,webhook-redelivery=6,chatmsg=10,
#        chatmsg-redelivery=2,send=28,send-repeat=3,read=3; e.g. MIX=read=0 to find what grows),
#        WXHOOK_LOG (serve's log level, default info, as deployed),
#        WXHOOK_BIN (a wxhook binary to measure instead of building this tree's, e.g. a patched copy)
# needs: python3 (stdlib only); builds the release wxhook into .build-bench-release (~5 min the first time).
# Raw results (samples.csv every 10 s, minutes.tsv, final.json, run.log, both logs gzipped) go to
# .build-bench/results/soak-<time>/.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
. "$root/Benchmarks/lib/processes.sh"
minutes=${1:-30}
case "$minutes" in *[!0-9]*|"") echo "usage: $0 [MINUTES] (a whole number)" >&2; exit 64 ;; esac
[ "$minutes" -ge 1 ] || { echo "usage: $0 [MINUTES] (at least 1)" >&2; exit 64; }
rate=${RATE:-150}
threads=${THREADS:-16}
fail_rate=${FAIL_RATE:-0.05}
duplicate_rate=${DUPLICATE_RATE:-0.05}
warmup=${WARMUP:-30}
rest=${REST:-30}
drain=${DRAIN:-120}
slope_limit=${SLOPE_LIMIT:-0.5}
fd_slack=${FD_SLACK:-4}
command_line="Benchmarks/soak.sh $minutes"
for knob in MIX FD_SLACK SLOPE_LIMIT DRAIN REST WARMUP DUPLICATE_RATE FAIL_RATE THREADS RATE WXHOOK_LOG WXHOOK_BIN; do
  [ -n "${!knob:-}" ] && command_line="$knob=${!knob} $command_line"
done
scratch="$root/.build-bench-release"
raw="$root/.build-bench/results/soak-$(date -u +%Y%m%dT%H%M%SZ)"
work="$(mktemp -d /tmp/wxhook-soak.XXXXXX)"
mkdir -p "$raw" "$work/rules" "$work/db"
pids=()

# Stop what this script started, by PID: TERM, up to 10 s to drain, then KILL. Keep the logs
# (gzipped: at info serve logs one line per request, ~40 MB in 30 minutes).
cleanup() {
  [ ${#pids[@]} -eq 0 ] || stop_pids "${pids[@]}"
  cp "$work"/*.json "$raw"/ 2>/dev/null || true
  for log in "$work"/*.log; do [ -f "$log" ] && gzip -c "$log" > "$raw/$(basename "$log").gz"; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "command: $command_line"
command -v python3 >/dev/null || { echo "missing python3" >&2; exit 1; }
use_release_wxhook "$root" "$scratch"

# The sim posts 云真机 callbacks to serve and serve sends to the sim, so each must know the
# other's address: serve's port is picked free first (bind to port 0, read it, close), the sim
# starts on a port of its own choosing with --callback to it, then serve starts on the picked
# port with the sim's address as every account's base_url.
serve_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
run_id="soak-$(date +%s)-$$"
admin_token="admin-$run_id"
keyword="价格"
cat > "$work/rules/soak.json" <<JSON
{ "rules": [ { "name": "price", "keywords": ["$keyword"],
               "reply": { "mode": "all", "messages": [ { "type": "text", "text": "您好 {{sender}}，报价单稍后发您" } ] } } ] }
JSON

# Two accounts take inbound traffic and send only rule replies (shop: webhooks, support: customer
# chatMsgs), so replies can be counted per account; the other four take only API sends.
accounts_json() {  # $1: base_url
  cat <<JSON
    { "provider": "botadmin", "name": "shop", "base_url": "$1", "secret": "shop-$run_id" },
    { "provider": "yunzhenji", "name": "support", "base_url": "$1", "app_id": "app-support", "access_token": "yzj-support-$run_id",
      "wxid": "16soak1", "callback_token": "cb-support-$run_id" },
    { "provider": "botadmin", "name": "shop-api", "base_url": "$1", "secret": "shop-api-$run_id" },
    { "provider": "yunzhenji", "name": "sales", "base_url": "$1", "app_id": "app-sales", "access_token": "yzj-sales-$run_id",
      "wxid": "16soak2", "callback_token": "cb-sales-$run_id" },
    { "provider": "gowechat", "name": "home", "base_url": "$1", "token": "gw-$run_id" },
    { "provider": "wecom", "name": "ops", "base_url": "$1", "key": "wecom-$run_id" }
JSON
}
# The sim checks these credentials; its accounts' base_url is not used.
cat > "$work/sim.json" <<JSON
{ "accounts": [
$(accounts_json "http://127.0.0.1:9")
] }
JSON
"$wxhook" sim --config "$work/sim.json" --listen 127.0.0.1:0 --callback "http://127.0.0.1:$serve_port" \
  --fail-rate "$fail_rate" --seed 1 2> "$work/sim.log" &
sim_pid=$!
pids+=("$sim_pid")
sim_address=$(listening_address "$work/sim.log" "$sim_pid")
# Callbacks twice at DUPLICATE_RATE (no flag for it: the sim's fault endpoint).
python3 - "$sim_address" "$duplicate_rate" <<'PY'
import http.client, json, sys
host, _, port = sys.argv[1].rpartition(":")
connection = http.client.HTTPConnection(host, int(port), timeout=10)
connection.request("POST", "/sim/faults", json.dumps({"duplicate_rate": float(sys.argv[2])}))
response = connection.getresponse()
sys.exit(0 if response.status == 200 else f"POST /sim/faults: {response.status} {response.read()!r}")
PY

# Pacing off (a huge per-minute allowance); confirm_after_s 10 instead of 60 so that the drains
# are short (an echoed 云真机 message is final 10 s after its echo); dedupe window as deployed (10 s).
cat > "$work/wxhook.json" <<JSON
{ "admin_token": "$admin_token",
  "delivery": { "confirm_after_s": 10 },
  "pacing": { "per_account_per_minute": 1000000000 },
  "accounts": [
$(accounts_json "http://$sim_address")
  ] }
JSON
WXHOOK_LOG=${WXHOOK_LOG:-info} "$wxhook" serve --config "$work/wxhook.json" --listen "127.0.0.1:$serve_port" \
  --db "$work/db/wxhook.sqlite" --rules "$work/rules" 2> "$work/serve.log" &
serve_pid=$!
pids+=("$serve_pid")
serve_address=$(listening_address "$work/serve.log" "$serve_pid")
echo "== serve $serve_address (pid $serve_pid), sim $sim_address (pid $sim_pid, --fail-rate $fail_rate," \
     "callbacks twice at $duplicate_rate); $rate requests/s over $threads connections for $minutes min"

status=0
timeout $((warmup + 2 * (drain + rest) + minutes * 60 + 300)) \
  python3 -u "$root/Benchmarks/soak-load.py" --serve "$serve_address" --sim "$sim_address" --config "$work/wxhook.json" \
    --hook-account shop --chat-account support --keyword "$keyword" --minutes "$minutes" --rate "$rate" \
    --threads "$threads" --mix "${MIX:-}" --warmup "$warmup" --rest "$rest" --drain "$drain" --slope-limit "$slope_limit" \
    --fd-slack "$fd_slack" --serve-pid "$serve_pid" --sim-pid "$sim_pid" --db "$work/db/wxhook.sqlite" --out "$raw" \
  | tee "$raw/run.log" || status=$?

for pid in "${pids[@]}"; do
  kill -0 "$pid" 2>/dev/null || { echo "FAIL: process $pid exited during the run (logs in $raw)"; status=1; }
done
# A clean stop is part of the soak: SIGTERM, serve drains and exits 0 (docs/delivery.md, "Crashes, restarts and stopping").
if kill -0 "$serve_pid" 2>/dev/null; then
  began=$(date +%s.%N)
  kill -TERM "$serve_pid"
  serve_exit=0
  for _ in $(seq 1 100); do kill -0 "$serve_pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$serve_pid" 2>/dev/null; then
    echo "FAIL: serve still running 10 s after SIGTERM"; status=1
  else
    wait "$serve_pid" || serve_exit=$?
    echo "serve stopped on SIGTERM in $(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$began" "$(date +%s.%N)") s, exit $serve_exit" \
      | tee -a "$raw/run.log"
    [ "$serve_exit" -eq 0 ] || status=1
  fi
fi
warnings=$(grep -c 'level=\(warn\|error\)' "$work/serve.log" || true)
echo "serve log: $(wc -l < "$work/serve.log") lines, $warnings at warn/error" | tee -a "$raw/run.log"
grep -o 'level=\(warn\|error\) msg="[^"]*"' "$work/serve.log" | sort | uniq -c | sort -rn | head -5 \
  | tee -a "$raw/run.log" || true
echo
echo "command: $command_line    raw: $raw"
exit "$status"
