-- wrk script for bench/cluster.sh: the enterprise user reports hazards, each with its
-- own photo. One connection per thread (-tN -cN): a thread uploads a photo
-- (POST /api/photos), then reports a hazard with it (POST /api/hazards), and again.
-- Every hazard answered 201 is written at once to "$ACK_PREFIX<thread>" as
-- "id<TAB>description<TAB>unix seconds"; every answer that is not 201 to
-- "$FAIL_PREFIX<thread>" as "what<TAB>status<TAB>unix seconds". Connection errors and
-- timeouts never reach response(): they are in the RESULT line printed by done().
-- Environment: PHOTO_FILE, CATEGORY, COOKIE, CSRF, RUN (a tag in the descriptions),
-- ACK_PREFIX, FAIL_PREFIX.
local threads_made = 0
function setup(thread)
  thread:set("id", threads_made)
  threads_made = threads_made + 1
end

local upload_headers, json_headers, upload_body
local ack, fail
local photo_id = nil
local pending = nil
local pending_desc = nil
local n = 0

function init(args)
  local f = assert(io.open(os.getenv("PHOTO_FILE"), "rb"))
  local photo = f:read("*a")
  f:close()
  local boundary = "anzhi-cluster-" .. tostring(id)
  upload_body = "--" .. boundary .. "\r\n"
    .. 'Content-Disposition: form-data; name="file"; filename="cluster.png"\r\n'
    .. "Content-Type: image/png\r\n\r\n" .. photo .. "\r\n--" .. boundary .. "--\r\n"
  upload_headers = {
    ["Cookie"] = os.getenv("COOKIE"),
    ["X-CSRF-Token"] = os.getenv("CSRF"),
    ["Content-Type"] = "multipart/form-data; boundary=" .. boundary,
  }
  json_headers = {
    ["Cookie"] = os.getenv("COOKIE"),
    ["X-CSRF-Token"] = os.getenv("CSRF"),
    ["Content-Type"] = "application/json",
  }
  ack = assert(io.open(os.getenv("ACK_PREFIX") .. tostring(id), "w"))
  fail = assert(io.open(os.getenv("FAIL_PREFIX") .. tostring(id), "w"))
end

function request()
  if photo_id then
    n = n + 1
    pending = "report"
    pending_desc = string.format("集群测试%s-%d-%d：灭火器压力不足，已过检验期", os.getenv("RUN"), id, n)
    local body = string.format('{"category_id":"%s","description":"%s","photos":["%s"]}',
      os.getenv("CATEGORY"), pending_desc, photo_id)
    return wrk.format("POST", "/api/hazards", json_headers, body)
  end
  pending = "upload"
  return wrk.format("POST", "/api/photos", upload_headers, upload_body)
end

function response(status, headers, body)
  local now = os.time()
  if pending == "upload" then
    if status == 201 then
      photo_id = body:match('"id"%s*:%s*"([%x%-]+)"')
    else
      fail:write(string.format("upload\t%d\t%d\n", status, now))
      fail:flush()
    end
  else
    if status == 201 then
      local hid = body:match('"id"%s*:%s*"([%x%-]+)"')
      ack:write(string.format("%s\t%s\t%d\n", hid or "?", pending_desc, now))
      ack:flush()
    else
      fail:write(string.format("report\t%d\t%d\n", status, now))
      fail:flush()
    end
    -- A photo is attached once: the next report gets a new one, whatever happened.
    photo_id = nil
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
