"""The cluster: a coordinator with no slots of its own and `s2d worker`
processes joined over CAF's network layer, all on loopback. Renders spread
over the workers, survive kill -9 of a worker or of the coordinator, a
worker without the token (or of another wire version) gets nothing, and
SIGTERM drains a worker without losing a render."""
import hashlib
import json
import os
import signal
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

import requests

from harness import BINARY, free_port

OPERATOR = "op-token-cluster-tests"
TOKEN = "cluster-token-for-the-e2e-tests"
# Long enough that renders are still running when a process dies.
REPORT = ("# Report {{n}}\n\n| # | Item | Amount |\n|---|---|---:|\n"
          "{{#each rows}}| {{i}} | {{name}} | {{amount}} |\n{{/each}}\n")
ROWS = [{"i": i, "name": "Line item %d with a longer description" % i, "amount": "%d.00" % (i * 7)}
        for i in range(300)]


class Worker:
    def __init__(self, cluster_port, token_file, name, slots=1, env=None):
        self.name = name
        self.log_path = tempfile.mktemp(prefix=f"s2d-worker-{name}-", suffix=".log")
        self.log_file = open(self.log_path, "ab")
        full_env = dict(os.environ, S2D_LOG_LEVEL="info", **(env or {}))
        self.process = subprocess.Popen(
            [BINARY, "worker", "--join", f"127.0.0.1:{cluster_port}", "--token-file", token_file,
             "--slots", str(slots), "--name", name],
            stdout=self.log_file, stderr=subprocess.STDOUT, env=full_env)

    def log(self):
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def stop(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.log_file.close()


def make_cluster(make_server, tmp_path, **env):
    token_file = tmp_path / "cluster.token"
    token_file.write_text(TOKEN + "\n")
    cluster_port = free_port()
    server = make_server(env={"S2D_OPERATOR_TOKEN": OPERATOR, "S2D_RENDER_SLOTS": "0",
                              "S2D_CLUSTER_LISTEN": f"127.0.0.1:{cluster_port}",
                              "S2D_CLUSTER_TOKEN_FILE": str(token_file),
                              "S2D_WORKSPACE_CONCURRENCY": "8", "S2D_LOG_LEVEL": "info",
                              "S2D_RATE_LIMIT_PER_SECOND": "10000", "S2D_RATE_LIMIT_BURST": "10000", **env}).start()
    return server, cluster_port, str(token_file)


def nodes(server):
    r = requests.get(server.base + "/v1/admin/nodes", headers={"Authorization": "Bearer " + OPERATOR}, timeout=10)
    assert r.status_code == 200, r.text
    server.openapi.check("GET", "/v1/admin/nodes", r)
    return {n["name"]: n for n in r.json()["data"]}


def wait_until(predicate, timeout, step=0.05):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    raise AssertionError("condition not met within %ss" % timeout)


def wait_ready(server, names, timeout=20):
    return wait_until(lambda: all(nodes(server).get(n, {}).get("state") == "ready" for n in names), timeout)


def post_all(server, template_id, count, outputs=("md",)):
    def post(n):
        r = server.create_generation(template_id, {"n": n, "rows": ROWS}, outputs=list(outputs))
        assert r.status_code == 202, r.text
        return r.json()["id"]
    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(post, range(count)))


def md_sha256_in_process(tmp_path, n):
    """The md output of the same input, rendered offline by `s2d render`."""
    template = tmp_path / "report.md"
    template.write_text(REPORT)
    data = tmp_path / f"data-{n}.json"
    data.write_text(json.dumps({"n": n, "rows": ROWS}))
    out = tmp_path / f"out-{n}.md"
    subprocess.run([BINARY, "render", "--template", str(template), "--data", str(data), "--format", "md",
                    "--out", str(out)], check=True)
    return hashlib.sha256(out.read_bytes()).hexdigest()


def test_two_workers_share_200_generations(make_server, tmp_path):
    server, port, token_file = make_cluster(make_server, tmp_path)
    workers = [Worker(port, token_file, "w1"), Worker(port, token_file, "w2")]
    try:
        wait_ready(server, ["w1", "w2"])
        t = server.create_template("# Invoice {{n}}\n\nTotal: {{n}} EUR\n")
        accepted = []
        with ThreadPoolExecutor(max_workers=8) as pool:
            accepted = list(pool.map(
                lambda n: server.create_generation(t["id"], {"n": n}, outputs=["pdf"]).json()["id"], range(200)))
        for generation_id in accepted:
            assert server.wait_for(generation_id, timeout=120)["status"] == "completed"
        listed = nodes(server)
        assert "local" not in listed  # render.slots = 0: only the workers render
        assert listed["w1"]["state"] == listed["w2"]["state"] == "ready"
        assert listed["w1"]["completed"] > 0 and listed["w2"]["completed"] > 0, listed
        assert listed["w1"]["completed"] + listed["w2"]["completed"] == 200, listed
        out = subprocess.run([BINARY, "admin", "nodes", "--url", server.base], capture_output=True, text=True,
                             env=dict(os.environ, S2D_OPERATOR_TOKEN=OPERATOR), timeout=10)
        assert out.returncode == 0, out.stderr
        assert "w1" in out.stdout and "w2" in out.stdout and "ready" in out.stdout
        assert out.stdout.splitlines()[0].split()[:5] == ["id", "name", "address", "version", "state"]
    finally:
        for w in workers:
            w.stop()


