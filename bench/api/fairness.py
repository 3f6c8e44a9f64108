#!/usr/bin/env python3
"""Fairness between workspaces, measured on a real s2d on loopback.

1. Request fairness: p99 latency of a quiet workspace (40 req/s, measured by
   wrk) alone, then while another workspace sends about 50x its rate limit
   (wrk, 50 connections). Target: at most 2x.
2. Render fairness: time from POST to completed of one document of a quiet
   workspace, alone, then while another workspace has a 10,000-document batch
   queued. Target: it waits for a few renders, not for the batch.

Usage: fairness.py [path/to/s2d]   (prints the figures; no assertions)
"""
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

import requests

HERE = os.path.dirname(os.path.abspath(__file__))
S2D = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "../../build/app/s2d")
OPERATOR = "bench-operator-token"
NOISY_LIMIT = 100  # requests/s; the flood sends 50x this


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Node:
    def __init__(self, **env):
        self.dir = tempfile.mkdtemp(prefix="s2d-fair-")
        self.port = free_port()
        self.base = "http://127.0.0.1:%d" % self.port
        e = dict(os.environ, S2D_OPERATOR_TOKEN=OPERATOR, S2D_LOG_LEVEL="warn", **env)
        self.proc = subprocess.Popen([S2D, "serve", "--listen", "127.0.0.1:%d" % self.port, "--data-dir", self.dir],
                                     env=e, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(200):
            try:
                if requests.get(self.base + "/readyz", timeout=1).ok:
                    return
            except requests.RequestException:
                time.sleep(0.05)
        raise RuntimeError("s2d did not start")

    def workspace(self, rate, burst, concurrency=None):
        body = {"name": "w", "rate_limit_per_second": rate, "rate_limit_burst": burst}
        if concurrency:
            body["concurrency"] = concurrency
        w = requests.post(self.base + "/v1/admin/workspaces", json=body,
                          headers={"Authorization": "Bearer " + OPERATOR}).json()
        return {"Authorization": "Bearer " + w["api_key"]["secret"], "X-Workspace-Id": w["id"]}

    def close(self):
        self.proc.terminate()
        self.proc.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


def wrk(node, headers, script, seconds, delay_ms=None, connections=1):
    env = dict(os.environ, S2D_KEY=headers["Authorization"][7:], S2D_WS=headers["X-Workspace-Id"])
    if delay_ms is not None:
        env["S2D_DELAY_MS"] = str(delay_ms)
    return subprocess.Popen(["wrk", "-t1", "-c%d" % connections, "-d%ds" % seconds, "-s", os.path.join(HERE, script),
                             node.base], env=env, stdout=subprocess.PIPE, text=True)


def result(process):
    return {k: float(v) for k, v in re.findall(r"(\w+)=([\d.]+)", process.communicate()[0].split("RESULT")[-1])}


def quiet_latency(node, headers, seconds):
    """p50 and p99 (ms) of a quiet workspace's requests, measured by wrk."""
    r = result(wrk(node, headers, "quiet.lua", seconds))
    assert r["errors"] == 0, r
    return r["p50_ms"], r["p99_ms"]


def request_fairness(seconds=15):
    node = Node()
    try:
        quiet, noisy = node.workspace(1000, 1000), node.workspace(NOISY_LIMIT, NOISY_LIMIT)
        alone50, alone99 = quiet_latency(node, quiet, seconds)
        # The flood: 50 connections, one request per 10 ms each, about 50x the noisy limit.
        flood = wrk(node, noisy, "flood.lua", seconds + 2, delay_ms=10, connections=50)
        time.sleep(1)
        during50, during99 = quiet_latency(node, quiet, seconds)
        f = result(flood)
        offered = f["requests"] / f["seconds"]
        print("request fairness: quiet p50/p99 alone %.2f/%.2f ms, during flood %.2f/%.2f ms (p99 ratio %.2f; "
              "target <= 2); flood offered %.0f req/s = %.0fx its limit, %d refused with 429"
              % (alone50, alone99, during50, during99, during99 / alone99, offered, offered / NOISY_LIMIT, f["refused"]))
    finally:
        node.close()


def one_document(node, headers, template):
    t0 = time.perf_counter()
    g = requests.post(node.base + "/v1/generations", headers=headers,
                      json={"template_id": template, "data": {"n": 1}, "outputs": ["pdf"]}).json()
    while True:
        status = requests.get(node.base + "/v1/generations/" + g["id"], headers=headers).json()["status"]
        if status in ("completed", "failed"):
            return (time.perf_counter() - t0) * 1000
        time.sleep(0.005)


def render_fairness(batch=10000):
    node = Node(S2D_RENDER_SLOTS="2")
    try:
        batcher, quiet = node.workspace(100000, 100000), node.workspace(1000, 1000)
        source = "# Document {{n}}\n\nA short business letter body with **bold** text.\n"
        tb = requests.post(node.base + "/v1/templates", headers=batcher, json={"name": "b", "source": source}).json()["id"]
        tq = requests.post(node.base + "/v1/templates", headers=quiet, json={"name": "q", "source": source}).json()["id"]
        alone = statistics.median(one_document(node, quiet, tq) for _ in range(5))

        def post(i):
            requests.post(node.base + "/v1/generations", headers=batcher,
                          json={"template_id": tb, "data": {"n": i}, "outputs": ["pdf"]})
        t0 = time.time()
        with ThreadPoolExecutor(max_workers=16) as pool:
            list(pool.map(post, range(batch)))
        submitted = time.time() - t0
        during = [one_document(node, quiet, tq) for _ in range(5)]
        pending = requests.get(node.base + "/v1/generations?status=pending&limit=100", headers=batcher).json()
        print("render fairness: quiet single document %.1f ms alone, %.1f ms median (max %.1f) during a %d-document batch "
              "of another workspace (batch submitted in %.1f s; batch still queued: %s)"
              % (alone, statistics.median(during), max(during), batch, submitted,
                 "yes" if pending["data"] else "no"))
    finally:
        node.close()


if __name__ == "__main__":
    request_fairness()
    render_fairness(int(os.environ.get("BATCH", "10000")))
