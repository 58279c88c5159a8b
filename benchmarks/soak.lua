-- wrk script for benchmarks/soak.sh: one client of the soak's mix, counting every answer by status class so that
-- the soak can tell 5xx apart and count the writes the server confirmed.
--   wrk ... -s benchmarks/soak.lua URL -- reads PATHS_FILE                  GETs, one path a line, in turn
--   wrk ... -s benchmarks/soak.lua URL -- form BODY_FILE ORIGIN [enhanced]  POST a urlencoded form (an action)
--   wrk ... -s benchmarks/soak.lua URL -- users PREFIX KEY                  POST /api/users JSON, a new e-mail each, sent
--                                                                           with "Authorization: Bearer KEY" (an admin's)
-- Prints one line: SOAK_RESULT requests=… s2xx=… s3xx=… s4xx=… s5xx=… (and wrk's socket errors).
local mode = "reads"
local paths = {}
local next_path = 0
local counter = 0
local prefix = "u"
local users_headers = { ["Content-Type"] = "application/json" }
thread_id = 0
counts = { 0, 0, 0, 0, 0 } -- per thread: 1xx … 5xx
dofile("benchmarks/lib.lua")
local threads = bench.threads

function init(args)
  mode = args[1] or "reads"
  if mode == "reads" then
    for line in io.lines(args[2]) do
      if line ~= "" then table.insert(paths, line) end
    end
    next_path = thread_id -- threads start at different paths
  elseif mode == "form" then
    bench.form(args)
  elseif mode == "users" then
    prefix = args[2] or "u"
    if args[3] and args[3] ~= "" then users_headers["Authorization"] = "Bearer " .. args[3] end
  end
end

function request()
  if mode == "reads" then
    next_path = next_path % #paths + 1
    return wrk.format("GET", paths[next_path])
  elseif mode == "users" then
    counter = counter + 1
    local body = string.format('{"name":"Soak User","email":"%s-%d-%d@soak.test"}', prefix, thread_id, counter)
    return wrk.format("POST", "/api/users", users_headers, body)
  end
  return wrk.format()
end

function response(status, headers, body)
  local class = math.floor(status / 100)
  if class >= 1 and class <= 5 then
    counts[class] = counts[class] + 1
  end
end

done = function(summary, latency, requests)
  local total = { 0, 0, 0, 0, 0 }
  for _, thread in ipairs(threads) do
    local c = thread:get("counts")
    for i = 1, 5 do total[i] = total[i] + c[i] end
  end
  io.write(string.format(
    "SOAK_RESULT requests=%d s2xx=%d s3xx=%d s4xx=%d s5xx=%d p50_us=%d p99_us=%d max_us=%d connect_err=%d read_err=%d write_err=%d timeouts=%d\n",
    summary.requests, total[2], total[3], total[4], total[5],
    latency:percentile(50), latency:percentile(99), latency.max,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
end