def test_kill9_of_a_worker_mid_render_loses_and_doubles_nothing(make_server, tmp_path):
    server, port, token_file = make_cluster(make_server, tmp_path)
    w1, w2 = Worker(port, token_file, "w1"), Worker(port, token_file, "w2")
    try:
        wait_ready(server, ["w1", "w2"])
        t = server.create_template(REPORT)
        accepted = post_all(server, t["id"], 30, outputs=("pdf", "md"))
        wait_until(lambda: nodes(server)["w1"]["busy"] > 0, 20, step=0.01)
        w1.process.send_signal(signal.SIGKILL)
        w1.process.wait()
        wait_until(lambda: nodes(server)["w1"]["state"] == "lost", 10)
        for generation_id in accepted:
            done = server.wait_for(generation_id, timeout=120)
            assert done["status"] == "completed", done
            assert sorted(o["format"] for o in done["outputs"]) == ["md", "pdf"], done
        listed = server.get("/v1/generations?limit=100").json()["data"]
        assert sorted(g["id"] for g in listed) == sorted(accepted)  # nothing lost, nothing doubled
        # Each output is the same bytes as an in-process render of its input.
        by_n = {}
        for generation_id in accepted[:5]:
            done = server.get("/v1/generations/" + generation_id).json()
            md = next(o for o in done["outputs"] if o["format"] == "md")
            body = requests.get(md["url"], timeout=10).content
            assert hashlib.sha256(body).hexdigest() == md["sha256"]
            n = int(body.decode().split("\n")[0].split()[-1])
            by_n[n] = md["sha256"]
        for n, sha in by_n.items():
            assert sha == md_sha256_in_process(tmp_path, n)
        listed_nodes = nodes(server)
        assert listed_nodes["w1"]["state"] == "lost"
        assert listed_nodes["w1"]["redispatched"] >= 1, listed_nodes
    finally:
        w1.stop()
        w2.stop()


def test_workers_rejoin_a_restarted_coordinator_and_everything_completes(make_server, tmp_path):
    server, port, token_file = make_cluster(make_server, tmp_path)
    workers = [Worker(port, token_file, "w1"), Worker(port, token_file, "w2")]
    try:
        wait_ready(server, ["w1", "w2"])
        t = server.create_template(REPORT)
        # PDFs, so that renders are still running when the coordinator dies
        # (md renders of 30 can all finish between two polls).
        accepted = post_all(server, t["id"], 30, outputs=("pdf", "md"))
        wait_until(lambda: sum(n["busy"] for n in nodes(server).values()) > 0, 20, step=0.01)
        server.kill9()
        server.start()
        wait_ready(server, ["w1", "w2"], timeout=30)  # they rejoined by themselves
        for generation_id in accepted:
            assert server.wait_for(generation_id, timeout=120)["status"] == "completed"
        listed = server.get("/v1/generations?limit=100").json()["data"]
        assert sorted(g["id"] for g in listed) == sorted(accepted)
        assert all(w.process.poll() is None for w in workers)
    finally:
        for w in workers:
            w.stop()


def test_a_wrong_token_or_wire_version_is_refused_and_gets_no_render(make_server, tmp_path):
    server, port, token_file = make_cluster(make_server, tmp_path)
    wrong = tmp_path / "wrong.token"
    wrong.write_text("not-the-cluster-token-at-all\n")
    intruder = Worker(port, str(wrong), "intruder")
    other = Worker(port, token_file, "other-version", env={"S2D_TEST_CLUSTER_WIRE_VERSION": "99"})
    badly_named = Worker(port, token_file, "bad\nname")
    try:
        t = server.create_template("# {{n}}\n")
        generation_id = server.create_generation(t["id"], {"n": 1}, outputs=["md"]).json()["id"]
        assert intruder.process.wait(timeout=20) == 3
        assert other.process.wait(timeout=20) == 3
        assert badly_named.process.wait(timeout=20) == 3
        assert "refused" in intruder.log() and "wrong cluster token" in intruder.log()
        assert "wire version" in other.log()
        log = server.log()
        assert "refused node 'intruder'" in log and "wrong cluster token" in log
        assert "refused node 'other-version'" in log and "wire version 99" in log
        assert "its name is not" in log and "bad\nname" not in log
        assert nodes(server) == {}
        assert server.get("/v1/generations/" + generation_id).json()["status"] in ("pending", "running")
        good = Worker(port, token_file, "good")
        try:
            assert server.wait_for(generation_id, timeout=30)["status"] == "completed"
        finally:
            good.stop()
    finally:
        intruder.stop()
        other.stop()
        badly_named.stop()


def test_sigterm_drains_a_worker_without_losing_a_render(make_server, tmp_path):
    server, port, token_file = make_cluster(make_server, tmp_path)
    w1, w2 = Worker(port, token_file, "w1"), Worker(port, token_file, "w2")
    try:
        wait_ready(server, ["w1", "w2"])
        t = server.create_template(REPORT)
        # PDF renders of the long table, so renders outlast the posting.
        accepted = post_all(server, t["id"], 24, outputs=("pdf",))
        wait_until(lambda: nodes(server)["w1"]["busy"] > 0, 20, step=0.01)
        w1.process.send_signal(signal.SIGTERM)
        assert w1.process.wait(timeout=30) == 0
        assert "drained" in w1.log()
        for generation_id in accepted:
            assert server.wait_for(generation_id, timeout=120)["status"] == "completed"
        assert "w1" not in nodes(server)  # it left; nothing of it was lost
        assert "drained and left" in server.log()
        assert "lost with" not in server.log()
    finally:
        w1.stop()
        w2.stop()
