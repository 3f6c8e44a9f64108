"""One s2d on a free loopback port with a temp data dir, for the benchmark
drivers: started with rate limits out of the way, ready when /readyz says
so, stopped (and its data dir removed) on leaving the `with` block."""
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time

import requests


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid):
    """Resident set size of a process in MB (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except FileNotFoundError:
        pass
    return 0.0


class BenchServer:
    def __init__(self, binary, prefix="s2d-bench-"):
        self.binary, self.prefix = binary, prefix

    def __enter__(self):
        self.data = tempfile.mkdtemp(prefix=self.prefix)
        port = free_port()
        self.base = f"http://127.0.0.1:{port}"
        env = dict(os.environ, S2D_LOG_LEVEL="warn", S2D_RATE_LIMIT_PER_SECOND="100000",
                   S2D_RATE_LIMIT_BURST="100000")
        self.proc = subprocess.Popen([self.binary, "serve", "--listen", f"127.0.0.1:{port}", "--data-dir", self.data],
                                     env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(400):
            try:
                if requests.get(self.base + "/readyz", timeout=1).ok:
                    break
            except requests.RequestException:
                time.sleep(0.05)
        with open(os.path.join(self.data, "bootstrap.json")) as f:
            boot = json.load(f)
        self.headers = {"Authorization": "Bearer " + boot["api_key"], "X-Workspace-Id": boot["workspace_id"]}
        return self

    def __exit__(self, *exc):
        self.proc.terminate()
        self.proc.wait(timeout=60)
        shutil.rmtree(self.data, ignore_errors=True)
        return False
