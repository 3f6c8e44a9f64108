"""Pictures of Office templates fetched over https: a loopback TLS server
(its certificate from a CA made here with openssl, trusted through
egress.ca_file) serves a PNG, and the generation's DOCX and PDF show it;
every way a fetch can fail (a 404, a redirect, a page that is no image, a
picture past images.max_bytes, a server slower than the time limit, an
address the egress guard refuses, plain http, no certificate we trust)
fails the generation or the preview with image_unavailable, naming the URL
and why."""
import http.server
import io
import os
import shutil
import ssl
import subprocess
import threading
import time
import zipfile

import docx
import pytest
import requests
from PIL import Image

from harness import Server, assert_error
from test_office_api import docx_bytes, upload

MAX_BYTES = 20000


def png(width, height, color):
    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, "PNG")
    return out.getvalue()


def noise_png(side):
    """A real PNG that does not compress: past MAX_BYTES at 120 px."""
    out = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(out, "PNG")
    return out.getvalue()


LOGO = png(120, 60, (200, 30, 40))
BIG = noise_png(120)


class Images(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/logo.png":
            return self.answer(200, "image/png", LOGO)
        if self.path == "/big.png":
            return self.answer(200, "image/png", BIG)
        if self.path == "/page":
            return self.answer(200, "text/html", b"<html>not a picture</html>")
        if self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/logo.png")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if self.path == "/slow.png":
            time.sleep(4)
            return self.answer(200, "image/png", LOGO)
        return self.answer(404, "text/plain", b"no such picture")

    def answer(self, status, content_type, body):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
            pass  # the client stopped reading past its limit

    def log_message(self, *args):
        pass


def openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


@pytest.fixture(scope="module")
def tls(tmp_path_factory):
    """A CA, a certificate for 127.0.0.1 it signed, and a second CA nobody trusts."""
    folder = tmp_path_factory.mktemp("tls")
    for ca in ("ca", "other"):
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{ca}.key", "-out", f"{ca}.pem",
                "-days", "2", "-subj", f"/CN=s2d test {ca}", cwd=folder)
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
            "-subj", "/CN=127.0.0.1", cwd=folder)
    (folder / "san.ext").write_text("subjectAltName=IP:127.0.0.1,DNS:localhost\n")
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
            "-out", "server.pem", "-days", "2", "-extfile", "san.ext", cwd=folder)
    return folder


@pytest.fixture(scope="module")
def image_server(tls):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Images)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(str(tls / "server.pem"), str(tls / "server.key"))
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def start_server(ca_file):
    s = Server(env={"S2D_EGRESS_ALLOW": "127.0.0.0/8", "S2D_EGRESS_CA_FILE": str(ca_file),
                    "S2D_IMAGE_MAX_BYTES": str(MAX_BYTES), "S2D_IMAGE_FETCH_TIMEOUT_SECONDS": "2"}).start()
    return s


@pytest.fixture(scope="module")
def server(tls):
    s = start_server(tls / "ca.pem")
    yield s
    s.stop()
    shutil.rmtree(s.data_dir, ignore_errors=True)


@pytest.fixture(scope="module")
def template_id(server):
    r = upload(server, "docx", docx_bytes("Logo of {{name}}:", '{{image logo width="4cm"}}', "End."))
    assert r.status_code == 201, r.text
    return r.json()["id"]


def generate(server, template_id, logo, outputs=("docx",)):
    r = server.create_generation(template_id, {"name": "Acme", "logo": logo}, outputs=outputs)
    assert r.status_code == 202, r.text
    return server.wait_for(r.json()["id"], timeout=120)


def test_an_https_picture_is_fetched_into_the_docx_and_its_pdf(server, template_id, image_server, tmp_path):
    g = generate(server, template_id, image_server + "/logo.png", outputs=("docx", "pdf"))
    assert g["status"] == "completed", g
    merged = requests.get(g["outputs"][0]["url"], timeout=30).content
    with zipfile.ZipFile(io.BytesIO(merged)) as package:
        media = [n for n in package.namelist() if n.startswith("word/media/")]
        assert [package.read(n) for n in media] == [LOGO], media
    document = docx.Document(io.BytesIO(merged))
    assert [p.text for p in document.paragraphs if p.text] == ["Logo of Acme:", "End."]
    assert len(document.inline_shapes) == 1
    assert abs(document.inline_shapes[0].width.cm - 4.0) < 0.01
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(requests.get(g["outputs"][1]["url"], timeout=30).content)
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert any(line.split()[3:5] == ["120", "60"] for line in listing.splitlines()[2:]), listing
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-l", "1", str(pdf), str(tmp_path / "letter")], check=True)
    page = Image.open(tmp_path / "letter-1.png").convert("RGB")
    reds = sum(1 for r, g_, b in page.getdata() if r > 150 and g_ < 80 and b < 80)
    assert reds > 500, "the fetched picture is not drawn on the page"


