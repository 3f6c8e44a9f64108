"""Real counterparts for data-source tests: a loopback JSON HTTP server, a
PostgreSQL server (S2D_TEST_PG_URL, else one started with
scripts/test-postgres), psql, and PDF text extraction."""
import json
import os
import shutil
import subprocess
import tempfile
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from harness import SOURCE_DIR, free_port


def pdftotext(pdf_bytes):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf_bytes)
        f.flush()
        return subprocess.run(["pdftotext", "-layout", f.name, "-"], check=True, capture_output=True).stdout.decode()


class JsonServer:
    """An HTTP server on 127.0.0.1 whose answer is computed by `respond(path,
    query, headers) -> (status, body object)`. Every request is recorded.
    `gate`, when set, holds each answer until the test releases it, and
    `delay_seconds` sleeps before answering (a slow source)."""

    def __init__(self, respond):
        self.respond = respond
        self.requests = []
        self.gate = None
        self.delay_seconds = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                parsed = urllib.parse.urlsplit(self.path)
                query = dict(urllib.parse.parse_qsl(parsed.query, keep_blank_values=True))
                outer.requests.append({"path": parsed.path, "query": query, "headers": dict(self.headers)})
                if outer.gate is not None:
                    outer.gate.wait(30)
                if outer.delay_seconds:
                    threading.Event().wait(outer.delay_seconds)
                status, body = outer.respond(parsed.path, query, self.headers)
                data = json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout tests)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.port

    def close(self):
        if self.gate is not None:
            self.gate.set()
        self.httpd.shutdown()
        self.httpd.server_close()


class Postgres:
    """The test PostgreSQL server: S2D_TEST_PG_URL when set (scripts/test
    exports it), else a throwaway one from scripts/test-postgres. Without
    either the tests fail: they never skip."""

    def __init__(self):
        self.directory = None
        self.url = os.environ.get("S2D_TEST_PG_URL", "")
        if not self.url:
            self.directory = tempfile.mkdtemp(prefix="s2d-e2e-pg-")
            script = os.path.join(SOURCE_DIR, "scripts", "test-postgres")
            done = subprocess.run(["bash", script, "start", self.directory, str(free_port())],
                                  capture_output=True, text=True)
            assert done.returncode == 0, "scripts/test-postgres could not start PostgreSQL: " + done.stderr
            self.url = done.stdout.strip()

    def psql(self, sql):
        done = subprocess.run(["psql", self.url, "-v", "ON_ERROR_STOP=1", "-qtA", "-c", sql],
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    def close(self):
        if self.directory:
            subprocess.run(["bash", os.path.join(SOURCE_DIR, "scripts", "test-postgres"), "stop", self.directory],
                           capture_output=True)
            shutil.rmtree(self.directory, ignore_errors=True)
