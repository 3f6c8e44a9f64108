"""Webhooks end to end: the real s2d binary delivers to real HTTP receivers
on loopback; every signature is checked with the official npm
`standardwebhooks` library. No test sends traffic beyond loopback."""
import base64
import json
import os
import re
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor

import requests

from harness import BINARY, assert_error
from webhook_receiver import NODE_MODULES, Receiver, verify_with_standardwebhooks

LOOPBACK = "127.0.0.0/8,::1/128"
FAST = {"S2D_EGRESS_ALLOW": LOOPBACK, "S2D_WEBHOOK_RETRY_SCHEDULE": "0s,1s,1s,3s",
        "S2D_WEBHOOK_TIMEOUT_SECONDS": "1"}
# Slow enough to render that a generation queued behind it is still pending.
SLOW = "# Report\n\n| # | Item |\n|---|---|\n{{#each rows}}| {{i}} | {{name}} |\n{{/each}}\n"
ROWS = [{"i": i, "name": "Line item %d with a longer description" % i} for i in range(200)]
DOCS = os.path.join(os.environ.get("S2D_SOURCE_DIR", "."), "docs", "webhooks.md")


def create_endpoint(server, url, **fields):
    r = server.post("/v1/webhook_endpoints", {"url": url, **fields})
    assert r.status_code == 201, r.text
    endpoint = r.json()
    assert endpoint["secret"].startswith("whsec_")
    assert len(base64.b64decode(endpoint["secret"][len("whsec_"):])) == 32
    return endpoint


def deliveries(server, endpoint_id, **query):
    r = server.get("/v1/webhook_endpoints/%s/deliveries" % endpoint_id, params=dict(limit=100, **query))
    assert r.status_code == 200, r.text
    return list(reversed(r.json()["data"]))  # oldest first


