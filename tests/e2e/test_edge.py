"""Hostile and careless requests against the real binary: every one gets a
clear 4xx in the error envelope, and the same process keeps answering with
its memory in bounds afterwards.

One server serves the whole module (the acceptance criterion is about one
process surviving all of it); each test then checks it still answers."""
import json
import os
import shutil
import socket
import time

import pytest
import requests

from harness import Server, assert_error

JSON = {"Content-Type": "application/json"}


@pytest.fixture(scope="module")
def edge():
    s = Server().start()
    s.rss_at_start_kb = rss_kb(s)
    t = s.create_template("# Hello {{name}}\n", name="edge")
    s.template_id = t["id"]
    src = s.post("/v1/data_sources", {"name": "edge records", "kind": "records"})
    assert src.status_code == 201, src.text
    s.records_id = src.json()["id"]
    yield s
    # The acceptance criterion: still up, and memory within 100 MB of the start.
    assert s.process.poll() is None, s.log()
    assert requests.get(s.base + "/healthz", timeout=5).status_code == 200
    grown_mb = (rss_kb(s) - s.rss_at_start_kb) / 1024
    assert grown_mb < 100, f"RSS grew by {grown_mb:.0f} MB"
    s.stop()
    shutil.rmtree(s.data_dir, ignore_errors=True)


@pytest.fixture(autouse=True)
def still_alive_after(edge):
    yield
    assert edge.process.poll() is None, "s2d died: " + edge.log()[-2000:]
    assert requests.get(edge.base + "/healthz", timeout=5).json() == {"status": "ok"}


def rss_kb(server):
    with open(f"/proc/{server.process.pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS")


def raw(server, path, body, headers=None, method="POST"):
    """A request with an exact body (bytes), bypassing client-side encoding."""
    h = server.headers(**JSON)
    h.update(headers or {})
    return server.session.request(method, server.base + path, data=body, headers=h, timeout=60)


def deep(depth):
    return "[" * depth + "]" * depth


# --- finding 1: nesting depth -------------------------------------------------

def test_deep_data_in_a_generation_is_400_with_position_and_bound(edge):
    body = '{"template_id":"%s","outputs":["txt"],"data":{"x":%s}}' % (edge.template_id, deep(80_000))
    e = assert_error(raw(edge, "/v1/generations", body.encode()), 400, "invalid_json")
    assert e["max_depth"] == 64
    assert e["position"] == body.index('{"x":') + 5 + 62  # the 65th level opens at the 63rd '['
    assert "64" in e["message"]


def test_deep_data_in_preview_sample_data_and_records_is_400(edge):
    preview = '{"format":"txt","data":{"x":%s}}' % deep(80_000)
    assert_error(raw(edge, "/v1/templates/%s/preview" % edge.template_id, preview.encode()), 400, "invalid_json")
    template = '{"name":"t","kind":"markdown","source":"x","sample_data":{"x":%s}}' % deep(80_000)
    assert_error(raw(edge, "/v1/templates", template.encode()), 400, "invalid_json")
    records = "[{\"x\":%s}]" % deep(70_000)
    assert_error(raw(edge, "/v1/data_sources/%s/records" % edge.records_id, records.encode()), 400, "invalid_json")
    form = edge.request("POST", "/v1/data_sources/%s/records" % edge.records_id,
                        files={"file": ("r.json", records.encode(), "application/json")})
    assert_error(form, 400, "invalid_json")


def test_nesting_at_the_bound_is_accepted(edge):
    # 64 levels in all: the body object, `data` and 62 arrays.
    body = '{"template_id":"%s","outputs":["txt"],"data":{"x":%s}}' % (edge.template_id, deep(62))
    r = raw(edge, "/v1/generations", body.encode())
    assert r.status_code == 202, r.text


# --- finding 2: numbers out of range -------------------------------------------

@pytest.mark.parametrize("number", ["1e400", "-1e400", "9" * 401])
def test_numbers_out_of_range_are_400(edge, number):
    body = '{"template_id":"%s","outputs":["txt"],"data":{"n":%s}}' % (edge.template_id, number)
    e = assert_error(raw(edge, "/v1/generations", body.encode()), 400, "invalid_json")
    assert "number" in e["message"]


