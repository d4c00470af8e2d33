-- wrk script for POST /predict/classification (bench/http.sh runs it):
--   wrk -t2 -c8 -d20s --latency -s bench/predict_classification.lua URL -- BODIES_FILE
-- BODIES_FILE holds one JSON request body per line (real units from the
-- simulated fleet, made by bench/http_bodies.py); every connection cycles
-- through them, so the daemon scores many units rather than one cached row.
-- done() prints one machine-readable line for bench/http.sh to parse.

local bodies = {}
local next_body = 0

function init(args)
  local path = args[1]
  if path == nil then error("usage: wrk ... -s predict_classification.lua URL -- BODIES_FILE") end
  for line in io.lines(path) do
    if #line > 0 then bodies[#bodies + 1] = line end
  end
  if #bodies == 0 then error("no request bodies in " .. path) end
end

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

function request()
  next_body = next_body % #bodies + 1
  return wrk.format(nil, "/predict/classification", nil, bodies[next_body])
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local failed = summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    "BENCH requests=%d seconds=%.3f rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f errors=%d non2xx=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, failed, summary.errors.status))
end