def wait_for_deliveries(server, endpoint_id, count, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        attempts = deliveries(server, endpoint_id)
        if len(attempts) >= count:
            return attempts
        time.sleep(0.05)
    raise AssertionError("%d of %d attempts logged: %s" % (len(attempts), count, attempts))


def finished_generation(server, template_id, data, **extra):
    r = server.create_generation(template_id, data, **extra)
    assert r.status_code == 202, r.text
    return server.wait_for(r.json()["id"])


def assert_all_verify(secret, received):
    results = verify_with_standardwebhooks(secret, received)
    assert [r["ok"] for r in results] == [True] * len(received), results
    return [r["payload"] for r in results]


def test_completed_failed_and_canceled_events_arrive_signed(make_server):
    server = make_server(env=dict(FAST, S2D_WORKSPACE_CONCURRENCY="1")).start()
    receiver = Receiver()
    try:
        endpoint = create_endpoint(server, receiver.url(), description="orders")
        assert endpoint["events"] == ["generation.completed", "generation.failed", "generation.canceled",
                                      "batch.completed"]
        read = server.get("/v1/webhook_endpoints/" + endpoint["id"]).json()
        assert "secret" not in read and read["enabled"] is True and read["description"] == "orders"

        ok_template = server.create_template("# Hello {{name}}\n")
        completed = finished_generation(server, ok_template["id"], {"name": "Ada"}, outputs=["pdf", "md"],
                                        metadata={"order": "42"})
        strict = server.create_template("# Dear {{customer.name}}\n\nYou live in {{customer.address.city}}.\n")
        failed = finished_generation(server, strict["id"], {"customer": {"name": "Ada", "address": {}}})
        # With one generation at a time per workspace, one queued behind a
        # slow render is still pending when it is canceled.
        slow = server.create_template(SLOW)
        ahead = server.create_generation(slow["id"], {"rows": ROWS}).json()
        queued = server.create_generation(ok_template["id"], {"name": "late"}).json()
        canceled = server.post("/v1/generations/%s/cancel" % queued["id"])
        assert canceled.status_code == 200 and canceled.json()["status"] == "canceled", canceled.text
        assert server.wait_for(ahead["id"])["status"] == "completed"

        received = receiver.wait_for(4)
        time.sleep(0.3)  # a fifth delivery would be a bug: give it a moment to show up
        assert len(receiver.requests) == 4
        by_generation = {}
        for request, payload in zip(received, assert_all_verify(endpoint["secret"], received)):
            h = request["headers"]
            assert h["content-type"] == "application/json"
            assert h["user-agent"].startswith("s2d-webhooks/")
            assert h["webhook-id"] == payload["id"] and payload["id"].startswith("evt_")
            assert abs(int(h["webhook-timestamp"]) - time.time()) < 60
            assert re.fullmatch(r"v1,[A-Za-z0-9+/]{43}=", h["webhook-signature"])
            by_generation[payload["generation_id"]] = payload

        done = by_generation[completed["id"]]
        assert done["object"] == "event" and done["created_at"].endswith("Z")
        assert (done["event"], done["generation_id"], done["status"]) == ("generation.completed", completed["id"], "completed")
        assert done["data"]["generation_id"] == completed["id"] and done["data"]["metadata"] == {"order": "42"}
        assert done["outputs"] == done["data"]["outputs"] and done["data"]["error"] is None and done["error"] is None
        assert {o["format"] for o in done["outputs"]} == {"pdf", "md"}
        for output in done["outputs"]:  # the signed URLs in the body work without credentials
            download = requests.get(output["url"])
            assert download.status_code == 200 and len(download.content) == output["size_bytes"]

        fail = by_generation[failed["id"]]
        assert (fail["type"], fail["status"]) == ("generation.failed", "failed")
        error = fail["data"]["error"]
        assert (error["code"], error["placeholder"]) == ("missing_required_field", "customer.address.city")
        assert error["message"] and fail["outputs"] == []
        assert fail["error"] == error  # the brief's top-level alias
        assert by_generation[queued["id"]]["type"] == "generation.canceled"
        assert by_generation[ahead["id"]]["type"] == "generation.completed"

        wrong = verify_with_standardwebhooks("whsec_" + base64.b64encode(os.urandom(32)).decode(), received[:1])
        assert wrong[0]["ok"] is False  # the verifier does reject

        listed = server.get("/v1/events").json()["data"]
        assert {e["id"] for e in listed} == {p["id"] for p in by_generation.values()}
        assert server.get("/v1/events", params={"type": "generation.failed"}).json()["data"][0]["id"] == fail["id"]
        assert server.get("/v1/events/" + done["id"]).json()["data"]["generation_id"] == completed["id"]
        attempts = deliveries(server, endpoint["id"])
        assert len(attempts) == 4 and all(a["succeeded"] and a["status_code"] == 200 for a in attempts)
        assert all(a["attempt"] == 1 and a["response_body"] == '{"received":true}' for a in attempts)
    finally:
        receiver.stop()


def test_the_documented_python_and_node_verifiers_accept_a_delivery(make_server, tmp_path):
    """docs/webhooks.md's examples are run as written."""
    server = make_server(env=FAST).start()
    receiver = Receiver()
    try:
        endpoint = create_endpoint(server, receiver.url())
        t = server.create_template("# {{n}}\n")
        finished_generation(server, t["id"], {"n": 1}, outputs=["md"])
        request = receiver.wait_for(1)[0]
        with open(DOCS) as f:
            docs = f.read()
        python_example = re.search(r"```python\n(.*?)```", docs, re.S).group(1)
        namespace = {}
        exec(python_example, namespace)
        payload = namespace["verify_webhook"](endpoint["secret"], request["headers"], request["body"])
        assert payload["id"] == request["headers"]["webhook-id"]
        tampered = request["body"].replace(b'"generation.completed"', b'"generation.failed"', 1)
        try:
            namespace["verify_webhook"](endpoint["secret"], request["headers"], tampered)
            raise AssertionError("a tampered body verified")
        except ValueError:
            pass

        node_example = re.search(r"```js\n(.*?)```", docs, re.S).group(1)
        script = tmp_path / "receiver.js"
        script.write_text(node_example + "\nmodule.exports = { verifyWebhook };\n")
        checker = tmp_path / "check.js"
        checker.write_text(
            "const { verifyWebhook } = require(%r);\n"
            "const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n"
            "const event = verifyWebhook(input.secret, input.headers, Buffer.from(input.body, 'base64'));\n"
            "process.stdout.write(event.id);\n" % str(script))
        out = subprocess.run(["node", str(checker)], capture_output=True, env=dict(os.environ, NODE_PATH=NODE_MODULES),
                             input=json.dumps({"secret": endpoint["secret"], "headers": request["headers"],
                                               "body": base64.b64encode(request["body"]).decode()}).encode())
        assert out.returncode == 0, out.stderr.decode()
        assert out.stdout.decode() == request["headers"]["webhook-id"]
    finally:
        receiver.stop()


def test_fourth_attempt_delivers_after_500_timeout_and_connection_refused(make_server):
    server = make_server(env=FAST).start()
    # 1st: 500; 2nd: no answer within the 1 s attempt timeout; then the
    # receiver goes away (3rd: connection refused) and comes back for the 4th.
    failing = Receiver(respond=lambda i, r: (500, {}, b"oops") if i == 0 else 3.0, keep_alive=False)
    port = failing.port
    endpoint = create_endpoint(server, failing.url())
    t = server.create_template("# {{n}}\n")
    finished_generation(server, t["id"], {"n": 1}, outputs=["md"])
    failing.wait_for(2)
    wait_for_deliveries(server, endpoint["id"], 2)
    failing.stop()
    wait_for_deliveries(server, endpoint["id"], 3)
    receiver = Receiver(port=port)
    try:
        received = receiver.wait_for(1)
        attempts = wait_for_deliveries(server, endpoint["id"], 4)
        assert [a["attempt"] for a in attempts] == [1, 2, 3, 4]
        assert len({a["event_id"] for a in attempts}) == 1
        assert received[0]["headers"]["webhook-id"] == attempts[0]["event_id"]
        assert [a["status_code"] for a in attempts] == [500, None, None, 200]
        assert [a["error"] and a["error"]["code"] for a in attempts] == ["http_error", "timeout", "connect_failed", None]
        assert [a["succeeded"] for a in attempts] == [False, False, False, True]
        assert attempts[0]["response_body"] == "oops"
        assert attempts[0]["next_attempt_at"] and attempts[3]["next_attempt_at"] is None
        assert_all_verify(endpoint["secret"], received)
    finally:
        receiver.stop()


def test_retry_after_is_honoured_redirects_fail_and_410_disables(make_server):
    server = make_server(env=dict(FAST, S2D_WEBHOOK_RETRY_SCHEDULE="0s,1s,1s")).start()
    slow_down = Receiver(respond=lambda i, r: (429, {"Retry-After": "3"}, b"") if i == 0 else (200, {}, b""))
    gone = Receiver(respond=lambda i, r: (410, {}, b"gone"))
    target = Receiver()
    redirect = Receiver(respond=lambda i, r: (307, {"Location": target.url()}, b""))
    try:
        first = create_endpoint(server, slow_down.url())
        second = create_endpoint(server, gone.url())
        third = create_endpoint(server, redirect.url())
        t = server.create_template("# {{n}}\n")
        finished_generation(server, t["id"], {"n": 1}, outputs=["md"])

        a, b = slow_down.wait_for(2, timeout=15)
        assert b["time"] - a["time"] >= 2.9  # the schedule says 1 s, Retry-After says 3 s
        assert a["headers"]["webhook-id"] == b["headers"]["webhook-id"]

        gone.wait_for(1)
        assert wait_for_deliveries(server, second["id"], 1)[0]["error"]["code"] == "endpoint_gone"
        state = server.get("/v1/webhook_endpoints/" + second["id"]).json()
        assert (state["enabled"], state["disabled_reason"]) == (False, "gone")

        attempts = wait_for_deliveries(server, third["id"], 3)  # every attempt of the schedule, none followed
        assert [x["status_code"] for x in attempts] == [307] * 3
        assert {x["error"]["code"] for x in attempts} == {"redirect_not_followed"}
        assert attempts[-1]["next_attempt_at"] is None
        assert target.requests == []

        finished_generation(server, t["id"], {"n": 2}, outputs=["md"])
        slow_down.wait_for(3)
        time.sleep(0.5)
        assert len(gone.requests) == 1  # disabled: nothing more
        r = server.request("PATCH", "/v1/webhook_endpoints/" + second["id"], json={"enabled": True})
        assert r.status_code == 200 and r.json()["enabled"] is True and r.json()["disabled_reason"] is None
        event_id = server.get("/v1/events", params={"limit": 1}).json()["data"][0]["id"]
        redelivered = server.post("/v1/events/%s/redeliver" % event_id, {"endpoint_id": second["id"]})
        assert redelivered.status_code == 202, redelivered.text
        assert redelivered.json()["endpoint_ids"] == [second["id"]]
        assert gone.wait_for(2)[1]["headers"]["webhook-id"] == event_id
        wait_for_deliveries(server, second["id"], 2)
        to_all = server.post("/v1/events/%s/redeliver" % event_id)
        assert set(to_all.json()["endpoint_ids"]) == {first["id"], third["id"]}  # second: gone again
        assert slow_down.wait_for(4)[3]["headers"]["webhook-id"] == event_id
    finally:
        for r in (slow_down, gone, target, redirect):
            r.stop()


def test_two_hundred_pending_events_survive_kill9(make_server):
    schedule = "0s,1s" + ",2s" * 20
    server = make_server(env=dict(FAST, S2D_WEBHOOK_RETRY_SCHEDULE=schedule)).start()
    down = Receiver()
    port = down.port
    down.stop()  # nothing listens: every attempt is refused until the receiver comes up
    endpoint = create_endpoint(server, "http://127.0.0.1:%d/hook" % port)
    t = server.create_template("{{n}}\n")

    def post(n):
        r = server.create_generation(t["id"], {"n": n}, outputs=["md"])
        assert r.status_code == 202, r.text
        return r.json()["id"]

    with ThreadPoolExecutor(max_workers=8) as pool:
        generations = list(pool.map(post, range(200)))
    deadline = time.time() + 60
    while True:
        events = server.get("/v1/events", params={"limit": 100}).json()
        ids = {e["id"] for e in events["data"]}
        page = events
        while page["has_more"]:
            page = server.get("/v1/events", params={"limit": 100, "starting_after": page["data"][-1]["id"]}).json()
            ids |= {e["id"] for e in page["data"]}
        if len(ids) == 200 or time.time() > deadline:
            break
        time.sleep(0.1)
    assert len(ids) == 200
    assert deliveries(server, endpoint["id"])  # attempts are being made and failing
    server.kill9()

    server.start()
    receiver = Receiver(port=port)
    try:
        deadline = time.time() + 45
        while set(receiver.event_ids()) != ids and time.time() < deadline:
            time.sleep(0.1)
        arrived = receiver.event_ids()
        assert set(arrived) == ids, "%d of 200 events arrived" % len(set(arrived) & ids)
        generation_ids = {r["headers"]["webhook-id"]: r for r in receiver.requests}
        assert len(generations) == 200 and len(generation_ids) == 200
        connections = {r["client_port"] for r in receiver.requests}
        print("200 events: %d requests over %d connections" % (len(arrived), len(connections)))
        assert len(connections) < len(arrived) / 4  # connections are reused
    finally:
        receiver.stop()


def test_ssrf_loopback_refused_without_allow_list_and_delivered_with_it(make_server):
    v4, v6, target = Receiver(), Receiver(host="::1"), Receiver()
    redirect = Receiver(respond=lambda i, r: (302, {"Location": target.url()}, b""))
    try:
        closed = make_server(env=dict(FAST, S2D_EGRESS_ALLOW="")).start()
        for url in (v4.url(), v6.url(), redirect.url(), "http://169.254.169.254/latest/meta-data/",
                    "http://[::ffff:127.0.0.1]:%d/" % v4.port, "http://10.0.0.1/"):
            e = assert_error(closed.post("/v1/webhook_endpoints", {"url": url}), 400, "parameter_invalid")
            assert e["param"] == "url" and "refused" in e["message"]
        by_name = create_endpoint(closed, v4.url(host="localhost"))
        redirect_by_name = create_endpoint(closed, redirect.url(host="localhost"))
        t = closed.create_template("# {{n}}\n")
        finished_generation(closed, t["id"], {"n": 1}, outputs=["md"])
        for endpoint in (by_name, redirect_by_name):
            attempt = wait_for_deliveries(closed, endpoint["id"], 1)[0]
            assert attempt["error"]["code"] == "egress_refused" and attempt["status_code"] is None
            assert "loopback" in attempt["error"]["message"]
        closed.stop()

        opened = make_server(env=FAST).start()
        urls = {"/by-v4": v4.url("/by-v4"), "/by-v6": v6.url("/by-v6"),
                "/by-name": v4.url("/by-name", host="localhost")}
        secrets = {path: create_endpoint(opened, url)["secret"] for path, url in urls.items()}
        redirecting = create_endpoint(opened, redirect.url())
        t = opened.create_template("# {{n}}\n")
        finished_generation(opened, t["id"], {"n": 1}, outputs=["md"])
        received = v4.wait_for(2) + v6.wait_for(1)
        assert sorted(r["path"] for r in received) == sorted(urls)
        for request in received:
            assert_all_verify(secrets[request["path"]], [request])
        redirect.wait_for(1)
        attempt = wait_for_deliveries(opened, redirecting["id"], 1)[0]
        assert attempt["status_code"] == 302 and attempt["error"]["code"] == "redirect_not_followed"
        time.sleep(0.3)
        assert target.requests == []  # the redirect was never followed
    finally:
        for r in (v4, v6, target, redirect):
            r.stop()


def test_rotation_old_and_new_secret_both_verify_during_overlap(make_server):
    server = make_server(env=FAST).start()
    receiver = Receiver()
    try:
        endpoint = create_endpoint(server, receiver.url())
        old_secret = endpoint["secret"]
        r = server.post("/v1/webhook_endpoints/%s/rotate_secret" % endpoint["id"])
        assert r.status_code == 200, r.text
        rotated = r.json()
        new_secret = rotated["secret"]
        assert new_secret != old_secret and rotated["previous_secret_expires_at"].endswith("Z")
        t = server.create_template("# {{n}}\n")
        finished_generation(server, t["id"], {"n": 1}, outputs=["md"])
        received = receiver.wait_for(1)
        assert len(received[0]["headers"]["webhook-signature"].split(" ")) == 2
        assert_all_verify(old_secret, received)  # a receiver still on the old secret
        assert_all_verify(new_secret, received)  # one already on the new secret

        # After a leak: rotate with no overlap, and only the newest secret signs.
        r = server.post("/v1/webhook_endpoints/%s/rotate_secret" % endpoint["id"], {"overlap_hours": 0})
        assert r.status_code == 200 and r.json()["previous_secret_expires_at"] is None, r.text
        newest = r.json()["secret"]
        finished_generation(server, t["id"], {"n": 2}, outputs=["md"])
        latest = receiver.wait_for(2)[1:]
        assert len(latest[0]["headers"]["webhook-signature"].split(" ")) == 1
        assert_all_verify(newest, latest)
        assert [v["ok"] for v in verify_with_standardwebhooks(old_secret, latest) +
                verify_with_standardwebhooks(new_secret, latest)] == [False, False]
        assert_error(server.post("/v1/webhook_endpoints/%s/rotate_secret" % endpoint["id"], {"overlap_hours": -1}),
                     400, "parameter_invalid")
    finally:
        receiver.stop()


def test_endpoint_management_validation_and_isolation(make_server):
    server = make_server(env=dict(FAST, S2D_OPERATOR_TOKEN="op-token")).start()
    endpoint = create_endpoint(server, "https://hooks.example.com/s2d", events=["generation.failed"])
    eid = endpoint["id"]
    assert endpoint["id"].startswith("whe_") and endpoint["object"] == "webhook_endpoint"
    assert endpoint["events"] == ["generation.failed"]

    for body, code, param in (
            ({"url": "ftp://example.com/"}, "parameter_invalid", "url"),
            ({"url": "https://user:pw@example.com/"}, "parameter_invalid", "url"),
            ({"url": "example.com/hook"}, "parameter_invalid", "url"),
            ({"url": "https://a.example/", "events": ["generation.done"]}, "parameter_invalid", "events[0]"),
            ({"url": "https://a.example/", "events": []}, "parameter_invalid", "events"),
            ({"url": "https://a.example/", "events": ["generation.failed"] * 2}, "parameter_invalid", "events"),
            ({}, "parameter_missing", "url"),
            ({"url": "https://a.example/", "colour": "red"}, "parameter_unknown", "colour")):
        e = assert_error(server.post("/v1/webhook_endpoints", body), 400, code)
        assert e["param"] == param, e

    r = server.request("PATCH", "/v1/webhook_endpoints/" + eid,
                       json={"url": "https://hooks.example.com/v2", "enabled": False})
    assert r.status_code == 200, r.text
    assert (r.json()["url"], r.json()["enabled"], r.json()["disabled_reason"]) == ("https://hooks.example.com/v2", False, "manual")
    assert [e["id"] for e in server.get("/v1/webhook_endpoints").json()["data"]] == [eid]

    token = {"Authorization": "Bearer op-token"}
    other = requests.post(server.base + "/v1/admin/workspaces", json={"name": "other"}, headers=token).json()
    as_other = dict(key=other["api_key"]["secret"], workspace=other["id"])
    assert_error(server.get("/v1/webhook_endpoints/" + eid, **as_other), 404, "resource_missing")
    assert_error(server.request("DELETE", "/v1/webhook_endpoints/" + eid, **as_other), 404, "resource_missing")
    assert server.get("/v1/webhook_endpoints", **as_other).json()["data"] == []

    standard = server.post("/v1/api_keys", {"name": "reader", "role": "standard"}).json()["secret"]
    for method, path in (("GET", "/v1/webhook_endpoints"), ("GET", "/v1/webhook_endpoints/" + eid),
                         ("POST", "/v1/webhook_endpoints/%s/rotate_secret" % eid),
                         ("GET", "/v1/webhook_endpoints/%s/deliveries" % eid), ("POST", "/v1/events/evt_x/redeliver")):
        assert_error(server.request(method, path, key=standard), 403, "insufficient_permissions")
    assert server.get("/v1/events", key=standard).status_code == 200

    r = server.request("DELETE", "/v1/webhook_endpoints/" + eid)
    assert r.status_code == 200 and r.json() == {"id": eid, "object": "webhook_endpoint", "deleted": True}
    assert_error(server.get("/v1/webhook_endpoints/" + eid), 404, "resource_missing")
    assert_error(server.get("/v1/webhook_endpoints/%s/deliveries" % eid), 404, "resource_missing")
    assert_error(server.post("/v1/events/evt_nope/redeliver"), 404, "resource_missing")
    assert_error(server.get("/v1/events", params={"type": "generation.done"}), 400, "parameter_invalid")


def test_start_refuses_an_unreadable_allow_list_and_a_lost_secret_key(make_server, tmp_path):
    refused = subprocess.run([BINARY, "serve", "--listen", "127.0.0.1:0", "--data-dir", str(tmp_path / "a")],
                             env=dict(os.environ, S2D_EGRESS_ALLOW="127.0.0.0/8,not-a-block"),
                             capture_output=True, timeout=30)
    assert refused.returncode != 0
    assert b"egress.allow" in refused.stdout + refused.stderr

    server = make_server(env=FAST).start()
    server.stop()
    os.remove(os.path.join(server.data_dir, "webhook-secrets.key"))
    try:
        server.start()
        raise AssertionError("s2d started without the key its webhook secrets are sealed with")
    except RuntimeError as e:
        assert "webhook-secrets.key is missing" in str(e)
