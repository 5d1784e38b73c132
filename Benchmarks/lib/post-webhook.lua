-- wrk script of Benchmarks/ingest.sh: POSTs the body in $WEBHOOK_BODY (a file) as JSON on every
-- request, and at the end prints one `WRK key=value …` line for the script to read.
local file = assert(io.open(assert(os.getenv("WEBHOOK_BODY"), "WEBHOOK_BODY not set"), "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/json"

-- DISTINCT=1: each request's text starts with a tag of its own ($BODY_TAG — which the script sets
-- apart for wrk processes that run at once —, wrk thread and count), so no two bodies are alike
-- and each one is a new dedupe key for the server to write.
if os.getenv("DISTINCT") == "1" then
  local threads = 0
  local prefix = os.getenv("BODY_TAG") or ""
  function setup(thread)
    threads = threads + 1
    thread:set("tag", prefix .. "." .. threads)
  end
  local sent = 0
  function request()
    sent = sent + 1
    local body = wrk.body:gsub('"content":"', '"content":"' .. tag .. "-" .. sent .. " ", 1)
    return wrk.format(nil, nil, nil, body)
  end
end

function done(summary, latency, requests)
  local errors = summary.errors
  -- wrk counts a response as an error only when its status is above 399; these servers answer
  -- 200 or an error, so everything else is a 2xx.
  local socket_errors = errors.connect + errors.read + errors.write + errors.timeout
  io.write(string.format("WRK requests=%d seconds=%.3f non_2xx=%d socket_errors=%d p50_ms=%.3f p99_ms=%.3f p999_ms=%.3f max_ms=%.3f\n",
    summary.requests, summary.duration / 1e6, errors.status, socket_errors,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000,
    latency.max / 1000))
end
