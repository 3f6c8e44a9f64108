"""Idempotency exactly as API.md: replay, reuse, in-flight, what is not
stored, concurrency, and crash safety."""
import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests

from harness import assert_error

OPERATOR = "op-token-idempotency-tests"


def gen_body(template_id, n=1):
    return {"template_id": template_id, "data": {"n": n}, "outputs": ["md"]}


def generations_with_key(server, key):
    listed = server.get("/v1/generations?limit=100").json()["data"]
    return [g for g in listed if g["idempotency_key"] == key]


def test_same_key_same_body_replays_the_first_response(server):
    t = server.create_template("# {{n}}\n")
    first = server.post("/v1/generations", gen_body(t["id"]), headers={"Idempotency-Key": "k-1"})
    assert first.status_code == 202 and "Idempotent-Replayed" not in first.headers
    again = server.post("/v1/generations", gen_body(t["id"]), headers={"Idempotency-Key": "k-1"})
    assert again.status_code == 202
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    assert again.json() == first.json()
    assert len(generations_with_key(server, "k-1")) == 1


def test_same_key_different_body_is_422(server):
    t = server.create_template("# {{n}}\n")
    assert server.post("/v1/generations", gen_body(t["id"], 1), headers={"Idempotency-Key": "k-2"}).status_code == 202
    r = server.post("/v1/generations", gen_body(t["id"], 2), headers={"Idempotency-Key": "k-2"})
    assert_error(r, 422, "idempotency_key_reused")
    # Another route with the same key is a different request too.
    assert_error(server.post("/v1/templates", {"name": "x", "source": "# x"}, headers={"Idempotency-Key": "k-2"}),
                 422, "idempotency_key_reused")


def test_key_syntax_is_checked(server):
    t = server.create_template("# {{n}}\n")
    assert_error(server.post("/v1/generations", gen_body(t["id"]), headers={"Idempotency-Key": "k" * 256}),
                 400, "idempotency_key_invalid")


def test_validation_and_auth_failures_are_not_stored(server):
    t = server.create_template("# {{n}}\n")
    bad = {"template_id": t["id"], "data": {}, "outputs": ["pdf"], "unknown": 1}
    assert_error(server.post("/v1/generations", bad, headers={"Idempotency-Key": "k-3"}), 400, "parameter_unknown")
    wrong_key = server.api_key[:-6] + "AAAAAA"
    assert_error(server.post("/v1/generations", gen_body(t["id"]), key=wrong_key, headers={"Idempotency-Key": "k-3"}),
                 401, "api_key_invalid")
    assert_error(server.post("/v1/generations", {"template_id": "tpl_nope", "data": {}, "outputs": ["md"]},
                             headers={"Idempotency-Key": "k-3"}), 404, "resource_missing")
    # The corrected request runs under the same key.
    ok = server.post("/v1/generations", gen_body(t["id"]), headers={"Idempotency-Key": "k-3"})
    assert ok.status_code == 202 and "Idempotent-Replayed" not in ok.headers


def test_429_is_not_stored(make_server):
    server = make_server(env={"S2D_RATE_LIMIT_PER_SECOND": "1", "S2D_RATE_LIMIT_BURST": "3"}).start()
    t = server.create_template("# {{n}}\n")
    while server.get("/v1/workspace").status_code != 429:
        pass  # empty the bucket
    assert_error(server.post("/v1/generations", gen_body(t["id"]), headers={"Idempotency-Key": "k-4"}), 429, "rate_limited")
    time.sleep(3.2)
    r = server.post("/v1/generations", gen_body(t["id"]), headers={"Idempotency-Key": "k-4"})
    assert r.status_code == 202 and "Idempotent-Replayed" not in r.headers
    assert len(generations_with_key(server, "k-4")) == 1


def test_keys_are_scoped_to_the_workspace(make_server):
    server = make_server(env={"S2D_OPERATOR_TOKEN": OPERATOR}).start()
    other = requests.post(server.base + "/v1/admin/workspaces", json={"name": "b"},
                          headers={"Authorization": "Bearer " + OPERATOR}).json()
    as_other = dict(key=other["api_key"]["secret"], workspace=other["id"])
    t1 = server.create_template("# {{n}}\n")
    t2 = server.post("/v1/templates", {"name": "t", "source": "# {{n}}\n"}, **as_other).json()
    a = server.post("/v1/generations", gen_body(t1["id"]), headers={"Idempotency-Key": "shared"})
    b = server.post("/v1/generations", gen_body(t2["id"]), headers={"Idempotency-Key": "shared"}, **as_other)
    assert a.status_code == b.status_code == 202
    assert "Idempotent-Replayed" not in b.headers and a.json()["id"] != b.json()["id"]


