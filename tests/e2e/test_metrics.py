"""/metrics of the real server: it passes `promtool check metrics` (the
Prometheus project's own linter) before and after traffic, and the named
series move with the traffic that was sent."""
import re
import shutil
import subprocess
import time

import pytest
import requests

from webhook_receiver import Receiver

PROMTOOL = shutil.which("promtool")
SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (\S+)$')


def scrape(server):
    r = requests.get(server.base + "/metrics", timeout=10)
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/plain; version=0.0.4"), r.headers
    return r.text


def promtool_check(text):
    checked = subprocess.run([PROMTOOL, "check", "metrics"], input=text.encode(), capture_output=True, timeout=60)
    assert checked.returncode == 0, (checked.stdout + checked.stderr).decode() + "\n" + text


def samples(text):
    """{'name{labels}': value} of every sample, and {family: type}."""
    values, types = {}, {}
    for line in text.splitlines():
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split(" ")
            types[name] = kind
        elif line and not line.startswith("#"):
            match = SAMPLE.match(line)
            assert match, line
            values[match.group(1) + (match.group(2) or "")] = float(match.group(3))
    return values, types


def family_of(sample_name, types):
    name = sample_name.split("{")[0]
    for suffix in ("_bucket", "_sum", "_count"):
        if name.endswith(suffix) and types.get(name[:-len(suffix)]) == "histogram":
            return name[:-len(suffix)]
    return name


@pytest.mark.skipif(PROMTOOL is None, reason="promtool is missing (Debian package prometheus, installed by scripts/setup)")
def test_metrics_pass_promtool_and_move_with_traffic(make_server):
    server = make_server(env={"S2D_STORAGE_MEMORY_MB": "32", "S2D_EGRESS_ALLOW": "127.0.0.0/8",
                              "S2D_WEBHOOK_RETRY_SCHEDULE": "0s"}).start()
    receiver = Receiver()
    try:
        before_text = scrape(server)
        promtool_check(before_text)
        before, _ = samples(before_text)

        endpoint = server.post("/v1/webhook_endpoints", {"url": receiver.url()})
        assert endpoint.status_code == 201, endpoint.text
        template = server.create_template("# Hello {{name}}\n")
        strict = server.create_template("# Dear {{customer.name}}\n\nYou live in {{customer.address.city}}.\n")
        finished = []
        for name in ("Ada", "Grace", "Edsger"):
            r = server.create_generation(template["id"], {"name": name}, outputs=["pdf", "txt"])
            assert r.status_code == 202, r.text
            finished.append(server.wait_for(r.json()["id"]))
        failed = server.create_generation(strict["id"], {"customer": {"name": "Ada", "address": {}}},
                                          outputs=["pdf"])
        assert failed.status_code == 202, failed.text
        finished.append(server.wait_for(failed.json()["id"]))
        assert [g["status"] for g in finished] == ["completed"] * 3 + ["failed"], finished
        assert requests.get(server.base + "/v1/templates", headers=server.headers(key="s2d_sk_wrong"),
                            timeout=10).status_code == 401
        assert server.get("/v1/no_such_route", validate=False).status_code == 404
        receiver.wait_for(4)
        # An attempt is counted once its response is in: the receiver saw the
        # request a moment earlier.
        deadline = time.time() + 10
        while True:
            after_text = scrape(server)
            after, types = samples(after_text)
            if after.get('s2d_webhook_attempts_total{outcome="delivered"}', 0) >= 4 or time.time() > deadline:
                break
            time.sleep(0.05)
        promtool_check(after_text)
    finally:
        receiver.stop()

    def grew(series):
        return after.get(series, 0) - before.get(series, 0)

    # Counters end in _total and are typed counter; nothing is untyped.
    for name in after:
        family = family_of(name, types)
        assert family in types, name
        assert (types[family] == "counter") == family.endswith("_total"), (family, types[family])
    assert {f for f, kind in types.items() if kind == "histogram"} >= {
        "s2d_http_request_duration_seconds", "s2d_generation_queue_wait_seconds",
        "s2d_render_duration_seconds", "s2d_webhook_attempt_duration_seconds"}

    assert grew('s2d_http_requests_total{route="/v1/generations",status_class="2xx"}') == 4
    assert grew('s2d_http_requests_total{route="/v1/templates",status_class="4xx"}') == 1
    assert grew('s2d_http_requests_total{route="unmatched",status_class="4xx"}') == 1
    assert grew('s2d_http_request_duration_seconds_count{route="/v1/generations/:id"}') >= 4
    assert grew('s2d_http_request_duration_seconds_bucket{route="/v1/generations/:id",le="+Inf"}') >= 4
    assert grew('s2d_auth_failures_total{reason="api_key_invalid"}') == 1
    assert grew('s2d_generations_total{status="completed",format="pdf"}') == 3
    assert grew('s2d_generations_total{status="completed",format="txt"}') == 3
    assert grew('s2d_generations_total{status="failed",format="pdf"}') == 1
    assert grew('s2d_renders_total{format="txt",outcome="completed"}') == 3
    assert grew('s2d_render_duration_seconds_count{format="pdf"}') >= 3
    assert grew('s2d_generation_queue_wait_seconds_count') == 4
    assert grew('s2d_webhook_attempts_total{outcome="delivered"}') == 4
    assert grew('s2d_webhook_attempt_duration_seconds_count') == 4
    assert after['s2d_generations_in_flight'] == 0 and after['s2d_generations_waiting'] == 0
    assert after['s2d_render_slots'] >= 1 and after['s2d_render_slots_busy'] == 0
    assert after['s2d_webhook_outbox_backlog'] == 0
    assert after['s2d_rocksdb_memory_budget_bytes'] == 32 << 20  # storage.memory_mb reaches RocksDB
    assert after['s2d_rocksdb_live_data_bytes'] >= 0
    assert after['s2d_process_resident_memory_bytes'] > 10 << 20
