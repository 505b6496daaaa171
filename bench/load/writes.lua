-- wrk script: POSTs JSON bodies, one per line of $BODIES_FILE ("path<TAB>json"), in
-- order, as one logged-in user ($COOKIE, $CSRF). Each body is sent once per thread
-- slice; prints RESULT like paths.lua.
local items = {}
local counter = 0

local threads_made = 0
function setup(thread)
  thread:set("id", threads_made)
  threads_made = threads_made + 1
end

function init(args)
  local f = assert(io.open(os.getenv("BODIES_FILE"), "r"))
  for line in f:lines() do
    local p, b = line:match("^([^\t]+)\t(.*)$")
    if p then table.insert(items, {p, b}) end
  end
  f:close()
  -- Threads take interleaved slices so no photo is attached twice.
  local threads = tonumber(os.getenv("THREADS") or "1")
  local mine = {}
  for i, it in ipairs(items) do
    if (i - 1) % threads == (id or 0) then table.insert(mine, it) end
  end
  items = mine
  wrk.headers["Cookie"] = os.getenv("COOKIE")
  wrk.headers["X-CSRF-Token"] = os.getenv("CSRF")
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  counter = counter + 1
  -- Each body once (a photo is attached once); past the end they repeat, and a
  -- repeated photo answers 400 (counted in non2xx): prepare enough bodies.
  local it = items[(counter - 1) % #items + 1]
  return wrk.format("POST", it[1], nil, it[2])
end

function done(summary, latency, requests)
  local secs = summary.duration / 1e6
  io.write(string.format(
    'RESULT {"requests": %d, "rps": %.1f, "p50_ms": %.2f, "p90_ms": %.2f, "p99_ms": %.2f, "max_ms": %.2f, "non2xx": %d, "socket_errors": %d}\n',
    summary.requests, summary.requests / secs,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
