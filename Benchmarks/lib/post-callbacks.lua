-- wrk script for Benchmarks/reconcile.sh: every request is a 云真机 callback for a different
-- outbox message. CALLBACK_REFS names a file of "api_send_id<TAB>api_send_svrid" lines, one per
-- template message; message j of the outbox carries the template's ids with "-k" appended for
-- copy k (how reconcile.sh made the copies), and j runs through the copies thread by thread.
-- Every FAIL_EVERY-th callback is a chatMsgSendFail, the others chatMsg echoes.
local refs = {}
for line in io.lines(os.getenv("CALLBACK_REFS")) do
  local send_id, svrid = line:match("^([^\t]+)\t(.+)$")
  refs[#refs + 1] = { send_id, svrid }
end
local copies = tonumber(os.getenv("CALLBACK_COPIES"))
local fail_every = tonumber(os.getenv("FAIL_EVERY") or "10")
local started = 0

function setup(thread)
  thread:set("first", started)
  started = started + 1
end

function init(args)
  stride = tonumber(os.getenv("WRK_THREADS") or "1")
  index = tonumber(first) or 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  -- Message j: template j % #refs, copy j // #refs (copy 0 is the template itself).
  local j = index
  index = index + stride
  local ref = refs[(j % #refs) + 1]
  local copy = math.floor(j / #refs) % copies
  local suffix = copy == 0 and "" or ("-" .. copy)
  local event = (j % fail_every == fail_every - 1) and "chatMsgSendFail" or "chatMsg"
  local extra = event == "chatMsgSendFail" and ',"errmsg":"bench failure"' or ',"is_self":true,"msg_type":"text","content":{"items":[{"type":"text","text":"x"}]}'
  local body = '{"event":"' .. event .. '","app_id":"bench","wxid":"16001","data":{"msg_id":"cb-' .. j
    .. '","api_send_id":"' .. ref[1] .. suffix .. '","api_send_svrid":"' .. ref[2] .. suffix
    .. '","conversation_id":"c","timestamp":1763700000' .. extra .. '}}'
  return wrk.format(nil, nil, nil, body)
end

function done(summary, latency, requests)
  local non_2xx = summary.errors.status
  io.write(string.format("WRK requests=%d non_2xx=%d socket_errors=%d seconds=%.3f p50_ms=%.3f p99_ms=%.3f\n",
    summary.requests, non_2xx, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
