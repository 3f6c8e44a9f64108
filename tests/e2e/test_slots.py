"""Render slots are processes: a render past render.timeout_seconds is
killed (its time in the queue not counted), one past render.max_memory_mb
fails limit_exceeded without the server growing, and a slot that crashes
on every attempt fails only its own generation."""
import os
import threading
import time

import requests

OPERATOR = "op-token-slot-tests"
# A table of 400,000 rows: far longer than the 3 s timeout to lay out as PDF.
LONG_TABLE = "| n |\n|---|\n{{#each rows}}| {{this}} |\n{{/each}}\n"


def admin(server, method, path, body=None):
    return requests.request(method, server.base + path, json=body,
                            headers={"Authorization": "Bearer " + OPERATOR}, timeout=30)


def new_workspace(server):
    w = admin(server, "POST", "/v1/admin/workspaces", {"name": "other"})
    assert w.status_code == 201, w.text
    return w.json()["id"], w.json()["api_key"]["secret"]


def children(pid):
    """(pid, state) of every child process of `pid`."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append((int(entry), fields[0]))
    return found


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0


def slot_report(server):
    r = admin(server, "GET", "/v1/admin/actors")
    assert r.status_code == 200, r.text
    server.openapi.check("GET", "/v1/admin/actors", r)
    return r.json()["node"]["render_pool"]


def wait_until(predicate, timeout, step=0.05):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return None


def test_a_render_past_the_timeout_is_killed_and_queue_time_does_not_count(make_server):
    server = make_server(env={"S2D_OPERATOR_TOKEN": OPERATOR, "S2D_RENDER_SLOTS": "2",
                              "S2D_RENDER_TIMEOUT_SECONDS": "3"}).start()
    slots_before = {pid for pid, _ in children(server.process.pid)}
    assert len(slots_before) == 2
    long_tpl = server.create_template(LONG_TABLE)
    rows = list(range(400_000))
    long_ids = []
    for _ in range(2):
        r = server.create_generation(long_tpl["id"], {"rows": rows}, outputs=["pdf"])
        assert r.status_code == 202, r.text
        long_ids.append(r.json()["id"])
    assert wait_until(lambda: slot_report(server)["busy"] == 2, 10), "both slots should be rendering"
    busy_since = time.time()

    # Another workspace's one-line document waits behind them.
    ws, key = new_workspace(server)
    small_tpl = server.post("/v1/templates", {"name": "s", "kind": "markdown", "source": "# {{n}}\n"},
                            key=key, workspace=ws).json()
    r = server.post("/v1/generations", {"template_id": small_tpl["id"], "data": {"n": 1}, "outputs": ["md"]},
                    key=key, workspace=ws)
    assert r.status_code == 202, r.text
    small_id = r.json()["id"]

    failed = [server.wait_for(g, timeout=20) for g in long_ids]
    failed_at = time.time()
    for g in failed:
        assert g["status"] == "failed", g
        assert g["error"]["code"] == "render_timeout", g
    assert 2.5 <= failed_at - busy_since <= 6, failed_at - busy_since

    small = None
    deadline = time.time() + 10
    while time.time() < deadline:
        small = server.get("/v1/generations/" + small_id, key=key, workspace=ws).json()
        if small["status"] in ("completed", "failed"):
            break
        time.sleep(0.02)
    assert small["status"] == "completed", small  # it queued > 3 s: queue time did not count
    assert time.time() - failed_at < 1.5

    # Both killed slots were replaced by fresh processes, and every child was reaped.
    after = wait_until(lambda: [c for c in children(server.process.pid) if c[1] != "Z"]
                       if len(children(server.process.pid)) == 2 else None, 5)
    assert after and {pid for pid, _ in after}.isdisjoint(slots_before), after
    pool = slot_report(server)
    local = next(n for n in pool["nodes"] if n["name"] == "local")
    assert local["timeouts"] == 2 and local["restarts"] == 2, local
    metrics = requests.get(server.base + "/metrics").text
    assert 's2d_render_slot_outcomes_total{node="local",outcome="timeout"} 2' in metrics, metrics


def test_a_render_past_the_memory_limit_fails_limit_exceeded_and_the_server_stays_small(make_server):
    server = make_server(env={"S2D_OPERATOR_TOKEN": OPERATOR, "S2D_RENDER_SLOTS": "1",
                              "S2D_RENDER_MAX_MEMORY_MB": "300", "S2D_RENDER_TIMEOUT_SECONDS": "60"}).start()
    pid = server.process.pid
    peak = [rss_mb(pid)]
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            peak[0] = max(peak[0], rss_mb(pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        tpl = server.create_template(LONG_TABLE)
        r = server.create_generation(tpl["id"], {"rows": list(range(999_000))}, outputs=["pdf"])
        assert r.status_code == 202, r.text
        done = server.wait_for(r.json()["id"], timeout=60)
    finally:
        stop.set()
        sampler.join()
    assert done["status"] == "failed", done
    assert done["error"]["code"] == "limit_exceeded", done
    assert peak[0] < 300, "the server's RSS reached %.0f MB" % peak[0]

    # The slot was replaced and renders again.
    small = server.create_template("# ok {{n}}\n")
    r = server.create_generation(small["id"], {"n": 2}, outputs=["pdf"])
    assert server.wait_for(r.json()["id"], timeout=30)["status"] == "completed"
    local = next(n for n in slot_report(server)["nodes"] if n["name"] == "local")
    assert local["memory_kills"] == 1, local
    print("server peak RSS %.0f MB" % peak[0])


def test_a_slot_crashing_on_every_attempt_fails_its_generation_and_others_complete(make_server):
    server = make_server(env={"S2D_OPERATOR_TOKEN": OPERATOR, "S2D_RENDER_SLOTS": "2",
                              "S2D_RENDER_MAX_ATTEMPTS": "3", "S2D_TEST_SLOT_CRASH_ON": "CRASH-ME"}).start()
    tpl = server.create_template("# {{title}}\n\nText {{n}}.\n")
    crash = server.create_generation(tpl["id"], {"title": "CRASH-ME", "n": 0}, outputs=["pdf"]).json()["id"]
    others = [server.create_generation(tpl["id"], {"title": "fine", "n": n}, outputs=["pdf"]).json()["id"]
              for n in range(10)]
    failed = server.wait_for(crash, timeout=30)
    assert failed["status"] == "failed", failed
    assert failed["error"]["code"] == "render_failed", failed
    assert "crashed" in failed["error"]["message"], failed
    for g in others:
        assert server.wait_for(g, timeout=30)["status"] == "completed"
    local = next(n for n in slot_report(server)["nodes"] if n["name"] == "local")
    assert local["crashes"] == 3 and local["redispatched"] == 2, local
    assert wait_until(lambda: len(children(server.process.pid)) == 2
                      and all(state != "Z" for _, state in children(server.process.pid)), 5)
    # The server still answers, and stops cleanly with its slots.
    slots = [pid for pid, _ in children(server.process.pid)]
    assert server.stop() == 0
    assert wait_until(lambda: not any(os.path.exists(f"/proc/{pid}") for pid in slots), 5), slots
