"""A webhook receiver for end-to-end tests: a real HTTP server on a loopback
address that records every request and answers as the test tells it, and
the bridge to the npm `standardwebhooks` verifier (tests/e2e/verify_webhooks.js)."""
import base64
import json
import os
import socket
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SOURCE_DIR = os.environ.get("S2D_SOURCE_DIR", os.path.dirname(os.path.dirname(os.path.dirname(__file__))))
NODE_MODULES = os.path.join(SOURCE_DIR, "tests", "node", "node_modules")
VERIFY_JS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "verify_webhooks.js")


def ok(index, request):
    return 200, {}, b'{"received":true}'


class Receiver:
    """`respond(index, request)` returns (status, headers, body), or a number
    of seconds to stall before answering 200 (to make the sender time out).
    `keep_alive` answers in HTTP/1.1 so that the sender can reuse connections."""

    def __init__(self, host="127.0.0.1", port=0, respond=ok, keep_alive=True):
        self.host, self.respond, self.keep_alive = host, respond, keep_alive
        self.requests = []
        self.lock = threading.Lock()
        self.server = self._bind(port)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def _bind(self, port):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1" if receiver.keep_alive else "HTTP/1.0"

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                request = {"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()},
                           "body": body, "client_port": self.client_address[1], "time": time.time()}
                with receiver.lock:
                    index = len(receiver.requests)
                    receiver.requests.append(request)
                answer = receiver.respond(index, request)
                if isinstance(answer, (int, float)):
                    time.sleep(answer)
                    answer = ok(index, request)
                status, headers, payload = answer
                try:
                    self.send_response(status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except OSError:
                    pass  # the sender gave up waiting

            def log_message(self, *args):
                pass

        class Server(ThreadingHTTPServer):
            address_family = socket.AF_INET6 if ":" in receiver.host else socket.AF_INET
            daemon_threads = True
            allow_reuse_address = True

        return Server((self.host, port), Handler)

    def url(self, path="/hook", host=None):
        host = host or (f"[{self.host}]" if ":" in self.host else self.host)
        return f"http://{host}:{self.port}{path}"

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def event_ids(self):
        with self.lock:
            return [r["headers"].get("webhook-id") for r in self.requests]

    def wait_for(self, count, timeout=20):
        deadline = time.time() + timeout
        while time.time() < deadline:
            with self.lock:
                if len(self.requests) >= count:
                    return list(self.requests)
            time.sleep(0.02)
        raise AssertionError(f"{len(self.requests)} of {count} webhooks arrived within {timeout}s")


def verify_with_standardwebhooks(secret, requests):
    """Runs each request through the official npm library; a list of
    {"ok": bool, "payload" | "error"}."""
    assert os.path.isdir(NODE_MODULES), "run `npm ci` in tests/node (scripts/setup does)"
    items = [{"secret": secret, "headers": r["headers"], "body_base64": base64.b64encode(r["body"]).decode()}
             for r in requests]
    done = subprocess.run(["node", VERIFY_JS], input=json.dumps(items).encode(), capture_output=True,
                          env=dict(os.environ, NODE_PATH=NODE_MODULES), timeout=60)
    assert done.returncode == 0, done.stderr.decode()
    return json.loads(done.stdout)
