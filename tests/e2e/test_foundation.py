"""A generation flows through the real architecture: HTTP -> actors ->
RocksDB -> renderer -> file store -> signed URL."""
import hashlib
import os
import subprocess
import tempfile
import time

import requests

from harness import assert_error

INVOICE = """---
title: Invoice {{number}}
---
# Invoice {{number}}

Customer: **{{customer.name}}**, {{customer.city}}

| Item | Qty | Price |
|:-----|----:|------:|
{{#each items}}| {{name}} | {{qty}} | {{price}} |
{{/each}}
"""

DATA = {"number": "INV-2026-0042",
        "customer": {"name": "Quokka Logistics GmbH", "city": "Berlin"},
        "items": [{"name": "Widget %d" % i, "qty": i + 1, "price": "%.2f" % ((i + 1) * 1.5)} for i in range(5)]}


def pdftotext(pdf_bytes):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf_bytes)
        f.flush()
        return subprocess.run(["pdftotext", "-layout", f.name, "-"], check=True, capture_output=True).stdout.decode()


def test_health_and_readiness_need_no_auth(server):
    assert requests.get(server.base + "/healthz").json() == {"status": "ok"}
    r = requests.get(server.base + "/readyz")
    assert r.status_code == 200 and r.headers["Request-Id"].startswith("req_")


def test_template_is_created_and_read_back(server):
    t = server.create_template(INVOICE, name="Invoice")
    assert t["id"].startswith("tpl_") and t["object"] == "template" and t["latest_version"] == 1
    r = server.get("/v1/templates/" + t["id"])
    assert r.status_code == 200 and r.json()["name"] == "Invoice"
    assert_error(server.get("/v1/templates/tpl_missing"), 404, "resource_missing")


