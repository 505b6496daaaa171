-- wrk script for bench/cluster.sh: the enterprise user reports hazards, each with its
-- own photo. One connection per thread (-tN -cN): a thread uploads a photo
-- (POST /api/photos), then reports a hazard with it (POST /api/hazards), and again.
-- Each report carries an Idempotency-Key and is sent again, with the same key, body
-- and photo, until it is answered 201 or 200 (a replay of an attempt whose answer was
-- lost): an answer that is not 2xx (a 502 while server A dies) or no answer at all (a
-- connection cut) is a retry, as a phone app would do it.
-- Every hazard answered 201 or 200 is written at once to "$ACK_PREFIX<thread>" as
-- "id<TAB>description<TAB>unix seconds<TAB>attempts<TAB>replayed (0/1)"; every answer
-- that is not 2xx to "$FAIL_PREFIX<thread>" as "what<TAB>status<TAB>unix seconds".
-- Connection errors and timeouts never reach response(): they are in the RESULT line
-- printed by done().
-- Environment: PHOTO_FILE, CATEGORY, COOKIE, CSRF, RUN (a tag in the descriptions and
-- keys), ACK_PREFIX, FAIL_PREFIX.
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
local report = nil -- the report being sent: {body, key, desc, attempts, answered}
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
  if report and not report.answered then
    -- Sent and not answered yet (the connection was cut), or answered with an error:
    -- the same report again, with its key.
    report.attempts = report.attempts + 1
    pending = "report"
    local h = {}
    for k, v in pairs(json_headers) do h[k] = v end
    h["Idempotency-Key"] = report.key
    return wrk.format("POST", "/api/hazards", h, report.body)
  end
  if photo_id then
    n = n + 1
    local desc = string.format("集群测试%s-%d-%d：灭火器压力不足，已过检验期", os.getenv("RUN"), id, n)
    report = {
      body = string.format('{"category_id":"%s","description":"%s","photos":["%s"]}',
        os.getenv("CATEGORY"), desc, photo_id),
      key = string.format("cluster-%s-%d-%d", os.getenv("RUN"), id, n),
      desc = desc,
      attempts = 0,
      answered = false,
    }
    return request()
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
    if status == 201 or status == 200 then
      local hid = body:match('"id"%s*:%s*"([%x%-]+)"')
      local replayed = 0
      for k, v in pairs(headers) do
        if string.lower(k) == "idempotent-replayed" and v == "true" then replayed = 1 end
      end
      ack:write(string.format("%s\t%s\t%d\t%d\t%d\n", hid or "?", report.desc, now,
        report.attempts, replayed))
      ack:flush()
      report.answered = true
      -- A photo is attached once: the next report gets a new one.
      photo_id = nil
    else
      fail:write(string.format("report\t%d\t%d\n", status, now))
      fail:flush()
      -- A 4xx will not change on a retry: give the report up.
      if status < 500 then
        report.answered = true
        photo_id = nil
      end
    end
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
