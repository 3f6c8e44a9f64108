-- wrk script: a workspace flooding GET /v1/workspace far above its rate limit.
-- Environment: S2D_KEY, S2D_WS, S2D_DELAY_MS (per-connection spacing).
wrk.method = "GET"
wrk.path = "/v1/workspace"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("S2D_KEY")
wrk.headers["X-Workspace-Id"] = os.getenv("S2D_WS")
local delay_ms = tonumber(os.getenv("S2D_DELAY_MS") or "0")
local threads = {}

function setup(thread) table.insert(threads, thread) end
function init(args) refused = 0 end
function delay() return delay_ms end
function response(status, headers, body) if status == 429 then refused = refused + 1 end end

function done(summary, latency, requests)
  local r = 0
  for _, t in ipairs(threads) do r = r + t:get("refused") end
  io.write(string.format("RESULT requests=%d refused=%d seconds=%.2f\n", summary.requests, r, summary.duration / 1e6))
end
