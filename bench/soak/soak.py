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
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "common"))
from s2d_server import BenchServer, rss_mb  # noqa: E402
TOTAL = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
S2D = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "../../build/app/s2d")
OUT = sys.argv[3] if len(sys.argv) > 3 else None
IN_FLIGHT = 64  # generations accepted but not yet seen completed


def main():
    with BenchServer(S2D, "s2d-soak-") as server:
        base, headers, proc = server.base, server.headers, server.proc
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


if __name__ == "__main__":
    main()
