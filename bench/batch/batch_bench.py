#!/usr/bin/env python3
"""Batch benchmark: N one-page PDF invoices from a `records` source (a CSV
upload) in one batch, against the same documents sent as single
generations, through one real s2d on loopback.

Reports the time from POST /v1/batches to `completed`, documents per
second, the coordinator's (the `s2d serve` process's) peak resident set
size sampled every half second, and the batch's rate as a multiple of the
single generations' rate (target: at least 0.8x; docs/benchmarks.md).

Usage: batch_bench.py [ITEMS (100000)] [SINGLES (5000)] [path/to/s2d]
Prints one JSON line of results; no assertions.
"""
import io
import json
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "common"))
from s2d_server import BenchServer, rss_mb  # noqa: E402
ITEMS = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
SINGLES = int(sys.argv[2]) if len(sys.argv) > 2 else 5_000
S2D = sys.argv[3] if len(sys.argv) > 3 else os.path.join(HERE, "../../build/app/s2d")
IN_FLIGHT = 64        # single generations accepted and not yet seen finished
CSV_CHUNK_ROWS = 20_000  # rows per records upload (well under the 10 MB body limit)

INVOICE = """# Invoice {{number}}

**{{customer}}**, {{city}}

| Item | Qty | Price |
|---|---:|---:|
| Freight services | {{qty}} | {{currency price "EUR"}} |
| Handling | 1 | {{currency 12.5 "EUR"}} |

Total due: **{{currency total "EUR"}}**
"""


def row(n):
    qty = n % 17 + 1
    return {"number": f"INV-{n:06d}", "customer": f"Wombat Freight {n}", "city": "Lyon",
            "qty": qty, "price": qty * 9.75, "total": qty * 9.75 + 12.5}


class Sampler(threading.Thread):
    """The server's RSS every half second while it runs."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid, self.peak, self.stop = pid, 0.0, threading.Event()

    def run(self):
        while not self.stop.is_set():
            self.peak = max(self.peak, rss_mb(self.pid))
            self.stop.wait(0.5)


def wait_batch(session, base, headers, batch_id):
    while True:
        batch = session.get(f"{base}/v1/batches/{batch_id}", headers=headers).json()
        if batch["status"] in ("completed", "canceled") and batch["completed_at"]:
            return batch
        time.sleep(0.5)


def run_singles(base, headers, template_id, count):
    def one(n):
        s = requests.Session()
        r = s.post(base + "/v1/generations", headers=headers,
                   json={"template_id": template_id, "outputs": ["pdf"], "data": row(n)})
        generation_id = r.json()["id"]
        while s.get(f"{base}/v1/generations/{generation_id}", headers=headers).json()["status"] not in (
                "completed", "failed", "canceled"):
            time.sleep(0.02)

    gate = threading.Semaphore(IN_FLIGHT)

    def gated(n):
        try:
            one(n)
        finally:
            gate.release()

    start = time.time()
    with ThreadPoolExecutor(IN_FLIGHT) as pool:
        for n in range(count):
            gate.acquire()
            pool.submit(gated, n)
    return time.time() - start


def main():
    with BenchServer(S2D, "s2d-bench-batch-") as server:
        base, headers = server.base, server.headers
        session = requests.Session()
        template = session.post(base + "/v1/templates", headers=headers,
                                json={"name": "invoice", "kind": "markdown", "source": INVOICE}).json()
        source = session.post(base + "/v1/data_sources", headers=headers,
                              json={"kind": "records", "name": "invoices"}).json()
        upload_start = time.time()
        fields = list(row(0))
        for start in range(0, ITEMS, CSV_CHUNK_ROWS):
            out = io.StringIO()
            out.write(",".join(fields) + "\n")
            for n in range(start, min(ITEMS, start + CSV_CHUNK_ROWS)):
                out.write(",".join(str(v) for v in row(n).values()) + "\n")
            r = session.post(f"{base}/v1/data_sources/{source['id']}/records", data=out.getvalue().encode(),
                             headers=dict(headers, **{"Content-Type": "text/csv"}))
            assert r.status_code in (200, 201), r.text
        upload_seconds = time.time() - upload_start

        sampler = Sampler(server.proc.pid)
        sampler.start()
        rss_before = rss_mb(server.proc.pid)
        posted = time.time()
        r = session.post(base + "/v1/batches", headers=headers,
                         json={"template_id": template["id"], "outputs": ["pdf"], "data_source_id": source["id"]})
        accept_ms = (time.time() - posted) * 1000
        assert r.status_code == 202, r.text
        batch = wait_batch(session, base, headers, r.json()["id"])
        batch_seconds = time.time() - posted
        sampler.stop.set()
        sampler.join()
        counts = batch["counts"]

        singles_seconds = run_singles(base, headers, template["id"], SINGLES)
        batch_rate = counts["completed"] / batch_seconds
        singles_rate = SINGLES / singles_seconds
        print(json.dumps({
            "items": ITEMS, "completed": counts["completed"], "failed": counts["failed"],
            "csv_upload_seconds": round(upload_seconds, 1), "batch_accept_ms": round(accept_ms, 1),
            "batch_seconds": round(batch_seconds, 1), "batch_docs_per_second": round(batch_rate, 1),
            "coordinator_rss_mb_before": round(rss_before), "coordinator_rss_mb_peak": round(sampler.peak),
            "singles": SINGLES, "singles_seconds": round(singles_seconds, 1),
            "singles_docs_per_second": round(singles_rate, 1),
            "batch_vs_singles": round(batch_rate / singles_rate, 2)}))


if __name__ == "__main__":
    main()
