"""Starts the real s2d binary on a free loopback port with a temp data dir
and talks HTTP to it. Used by every end-to-end test."""
import json
import os
import signal
import socket
import subprocess
import tempfile
import time

import requests

from openapi_check import OpenApiChecker

BINARY = os.environ.get("S2D_BINARY", "build/app/s2d")
SOURCE_DIR = os.environ.get("S2D_SOURCE_DIR", os.path.dirname(os.path.dirname(os.path.dirname(__file__))))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One s2d process. `start()` waits for /readyz; the data dir survives
    restarts of the same Server object so crash tests can reuse it."""

    def __init__(self, env=None, data_dir=None):
        self.port = free_port()
        self.data_dir = data_dir or tempfile.mkdtemp(prefix="s2d-e2e-")
        self.env = dict(os.environ)
        self.env.update({"S2D_LOG_LEVEL": "warn"})
        self.env.update(env or {})
        self.process = None
        self.stdout_path = os.path.join(self.data_dir, "stdout.log")
        self.session = requests.Session()
        self.workspace_id = None
        self.api_key = None

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout=30, ready_path="/readyz"):
        self.stdout = open(self.stdout_path, "ab")
        self.process = subprocess.Popen(
            [BINARY, "serve", "--listen", f"127.0.0.1:{self.port}", "--data-dir", self.data_dir],
            stdout=self.stdout, stderr=subprocess.STDOUT, env=self.env)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"s2d exited with {self.process.returncode}: {self.log()}")
            try:
                if requests.get(self.base + ready_path, timeout=1).status_code == 200:
                    break
            except requests.RequestException:
                pass
            time.sleep(0.05)
        else:
            raise RuntimeError("s2d did not become ready: " + self.log())
        with open(os.path.join(self.data_dir, "bootstrap.json")) as f:
            boot = json.load(f)
        self.workspace_id, self.api_key = boot["workspace_id"], boot["api_key"]
        self.openapi = OpenApiChecker(requests.get(self.base + "/v1/openapi.json").json())
        return self

    def log(self):
        with open(self.stdout_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def kill9(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        self.stdout.close()

    def stop(self, sig=signal.SIGTERM, timeout=30):
        if self.process and self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                raise AssertionError("s2d did not stop within %ss after %s" % (timeout, sig))
        if self.process:
            self.stdout.close()
        return self.process.returncode if self.process else None

    def headers(self, key=None, workspace=None, **extra):
        h = {"Authorization": "Bearer " + (key or self.api_key),
             "X-Workspace-Id": workspace or self.workspace_id}
        h.update(extra)
        return h

    def request(self, method, path, key=None, workspace=None, headers=None, validate=True, **kwargs):
        """An authenticated request; the response is checked against the OpenAPI document."""
        h = self.headers(key, workspace)
        h.update(headers or {})
        response = self.session.request(method, self.base + path, headers=h, timeout=kwargs.pop("timeout", 30), **kwargs)
        if validate:
            self.openapi.check(method, path.split("?")[0], response)
        return response

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, json=body, **kw)

    def create_template(self, source, name="t", **extra):
        r = self.post("/v1/templates", {"name": name, "kind": "markdown", "source": source, **extra})
        assert r.status_code == 201, r.text
        return r.json()

    def create_generation(self, template_id, data, outputs=("pdf",), headers=None, **extra):
        body = {"template_id": template_id, "data": data, "outputs": list(outputs), **extra}
        return self.post("/v1/generations", body, headers=headers)

    def wait_for(self, generation_id, timeout=60, statuses=("completed", "failed", "canceled")):
        deadline = time.time() + timeout
        while time.time() < deadline:
            r = self.get("/v1/generations/" + generation_id)
            assert r.status_code == 200, r.text
            if r.json()["status"] in statuses:
                return r.json()
            time.sleep(0.05)
        raise AssertionError(f"{generation_id} not finished after {timeout}s: {r.json()}")


def assert_error(response, status, code):
    """The API.md envelope with the given status and code, and a Request-Id."""
    assert response.status_code == status, (response.status_code, response.text)
    body = response.json()
    assert set(body) == {"error"}, body
    error = body["error"]
    assert error["code"] == code, body
    for field in ("type", "message", "param", "request_id", "doc_url"):
        assert field in error, body
    assert response.headers["Request-Id"] == error["request_id"]
    return error
