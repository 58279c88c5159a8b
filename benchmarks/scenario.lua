-- wrk script for benchmarks/run.sh and benchmarks/nextjs.sh: builds each scenario's requests and prints one
-- machine-readable line.
--   wrk ... -s benchmarks/scenario.lua URL -- get
--   wrk ... -s benchmarks/scenario.lua URL -- users PREFIX [KEY]    POST JSON {"name","email"}, a new e-mail per request,
--                                                                   with "Authorization: Bearer KEY" when given (Arbor's
--                                                                   shop: an administrator's API key)
--   wrk ... -s benchmarks/scenario.lua URL -- form BODY_FILE ORIGIN [enhanced]   POST a urlencoded form, Origin set
--   wrk ... -s benchmarks/scenario.lua URL -- upload FILE           POST multipart/form-data with FILE in the field "file"
--   wrk ... -s benchmarks/scenario.lua URL -- post BODY_FILE HEADERS_FILE   POST BODY_FILE's bytes as they are, with one
--                                                                   "Name: value" header a line from HEADERS_FILE
--                                                                   (Next.js actions: multipart bodies built elsewhere)
local counter = 0
local mode = "get"
local prefix = "u"
local users_headers = { ["Content-Type"] = "application/json" }
thread_id = 0 -- set per thread by setup()
dofile("benchmarks/lib.lua")
local threads = bench.threads
local slurp = bench.slurp

function init(args)
  mode = args[1] or "get"
  if mode == "users" then
    prefix = args[2] or "u"
    if args[3] and args[3] ~= "" then users_headers["Authorization"] = "Bearer " .. args[3] end
  elseif mode == "form" then
    bench.form(args)
  elseif mode == "post" then
    wrk.method = "POST"
    wrk.body = slurp(args[2])
    for line in io.lines(args[3]) do
      local name, value = line:match("^([^:]+):%s*(.-)%s*$")
      if name then
        wrk.headers[name] = value
      end
    end
  elseif mode == "upload" then
    local boundary = "----arborbench7MA4YWxkTrZu0gW"
    local file = slurp(args[2])
    wrk.method = "POST"
    wrk.headers["Content-Type"] = "multipart/form-data; boundary=" .. boundary
    wrk.body = "--" .. boundary .. "\r\n"
      .. "Content-Disposition: form-data; name=\"file\"; filename=\"upload.bin\"\r\n"
      .. "Content-Type: application/octet-stream\r\n\r\n"
      .. file .. "\r\n--" .. boundary .. "--\r\n"
  end
end

function request()
  if mode == "users" then
    counter = counter + 1
    local body = string.format('{"name":"Bench User","email":"%s-%d-%d@bench.test"}', prefix, thread_id, counter)
    return wrk.format("POST", nil, users_headers, body)
  end
  return wrk.format()
end

-- Latencies in microseconds; "non2xx" counts answers with a status of 400 or more (wrk's "status errors").
done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "WRK_RESULT rps=%.1f requests=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d non2xx=%d connect_err=%d read_err=%d write_err=%d timeouts=%d\n",
    summary.requests / seconds, summary.requests,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    summary.errors.status, summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
end