def test_url_ttl_out_of_range_is_400(edge):
    body = '{"template_id":"%s","outputs":["txt"],"data":{},"options":{"url_ttl_seconds":1e400}}' % edge.template_id
    assert_error(raw(edge, "/v1/generations", body.encode()), 400, "invalid_json")


# --- finding 3: invalid UTF-8 ------------------------------------------------------

def test_invalid_utf8_in_a_json_string_is_400(edge):
    body = b'{"template_id":"' + edge.template_id.encode() + b'","outputs":["txt"],"data":{"name":"\xff\xfe\xc3"}}'
    e = assert_error(raw(edge, "/v1/generations", body), 400, "invalid_json")
    assert "UTF-8" in e["message"]


def test_raw_non_utf8_bytes_in_the_path_are_404_in_the_envelope(edge):
    with socket.create_connection(("127.0.0.1", edge.port), timeout=10) as s:
        s.sendall(b"GET /v1/\xff\xfe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        answer = b""
        while chunk := s.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 404"), answer
    assert json.loads(body)["error"]["code"] == "route_not_found"
    assert b"Request-Id: req_" in head


# --- finding 7: media type, duplicate keys, trailing bytes --------------------

def test_json_routes_need_a_json_content_type(edge):
    body = json.dumps({"name": "t", "kind": "markdown", "source": "x"}).encode()
    refused = raw(edge, "/v1/templates", body, headers={"Content-Type": "text/plain"})
    edge.openapi.check("POST", "/v1/templates", refused)
    e = assert_error(refused, 415, "unsupported_media_type")
    assert e["accepted_media_types"] == ["application/json", "multipart/form-data"]
    r = edge.session.post(edge.base + "/v1/generations", data=b'{"a":1}',
                          headers={k: v for k, v in edge.headers().items()})
    e = assert_error(r, 415, "unsupported_media_type")
    assert "application/json" in e["message"]
    ok = raw(edge, "/v1/templates", body, headers={"Content-Type": "application/json; charset=UTF-8"})
    assert ok.status_code == 201, ok.text


def test_records_accept_csv_as_well(edge):
    e = assert_error(raw(edge, "/v1/data_sources/%s/records" % edge.records_id, b"a\n1\n",
                         headers={"Content-Type": "application/xml"}), 415, "unsupported_media_type")
    assert e["accepted_media_types"] == ["application/json", "multipart/form-data", "text/csv"]


def test_a_duplicate_key_is_400_naming_it(edge):
    body = '{"template_id":"%s","outputs":["txt"],"data":{},"outputs":["pdf"]}' % edge.template_id
    e = assert_error(raw(edge, "/v1/generations", body.encode()), 400, "invalid_json")
    assert e["key"] == "outputs" and "outputs" in e["message"]


@pytest.mark.parametrize("tail", [b"\x00", b"\x00{}", b" {}", b"x"])
def test_bytes_after_the_value_are_400(edge, tail):
    body = ('{"template_id":"%s","outputs":["txt"],"data":{}}' % edge.template_id).encode()
    e = assert_error(raw(edge, "/v1/generations", body + tail), 400, "invalid_json")
    assert e["position"] >= len(body)


# --- finding 5: Range overflow ------------------------------------------------------

def test_range_numbers_too_large_are_416_with_the_size(edge):
    r = edge.create_generation(edge.template_id, {"name": "Range"}, outputs=("txt",))
    assert r.status_code == 202, r.text
    done = edge.wait_for(r.json()["id"])
    output = done["outputs"][0]
    size = output["size_bytes"]
    for value in ("bytes=0-99999999999999999999999", "bytes=99999999999999999999999-", "bytes=-99999999999999999999999"):
        answer = requests.get(output["url"], headers={"Range": value}, timeout=10)
        assert_error(answer, 416, "range_not_satisfiable")
        assert answer.headers["Content-Range"] == f"bytes */{size}"
    part = requests.get(output["url"], headers={"Range": "bytes=0-3"}, timeout=10)
    assert part.status_code == 206 and len(part.content) == 4
    assert requests.get(output["url"], headers={"Range": "bytes=0-999999"}, timeout=10).status_code == 206


# --- finding 8: typos --------------------------------------------------------------

def test_an_unknown_query_parameter_is_400_naming_it(edge):
    e = assert_error(edge.get("/v1/generations?limt=5", validate=False), 400, "parameter_unknown")
    assert e["param"] == "limt"
    assert edge.get("/v1/generations?limit=5").status_code == 200


def test_unknown_query_parameters_on_a_download_are_400(edge):
    r = edge.create_generation(edge.template_id, {"name": "Q"}, outputs=("txt",))
    url = edge.wait_for(r.json()["id"])["outputs"][0]["url"]
    e = assert_error(requests.get(url + "&download=1", timeout=10), 400, "parameter_unknown")
    assert e["param"] == "download"


def test_a_known_path_with_another_method_is_405_with_allow(edge):
    r = edge.request("DELETE", "/v1/generations")
    assert_error(r, 405, "method_not_allowed")
    assert r.headers["Allow"] == "POST, GET"
    r = edge.request("PUT", "/v1/templates/tpl_x")
    assert_error(r, 405, "method_not_allowed")
    assert set(r.headers["Allow"].split(", ")) == {"GET", "PATCH", "DELETE"}
    assert_error(edge.request("GET", "/v1/nothing", validate=False), 404, "route_not_found")


# --- finding 4: bodies over the limit, any size, declared or chunked ---------

def read_answer(sock, timeout=20):
    """Reads until the server closes; returns (status, headers, body)."""
    sock.settimeout(timeout)
    data = b""
    try:
        while chunk := sock.recv(65536):
            data += chunk
    except (ConnectionResetError, socket.timeout):
        pass
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
    return int(lines[0].split()[1]), headers, body


def send_head_then_body(server, head, body_bytes, chunk=b"x" * 65536):
    """Sends `head`, then body bytes until `body_bytes` are sent or the server
    stops taking them; returns its answer and how much was sent."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
        s.sendall(head)
        sent = 0
        try:
            while sent < body_bytes:
                s.sendall(chunk)
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError, socket.timeout):
            pass
        return read_answer(s) + (sent,)


def auth_head(server, extra):
    return ("POST /v1/generations HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nX-Workspace-Id: %s\r\n"
            "Content-Type: application/json\r\n%s\r\n" % (server.api_key, server.workspace_id, extra)).encode()


@pytest.mark.parametrize("declared", [50 << 20, 5 << 30])
def test_a_declared_body_over_the_limit_is_413_after_the_headers(edge, declared):
    status, headers, body, sent = send_head_then_body(edge, auth_head(edge, "Content-Length: %d\r\n" % declared), declared)
    assert status == 413, body
    assert json.loads(body)["error"]["code"] == "body_too_large"
    assert headers["Request-Id"].startswith("req_")
    assert sent < 16 << 20  # the server answered long before the body was through


def test_a_chunked_body_over_the_limit_is_413(edge):
    chunk = b"10000\r\n" + b"x" * 0x10000 + b"\r\n"
    status, _, body, sent = send_head_then_body(edge, auth_head(edge, "Transfer-Encoding: chunked\r\n"), 50 << 20, chunk)
    assert status == 413, body
    assert json.loads(body)["error"]["code"] == "body_too_large"
    assert sent < 24 << 20  # the 10 MiB limit, what the socket buffers took, and no more


def test_an_unauthenticated_body_over_the_limit_is_413_too(edge):
    head = b"POST /v1/templates HTTP/1.1\r\nHost: x\r\nContent-Length: 11000000\r\n\r\n"
    status, _, body, _ = send_head_then_body(edge, head, 11_000_000)
    assert status == 413 and json.loads(body)["error"]["code"] == "body_too_large"


# --- finding 6: what RESTinio's parser would drop ----------------------------

@pytest.mark.parametrize("request_bytes,status,code", [
    (b"POST /v1/templates HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400, "request_malformed"),
    (b"GET /v1/templates HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 70_000 + b"\r\n\r\n", 431, "headers_too_large"),
    (b"GET /v1/templates HTTP/1.1\r\n" + b"".join(b"X-%d: 1\r\n" % i for i in range(10_000)) + b"\r\n", 431,
     "headers_too_large"),
    (b"BREW /pot HTTP/1.1\r\nHost: x\r\n\r\n", 501, "method_not_implemented"),
    (b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 64, 400, "request_malformed"),
])
def test_requests_the_parser_rejects_get_an_answer(edge, request_bytes, status, code):
    with socket.create_connection(("127.0.0.1", edge.port), timeout=20) as s:
        try:
            s.sendall(request_bytes)
        except (BrokenPipeError, ConnectionResetError):
            pass
        got, headers, body = read_answer(s)
    assert got == status, body
    assert json.loads(body)["error"]["code"] == code
    assert headers["Request-Id"] == json.loads(body)["error"]["request_id"]


# --- finding 9: rate-limit headers on every workspace response; auth failures -

RATE_HEADERS = ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "RateLimit-Policy", "RateLimit")


def test_authenticated_404_405_415_and_413_carry_the_rate_limit_headers(edge):
    answers = [
        edge.request("GET", "/v1/nothing", validate=False),
        edge.request("DELETE", "/v1/generations", validate=False),
        raw(edge, "/v1/templates", b"{}", headers={"Content-Type": "text/plain"}),
    ]
    for r in answers:
        for h in RATE_HEADERS:
            assert h in r.headers, (r.status_code, h, r.headers)
    unauthenticated = requests.get(edge.base + "/v1/nothing", timeout=10)
    assert_error(unauthenticated, 404, "route_not_found")
    assert "X-RateLimit-Limit" not in unauthenticated.headers


def test_failed_authentications_are_limited_per_address(make_server):
    server = make_server(env={"S2D_AUTH_FAILURES_PER_MINUTE": "5"}).start()
    bad = {"Authorization": "Bearer s2d_live_guess", "X-Workspace-Id": server.workspace_id}
    answers = [requests.get(server.base + "/v1/generations", headers=bad, timeout=10) for _ in range(5)]
    for n, r in enumerate(answers):
        assert_error(r, 401, "api_key_invalid")
        assert r.headers["X-RateLimit-Limit"] == "5"
        assert r.headers["X-RateLimit-Remaining"] == str(4 - n)
    limited = requests.get(server.base + "/v1/generations", headers=bad, timeout=10)
    e = assert_error(limited, 429, "rate_limited")
    assert "authentication" in e["message"]
    assert int(limited.headers["Retry-After"]) >= 1
    # While the address is limited, even a right key waits: guessing gains nothing.
    assert server.get("/v1/generations", validate=False).status_code == 429
    time.sleep(12.5)  # one failure refills every 12 s at 5 a minute
    assert server.get("/v1/generations").status_code == 200


# --- finding 12: only an active key can be rolled -----------------------------

def test_rolling_a_revoked_or_expired_key_is_409(edge):
    revoked = edge.post("/v1/api_keys", {"name": "gone"}).json()
    assert edge.request("DELETE", "/v1/api_keys/" + revoked["id"]).status_code == 200
    e = assert_error(edge.post("/v1/api_keys/%s/roll" % revoked["id"]), 409, "api_key_inactive")
    assert e["param"] == "id" and "revoked" in e["message"]

    expiring = edge.post("/v1/api_keys", {"name": "brief", "expires_in_seconds": 1}).json()
    time.sleep(1.1)
    e = assert_error(edge.post("/v1/api_keys/%s/roll" % expiring["id"]), 409, "api_key_inactive")
    assert "expired" in e["message"]

    rolled_once = edge.post("/v1/api_keys", {"name": "twice"}).json()
    assert edge.post("/v1/api_keys/%s/roll" % rolled_once["id"]).status_code == 201
    time.sleep(0.01)  # the old key expired at the roll's millisecond
    assert_error(edge.post("/v1/api_keys/%s/roll" % rolled_once["id"]), 409, "api_key_inactive")
    names = [k["name"] for k in edge.get("/v1/api_keys").json()["data"]]
    assert names.count("gone") == 1 and names.count("brief") == 1 and names.count("twice") == 2


# --- finding 13: error details name the element and the source -------------

def test_param_names_the_output_element(edge):
    body = {"template_id": edge.template_id, "data": {"name": "A"}, "outputs": ["pdf", "pdff"]}
    e = assert_error(edge.post("/v1/generations", body), 400, "output_format_unsupported")
    assert e["param"] == "outputs[1]"
    body["outputs"] = ["txt", "md", "txt"]
    assert assert_error(edge.post("/v1/generations", body), 400, "parameter_invalid")["param"] == "outputs[2]"
    preview = edge.post("/v1/templates/%s/preview" % edge.template_id, {"format": "pdff", "data": {}})
    assert assert_error(preview, 400, "output_format_unsupported")["param"] == "format"


def test_no_records_matched_names_the_source_in_its_context(edge):
    assert edge.post("/v1/data_sources/%s/records" % edge.records_id, [{"name": "Ada"}]).status_code == 200
    r = edge.post("/v1/generations", {"template_id": edge.template_id, "data_source_id": edge.records_id,
                                      "filters": {"name": "nobody"}, "outputs": ["txt"]})
    assert r.status_code == 202, r.text
    g = edge.wait_for(r.json()["id"])
    assert g["status"] == "failed" and g["error"]["code"] == "no_records_matched", g
    assert g["error"]["context"] == {"data_source_id": edge.records_id, "kind": "records"}


# --- finding 17: honest page counts ----------------------------------------------

def test_formats_without_fixed_pagination_report_no_page_count(edge):
    formats = ["pdf", "pptx", "docx", "xlsx", "html", "md", "txt"]
    r = edge.create_generation(edge.template_id, {"name": "Ada"}, outputs=formats)
    assert r.status_code == 202, r.text
    g = edge.wait_for(r.json()["id"])
    assert g["status"] == "completed", g
    pages = {o["format"]: o["pages"] for o in g["outputs"]}
    assert pages == {"pdf": 1, "pptx": 1, "docx": None, "xlsx": None, "html": None, "md": None, "txt": None}


# --- finding 19: the free-space floor ----------------------------------------------

def test_below_the_free_space_floor_writes_get_507_and_reads_work(make_server):
    server = make_server(env={"S2D_STORAGE_MIN_FREE_MB": str(1 << 30)})  # more than any disk has
    server.start(ready_path="/healthz")
    e = assert_error(server.post("/v1/templates", {"name": "t", "kind": "markdown", "source": "x"}),
                     507, "insufficient_storage")
    assert e["type"] == "api_error"
    r = server.post("/v1/templates", {"name": "t", "kind": "markdown", "source": "x"})
    assert int(r.headers["Retry-After"]) >= 1 and "X-RateLimit-Limit" in r.headers
    assert server.get("/v1/templates").status_code == 200
    assert_error(requests.get(server.base + "/readyz", timeout=10), 503, "service_unavailable")


def test_a_filling_disk_stops_new_work_and_accepted_work_completes_after(make_server, tmp_path):
    """The data dir on a small tmpfs (CI runs as root): filled past the
    floor, writes get 507 and /readyz 503 while reads work; enlarged again,
    the server takes work and every generation accepted before completes."""
    mount = tmp_path / "small"
    mount.mkdir()
    if os.geteuid() != 0 or os.system(f"mount -t tmpfs -o size=48m tmpfs {mount} 2>/dev/null") != 0:
        pytest.skip("needs root to mount a tmpfs")
    try:
        server = make_server(data_dir=str(mount / "data"), env={"S2D_STORAGE_MIN_FREE_MB": "16"})
        os.makedirs(server.data_dir)
        server.stdout_path = str(tmp_path / "stdout.log")
        server.start()
        t = server.create_template("# Disk {{n}}\n", name="disk")
        accepted = []
        for n in range(20):
            r = server.create_generation(t["id"], {"n": n}, outputs=("txt",))
            assert r.status_code == 202, r.text
            accepted.append(r.json()["id"])
        free = shutil.disk_usage(mount).free
        with open(mount / "filler", "wb") as f:
            f.write(b"\0" * (free - (8 << 20)))
        time.sleep(1.1)  # the floor is measured at most once a second
        body = {"template_id": t["id"], "data": {"n": 99}, "outputs": ["txt"]}
        e = assert_error(server.post("/v1/generations", body), 507, "insufficient_storage")
        assert e["type"] == "api_error"
        assert server.get("/v1/generations/" + accepted[0]).status_code == 200
        assert requests.get(server.base + "/readyz", timeout=10).status_code == 503
        assert os.system(f"mount -o remount,size=96m {mount}") == 0
        time.sleep(1.1)
        assert requests.get(server.base + "/readyz", timeout=10).status_code == 200
        assert server.create_generation(t["id"], {"n": 100}, outputs=("txt",)).status_code == 202
        for generation_id in accepted:
            assert server.wait_for(generation_id)["status"] == "completed"
        assert server.process.poll() is None
        server.stop()
    finally:
        os.system(f"umount -l {mount}")
