"""Batches (docs/batches.md) against the real binary: items render as
ordinary generations, counts add up, one bad item fails alone and a retry
completes it, a batch survives kill -9 during expansion and rendering with
every item ending exactly once, and the bundle holds every output."""
import hashlib
import io
import json
import time
import zipfile

from harness import assert_error

MARKDOWN = "# Invoice {{number}}\n\nCustomer: {{customer}}\n"


def wait_batch(server, batch_id, timeout=240, statuses=("completed", "canceled")):
    deadline = time.time() + timeout
    while time.time() < deadline:
        r = server.get("/v1/batches/" + batch_id)
        assert r.status_code == 200, r.text
        batch = r.json()
        if batch["status"] in statuses and batch["completed_at"] is not None:
            return batch
        time.sleep(0.2)
    raise AssertionError(f"{batch_id} not finished after {timeout}s: {batch}")


def batch_items(server, batch_id):
    """Every item generation of the batch, through the paginated listing."""
    items, after = [], None
    while True:
        path = f"/v1/generations?batch_id={batch_id}&limit=100" + (f"&starting_after={after}" if after else "")
        r = server.get(path)
        assert r.status_code == 200, r.text
        page = r.json()
        items += page["data"]
        if not page["has_more"]:
            return items
        after = page["data"][-1]["id"]


def records_source(server, records, name="invoices"):
    r = server.post("/v1/data_sources", {"kind": "records", "name": name})
    assert r.status_code == 201, r.text
    source = r.json()
    for start in range(0, len(records), 5000):
        r = server.post(f"/v1/data_sources/{source['id']}/records", records[start:start + 5000])
        assert r.status_code in (200, 201), r.text
    return source


def assert_counts_add_up(batch):
    counts = batch["counts"]
    assert counts["total"] == sum(counts[k] for k in ("pending", "running", "completed", "failed", "canceled")), counts


def test_a_batch_of_500_items_completes_with_a_bundle_of_every_output(server):
    tpl = server.create_template(MARKDOWN)
    items = [{"data": {"number": i, "customer": f"C{i}"}, "key": f"inv-{i}"} for i in range(500)]
    # Items without a key are named by their index in the bundle.
    for item in items[450:]:
        del item["key"]
    r = server.post("/v1/batches", {"template_id": tpl["id"], "outputs": ["md"], "items": items, "bundle": "zip"})
    assert r.status_code == 202, r.text
    created = r.json()
    assert created["object"] == "batch" and created["status"] == "pending" and created["id"].startswith("bat_")
    batch = wait_batch(server, created["id"])
    assert batch["status"] == "completed", batch
    assert batch["counts"] == {"total": 500, "pending": 0, "running": 0, "completed": 500, "failed": 0, "canceled": 0}
    assert batch["started_at"] is not None and batch["failed_items"] == []

    listed = batch_items(server, batch["id"])
    assert len(listed) == 500
    assert sorted(g["batch_index"] for g in listed) == list(range(500))
    assert all(g["status"] == "completed" and g["batch_id"] == batch["id"] for g in listed)
    by_index = {g["batch_index"]: g for g in listed}
    assert by_index[7]["batch_item_key"] == "inv-7"
    content = server.session.get(by_index[7]["outputs"][0]["url"]).text
    assert "# Invoice 7" in content and "Customer: C7" in content

    bundle = batch["bundle_file"]
    assert bundle is not None, batch
    data = server.session.get(bundle["url"]).content
    assert hashlib.sha256(data).hexdigest() == bundle["sha256"] and len(data) == bundle["size_bytes"]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert len(archive.namelist()) == 500 and len(set(archive.namelist())) == 500
        for g in listed:
            name = (g["batch_item_key"] or str(g["batch_index"])) + ".md"
            assert hashlib.sha256(archive.read(name)).hexdigest() == g["outputs"][0]["sha256"], name
    assert "499.md" in archive.namelist() and "inv-0.md" in archive.namelist()

    r = server.get("/v1/batches?limit=5")
    assert r.status_code == 200 and [b["id"] for b in r.json()["data"]] == [batch["id"]]


