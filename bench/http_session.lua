-- wrk: log a session for a different ready client with a different unit on every request.
-- The ids come from the environment (bench/http sets them); threads interleave their counters.
local threads = 0
function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end

function init(args)
  ready = tonumber(os.getenv("NP_READY"))
  unit = tonumber(os.getenv("NP_UNIT"))
  n_threads = tonumber(os.getenv("NP_THREADS"))
  date = os.getenv("NP_DATE") -- the clinic's today: a session is not dated after it
  count = 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Cookie"] = "np_session=" .. os.getenv("NP_TOKEN")
  wrk.headers["X-CSRF-Token"] = os.getenv("NP_CSRF")
end

function request()
  local i = tid + count * n_threads
  count = count + 1
  local body = string.format(
    '{"date": "%s", "unit": %d, "zones": [{"zone": "forehead", "depth_mm": 0.5, "passes": 2}]}',
    date, unit + i)
  return wrk.format(nil, "/api/v1/clients/" .. (ready + i) .. "/sessions", nil, body)
end
