-- wrk script: a quiet workspace listing its generations at about 40 requests/s
-- (one connection, 25 ms between requests). Environment: S2D_KEY, S2D_WS.
wrk.method = "GET"
wrk.path = "/v1/generations?limit=5"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("S2D_KEY")
wrk.headers["X-Workspace-Id"] = os.getenv("S2D_WS")
local statuses = {}
function delay() return 25 end
function response(status, headers, body) if status ~= 200 then statuses[status] = true end end
function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d p50_ms=%.3f p99_ms=%.3f errors=%d\n", summary.requests,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.errors.status))
end
