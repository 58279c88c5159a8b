-- Shared by the wrk scripts scenario.lua and soak.lua, which load it with dofile: the scripts that run wrk work
-- from the repository root. Registers each wrk thread, so that done() can read what every thread counted.
bench = { threads = {} }

function bench.slurp(path)
  local f = assert(io.open(path, "rb"))
  local data = f:read("*a")
  f:close()
  return data
end

function setup(thread)
  thread:set("thread_id", #bench.threads + 1)
  table.insert(bench.threads, thread)
end

-- The "form" mode of both scripts: POST BODY_FILE as a urlencoded form from ORIGIN, through the client runtime's
-- fetch path when args[4] is "enhanced" (args: mode, BODY_FILE, ORIGIN, [enhanced]).
function bench.form(args)
  wrk.method = "POST"
  wrk.body = bench.slurp(args[2])
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["Origin"] = args[3]
  if args[4] == "enhanced" then
    wrk.headers["Arbor-Enhanced"] = "1"
  end
end
