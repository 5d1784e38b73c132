-- wrk script of Benchmarks/forward.sh: bot-admin webhooks at a fixed rate (open loop on a
-- schedule), each one a new event. Environment: RATE (requests per second, all threads together),
-- WRK_THREADS (the -t given to wrk), WEBHOOK_SECRET, CONVERSATIONS (default 1000), BODY_TAG (sets
-- runs apart).
--
-- Each thread keeps its own schedule, slot k at start + k / (RATE / WRK_THREADS): whichever of the
-- thread's connections is free takes the next slot and waits for it (`delay`), so the rate holds
-- whatever the server's answer time, as long as a connection is free. A slot taken after its time
-- leaves at once and counts as late: the summary says how many and by how much, so a sender that
-- falls behind is seen, not mistaken for a lighter load. Request k of thread t is message
-- k * WRK_THREADS + t, in conversation (that number) % CONVERSATIONS.
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } wxhook_timespec;
  int clock_gettime(int clock, wxhook_timespec *time);
]]
local clock = ffi.new("wxhook_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, clock) -- CLOCK_MONOTONIC
  return tonumber(clock.tv_sec) * 1000 + tonumber(clock.tv_nsec) / 1e6
end

local threads = {}
function setup(thread)
  thread:set("index", #threads)
  threads[#threads + 1] = thread
end

function init(args)
  stride = tonumber(os.getenv("WRK_THREADS") or "1")
  interval_ms = 1000 / (tonumber((assert(os.getenv("RATE"), "RATE not set"))) / stride)
  conversations = tonumber(os.getenv("CONVERSATIONS") or "1000")
  secret = assert(os.getenv("WEBHOOK_SECRET"), "WEBHOOK_SECRET not set")
  tag = (os.getenv("BODY_TAG") or "run") .. "." .. index
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  slot, sent, late, behind_ms = 0, 0, 0, 0
end

function delay()
  local now = now_ms()
  start_ms = start_ms or now
  local due = start_ms + slot * interval_ms
  slot = slot + 1
  if due < now then
    if now - due > 1 then late = late + 1 end
    if now - due > behind_ms then behind_ms = now - due end
    return 0
  end
  return math.floor(due - now)
end

function request()
  local message = sent * stride + index
  sent = sent + 1
  local conversation = message % conversations
  local body = string.format(
    '{"secret":"%s","msgtype":"text","conversation_id":"c%d","sender":"u%d","text":{"content":"forward bench %s %d"}}',
    secret, conversation, conversation, tag, message)
  return wrk.format(nil, nil, nil, body)
end

function done(summary, latency, requests)
  local sent_all, late_all, behind_all = 0, 0, 0
  for _, thread in ipairs(threads) do
    sent_all = sent_all + (thread:get("sent") or 0)
    late_all = late_all + (thread:get("late") or 0)
    behind_all = math.max(behind_all, thread:get("behind_ms") or 0)
  end
  local errors = summary.errors
  local socket_errors = errors.connect + errors.read + errors.write + errors.timeout
  -- "late" counts slots taken more than a millisecond after their time (a wait under 1 ms rounds
  -- to none in wrk's timer).
  io.write(string.format("WRK requests=%d seconds=%.3f non_2xx=%d socket_errors=%d p50_ms=%.3f p99_ms=%.3f "
    .. "p999_ms=%.3f max_ms=%.3f sent=%d late=%d behind_ms=%.1f\n",
    summary.requests, summary.duration / 1e6, errors.status, socket_errors,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000,
    latency.max / 1000, sent_all, late_all, behind_all))
end
