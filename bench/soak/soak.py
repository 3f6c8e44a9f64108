#!/usr/bin/env python3
"""Memory soak: many small `txt` generations through one real s2d on
loopback, its resident set size sampled once a second.

The server should plateau: RocksDB memory is one budget (storage/db.cpp,
256 MB by default, memtables charged to the block cache), render slots hold
one document each, and nothing else should keep per-generation state once a
generation has ended.

Usage: soak.py [GENERATIONS (100000)] [path/to/s2d] [out.csv]
Prints the curve as CSV (seconds, generations completed, RSS MB) and a
summary line; no assertions.
"""
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests

HERE = os.path.dirname(os.path.abspath(__file__))
TOTAL = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
S2D = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "../../build/app/s2d")
OUT = sys.argv[3] if len(sys.argv) > 3 else None
IN_FLIGHT = 64  # generations accepted but not yet seen completed


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main():
    data = tempfile.mkdtemp(prefix="s2d-soak-")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, S2D_LOG_LEVEL="warn", S2D_RATE_LIMIT_PER_SECOND="100000", S2D_RATE_LIMIT_BURST="100000")
    proc = subprocess.Popen([S2D, "serve", "--listen", f"127.0.0.1:{port}", "--data-dir", data], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(400):
            try:
                if requests.get(base + "/readyz", timeout=1).ok:
                    break
            except requests.RequestException:
                time.sleep(0.05)
        boot = json.load(open(os.path.join(data, "bootstrap.json")))
        headers = {"Authorization": "Bearer " + boot["api_key"], "X-Workspace-Id": boot["workspace_id"]}
        session = requests.Session()
        template = session.post(base + "/v1/templates", headers=headers,
                                json={"name": "soak", "kind": "markdown",
                                      "source": "# Invoice {{n}}\n\nCustomer {{customer}}, total {{total}}.\n"}).json()
        samples, done, stop, count_lock = [], [0], threading.Event(), threading.Lock()
        start = time.time()

        def sample():
            while not stop.is_set():
                samples.append((time.time() - start, done[0], rss_mb(proc.pid)))
                stop.wait(1.0)

        sampler = threading.Thread(target=sample)
        sampler.start()
        slots = threading.Semaphore(IN_FLIGHT)

        def one(n):
            s = requests.Session()
            try:
                r = s.post(base + "/v1/generations", headers=headers,
                           json={"template_id": template["id"], "outputs": ["txt"],
                                 "data": {"n": n, "customer": "Wombat Freight %d" % n, "total": n * 1.5}})
                generation_id = r.json()["id"]
                for _ in range(2000):
                    if s.get(base + "/v1/generations/" + generation_id, headers=headers).json()["status"] in (
                            "completed", "failed", "canceled"):
                        break
                    time.sleep(0.02)
                with count_lock:
                    done[0] += 1
            finally:
                slots.release()

        with ThreadPoolExecutor(IN_FLIGHT) as pool:
            for n in range(TOTAL):
                slots.acquire()
                pool.submit(one, n)
        stop.set()
        sampler.join()
        samples.append((time.time() - start, done[0], rss_mb(proc.pid)))
        lines = ["seconds,generations,rss_mb"] + ["%.0f,%d,%.1f" % s for s in samples]
        if OUT:
            with open(OUT, "w") as f:
                f.write("\n".join(lines) + "\n")
        print("\n".join(lines))
        first, peak, last = samples[0][2], max(s[2] for s in samples), samples[-1][2]
        print(f"# {TOTAL} generations in {samples[-1][0]:.0f} s: RSS {first:.0f} MB at start, "
              f"{peak:.0f} MB peak, {last:.0f} MB at the end")
    finally:
        proc.terminate()
        proc.wait(timeout=60)
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