def test_generation_completes_with_pdf_and_html_behind_signed_urls(server):
    t = server.create_template(INVOICE)
    posted_at = time.time()
    r = server.create_generation(t["id"], DATA, outputs=["pdf", "html"])
    assert r.status_code == 202, r.text
    g = r.json()
    assert g["status"] == "pending" and g["id"].startswith("gen_") and g["created_at"].endswith("Z")

    done = server.wait_for(g["id"], timeout=30)
    elapsed = time.time() - posted_at
    print("POST -> completed: %.3f s" % elapsed)
    assert done["status"] == "completed", done
    assert done["error"] is None
    outputs = {o["format"]: o for o in done["outputs"]}
    assert set(outputs) == {"pdf", "html"}

    pdf = requests.get(outputs["pdf"]["url"])  # no auth header: the URL is the credential
    assert pdf.status_code == 200
    assert pdf.headers["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert len(pdf.content) == outputs["pdf"]["size_bytes"]
    assert hashlib.sha256(pdf.content).hexdigest() == outputs["pdf"]["sha256"]
    assert pdf.headers["ETag"] == '"%s"' % outputs["pdf"]["sha256"]
    text = pdftotext(pdf.content)
    for value in ("INV-2026-0042", "Quokka Logistics GmbH", "Berlin", "Widget 4", "7.50"):
        assert value in text, text

    html = requests.get(outputs["html"]["url"])
    assert html.status_code == 200 and html.headers["Content-Type"].startswith("text/html")
    assert "Quokka Logistics GmbH" in html.text


def test_tampered_and_expired_urls_are_refused(server):
    t = server.create_template("# Hello {{name}}\n")
    g = server.wait_for(server.create_generation(t["id"], {"name": "Ada"}, options={"url_ttl_seconds": 1}).json()["id"])
    url = g["outputs"][0]["url"]
    assert requests.get(url).status_code == 200

    sig_at = url.index("sig=") + 4
    flipped = url[:-1] + ("A" if url[-1] != "A" else "B")
    assert_error(requests.get(flipped), 403, "url_signature_invalid")
    later = url.replace("expires=", "expires=9")
    assert_error(requests.get(later), 403, "url_signature_invalid")
    assert_error(requests.get(url[:sig_at]), 403, "url_signature_invalid")
    time.sleep(2.1)
    assert_error(requests.get(url), 403, "url_expired")
    # Reading the generation again signs a fresh URL.
    fresh = server.get("/v1/generations/" + g["id"]).json()["outputs"][0]["url"]
    assert requests.get(fresh).status_code == 200


def test_range_requests_return_partial_content(server):
    t = server.create_template("# Range {{x}}\n")
    g = server.wait_for(server.create_generation(t["id"], {"x": 1}).json()["id"])
    url, size = g["outputs"][0]["url"], g["outputs"][0]["size_bytes"]
    whole = requests.get(url).content
    part = requests.get(url, headers={"Range": "bytes=0-99"})
    assert part.status_code == 206 and part.content == whole[:100]
    assert part.headers["Content-Range"] == "bytes 0-99/%d" % size
    tail = requests.get(url, headers={"Range": "bytes=-10"})
    assert tail.status_code == 206 and tail.content == whole[-10:]
    assert_error(requests.get(url, headers={"Range": "bytes=%d-" % (size + 5)}), 416, "range_not_satisfiable")


def test_missing_field_fails_with_the_structured_error(server):
    t = server.create_template("# Dear {{customer.name}}\n\nYou live in {{customer.address.city}}.\n")
    r = server.create_generation(t["id"], {"customer": {"name": "Ada", "address": {}}})
    g = server.wait_for(r.json()["id"])
    assert g["status"] == "failed"
    error = g["error"]
    assert error["type"] == "template_error"
    assert error["code"] == "missing_required_field"
    assert error["placeholder"] == "customer.address.city"
    assert error["line"] == 3
    assert g["outputs"] == []


def test_generations_list_newest_first_with_cursors(server):
    t = server.create_template("# {{n}}\n")
    ids = [server.create_generation(t["id"], {"n": i}, outputs=["md"]).json()["id"] for i in range(5)]
    page = server.get("/v1/generations?limit=2").json()
    assert page["object"] == "list" and page["has_more"] is True and page["url"] == "/v1/generations"
    assert [g["id"] for g in page["data"]] == ids[::-1][:2]
    rest = server.get("/v1/generations?limit=10&starting_after=" + ids[3]).json()
    assert [g["id"] for g in rest["data"]] == ids[::-1][2:] and rest["has_more"] is False
    back = server.get("/v1/generations?limit=2&ending_before=" + ids[1]).json()
    assert [g["id"] for g in back["data"]] == [ids[3], ids[2]]
    future = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 3600))
    past = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 3600))
    assert server.get("/v1/generations?created[gte]=" + future).json()["data"] == []
    assert len(server.get("/v1/generations?limit=100&created[gte]=%s&created[lte]=%s" % (past, future)).json()["data"]) == 5
    assert server.get("/v1/generations?created[lte]=" + past).json()["data"] == []
    assert_error(server.get("/v1/generations?created[gte]=soon"), 400, "parameter_invalid")
    assert_error(server.get("/v1/generations?limit=0"), 400, "parameter_invalid")
    assert_error(server.get("/v1/generations?limit=101"), 400, "parameter_invalid")
    assert_error(server.get("/v1/generations?status=done"), 400, "parameter_invalid")


def test_bad_requests_get_clear_errors(server):
    t = server.create_template("# {{n}}\n")
    r = server.request("POST", "/v1/generations", data=b'{"template_id": ', headers={"Content-Type": "application/json"})
    assert_error(r, 400, "invalid_json")
    assert_error(server.post("/v1/generations", {"template_id": t["id"], "data": {}, "outputs": ["pdf"], "colour": 1}),
                 400, "parameter_unknown")
    assert_error(server.post("/v1/generations", {"template_id": t["id"], "data": {}}), 400, "parameter_missing")
    e = assert_error(server.create_generation(t["id"], {}, outputs=["google_slides"]), 400, "output_format_unsupported")
    assert "pdf" in e["supported_formats"]
    assert_error(server.create_generation("tpl_nope", {}), 404, "resource_missing")
    assert_error(server.post("/v1/generations", {"template_id": t["id"], "outputs": ["pdf"]}), 400, "parameter_invalid")
    assert_error(server.post("/v1/templates", {"name": "bad", "source": "{{#each items}}no end"}), 422, "template_invalid")
    assert_error(server.get("/v1/nothing-here"), 404, "route_not_found")
    assert_error(server.get("/v2/generations"), 404, "route_not_found")
    big = {"template_id": t["id"], "data": {"blob": "x" * (11 << 20)}, "outputs": ["pdf"]}
    assert_error(server.post("/v1/generations", big), 413, "body_too_large")


