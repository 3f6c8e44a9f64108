# Shared by the API benchmarks: start a Release s2d on a free loopback port
# with a temp data dir and an operator token, and create workspaces.
S2D="${S2D:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/build/app/s2d}"
OPERATOR_TOKEN="bench-operator-token"

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

start_s2d() {  # extra environment as arguments: VAR=value ...
  DATA_DIR="$(mktemp -d /tmp/s2d-bench.XXXXXX)"
  PORT="$(free_port)"
  BASE="http://127.0.0.1:$PORT"
  env S2D_OPERATOR_TOKEN="$OPERATOR_TOKEN" S2D_LOG_LEVEL=warn "$@" \
    "$S2D" serve --listen "127.0.0.1:$PORT" --data-dir "$DATA_DIR" >"$DATA_DIR/server.log" 2>&1 &
  S2D_PID=$!
  for _ in $(seq 100); do curl -sf "$BASE/readyz" >/dev/null && return 0; sleep 0.1; done
  echo "s2d did not start" >&2; cat "$DATA_DIR/server.log" >&2; return 1
}

stop_s2d() {
  kill "$S2D_PID" 2>/dev/null; wait "$S2D_PID" 2>/dev/null
  rm -rf "$DATA_DIR"
}

# new_workspace RATE BURST -> prints "ws_id key"
new_workspace() {
  curl -sf "$BASE/v1/admin/workspaces" -H "Authorization: Bearer $OPERATOR_TOKEN" -H 'Content-Type: application/json' \
    -d "{\"name\":\"bench\",\"rate_limit_per_second\":$1,\"rate_limit_burst\":$2}" |
    /usr/bin/python3 -c 'import json,sys; w=json.load(sys.stdin); print(w["id"], w["api_key"]["secret"])'
}

# new_template WS KEY SOURCE -> prints the template id
new_template() {
  /usr/bin/python3 - "$BASE" "$1" "$2" "$3" <<'PY'
import json, sys, urllib.request
base, ws, key, source = sys.argv[1:]
req = urllib.request.Request(base + "/v1/templates", data=json.dumps({"name": "bench", "source": source}).encode(),
                             headers={"Authorization": "Bearer " + key, "X-Workspace-Id": ws, "Content-Type": "application/json"})
print(json.load(urllib.request.urlopen(req))["id"])
PY
}
