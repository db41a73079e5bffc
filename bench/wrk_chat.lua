-- POST /chat for wrk: `wrk -t1 -cN -dS -s bench/wrk_chat.lua URL -- MESSAGES MIX MAX_REQUESTS THREADS
-- [PATH FIELD]`. MESSAGES: a file of JSON-escaped questions, one a line. MIX "unique" numbers every
-- message so that none is a query-embedding cache hit; "repeated" sends the first line, always the
-- same. PATH and FIELD (default /chat and message) shape the body for another server, e.g. a
-- peer's /query and query (bench/peers.py). Each thread stops after its share of MAX_REQUESTS;
-- done() prints one JSON line.

local messages = {}
local mix = "unique"
local limit = 0
local sent = 0
local counter = 0
local tag = ""
local path = "/chat"
local field = "message"

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end

function init(args)
  for line in io.lines(args[1]) do
    messages[#messages + 1] = line
  end
  mix = args[2]
  limit = math.ceil(tonumber(args[3]) / tonumber(args[4]))
  tag = tostring(id) .. "-" .. tostring(os.time())
  path = args[5] or path
  field = args[6] or field
end

function request()
  sent = sent + 1
  local text = messages[1]
  if mix == "unique" then
    text = messages[(sent - 1) % #messages + 1] .. " (" .. tag .. "-" .. sent .. ")"
  end
  return wrk.format("POST", path, {["Content-Type"] = "application/json"}, '{"' .. field .. '": "' .. text .. '"}')
end

function response(status, headers, body)
  if sent >= limit then
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "errors": %d, "p50_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
