"""Rate limits, API keys and roles, the workspace, request logs, OpenAPI."""
import json
import threading
import time

import requests

from harness import assert_error

OPERATOR = "op-token-contract-tests"
RATE_HEADERS = ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "RateLimit-Policy", "RateLimit")


def admin(server, method, path, body=None):
    return requests.request(method, server.base + path, json=body, headers={"Authorization": "Bearer " + OPERATOR})


def new_workspace(server, **limits):
    w = admin(server, "POST", "/v1/admin/workspaces", {"name": "w", **limits})
    assert w.status_code == 201, w.text
    return w.json()["id"], w.json()["api_key"]["secret"]


# --- rate limits -------------------------------------------------------------

def test_every_authenticated_response_carries_rate_limit_headers(server):
    ok = server.get("/v1/generations")
    missing = server.get("/v1/generations/gen_missing")
    for r in (ok, missing):
        for h in RATE_HEADERS:
            assert h in r.headers, (h, r.headers)
    for r in (ok, missing):
        assert 0 <= int(r.headers["X-RateLimit-Remaining"]) < int(r.headers["X-RateLimit-Limit"]) == 200
        assert r.headers["RateLimit-Policy"] == "200;w=2"
    assert int(ok.headers["X-RateLimit-Reset"]) >= int(time.time())


def test_over_the_limit_is_429_with_retry_after(make_server):
    server = make_server(env={"S2D_RATE_LIMIT_PER_SECOND": "2", "S2D_RATE_LIMIT_BURST": "5"}).start()
    statuses = [server.get("/v1/generations").status_code for _ in range(8)]
    assert statuses[:5] == [200] * 5 and statuses[5:] == [429] * 3
    r = server.get("/v1/generations")
    e = assert_error(r, 429, "rate_limited")
    assert e["type"] == "rate_limit_error"
    assert int(r.headers["Retry-After"]) >= 1
    assert r.headers["X-RateLimit-Remaining"] == "0"
    time.sleep(1.1)
    assert server.get("/v1/generations").status_code == 200


def test_operator_overrides_one_workspaces_limit(make_server):
    server = make_server(env={"S2D_OPERATOR_TOKEN": OPERATOR}).start()
    ws, key = new_workspace(server, rate_limit_per_second=1, rate_limit_burst=2)
    as_ws = dict(key=key, workspace=ws)
    assert server.get("/v1/workspace", **as_ws).headers["X-RateLimit-Limit"] == "2"
    assert server.get("/v1/workspace", **as_ws).status_code == 200
    assert server.get("/v1/workspace", **as_ws).status_code == 429
    r = admin(server, "PATCH", "/v1/admin/workspaces/" + ws, {"rate_limit_per_second": 1000, "rate_limit_burst": 50})
    assert r.status_code == 200 and r.json()["rate_limit"] == {"per_second": 1000, "burst": 50}
    time.sleep(0.2)
    assert server.get("/v1/workspace", **as_ws).headers["X-RateLimit-Limit"] == "50"
    # The default workspace keeps the defaults.
    assert server.get("/v1/workspace").headers["X-RateLimit-Limit"] == "200"
    listed = admin(server, "GET", "/v1/admin/workspaces").json()
    assert {w["id"] for w in listed["data"]} >= {ws, server.workspace_id}


def test_a_flooding_workspace_does_not_take_another_workspaces_requests(make_server):
    server = make_server(env={"S2D_OPERATOR_TOKEN": OPERATOR}).start()
    noisy_ws, noisy_key = new_workspace(server, rate_limit_per_second=5, rate_limit_burst=5)
    quiet_ws, quiet_key = new_workspace(server, rate_limit_per_second=5, rate_limit_burst=5)
    stop = threading.Event()
    refused = []

    def flood():
        s = requests.Session()
        h = {"Authorization": "Bearer " + noisy_key, "X-Workspace-Id": noisy_ws}
        while not stop.is_set():
            refused.append(s.get(server.base + "/v1/generations", headers=h).status_code == 429)

    floods = [threading.Thread(target=flood) for _ in range(4)]
    for f in floods:
        f.start()
    quiet = []
    for _ in range(10):
        quiet.append(server.get("/v1/generations", key=quiet_key, workspace=quiet_ws).status_code)
        time.sleep(0.25)
    stop.set()
    for f in floods:
        f.join()
    assert sum(refused) > 50  # the flood really was over its limit
    assert quiet == [200] * 10


# --- API keys and roles --------------------------------------------------------

