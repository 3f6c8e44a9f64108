"""Templates end to end: upload (JSON, base64, multipart) with validation,
field discovery and sample data; immutable versions that generations keep
rendering with; archive; assets referenced from a version; synchronous
preview with the structured error."""
import base64
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
import threading

import pytest
import requests

from harness import SOURCE_DIR, Server, assert_error
from sources_support import JsonServer, pdftotext

LOGO = open(os.path.join(SOURCE_DIR, "docs", "examples", "logo.png"), "rb").read()

INVOICE = """---
title: Invoice {{number}}
---
# Invoice {{number}}

Customer: **{{customer.name}}**

{{#each items}}- {{name}}: {{qty}}
{{/each}}
"""
INVOICE_DATA = {"number": "INV-7", "customer": {"name": "Quokka Logistics"},
                "items": [{"name": "Widget", "qty": 2}, {"name": "Gadget", "qty": 5}]}


@pytest.fixture(scope="module")
def server():
    s = Server(env={"S2D_EGRESS_ALLOW": "127.0.0.0/8"}).start()
    yield s
    s.stop()
    shutil.rmtree(s.data_dir, ignore_errors=True)


def text_of(markdown):
    return re.sub(r"\\(.)", r"\1", markdown)


def pdf_image_count(pdf_bytes):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf_bytes)
        f.flush()
        listing = subprocess.run(["pdfimages", "-list", f.name], check=True, capture_output=True, text=True).stdout
    rows = listing.strip().splitlines()[2:]  # after two header lines; column 3 is image, smask, ...
    return sum(1 for row in rows if row.split()[2] == "image")


def md_output(generation):
    md = [o for o in generation["outputs"] if o["format"] == "md"][0]
    return text_of(requests.get(md["url"]).text)


class HeldSource:
    """An http data source whose answer waits until `release()`, so a test
    can change the template while a generation is gathering its data."""

    def __init__(self, server, record):
        self.api = JsonServer(lambda path, query, headers: (200, [record]))
        self.api.gate = threading.Event()
        r = server.post("/v1/data_sources", {"kind": "http", "url": self.api.url + "/record", "timeout_ms": 20000})
        assert r.status_code == 201, r.text
        self.id = r.json()["id"]

    def wait_until_asked(self, timeout=10):
        deadline = threading.Event()
        for _ in range(int(timeout / 0.02)):
            if self.api.requests:
                return
            deadline.wait(0.02)
        raise AssertionError("the generation never asked the source for its data")

    def release(self):
        self.api.gate.set()

    def close(self):
        self.api.close()


# --- Upload and validation ----------------------------------------------------------------------------


def test_create_lists_fields_and_sample_data(server):
    t = server.create_template(INVOICE, name="Invoice", sample_data=INVOICE_DATA, required_fields=["number"])
    assert t["object"] == "template" and t["latest_version"] == 1 and t["kind"] == "markdown"
    paths = {f["path"] for f in t["fields"]}
    assert {"number", "customer.name", "items"} <= paths, t["fields"]
    items = [f for f in t["fields"] if f["path"] == "items"][0]
    assert items["list"] is True and {c["name"] for c in items["children"]} == {"name", "qty"}
    assert t["sample_data"] == INVOICE_DATA and t["required_fields"] == ["number"]
    assert t["documents"] == "one" and t["assets"] == [] and t["archived"] is False
    assert server.get("/v1/templates/" + t["id"]).json() == t


def test_syntax_errors_are_422_with_line_column_and_tag(server):
    e = assert_error(server.post("/v1/templates", {"name": "bad", "source": "# Title\n\nHello {{#each items}}\n"}),
                     422, "template_invalid")
    assert e["type"] == "template_error"
    assert e["line"] == 3 and e["column"] >= 1 and "each" in e["tag"], e
    e = assert_error(server.post("/v1/templates", {"name": "bad", "source": "---\npage: [\n---\nx\n"}), 422,
                     "template_invalid")
    assert e["line"] >= 2, e
    e = assert_error(server.post("/v1/templates", {"name": "bad", "source": "---\ndocuments: many\n---\nx\n"}), 422,
                     "template_invalid")
    assert "per_record" in e["message"]


