"""Render slots and the cluster, measured on this machine (loopback only).

  throughput  2,000 one-page invoices (PDF), accepted to all completed, on
              `s2d serve` with 2 local slots; with --baseline BINARY the same
              on that binary (e.g. a build from before slots, with 2 render
              threads), and the ratio
  scaling     coordinator with render.slots = 0 and one worker pinned to
              core 0 (taskset), then two workers pinned to cores 0 and 1
  redispatch  two workers (one and two slots), two long renders, one on
              each: kill -9 the first, time until its render runs on the
              other's free slot

Usage: python3 bench/cluster/cluster_bench.py [throughput|scaling|redispatch]
       [--binary build/app/s2d] [--baseline OTHER_S2D] [--count 2000]
"""
import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

import requests

OPERATOR = "bench-operator-token"
TOKEN = "bench-cluster-token-0123456789"
INVOICE = ("# Invoice {{number}}\n\n**{{customer}}**\n\n| Item | Qty | Price |\n|---|---:|---:|\n"
           "{{#each lines}}| {{item}} | {{qty}} | {{price}} |\n{{/each}}\n\nTotal: **{{total}} EUR**\n")
LONG = "| n |\n|---|\n{{#each rows}}| {{this}} |\n{{/each}}\n"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Node:
    def __init__(self, binary, env, taskset=None):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.data_dir = tempfile.mkdtemp(prefix="s2d-cluster-bench-")
        command = [binary, "serve", "--listen", f"127.0.0.1:{self.port}", "--data-dir", self.data_dir]
        if taskset:
            command = ["taskset", "-c", taskset] + command
        self.log = open(os.path.join(self.data_dir, "server.log"), "ab")
        self.process = subprocess.Popen(command, stdout=self.log, stderr=subprocess.STDOUT,
                                        env=dict(os.environ, S2D_OPERATOR_TOKEN=OPERATOR, S2D_LOG_LEVEL="warn",
                                                 S2D_RATE_LIMIT_PER_SECOND="100000", S2D_RATE_LIMIT_BURST="100000",
                                                 **env))
        for _ in range(300):
            try:
                if requests.get(self.base + "/readyz", timeout=1).status_code == 200:
                    break
            except requests.RequestException:
                pass
            time.sleep(0.05)
        boot = json.load(open(os.path.join(self.data_dir, "bootstrap.json")))
        self.session = requests.Session()
        self.session.headers.update({"Authorization": "Bearer " + boot["api_key"],
                                     "X-Workspace-Id": boot["workspace_id"]})

    def post(self, path, body):
        return self.session.post(self.base + path, json=body, timeout=60)

    def nodes(self):
        return requests.get(self.base + "/v1/admin/nodes", headers={"Authorization": "Bearer " + OPERATOR},
                            timeout=10).json()["data"]

    def actors(self):
        return requests.get(self.base + "/v1/admin/actors", headers={"Authorization": "Bearer " + OPERATOR},
                            timeout=10).json()

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=60)


def start_worker(binary, cluster_port, token_file, name, core, slots=1):
    return subprocess.Popen(["taskset", "-c", str(core), binary, "worker", "--join", f"127.0.0.1:{cluster_port}",
                             "--token-file", token_file, "--slots", str(slots), "--name", name],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=dict(os.environ, S2D_LOG_LEVEL="warn"))


def run_invoices(node, count, lines=8):
    """Seconds from the first 202 to the last generation completed."""
    template = node.post("/v1/templates", {"name": "invoice", "kind": "markdown", "source": INVOICE}).json()["id"]

    def post(n):
        body = {"template_id": template, "outputs": ["pdf"],
                "data": {"number": n, "customer": "Customer %d" % n, "total": 360,
                         "lines": [{"item": "Service %d" % i, "qty": i, "price": "%d.00" % (10 * i)}
                                   for i in range(1, lines + 1)]}}
        r = node.post("/v1/generations", body)
        assert r.status_code == 202, r.text
        return r.json()["id"]

    started = time.time()
    with ThreadPoolExecutor(max_workers=16) as pool:
        accepted = list(pool.map(post, range(count)))
    pending = list(accepted)
    while pending:
        still = []
        for generation_id in pending[:50]:  # the oldest first: they finish first
            status = node.session.get(node.base + "/v1/generations/" + generation_id).json()["status"]
            assert status != "failed", generation_id
            if status != "completed":
                still.append(generation_id)
        pending = still + pending[50:]
        time.sleep(0.05)
    return time.time() - started