def test_cancel_pending_generation_and_refuse_finished_ones(server):
    t = server.create_template("# {{n}}\n")
    g = server.wait_for(server.create_generation(t["id"], {"n": 1}, outputs=["md"]).json()["id"])
    assert_error(server.post("/v1/generations/%s/cancel" % g["id"]), 409, "generation_not_cancelable")
    assert_error(server.post("/v1/generations/gen_missing/cancel"), 404, "resource_missing")


def test_sigterm_stops_cleanly_and_data_survives(server):
    t = server.create_template("# {{n}}\n")
    g = server.wait_for(server.create_generation(t["id"], {"n": 1}, outputs=["md"]).json()["id"])
    assert server.stop() == 0
    server.start()
    assert server.get("/v1/generations/" + g["id"]).json()["status"] == "completed"
    # The credentials were printed on the first start only.
    assert server.log().count("created workspace") == 1
    assert server.log().count(server.api_key) == 1
    assert oct(os.stat(os.path.join(server.data_dir, "bootstrap.json")).st_mode & 0o777) == "0o600"


def test_one_generation_renders_every_format_with_its_content_type(server):
    t = server.create_template("---\ntitle: Every format\n---\n# Hello {{name}}\n\n| A | B |\n|---|--:|\n| x | 1 |\n\n---\n\n# Second slide\n\n- one\n- two\n")
    formats = ["pdf", "docx", "pptx", "xlsx", "html", "md", "txt"]
    g = server.wait_for(server.create_generation(t["id"], {"name": "Ada"}, outputs=formats).json()["id"])
    assert g["status"] == "completed", g
    expected = {
        "pdf": "application/pdf",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "html": "text/html; charset=utf-8",
        "md": "text/markdown; charset=utf-8",
        "txt": "text/plain; charset=utf-8",
    }
    for output in g["outputs"]:
        r = requests.get(output["url"])
        assert r.status_code == 200
        assert r.headers["Content-Type"] == expected[output["format"]] == output["content_type"]
        assert r.headers["Content-Disposition"] == 'attachment; filename="%s.%s"' % (g["id"], output["format"])
        if output["format"] in ("docx", "pptx", "xlsx"):
            assert r.content[:2] == b"PK"
    pptx = next(o for o in g["outputs"] if o["format"] == "pptx")
    assert pptx["pages"] == 2  # one slide per thematic break
    txt = requests.get(next(o for o in g["outputs"] if o["format"] == "txt")["url"]).text
    assert "Hello Ada" in txt


def test_locale_precedence_request_then_front_matter_then_workspace(server):
    german = server.create_template("---\nlocale: de-DE\n---\nTotal: {{number total decimals=2}}\n")
    plain = server.create_template("Total: {{number total decimals=2}}\n")

    def text(template, **options):
        extra = {"options": options} if options else {}
        g = server.wait_for(server.create_generation(template["id"], {"total": 1234.5}, outputs=["txt"], **extra).json()["id"])
        return requests.get(g["outputs"][0]["url"]).text

    assert "1.234,50" in text(german)                  # the template's front matter
    assert "1,234.50" in text(german, locale="en-US")  # the generation's option wins
    assert "1,234.50" in text(plain)                   # neither: en-US
    server.request("PATCH", "/v1/workspace", json={"default_locale": "fr-FR"})
    assert "1\u202f234,50" in text(plain) or "1 234,50" in text(plain)  # the workspace default
    assert "1.234,50" in text(german)                  # the front matter still wins over the workspace
