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