def test_patch_is_idempotent_too(server):
    r1 = server.request("PATCH", "/v1/workspace", json={"default_locale": "de-DE"}, headers={"Idempotency-Key": "p-1"})
    r2 = server.request("PATCH", "/v1/workspace", json={"default_locale": "de-DE"}, headers={"Idempotency-Key": "p-1"})
    assert r1.status_code == r2.status_code == 200
    assert r2.headers["Idempotent-Replayed"] == "true"
    assert_error(server.request("PATCH", "/v1/workspace", json={"default_locale": "fr-FR"},
                                headers={"Idempotency-Key": "p-1"}), 422, "idempotency_key_reused")


def test_fifty_identical_concurrent_requests_create_one_generation(server):
    t = server.create_template("# {{n}}\n")
    body = gen_body(t["id"])
    headers = server.headers(**{"Idempotency-Key": "burst-1"})
    start = threading.Barrier(50)

    def send(_):
        start.wait()
        return requests.post(server.base + "/v1/generations", json=body, headers=headers, timeout=30)

    with ThreadPoolExecutor(max_workers=50) as pool:
        responses = list(pool.map(send, range(50)))
    ids = {r.json()["id"] for r in responses if r.status_code == 202}
    busy = [r for r in responses if r.status_code == 409]
    assert len(ids) == 1, [r.status_code for r in responses]
    assert all(r.status_code in (202, 409) for r in responses)
    for r in busy:
        assert_error(r, 409, "idempotency_key_in_use")
        assert int(r.headers["Retry-After"]) >= 1
        retry = requests.post(server.base + "/v1/generations", json=body, headers=headers, timeout=30)
        assert retry.status_code == 202 and retry.json()["id"] in ids
        assert retry.headers["Idempotent-Replayed"] == "true"
    assert len(generations_with_key(server, "burst-1")) == 1
    print("50 concurrent: %d answered 202, %d answered 409" % (50 - len(busy), len(busy)))


def test_kill9_between_accept_and_reply_never_creates_two_generations(make_server):
    server = make_server().start()
    t = server.create_template("# {{n}}\n")
    keys = ["crash-%d" % i for i in range(60)]
    stop = threading.Event()

    def send(key):
        while not stop.is_set():
            try:
                requests.post(server.base + "/v1/generations", json=gen_body(t["id"]),
                              headers=server.headers(**{"Idempotency-Key": key}), timeout=5)
                return
            except requests.RequestException:
                return  # the server died mid-request: the client does not know the outcome

    threads = [threading.Thread(target=send, args=(k,)) for k in keys]
    for th in threads:
        th.start()
    time.sleep(random.uniform(0.005, 0.05))
    server.kill9()
    stop.set()
    for th in threads:
        th.join()

    server.start()
    # Every client retries its key after the restart, as a real client would.
    ids = {}
    for key in keys:
        r = server.post("/v1/generations", gen_body(t["id"]), headers={"Idempotency-Key": key})
        assert r.status_code == 202, r.text
        ids[key] = r.json()["id"]
    assert len(set(ids.values())) == len(keys)
    listed = server.get("/v1/generations?limit=100").json()["data"]
    per_key = {}
    for g in listed:
        per_key.setdefault(g["idempotency_key"], []).append(g["id"])
    assert all(len(v) == 1 for v in per_key.values()), per_key
    assert {k: v[0] for k, v in per_key.items()} == ids


def test_a_replayed_key_creation_never_shows_the_secret_again(server):
    first = server.post("/v1/api_keys", {"name": "ci"}, headers={"Idempotency-Key": "key-create-1"})
    assert first.status_code == 201 and first.json()["secret"].startswith("s2d_live_")
    again = server.post("/v1/api_keys", {"name": "ci"}, headers={"Idempotency-Key": "key-create-1"})
    assert again.status_code == 201 and again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["secret"] == "[REDACTED]"
    assert len([k for k in server.get("/v1/api_keys").json()["data"] if k["name"] == "ci"]) == 1


def test_a_retried_cancel_replays_the_cancel(server):
    t = server.create_template("# {{n}}\n\n" + "Paragraph {{n}}.\n\n" * 300)
    ids = [server.create_generation(t["id"], {"n": n}, outputs=["pdf"]).json()["id"] for n in range(8)]
    last = ids[-1]  # queued behind the others
    first = server.post("/v1/generations/%s/cancel" % last, headers={"Idempotency-Key": "cancel-1"})
    assert first.status_code == 200 and first.json()["status"] == "canceled", first.text
    again = server.post("/v1/generations/%s/cancel" % last, headers={"Idempotency-Key": "cancel-1"})
    assert again.status_code == 200 and again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == last
    # Without the key, a second cancel is refused: the generation is finished.
    assert_error(server.post("/v1/generations/%s/cancel" % last), 409, "generation_not_cancelable")