def test_a_preview_fetches_its_picture_too(server, template_id, image_server):
    r = server.post(f"/v1/templates/{template_id}/preview",
                    {"format": "docx", "data": {"name": "Acme", "logo": image_server + "/logo.png"}}, timeout=120)
    assert r.status_code == 200, r.text
    with zipfile.ZipFile(io.BytesIO(r.content)) as package:
        assert LOGO in [package.read(n) for n in package.namelist() if n.startswith("word/media/")]
    e = assert_error(server.post(f"/v1/templates/{template_id}/preview",
                                 {"format": "docx", "data": {"name": "Acme", "logo": image_server + "/gone.png"}},
                                 timeout=120), 422, "image_unavailable")
    assert e["context"]["reason"] == "http_status" and e["context"]["status"] == 404, e


@pytest.mark.parametrize("path,reason", [
    ("/gone.png", "http_status"),
    ("/moved", "redirect"),
    ("/page", "not_an_image"),
    ("/big.png", "too_large"),
    ("/slow.png", "timeout"),
])
def test_a_picture_that_cannot_be_fetched_fails_the_generation_with_why(server, template_id, image_server, path,
                                                                        reason):
    url = image_server + path
    started = time.time()
    g = generate(server, template_id, url)
    assert g["status"] == "failed", g
    error = g["error"]
    assert error["code"] == "image_unavailable", error
    assert error["context"]["url"] == url and error["context"]["reason"] == reason, error
    assert error["placeholder"] == url, error
    if reason == "timeout":
        assert time.time() - started < 30, "the 2 s time limit did not hold"


def test_addresses_the_egress_guard_refuses_are_never_fetched(server, template_id):
    g = generate(server, template_id, "https://169.254.169.254/latest/meta-data.png")
    assert g["status"] == "failed", g
    assert g["error"]["code"] == "image_unavailable" and g["error"]["context"]["reason"] == "egress_refused", g


def test_plain_http_is_refused_with_the_tag(server, template_id, image_server):
    g = generate(server, template_id, image_server.replace("https://", "http://") + "/logo.png")
    assert g["status"] == "failed", g
    assert g["error"]["code"] == "image_unavailable" and "only https" in g["error"]["message"], g
    assert g["error"]["part"] == "word/document.xml", g


def test_a_certificate_no_trusted_ca_signed_is_refused(tls, template_id, image_server):
    untrusting = start_server(tls / "other.pem")
    try:
        r = upload(untrusting, "docx", docx_bytes('{{image logo width="4cm"}}'))
        assert r.status_code == 201, r.text
        g = generate(untrusting, r.json()["id"], image_server + "/logo.png")
        assert g["status"] == "failed", g
        assert g["error"]["context"]["reason"] == "tls_failed", g
    finally:
        untrusting.stop()
        shutil.rmtree(untrusting.data_dir, ignore_errors=True)


def test_a_ca_file_the_server_cannot_read_stops_it_at_start(tmp_path):
    s = Server(env={"S2D_EGRESS_CA_FILE": str(tmp_path / "missing.pem")})
    with pytest.raises(RuntimeError) as failed:
        s.start(timeout=15)
    assert "egress.ca_file" in str(failed.value) and "missing.pem" in str(failed.value), str(failed.value)
    shutil.rmtree(s.data_dir, ignore_errors=True)


def test_more_distinct_urls_than_allowed_fail_before_any_fetch(server, image_server):
    r = upload(server, "docx", docx_bytes("{{#each pics}}", "{{image this}}", "{{/each}}"))
    assert r.status_code == 201, r.text
    pics = [f"{image_server}/gone-{i}.png" for i in range(65)]
    started = time.time()
    g = server.create_generation(r.json()["id"], {"pics": pics}, outputs=("docx",))
    assert g.status_code == 202, g.text
    g = server.wait_for(g.json()["id"], timeout=60)
    assert g["status"] == "failed", g
    assert g["error"]["code"] == "limit_exceeded" and "64" in g["error"]["message"], g["error"]
    assert time.time() - started < 20
