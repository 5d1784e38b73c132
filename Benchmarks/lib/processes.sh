# Shared by the benchmark scripts that start `wxhook serve` and `wxhook sim` (source it): the
# tools a run needs, its folders, the release binary, a started process's listening address, and
# stopping what was started.

# Sets `wxhook` to $WXHOOK_BIN when given, else builds the release binary into SCRATCH and uses it.
# usage: use_release_wxhook ROOT SCRATCH
use_release_wxhook() {
  local root=$1 scratch=$2 build_log
  if [ -n "${WXHOOK_BIN:-}" ]; then
    wxhook="$WXHOOK_BIN"
    echo "== using $wxhook (WXHOOK_BIN; not built here)"
    return 0
  fi
  echo "== building wxhook (release, scratch path $(basename "$scratch"))"
  if ! build_log=$(cd "$root" && timeout 1800 swift build -c release --product wxhook --scratch-path "$scratch" 2>&1); then
    echo "$build_log" >&2
    return 1
  fi
  echo "$build_log" | tail -1
  wxhook="$scratch/release/wxhook"
}

# The address a wxhook process logs as `msg="listening" address=HOST:PORT`, waiting up to 30 s.
# usage: listening_address LOG PID
listening_address() {
  local log=$1 pid=$2 address
  for _ in $(seq 1 300); do
    address=$(grep -o 'msg="listening" address=[^ ]*' "$log" 2>/dev/null | head -1 | sed 's/.*address=//') || true
    if [ -n "$address" ]; then echo "$address"; return 0; fi
    kill -0 "$pid" 2>/dev/null || { echo "process $pid exited:" >&2; cat "$log" >&2; return 1; }
    sleep 0.1
  done
  echo "no listening line in $log after 30 s" >&2
  return 1
}

# Stops the given processes by PID: TERM to all, up to 10 s each to drain, then KILL.
# usage: stop_pids PID…
stop_pids() {
  local pid
  for pid in "$@"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "$@"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
}

# User plus system time of a process (all its threads), in clock ticks (`getconf CLK_TCK` a second).
# usage: cpu_ticks PID
cpu_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }

# Exits 1 naming the packages to install when one of the tools is missing.
# usage: require_tools TOOL…
require_tools() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install -y $*" >&2; exit 1; }
  done
}

# Opens one run: `work`, a scratch folder removed at exit; `raw`, the results folder under
# $root/.build-bench/results that keeps the run's logs and JSON; `pids`, what the run starts,
# stopped by PID at exit (TERM, up to 10 s to drain, then KILL).
# usage: open_run NAME
open_run() {
  raw="$root/.build-bench/results/$1-$(date -u +%Y%m%dT%H%M%SZ)"
  work="$(mktemp -d "/tmp/wxhook-$1.XXXXXX")"
  mkdir -p "$raw"
  pids=()
  trap close_run EXIT
  trap 'exit 130' INT TERM
}

close_run() {
  [ ${#pids[@]} -eq 0 ] || stop_pids "${pids[@]}"
  cp "$work"/*.log "$work"/*.json "$raw"/ 2>/dev/null || true
  rm -rf "$work"
}