def test_key_lifecycle_create_list_roll_revoke(server):
    r = server.post("/v1/api_keys", {"name": "ci", "role": "standard"})
    assert r.status_code == 201
    created = r.json()
    secret = created["secret"]
    assert secret.startswith("s2d_live_") and created["last4"] == secret[-4:] and created["role"] == "standard"
    assert server.get("/v1/generations", key=secret).status_code == 200

    listed = server.get("/v1/api_keys").json()["data"]
    assert created["id"] in [k["id"] for k in listed]
    assert all("secret" not in k for k in listed)
    assert "s2d_live_" not in json.dumps(listed)
    mine = next(k for k in listed if k["id"] == created["id"])
    assert mine["last_used_at"] is not None  # it was used above

    rolled = server.post("/v1/api_keys/%s/roll" % created["id"], {"expires_in_seconds": 2}).json()
    new_secret = rolled["secret"]
    assert rolled["rolled_from"]["id"] == created["id"] and rolled["rolled_from"]["expires_at"] is not None
    assert server.get("/v1/generations", key=new_secret).status_code == 200
    assert server.get("/v1/generations", key=secret).status_code == 200  # still inside its grace period
    time.sleep(2.2)
    assert_error(server.get("/v1/generations", key=secret), 401, "api_key_expired")

    revoked = server.request("DELETE", "/v1/api_keys/" + rolled["id"])
    assert revoked.status_code == 200 and revoked.json()["status"] == "revoked"
    assert_error(server.get("/v1/generations", key=new_secret), 401, "api_key_revoked")


def test_roll_without_delay_expires_the_old_key_at_once(server):
    created = server.post("/v1/api_keys", {"name": "x"}).json()
    rolled = server.post("/v1/api_keys/%s/roll" % created["id"])
    assert rolled.status_code == 201
    assert_error(server.get("/v1/workspace", key=created["secret"]), 401, "api_key_expired")
    assert server.get("/v1/workspace", key=rolled.json()["secret"]).status_code == 200


def test_standard_keys_cannot_manage_keys_or_settings(server):
    standard = server.post("/v1/api_keys", {"name": "app"}).json()["secret"]
    assert_error(server.post("/v1/api_keys", {"name": "x"}, key=standard), 403, "insufficient_permissions")
    assert_error(server.get("/v1/api_keys", key=standard), 403, "insufficient_permissions")
    assert_error(server.request("PATCH", "/v1/workspace", json={"retention_days": 5}, key=standard),
                 403, "insufficient_permissions")
    # Everything else works with a standard key.
    assert server.get("/v1/workspace", key=standard).status_code == 200
    t = server.post("/v1/templates", {"name": "t", "source": "# {{n}}"}, key=standard)
    assert t.status_code == 201


def test_the_last_admin_key_cannot_be_revoked(server):
    me = next(k for k in server.get("/v1/api_keys").json()["data"] if k["role"] == "admin")
    assert_error(server.request("DELETE", "/v1/api_keys/" + me["id"]), 409, "last_admin_key")
    other = server.post("/v1/api_keys", {"name": "second admin", "role": "admin"}).json()
    assert server.request("DELETE", "/v1/api_keys/" + me["id"]).status_code == 200
    assert_error(server.get("/v1/workspace"), 401, "api_key_revoked")
    assert server.get("/v1/workspace", key=other["secret"]).status_code == 200


# --- workspace -------------------------------------------------------------------

def test_workspace_defaults_apply_to_rendering(server):
    ws = server.get("/v1/workspace").json()
    assert ws["id"] == server.workspace_id and ws["retention_days"] == 90 and ws["default_locale"] == "en-US"
    updated = server.request("PATCH", "/v1/workspace", json={"default_locale": "de-DE", "retention_days": 30})
    assert updated.status_code == 200 and updated.json()["default_locale"] == "de-DE"
    assert_error(server.request("PATCH", "/v1/workspace", json={"retention_days": 0}), 400, "parameter_invalid")
    assert_error(server.request("PATCH", "/v1/workspace", json={"name": "x"}), 400, "parameter_unknown")
    t = server.create_template("Total: {{number total decimals=2}}\n")
    g = server.wait_for(server.create_generation(t["id"], {"total": 1234.5}, outputs=["txt"]).json()["id"])
    text = requests.get(g["outputs"][0]["url"]).text
    assert "1.234,50" in text, text
    g = server.wait_for(server.create_generation(t["id"], {"total": 1234.5}, outputs=["txt"],
                                                 options={"locale": "en-US"}).json()["id"])
    assert "1,234.50" in requests.get(g["outputs"][0]["url"]).text


# --- request logs ------------------------------------------------------------------

def wait_for_logs(server, query, count, timeout=10):
    deadline = time.time() + timeout
    while time.time() < deadline:
        data = server.get("/v1/request_logs?" + query).json()["data"]
        if len(data) >= count:
            return data
        time.sleep(0.1)
    raise AssertionError("request logs did not show up: " + query)