def test_binary_kinds_and_bad_uploads_are_refused_clearly(server):
    assert_error(server.post("/v1/templates", {"name": "deck", "kind": "pptx", "content_base64": "UEsDBA=="}),
                 422, "template_invalid")
    assert_error(server.post("/v1/templates", {"name": "x", "kind": "latex", "source": "x"}), 400, "parameter_invalid")
    assert_error(server.post("/v1/templates", {"name": "x"}), 400, "parameter_missing")
    assert_error(server.post("/v1/templates", {"name": "x", "source": "a", "content_base64": "YQ=="}), 400,
                 "parameter_invalid")
    assert_error(server.post("/v1/templates", {"name": "x", "content_base64": "not base64!"}), 400, "parameter_invalid")
    assert_error(server.post("/v1/templates", {"name": "x", "content_base64": base64.b64encode(b"\xff\xfe").decode()}),
                 400, "parameter_invalid")


def test_source_as_base64(server):
    source = "# Hello {{name}} \u2014 caf\u00e9\n"
    r = server.post("/v1/templates", {"name": "b64", "content_base64": base64.b64encode(source.encode()).decode()})
    assert r.status_code == 201, r.text
    t = r.json()
    assert [f["path"] for f in t["fields"]] == ["name"]
    g = server.wait_for(server.create_generation(t["id"], {"name": "Ada"}, outputs=["md"]).json()["id"])
    assert md_output(g) == "# Hello Ada \u2014 caf\u00e9\n"


def test_list_is_paginated_and_filters_archived(server):
    ids = [server.create_template("# {{n}}\n", name="list-%d" % i)["id"] for i in range(3)]
    page = server.get("/v1/templates?limit=2").json()
    assert page["object"] == "list" and page["url"] == "/v1/templates" and page["has_more"] is True
    assert [t["id"] for t in page["data"]] == [ids[2], ids[1]]
    rest = server.get("/v1/templates?limit=1&starting_after=" + ids[1]).json()
    assert [t["id"] for t in rest["data"]] == [ids[0]]
    assert server.request("DELETE", "/v1/templates/" + ids[0]).status_code == 200
    active = [t["id"] for t in server.get("/v1/templates?limit=100&archived=false").json()["data"]]
    archived = [t["id"] for t in server.get("/v1/templates?limit=100&archived=true").json()["data"]]
    assert ids[0] in archived and ids[0] not in active and ids[1] in active
    assert_error(server.get("/v1/templates?archived=maybe"), 400, "parameter_invalid")


# --- Versions -----------------------------------------------------------------------------------------


def test_versions_are_immutable_and_listed_newest_first(server):
    t = server.create_template("# V1 {{a}}\n", name="versions", sample_data={"a": 1})
    r = server.post("/v1/templates/%s/versions" % t["id"], {"source": "# V2 {{a}} {{b}}\n"})
    assert r.status_code == 201, r.text
    v2 = r.json()
    assert v2["object"] == "template_version" and v2["version"] == 2 and v2["template_id"] == t["id"]
    assert v2["sample_data"] == {"a": 1}, "sample data carries over when a version does not give it"
    assert [f["path"] for f in v2["fields"]] == ["a", "b"]
    current = server.get("/v1/templates/" + t["id"]).json()
    assert current["latest_version"] == 2 and [f["path"] for f in current["fields"]] == ["a", "b"]
    server.post("/v1/templates/%s/versions" % t["id"], {"source": "# V3 {{a}}\n", "sample_data": {"a": 3}})
    listed = server.get("/v1/templates/%s/versions" % t["id"]).json()
    assert [v["version"] for v in listed["data"]] == [3, 2, 1]
    assert listed["data"][2]["source"] == "# V1 {{a}}\n" and listed["data"][0]["sample_data"] == {"a": 3}
    page = server.get("/v1/templates/%s/versions?limit=1&starting_after=3" % t["id"]).json()
    assert [v["version"] for v in page["data"]] == [2] and page["has_more"] is True
    assert_error(server.get("/v1/templates/%s/versions?starting_after=two" % t["id"]), 400, "parameter_invalid")
    assert_error(server.post("/v1/templates/%s/versions" % t["id"], {"source": "{{#if x}}"}), 422, "template_invalid")
    assert server.get("/v1/templates/" + t["id"]).json()["latest_version"] == 3
    # An explicit older version still renders as it was.
    g = server.wait_for(server.create_generation(t["id"], {"a": "x"}, outputs=["md"], template_version=1).json()["id"])
    assert g["template_version"] == 1 and md_output(g) == "# V1 x\n"
    assert_error(server.create_generation(t["id"], {"a": 1}, template_version=9), 400, "parameter_invalid")


