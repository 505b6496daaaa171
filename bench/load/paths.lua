-- wrk script: GETs a weighted list of paths (one per line in $PATHS_FILE) as one
-- logged-in user ($COOKIE). Prints throughput and latency percentiles as one JSON
-- line prefixed with RESULT.
local paths = {}
local counter = 0

function init(args)
  local f = assert(io.open(os.getenv("PATHS_FILE"), "r"))
  for line in f:lines() do
    if #line > 0 then table.insert(paths, line) end
  end
  f:close()
  counter = math.random(#paths)
  wrk.headers["Cookie"] = os.getenv("COOKIE")
  wrk.headers["Accept"] = "application/json"
end

function request()
  counter = counter % #paths + 1
  return wrk.format("GET", paths[counter])
end

local errors = 0
function response(status, headers, body)
  if status ~= 200 then errors = errors + 1 end
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