def test_three_bad_items_fail_alone_and_a_retry_completes_them(server):
    records = [{"number": i, "customer": f"C{i}"} for i in range(100) if i not in (13, 42, 77)]
    source = records_source(server, records)
    tpl = server.create_template(MARKDOWN)
    items = [{"filters": {"number": i}, "key": f"k{i}"} for i in range(100)]
    r = server.post("/v1/batches", {"template_id": tpl["id"], "outputs": ["md"], "items": items,
                                    "data_source_id": source["id"]})
    assert r.status_code == 202, r.text
    batch = wait_batch(server, r.json()["id"])
    assert batch["status"] == "completed"
    assert batch["counts"]["completed"] == 97 and batch["counts"]["failed"] == 3, batch["counts"]
    assert_counts_add_up(batch)
    failed = sorted(batch["failed_items"], key=lambda f: f["batch_index"])
    assert [f["batch_index"] for f in failed] == [13, 42, 77]
    assert [f["batch_item_key"] for f in failed] == ["k13", "k42", "k77"]
    assert all(f["error"]["code"] == "no_records_matched" and f["error"]["type"] == "data_source_error" for f in failed)
    r = server.get(f"/v1/generations/{failed[0]['generation_id']}")
    assert r.json()["status"] == "failed" and r.json()["error"]["code"] == "no_records_matched"

    # Fix the source, then retry: the three items are made again and complete.
    r = server.post(f"/v1/data_sources/{source['id']}/records",
                    [{"number": i, "customer": f"C{i}"} for i in (13, 42, 77)])
    assert r.status_code in (200, 201), r.text
    r = server.post(f"/v1/batches/{batch['id']}/retry")
    assert r.status_code == 202, r.text
    batch = wait_batch(server, batch["id"])
    assert batch["counts"]["completed"] == 100 and batch["counts"]["failed"] == 0, batch["counts"]
    listed = batch_items(server, batch["id"])
    assert len(listed) == 100 and sorted(g["batch_index"] for g in listed) == list(range(100))
    assert all(g["status"] == "completed" for g in listed)
    retried = [g for g in listed if g["batch_index"] == 42][0]
    assert retried["id"] != failed[1]["generation_id"] and retried["batch_item_key"] == "k42"


def test_a_batch_survives_kill_9_during_expansion_and_rendering(make_server):
    server = make_server().start()
    records = [{"number": i, "customer": f"C{i}"} for i in range(20000)]
    source = records_source(server, records)
    tpl = server.create_template(MARKDOWN)
    r = server.post("/v1/batches", {"template_id": tpl["id"], "outputs": ["md"], "data_source_id": source["id"]})
    assert r.status_code == 202, r.text
    batch_id = r.json()["id"]
    # Killed while the items are still being made...
    deadline = time.time() + 60
    while server.get("/v1/batches/" + batch_id).json()["counts"]["total"] == 0:
        assert time.time() < deadline, "the expansion never started"
    server.kill9()
    server.start()
    made = server.get("/v1/batches/" + batch_id).json()["counts"]["total"]
    assert made < 20000, "the kill came after the expansion"
    # ...and again while they render.
    deadline = time.time() + 120
    while server.get("/v1/batches/" + batch_id).json()["counts"]["completed"] < 2000:
        assert time.time() < deadline
        time.sleep(0.1)
    server.kill9()
    server.start()
    batch = wait_batch(server, batch_id, timeout=900)
    assert batch["status"] == "completed"
    assert batch["counts"] == {"total": 20000, "pending": 0, "running": 0, "completed": 20000, "failed": 0,
                               "canceled": 0}, batch["counts"]
    listed = batch_items(server, batch_id)
    assert len(listed) == 20000 and sorted(g["batch_index"] for g in listed) == list(range(20000))
    assert all(g["status"] == "completed" for g in listed)
    # Every record rendered once, as its own item.
    assert len({g["outputs"][0]["sha256"] for g in listed}) == 20000