def throughput(args):
    results = {}
    for label, binary, env in (("process slots", args.binary, {"S2D_RENDER_SLOTS": "2"}),
                               ("in-process threads", args.baseline, {"S2D_RENDER_THREADS": "2"})):
        if not binary:
            continue
        node = Node(binary, dict(env, S2D_WORKSPACE_CONCURRENCY="8"))
        try:
            seconds = run_invoices(node, args.count)
        finally:
            node.stop()
        results[label] = args.count / seconds
        print("%-20s %d invoices in %.1f s: %.0f docs/s" % (label, args.count, seconds, results[label]))
    if len(results) == 2:
        print("ratio slots / threads: %.2fx" % (results["process slots"] / results["in-process threads"]))


def cluster(binary, workers, slots=(1, 1)):
    token_file = tempfile.mktemp(prefix="s2d-bench-token-")
    open(token_file, "w").write(TOKEN)
    cluster_port = free_port()
    node = Node(binary, {"S2D_RENDER_SLOTS": "0", "S2D_CLUSTER_LISTEN": f"127.0.0.1:{cluster_port}",
                         "S2D_CLUSTER_TOKEN_FILE": token_file, "S2D_WORKSPACE_CONCURRENCY": "8"})
    procs = [start_worker(binary, cluster_port, token_file, "w%d" % i, i, slots[i]) for i in range(workers)]
    wait_ready(node, workers)
    return node, procs, cluster_port, token_file


def wait_ready(node, workers):
    deadline = time.time() + 30
    while len([n for n in node.nodes() if n["state"] == "ready"]) < workers and time.time() < deadline:
        time.sleep(0.1)


def scaling(args):
    rates = []
    for workers in (1, 2):
        node, procs, _, _ = cluster(args.binary, workers)
        try:
            seconds = run_invoices(node, args.count, args.lines)
        finally:
            for p in procs:
                p.send_signal(signal.SIGTERM)
                p.wait(timeout=60)
            node.stop()
        rates.append(args.count / seconds)
        print("%d worker(s): %d invoices of %d lines in %.1f s: %.1f docs/s" % (workers, args.count, args.lines,
                                                                              seconds, rates[-1]))
    print("ratio 2 / 1 workers: %.2fx" % (rates[1] / rates[0]))


def rendering_on(node):
    """{worker name: generation ids rendering} from the actor report."""
    out = {}
    for n in node.actors()["node"]["render_pool"]["nodes"]:
        out[n["name"]] = {s.get("generation_id") for s in n.get("slot_states", []) if s["state"] == "rendering"}
    return out


def redispatch(args):
    # w1 keeps a slot free, so the time measured is the re-dispatch, not a wait for a slot.
    node, procs, cluster_port, token_file = cluster(args.binary, 2, slots=(1, 2))
    latencies = []
    try:
        template = node.post("/v1/templates", {"name": "long", "kind": "markdown", "source": LONG}).json()["id"]
        for _ in range(args.rounds):
            for _ in range(2):
                node.post("/v1/generations", {"template_id": template, "outputs": ["pdf"],
                                              "data": {"rows": list(range(30000))}})
            deadline = time.time() + 30
            while time.time() < deadline:
                now = rendering_on(node)
                if now.get("w0") and now.get("w1"):
                    break
                time.sleep(0.02)
            victim_gen = next(iter(now["w0"]))
            killed = time.time()
            procs[0].send_signal(signal.SIGKILL)
            procs[0].wait()
            while victim_gen not in rendering_on(node).get("w1", set()):
                if time.time() - killed > 60:
                    raise SystemExit("the render never moved")
                time.sleep(0.005)
            latencies.append(time.time() - killed)
            print("re-dispatched after kill -9 in %.0f ms" % (latencies[-1] * 1000))
            procs[0] = start_worker(args.binary, cluster_port, token_file, "w0", 0)
            wait_ready(node, 2)
            deadline = time.time() + 120
            while node.actors()["node"]["render_pool"]["busy"] > 0 and time.time() < deadline:
                time.sleep(0.1)
        latencies.sort()
        print("median %.0f ms, worst %.0f ms over %d kills" % (latencies[len(latencies) // 2] * 1000,
                                                              latencies[-1] * 1000, len(latencies)))
    finally:
        for p in procs:
            p.kill()
        node.stop()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["throughput", "scaling", "redispatch"])
    parser.add_argument("--binary", default=os.path.join(os.path.dirname(__file__), "../../build/app/s2d"))
    parser.add_argument("--baseline", help="another s2d binary with in-process render threads")
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--lines", type=int, default=8, help="invoice lines (scaling): more makes renders dominate")
    args = parser.parse_args()
    {"throughput": throughput, "scaling": scaling, "redispatch": redispatch}[args.mode](args)


if __name__ == "__main__":
    sys.exit(main())