def test_requests_are_logged_with_redacted_bodies_and_filters(server):
    t = server.create_template("# {{n}}\n")
    ok = server.post("/v1/generations", {"template_id": t["id"], "data": {"n": 1}, "outputs": ["md"]},
                     headers={"Idempotency-Key": "log-1"})
    key = server.post("/v1/api_keys", {"name": "logged"})
    missing = server.get("/v1/generations/gen_nothing")

    logs = wait_for_logs(server, "limit=100", 4)
    by_id = {entry["id"]: entry for entry in logs}
    entry = by_id[ok.headers["Request-Id"]]
    assert entry["method"] == "POST" and entry["path"] == "/v1/generations" and entry["status"] == 202
    assert entry["idempotency_key"] == "log-1" and entry["replayed"] is False and entry["api_key_id"].startswith("key_")
    assert json.loads(entry["request_body"])["template_id"] == t["id"]
    assert entry["duration_ms"] >= 0

    logged_key = by_id[key.headers["Request-Id"]]
    assert key.json()["secret"] not in json.dumps(logs)
    assert json.loads(logged_key["response_body"])["secret"] == "[REDACTED]"
    assert server.api_key not in json.dumps(logs)  # the Authorization header is never logged

    assert by_id[missing.headers["Request-Id"]]["error_code"] == "resource_missing"
    assert [e["id"] for e in server.get("/v1/request_logs?status=404").json()["data"]] == [missing.headers["Request-Id"]]
    assert all(e["status"] >= 400 for e in server.get("/v1/request_logs?status=4xx").json()["data"])
    assert {e["method"] for e in server.get("/v1/request_logs?method=POST").json()["data"]} == {"POST"}
    assert all(e["path"].startswith("/v1/templates") for e in server.get("/v1/request_logs?path=/v1/templates").json()["data"])
    assert [e["id"] for e in server.get("/v1/request_logs?idempotency_key=log-1").json()["data"]] == [ok.headers["Request-Id"]]
    one = server.get("/v1/request_logs?request_id=" + ok.headers["Request-Id"]).json()["data"]
    assert len(one) == 1
    future = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 3600))
    assert server.get("/v1/request_logs?created[gte]=" + future).json()["data"] == []
    assert_error(server.get("/v1/request_logs?created[gte]=yesterday"), 400, "parameter_invalid")


def test_refused_requests_are_logged_for_the_workspace_they_named(server):
    bad = requests.get(server.base + "/v1/generations",
                       headers={"Authorization": "Bearer " + server.api_key[:-6] + "AAAAAA",
                                "X-Workspace-Id": server.workspace_id})
    assert bad.status_code == 401
    logs = wait_for_logs(server, "status=401", 1)
    assert logs[0]["id"] == bad.headers["Request-Id"] and logs[0]["error_code"] == "api_key_invalid"


def test_openapi_document_is_served(server):
    doc = requests.get(server.base + "/v1/openapi.json").json()
    assert doc["openapi"] == "3.1.0"
    assert "/v1/generations" in doc["paths"] and "/v1/request_logs" in doc["paths"]


def test_data_source_credentials_never_reach_the_request_log(server):
    r = server.post("/v1/data_sources", {"name": "crm", "kind": "postgres",
                                         "connection_string": "postgresql://crm:Hunter2-secret@127.0.0.1:5/crm",
                                         "query": "SELECT * FROM accounts WHERE id = :account_id"})
    assert r.status_code == 201, r.text
    h = server.post("/v1/data_sources", {"name": "api", "kind": "http", "url": "https://api.example.com/accounts",
                                         "headers": {"Authorization": "Bearer tok-Hunter3"}})
    assert h.status_code == 201, h.text
    logs = wait_for_logs(server, "path=/v1/data_sources", 2)
    text = json.dumps(logs)
    assert "Hunter2" not in text and "Hunter3" not in text
    assert "Hunter2" not in json.dumps(server.get("/v1/data_sources/" + r.json()["id"]).json())


def test_operators_see_the_actors(make_server):
    server = make_server(env={"S2D_OPERATOR_TOKEN": OPERATOR, "S2D_RENDER_SLOTS": "1"}).start()
    t = server.create_template("# {{n}}\n\n" + "Paragraph {{n}}.\n\n" * 200)
    for n in range(6):
        server.create_generation(t["id"], {"n": n}, outputs=["pdf"])
    r = admin(server, "GET", "/v1/admin/actors")
    assert r.status_code == 200, r.text
    server.openapi.check("GET", "/v1/admin/actors", r)
    report = r.json()
    assert report["node"]["render_pool"]["slots"] == 1
    mine = next(w for w in report["workspaces"] if w["workspace_id"] == server.workspace_id)
    assert mine["in_flight"] + mine["queue_depth"] >= 1
    assert mine["rate_limit"]["limit"] == 200 and 0 <= mine["rate_limit"]["remaining"] <= 200
    assert all(g["id"].startswith("gen_") and g["age_ms"] >= 0 for g in mine["generations"])
    assert_error(requests.get(server.base + "/v1/admin/actors", headers=server.headers()), 401, "api_key_invalid")