def test_bad_batch_requests_get_clear_errors(server):
    tpl = server.create_template(MARKDOWN)
    base = {"template_id": tpl["id"], "outputs": ["md"]}
    assert_error(server.post("/v1/batches", base), 400, "parameter_invalid")
    assert_error(server.post("/v1/batches", {**base, "items": [{"data": {}}, {"data": {}, "filters": {}}]}),
                 400, "parameter_invalid")
    r = server.post("/v1/batches", {**base, "items": [{"data": {}, "key": "a"}, {"data": {}, "key": "a"}]})
    assert_error(r, 400, "parameter_invalid")
    assert r.json()["error"]["param"] == "items[1].key"
    r = server.post("/v1/batches", {**base, "items": [{"filters": {"n": 1}}]})
    assert_error(r, 400, "parameter_invalid")
    assert r.json()["error"]["param"] == "items[0].filters"
    assert_error(server.post("/v1/batches", {**base, "data_source_id": "src_missing"}), 404, "resource_missing")
    assert_error(server.get("/v1/batches/bat_missing"), 404, "resource_missing")
    assert_error(server.post("/v1/batches/bat_missing/cancel"), 404, "resource_missing")
    assert_error(server.get("/v1/generations?batch_id=bat_missing"), 404, "resource_missing")


def test_batch_completed_reaches_webhooks_without_item_events_unless_asked(make_server):
    from webhook_receiver import Receiver
    server = make_server(env={"S2D_EGRESS_ALLOW": "127.0.0.0/8,::1/128"}).start()
    receiver = Receiver()
    try:
        r = server.post("/v1/webhook_endpoints", {"url": receiver.url()})
        assert r.status_code == 201, r.text
        tpl = server.create_template(MARKDOWN)
        items = [{"data": {"number": i, "customer": "C"}} for i in range(20)]
        r = server.post("/v1/batches", {"template_id": tpl["id"], "outputs": ["md"], "items": items,
                                        "bundle": "zip", "metadata": {"run": "march"}})
        assert r.status_code == 202, r.text
        quiet = wait_batch(server, r.json()["id"])
        delivered = receiver.wait_for(1)
        time.sleep(0.5)  # item events would have arrived by now
        bodies = [json.loads(request["body"]) for request in receiver.requests]
        assert [b["type"] for b in bodies] == ["batch.completed"], [b["type"] for b in bodies]
        data = bodies[0]["data"]
        assert data["id"] == quiet["id"] and data["object"] == "batch" and data["status"] == "completed"
        assert data["counts"]["completed"] == 20 and data["metadata"] == {"run": "march"}
        assert data["bundle_file"]["url"].startswith("http") and data["bundle_file"]["sha256"] == quiet["bundle_file"]["sha256"]
        assert delivered[0]["headers"]["webhook-id"] == bodies[0]["id"]

        r = server.post("/v1/batches", {"template_id": tpl["id"], "outputs": ["md"], "items": items[:3],
                                        "item_events": True})
        assert r.status_code == 202, r.text
        wait_batch(server, r.json()["id"])
        requests_seen = receiver.wait_for(5)
        types = sorted(json.loads(request["body"])["type"] for request in requests_seen[1:])
        assert types == ["batch.completed"] + ["generation.completed"] * 3, types
    finally:
        receiver.stop()


def test_cancel_stops_items_not_yet_handed_over(make_server):
    server = make_server(env={"S2D_WORKSPACE_CONCURRENCY": "1"}).start()
    slow = "# Report\n\n{{#each rows}}| {{i}} | {{name}} |\n{{/each}}\n"
    tpl = server.create_template(slow)
    rows = [{"i": i, "name": "line %d" % i} for i in range(300)]
    items = [{"data": {"rows": rows}} for _ in range(400)]
    r = server.post("/v1/batches", {"template_id": tpl["id"], "outputs": ["pdf"], "items": items})
    assert r.status_code == 202, r.text
    batch_id = r.json()["id"]
    r = server.post(f"/v1/batches/{batch_id}/cancel")
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "canceled"
    batch = wait_batch(server, batch_id, statuses=("canceled",))
    counts = batch["counts"]
    assert counts["canceled"] > 300 and counts["pending"] == 0 and counts["running"] == 0, counts
    assert_counts_add_up(batch)
    assert_error(server.post(f"/v1/batches/{batch_id}/cancel"), 409, "batch_not_cancelable")
    assert_error(server.post(f"/v1/batches/{batch_id}/retry"), 409, "batch_not_retryable")
    listed = batch_items(server, batch_id)
    assert sum(g["status"] == "canceled" for g in listed) == counts["canceled"]
