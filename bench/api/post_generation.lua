-- wrk script: POST /v1/generations with the bench workspace's credentials.
-- Environment: S2D_KEY, S2D_WS, S2D_TEMPLATE; S2D_DELAY_MS (optional) spaces
-- each connection's requests so the total rate is fixed (connections x 1000 / delay).
local key = os.getenv("S2D_KEY")
local ws = os.getenv("S2D_WS")
local template = os.getenv("S2D_TEMPLATE")
local delay_ms = tonumber(os.getenv("S2D_DELAY_MS") or "0")

wrk.method = "POST"
wrk.path = "/v1/generations"
wrk.headers["Authorization"] = "Bearer " .. key
wrk.headers["X-Workspace-Id"] = ws
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"template_id":"' .. template .. '","data":{"customer":{"name":"Quokka Logistics GmbH"},"total":1234.5},"outputs":["md"]}'

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  accepted = 0
  other = 0
end

function delay()
  return delay_ms
end

function response(status, headers, body)
  if status == 202 then accepted = accepted + 1 else other = other + 1 end
end

function done(summary, latency, requests)
  local a, o = 0, 0
  for _, t in ipairs(threads) do
    a = a + t:get("accepted")
    o = o + t:get("other")
  end
  io.write(string.format("RESULT accepted=%d other=%d seconds=%.2f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
    a, o, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
