#!/usr/bin/env bash
# p50/p99 latency of POST /v1/generations at a fixed ~1,000 requests/s, then
# the most accepted per second, with durable (synced) writes, measured with
# wrk on loopback. The latency run comes first, so it is not measured behind
# the backlog of renders the maximum-rate run leaves.
# Every 202 is on disk (RocksDB WAL, fsync) before it is sent: the group
# commit thread puts many requests into one synced batch.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/common.sh"
duration="${DURATION:-10}"

start_s2d S2D_RENDER_SLOTS=1
trap stop_s2d EXIT
read -r WS KEY < <(new_workspace 1000000 1000000)
TEMPLATE=$(new_template "$WS" "$KEY" '# Invoice for {{customer.name}}

Total: {{currency total "EUR"}}
')
export S2D_KEY="$KEY" S2D_WS="$WS" S2D_TEMPLATE="$TEMPLATE"

echo "== fixed rate ~1000 req/s (wrk -t2 -c24, each connection one request per 20 ms + its latency, ${duration}s)"
fixed=$(S2D_DELAY_MS=20 wrk -t2 -c24 -d"${duration}s" -s "$here/post_generation.lua" "$BASE" | grep RESULT)
echo "$fixed"

echo "== maximum accept rate (wrk -t2 -c64, ${duration}s)"
max=$(S2D_DELAY_MS=0 wrk -t2 -c64 -d"${duration}s" -s "$here/post_generation.lua" "$BASE" | grep RESULT)
echo "$max"
/usr/bin/python3 - "$max" "$fixed" <<'PY'
import re, sys
def parse(line):
    return {k: float(v) for k, v in re.findall(r"(\w+)=([\d.]+)", line)}
m, f = parse(sys.argv[1]), parse(sys.argv[2])
print("accepts/s: %.0f (target >= 5000); at %.0f req/s: p50 %.2f ms, p99 %.2f ms (target p99 < 20 ms); non-202: %d"
      % (m["accepted"] / m["seconds"], f["accepted"] / f["seconds"], f["p50_ms"], f["p99_ms"], m["other"] + f["other"]))
PY