def test_concurrent_versions_get_distinct_numbers(server):
    t = server.create_template("# v {{n}}\n", name="busy")
    numbers = []

    def publish(i):
        r = server.post("/v1/templates/%s/versions" % t["id"], {"source": "# v%d {{n}}\n" % i})
        assert r.status_code == 201, r.text
        numbers.append(r.json()["version"])

    threads = [threading.Thread(target=publish, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(numbers) == [2, 3, 4, 5, 6, 7]
    assert server.get("/v1/templates/" + t["id"]).json()["latest_version"] == 7


def test_generation_created_before_a_new_version_renders_with_its_own(server):
    t = server.create_template("# Version one for {{name}}\n", name="pinned")
    source = HeldSource(server, {"name": "Ada"})
    try:
        r = server.post("/v1/generations", {"template_id": t["id"], "data_source_id": source.id,
                                            "outputs": ["pdf", "md"]})
        assert r.status_code == 202 and r.json()["template_version"] == 1, r.text
        source.wait_until_asked()
        v2 = server.post("/v1/templates/%s/versions" % t["id"], {"source": "# Version two for {{name}}\n"})
        assert v2.status_code == 201 and v2.json()["version"] == 2
        later = server.post("/v1/generations", {"template_id": t["id"], "data_source_id": source.id,
                                                "outputs": ["md"]}).json()
        assert later["template_version"] == 2
        source.release()
        first = server.wait_for(r.json()["id"])
        assert first["status"] == "completed" and first["template_version"] == 1, first
        assert md_output(first) == "# Version one for Ada\n"
        assert "Version one for Ada" in pdftotext(requests.get(first["outputs"][0]["url"]).content)
        assert md_output(server.wait_for(later["id"])) == "# Version two for Ada\n"
    finally:
        source.close()


# --- Archive ------------------------------------------------------------------------------------------


def test_archive_refuses_new_generations_and_lets_running_ones_finish(server):
    t = server.create_template("# Archived later {{name}}\n", name="old")
    source = HeldSource(server, {"name": "Grace"})
    try:
        running = server.post("/v1/generations", {"template_id": t["id"], "data_source_id": source.id,
                                                  "outputs": ["md"]}).json()
        source.wait_until_asked()
        r = server.request("DELETE", "/v1/templates/" + t["id"])
        assert r.status_code == 200 and r.json()["archived"] is True and r.json()["archived_at"].endswith("Z")
        e = assert_error(server.create_generation(t["id"], {"name": "x"}), 400, "template_archived")
        assert e["param"] == "template_id" and "archived" in e["message"]
        assert_error(server.post("/v1/templates/%s/versions" % t["id"], {"source": "# x\n"}), 400, "template_archived")
        assert_error(server.request("PATCH", "/v1/templates/" + t["id"], json={"name": "y"}), 400, "template_archived")
        source.release()
        done = server.wait_for(running["id"])
        assert done["status"] == "completed" and md_output(done) == "# Archived later Grace\n"
    finally:
        source.close()
    assert server.get("/v1/templates/" + t["id"]).json()["archived"] is True
    assert server.request("DELETE", "/v1/templates/" + t["id"]).status_code == 200  # again: still archived
    assert_error(server.request("DELETE", "/v1/templates/tpl_missing"), 404, "resource_missing")


# --- Assets -------------------------------------------------------------------------------------------


def test_assets_in_json_are_stored_with_the_version_and_rendered(server):
    source = "---\nlogo: logo.png\n---\n# Report for {{name}}\n\n![Company logo](logo.png){width=40mm}\n"
    r = server.post("/v1/templates", {"name": "with logo", "source": source,
                                      "assets": [{"name": "logo.png", "content_base64": base64.b64encode(LOGO).decode()}]})
    assert r.status_code == 201, r.text
    t = r.json()
    assert t["assets"] == [{"name": "logo.png", "mime": "image/png", "size_bytes": len(LOGO),
                            "sha256": hashlib.sha256(LOGO).hexdigest()}]
    g = server.wait_for(server.create_generation(t["id"], {"name": "Ada"}, outputs=["pdf"]).json()["id"])
    assert g["status"] == "completed" and not g["warnings"], g
    assert pdf_image_count(requests.get(g["outputs"][0]["url"]).content) >= 2  # logo in the header and in the body
    # A new version without `assets` keeps them; one that drops the reference target fails clearly.
    v2 = server.post("/v1/templates/%s/versions" % t["id"], {"source": "# Again {{name}}\n\n![](logo.png)\n"}).json()
    assert v2["assets"] == t["assets"]
    v3 = server.post("/v1/templates/%s/versions" % t["id"], {"source": "# Missing\n\n![](chart.png)\n",
                                                            "assets": []}).json()
    assert v3["assets"] == []
    g = server.wait_for(server.create_generation(t["id"], {}, outputs=["pdf"]).json()["id"])
    assert g["status"] == "failed" and g["error"]["code"] == "asset_missing", g
    assert g["error"]["context"]["asset"] == "chart.png"


def test_bad_assets_are_refused(server):
    png = base64.b64encode(LOGO).decode()
    cases = [
        [{"name": "../logo.png", "content_base64": png}],
        [{"name": "logo.png", "content_base64": png}, {"name": "logo.png", "content_base64": png}],
        [{"name": "notes.txt", "content_base64": base64.b64encode(b"plain text").decode()}],
        [{"name": "logo.png", "content_base64": png, "mime": "image/jpeg"}],
    ]
    for assets in cases:
        e = assert_error(server.post("/v1/templates", {"name": "x", "source": "# x\n", "assets": assets}), 400,
                         "parameter_invalid")
        assert e["param"].startswith("assets["), e


def test_multipart_upload_with_source_file_and_assets(server):
    files = [
        ("name", (None, "multipart")),
        ("source", ("letter.md", b"# Letter to {{name}}\n\n![Logo](logo.png)\n", "text/markdown")),
        ("assets", ("logo.png", LOGO, "application/octet-stream")),
        ("sample_data", (None, '{"name": "Sample Person"}')),
        ("required_fields", (None, '["name"]')),
    ]
    r = server.request("POST", "/v1/templates", files=files)
    assert r.status_code == 201, r.text
    t = r.json()
    assert t["name"] == "multipart" and t["sample_data"] == {"name": "Sample Person"}
    assert [a["name"] for a in t["assets"]] == ["logo.png"] and t["required_fields"] == ["name"]
    preview = server.post("/v1/templates/%s/preview" % t["id"], {"format": "pdf"})
    assert preview.status_code == 200 and "Letter to Sample Person" in pdftotext(preview.content)
    assert pdf_image_count(preview.content) == 1
    v2 = server.request("POST", "/v1/templates/%s/versions" % t["id"],
                        files=[("source", (None, "# Second {{name}}\n"))])
    assert v2.status_code == 201 and v2.json()["version"] == 2, v2.text
    e = assert_error(server.request("POST", "/v1/templates", files=[("name", (None, "x"))]), 400, "parameter_missing")
    assert e["param"] == "source"
    e = assert_error(server.request("POST", "/v1/templates", files=[("name", (None, "x")), ("source", (None, "# x")),
                                                                     ("colour", (None, "red"))]),
                     400, "parameter_unknown")
    assert e["param"] == "colour"
    assert_error(server.request("POST", "/v1/templates", data=b"--x\r\nbroken",
                                headers={"Content-Type": "multipart/form-data; boundary=x"}), 400, "parameter_invalid")


# --- Preview ------------------------------------------------------------------------------------------


def test_preview_returns_the_file_for_valid_data(server):
    t = server.create_template(INVOICE, name="Invoice", sample_data=INVOICE_DATA)
    r = server.post("/v1/templates/%s/preview" % t["id"], {"format": "pdf", "data": INVOICE_DATA})
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"] == "application/pdf" and r.content.startswith(b"%PDF")
    assert 'filename="Invoice-v1-preview.pdf"' in r.headers["Content-Disposition"]
    assert r.headers["Request-Id"].startswith("req_")
    text = pdftotext(r.content)
    assert "Invoice INV-7" in text and "Quokka Logistics" in text and "Gadget: 5" in text
    sample = server.post("/v1/templates/%s/preview" % t["id"], {"format": "md"})
    assert sample.status_code == 200 and sample.headers["Content-Type"].startswith("text/markdown")
    assert "Quokka Logistics" in text_of(sample.text)
    # The data may be a list of records, as a generation from a data source gets it.
    listing = server.create_template("{{#each records}}{{n}};{{/each}}\n")
    r = server.post("/v1/templates/%s/preview" % listing["id"], {"format": "md", "data": [{"n": 1}, {"n": 2}]})
    assert r.status_code == 200 and r.text.strip() == "1;2;"


def test_preview_returns_the_structured_error_for_a_missing_field(server):
    t = server.create_template(INVOICE, name="Invoice")
    data = {"number": "INV-8", "customer": {}, "items": []}
    e = assert_error(server.post("/v1/templates/%s/preview" % t["id"], {"format": "pdf", "data": data}), 422,
                     "missing_required_field")
    assert e["type"] == "template_error" and e["placeholder"] == "customer.name" and e["line"] == 6, e
    assert e["column"] >= 1 and e["tag"] == "{{customer.name}}"
    required = server.create_template("# {{#if vip}}VIP{{/if}} {{name}}\n", required_fields=["vip"])
    e = assert_error(server.post("/v1/templates/%s/preview" % required["id"], {"format": "pdf", "data": {"name": "A"}}),
                     422, "missing_required_field")
    assert e["placeholder"] == "vip"
    # No data and no sample data; an unsupported format; a version that does not exist.
    e = assert_error(server.post("/v1/templates/%s/preview" % t["id"], {"format": "pdf"}), 400, "parameter_missing")
    assert e["param"] == "data"
    assert_error(server.post("/v1/templates/%s/preview" % t["id"], {"format": "google_docs", "data": data}), 400,
                 "output_format_unsupported")
    assert_error(server.post("/v1/templates/%s/preview" % t["id"], {"format": "pdf", "data": data, "version": 4}),
                 400, "parameter_invalid")
    assert_error(server.post("/v1/templates/tpl_missing/preview", {"format": "pdf", "data": data}), 404,
                 "resource_missing")


def test_preview_of_an_older_version_and_a_per_record_template(server):
    t = server.create_template("# First {{x}}\n")
    server.post("/v1/templates/%s/versions" % t["id"], {"source": "# Second {{x}}\n"})
    r = server.post("/v1/templates/%s/preview" % t["id"], {"format": "md", "data": {"x": 1}, "version": 1})
    assert text_of(r.text) == "# First 1\n"
    letters = server.create_template("---\ndocuments: per_record\n---\n# To {{name}}\n")
    r = server.post("/v1/templates/%s/preview" % letters["id"], {"format": "md",
                                                                 "data": [{"name": "Ada"}, {"name": "Grace"}]})
    assert text_of(r.text) == "# To Ada\n"  # the first record's document


def test_preview_of_a_draft_source_keeps_the_versions_sample_data(server):
    t = server.create_template("# Saved {{name}}\n", sample_data={"name": "Ada"})
    r = server.post("/v1/templates/%s/preview" % t["id"], {"format": "pdf", "source": "# Draft for {{name}}\n"})
    assert r.status_code == 200, r.text
    assert "Draft for Ada" in pdftotext(r.content) and "Saved" not in pdftotext(r.content)
    assert server.get("/v1/templates/" + t["id"]).json()["latest_version"] == 1  # nothing was stored
    e = assert_error(server.post("/v1/templates/%s/preview" % t["id"],
                                 {"format": "pdf", "source": "# Title\n\nHello {{#each items}}\n"}), 422,
                     "template_syntax_error")
    assert e["type"] == "template_error" and e["line"] == 3 and e["column"] >= 1 and "each" in e["tag"], e
    for bad in ("", 7, ["# x"]):
        e = assert_error(server.post("/v1/templates/%s/preview" % t["id"], {"format": "pdf", "source": bad}), 400,
                         "parameter_invalid")
        assert e["param"] == "source"
