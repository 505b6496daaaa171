-- wrk script for bench/cluster.sh: GETs the paths of $PATHS_FILE (one a line) in turn
-- as one logged-in user ($COOKIE). Every answer that is not 200 is written at once to
-- "$ERR_PREFIX<thread>" as "status<TAB>unix seconds<TAB>path", so the script can tell
-- errors before the kill from errors after it. Prints a RESULT line like
-- bench/load/paths.lua (connection errors and timeouts are only counted there).
-- Run it with one connection per thread (-tN -cN): "current" is per thread.
local threads_made = 0
function setup(thread)
  thread:set("id", threads_made)
  threads_made = threads_made + 1
end

local paths = {}
local counter = 0
local current = nil
local err

function init(args)
  local f = assert(io.open(os.getenv("PATHS_FILE"), "r"))
  for line in f:lines() do
    if #line > 0 then table.insert(paths, line) end
  end
  f:close()
  counter = (id or 0) * 7
  wrk.headers["Cookie"] = os.getenv("COOKIE")
  wrk.headers["Accept"] = "application/json"
  err = assert(io.open(os.getenv("ERR_PREFIX") .. tostring(id), "w"))
end

function request()
  counter = counter % #paths + 1
  current = paths[counter]
  return wrk.format("GET", current)
end

function response(status, headers, body)
  if status ~= 200 then
    err:write(string.format("%d\t%d\t%s\n", status, os.time(), current or "?"))
    err:flush()
  end
end

function done(summary, latency, requests)
  local secs = summary.duration / 1e6
  io.write(string.format(
    'RESULT {"requests": %d, "rps": %.1f, "p50_ms": %.2f, "p99_ms": %.2f, "max_ms": %.2f, "non2xx": %d, "socket_errors": %d}\n',
    summary.requests, summary.requests / secs,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
