"""Office templates through the API: a DOCX and an XLSX built here with
python-docx and openpyxl are uploaded as content_base64, merged into their own
kind by a generation, downloaded and read back; broken templates, missing
fields and PDF outputs get their structured errors."""
import base64
import io
import shutil

import docx
import openpyxl
import pytest
import requests

from harness import Server, assert_error


@pytest.fixture(scope="module")
def server():
    s = Server().start()
    yield s
    s.stop()
    shutil.rmtree(s.data_dir, ignore_errors=True)


def docx_bytes(*paragraphs):
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes(rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(server, kind, content):
    return server.post("/v1/templates", {"name": "office", "kind": kind,
                                         "content_base64": base64.b64encode(content).decode()})


def generate(server, template_id, data, fmt):
    r = server.create_generation(template_id, data, outputs=(fmt,))
    assert r.status_code == 202, r.text
    return server.wait_for(r.json()["id"])


def test_docx_template_merges_into_docx(server):
    r = upload(server, "docx", docx_bytes("Dear {{customer.name}},", "{{#each items}}", "Item {{name}}", "{{/each}}"))
    assert r.status_code == 201, r.text
    template = r.json()
    assert template["kind"] == "docx"
    assert "customer" in str(template["fields"]) and "items" in str(template["fields"])
    g = generate(server, template["id"], {"customer": {"name": "Quokka"}, "items": [{"name": "A"}, {"name": "B"}]},
                 "docx")
    assert g["status"] == "completed", g
    merged = docx.Document(io.BytesIO(requests.get(g["outputs"][0]["url"], timeout=30).content))
    texts = [p.text for p in merged.paragraphs]
    assert texts == ["Dear Quokka,", "Item A", "Item B"], texts


def test_xlsx_template_merges_into_xlsx(server):
    r = upload(server, "xlsx", xlsx_bytes([["Customer", "{{customer}}"], ["Total", "{{total}}"]]))
    assert r.status_code == 201, r.text
    g = generate(server, r.json()["id"], {"customer": "Quokka", "total": 42}, "xlsx")
    assert g["status"] == "completed", g
    book = openpyxl.load_workbook(io.BytesIO(requests.get(g["outputs"][0]["url"], timeout=30).content))
    sheet = book.active
    assert sheet["B1"].value == "Quokka" and sheet["B2"].value == 42


def test_unclosed_block_is_refused_with_its_place(server):
    e = assert_error(upload(server, "docx", docx_bytes("Intro", "{{#each items}}", "Item {{name}}")), 422,
                     "template_invalid")
    assert e["part"] == "word/document.xml" and e["paragraph"] >= 1, e
    assert "each" in e["tag"], e


def test_missing_field_fails_the_generation_with_placeholder_and_part(server):
    r = upload(server, "docx", docx_bytes("Dear {{customer.name}},"))
    assert r.status_code == 201, r.text
    g = generate(server, r.json()["id"], {"customer": {}}, "docx")
    assert g["status"] == "failed", g
    assert g["error"]["placeholder"] == "customer.name", g["error"]
    assert g["error"]["part"] == "word/document.xml", g["error"]


def test_pdf_and_other_kinds_are_refused(server):
    r = upload(server, "docx", docx_bytes("Hello {{name}}"))
    assert r.status_code == 201, r.text
    e = assert_error(server.create_generation(r.json()["id"], {"name": "x"}, outputs=("pdf",)), 400,
                     "output_format_unsupported")
    assert e["supported_formats"] == ["docx"], e
    assert_error(server.create_generation(r.json()["id"], {"name": "x"}, outputs=("xlsx",)), 400,
                 "output_format_unsupported")
    assert_error(server.post("/v1/templates", {"name": "x", "kind": "docx", "source": "text"}), 400,
                 "parameter_missing")
