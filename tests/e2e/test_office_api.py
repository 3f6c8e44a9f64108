"""Office templates through the API: a DOCX and an XLSX built here with
python-docx and openpyxl, and a PPTX written by s2d itself, are uploaded as
content_base64 or a multipart file, merged into their own kind and into PDF
(LibreOffice warm in the render slots) by generations, downloaded and read
back; broken templates, missing fields and unsupported outputs get their
structured errors."""
import base64
import io
import json
import os
import shutil
import subprocess
import zipfile

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


def test_xlsx_template_renders_to_pdf_through_the_slots_libreoffice(server, tmp_path):
    rows = [["Customer", "{{customer}}"], ["{{#each lines}}{{item}}", "{{qty}}{{/each}}"], ["Total", "{{total}}"]]
    r = upload(server, "xlsx", xlsx_bytes(rows))
    assert r.status_code == 201, r.text
    data = {"customer": "Quokka", "lines": [{"item": "Widget", "qty": 3}, {"item": "Gadget", "qty": 5}], "total": 8}
    r = server.create_generation(r.json()["id"], data, outputs=("pdf", "xlsx"))
    assert r.status_code == 202, r.text
    g = server.wait_for(r.json()["id"], timeout=120)
    assert g["status"] == "completed", g
    text, pages = pdf_facts(download(g["outputs"][0]), tmp_path, "sheet")
    for word in ("Customer", "Quokka", "Widget", "Gadget", "Total"):
        assert word in text, text
    assert "{{" not in text and pages == 1 and g["outputs"][0]["pages"] == 1, (text, pages)
    sheet = openpyxl.load_workbook(io.BytesIO(download(g["outputs"][1]))).active
    assert [sheet.cell(row=i, column=1).value for i in range(1, 5)] == ["Customer", "Widget", "Gadget", "Total"]
    e = assert_error(server.create_generation(g["template_id"], data, outputs=("docx",)), 400,
                     "output_format_unsupported")
    assert e["supported_formats"] == ["xlsx", "pdf"], e


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


def test_other_kinds_are_refused(server):
    r = upload(server, "docx", docx_bytes("Hello {{name}}"))
    assert r.status_code == 201, r.text
    e = assert_error(server.create_generation(r.json()["id"], {"name": "x"}, outputs=("xlsx",)), 400,
                     "output_format_unsupported")
    assert e["supported_formats"] == ["docx", "pdf"], e
    assert_error(server.create_generation(r.json()["id"], {"name": "x"}, outputs=("html",)), 400,
                 "output_format_unsupported")
    assert_error(server.post("/v1/templates", {"name": "x", "kind": "docx", "source": "text"}), 400,
                 "parameter_missing")


def download(output):
    r = requests.get(output["url"], timeout=30)
    assert r.status_code == 200, r.text
    return r.content


def pdf_facts(pdf, tmp_path, name):
    """The PDF's text and page count (pdftotext, qpdf), with a picture of page 1 to look at."""
    path = tmp_path / (name + ".pdf")
    path.write_bytes(pdf)
    subprocess.run(["qpdf", "--check", str(path)], check=True, capture_output=True, timeout=60)
    pages = int(subprocess.run(["qpdf", "--show-npages", str(path)], check=True, capture_output=True,
                               text=True, timeout=60).stdout)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True,
                          text=True, timeout=60).stdout
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(path), str(tmp_path / name)],
                   check=True, timeout=60)
    assert list(tmp_path.glob(name + "*.png")), "no picture of page 1"
    return text, pages


def invoice_docx():
    document = docx.Document()
    document.add_heading("Invoice {{number}}", 1)
    document.add_paragraph("Customer: {{customer.name}}")
    table = document.add_table(rows=2, cols=2)
    for cell, text in zip(table.rows[0].cells, ["Item", "Price"]):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ["{{#each items}}{{name}}", "{{price}}{{/each}}"]):
        cell.text = text
    document.add_paragraph("{{#if paid}}")
    document.add_paragraph("PAID IN FULL")
    document.add_paragraph("{{/if}}")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_template_renders_to_pdf_and_docx(server, tmp_path):
    r = upload(server, "docx", invoice_docx())
    assert r.status_code == 201, r.text
    items = [{"name": "Widget %d" % i, "price": "%d.00" % (10 + i)} for i in range(60)]
    data = {"number": "INV-77", "customer": {"name": "Quokka Pty"}, "items": items, "paid": False}
    r = server.create_generation(r.json()["id"], data, outputs=("pdf", "docx"))
    assert r.status_code == 202, r.text
    g = server.wait_for(r.json()["id"], timeout=120)
    assert g["status"] == "completed", g
    assert [o["format"] for o in g["outputs"]] == ["pdf", "docx"]
    text, pages = pdf_facts(download(g["outputs"][0]), tmp_path, "invoice")
    assert "Invoice INV-77" in text and "Customer: Quokka Pty" in text, text
    assert "Widget 0" in text and "Widget 59" in text and "69.00" in text, text
    assert "PAID" not in text and "{{" not in text, text
    # 60 table rows do not fit one A4/Letter page, nor need five.
    assert 2 <= pages <= 4, pages
    assert g["outputs"][0]["pages"] == pages, g["outputs"][0]
    merged = docx.Document(io.BytesIO(download(g["outputs"][1])))
    assert len(merged.tables[0].rows) == 61


def s2d_written_pptx(tmp_path):
    """A two-slide deck with tags, written by `s2d render` from Markdown (the
    tags pass through as data so they land in the slides as text)."""
    deck = tmp_path / "deck.md"
    deck.write_text("# {{o}}title{{c}}\n\nPrepared for {{o}}customer.name{{c}}\n\n---\n\n"
                    "# Accounts\n\n| Account | Revenue |\n|---|---|\n"
                    "| {{o}}#each accounts{{c}}{{o}}name{{c}} | {{o}}revenue{{c}}{{o}}/each{{c}} |\n")
    braces = tmp_path / "braces.json"
    braces.write_text(json.dumps({"o": "{{", "c": "}}"}))
    out = tmp_path / "deck.pptx"
    subprocess.run([os.environ["S2D_BINARY"], "render", "--template", str(deck), "--data", str(braces),
                    "--format", "pptx", "--out", str(out)], check=True, timeout=60)
    return out.read_bytes()


def test_pptx_template_renders_to_pptx_and_pdf(server, tmp_path):
    r = upload(server, "pptx", s2d_written_pptx(tmp_path))
    assert r.status_code == 201, r.text
    template = r.json()
    assert template["kind"] == "pptx" and "accounts" in str(template["fields"])
    data = {"title": "Quarterly review", "customer": {"name": "Quokka Pty"},
            "accounts": [{"name": "Acme", "revenue": "10k"}, {"name": "Globex", "revenue": "20k"}]}
    r = server.create_generation(template["id"], data, outputs=("pptx", "pdf"))
    assert r.status_code == 202, r.text
    g = server.wait_for(r.json()["id"], timeout=120)
    assert g["status"] == "completed", g
    pptx = zipfile.ZipFile(io.BytesIO(download(g["outputs"][0])))
    slides = "".join(pptx.read(n).decode() for n in pptx.namelist() if n.startswith("ppt/slides/slide"))
    assert "Quarterly review" in slides and "Globex" in slides and "{{" not in slides
    text, pages = pdf_facts(download(g["outputs"][1]), tmp_path, "deck")
    assert "Quarterly review" in text and "Prepared for Quokka Pty" in text, text
    assert "Acme" in text and "Globex" in text and "20k" in text and "{{" not in text, text
    assert pages == 2 and g["outputs"][1]["pages"] == 2, (pages, g["outputs"][1])


def test_multipart_file_upload_previews_as_pdf(server, tmp_path):
    files = [("name", (None, "multipart office")), ("kind", (None, "docx")),
             ("sample_data", (None, '{"customer": {"name": "Sample Bilby"}}')),
             ("file", ("letter.docx", docx_bytes("Dear {{customer.name}},", "Thank you."),
                       "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))]
    r = server.request("POST", "/v1/templates", files=files)
    assert r.status_code == 201, r.text
    template = r.json()
    assert template["kind"] == "docx" and "customer" in str(template["fields"])
    preview = server.post("/v1/templates/%s/preview" % template["id"], {"format": "pdf"}, timeout=120)
    assert preview.status_code == 200, preview.text
    assert preview.headers["Content-Type"].startswith("application/pdf")
    text, pages = pdf_facts(preview.content, tmp_path, "letter")
    assert "Dear Sample Bilby," in text and "Thank you." in text and pages == 1, text
    g = generate(server, template["id"], {"customer": {"name": "Numbat"}}, "docx")
    assert g["status"] == "completed", g
    assert [p.text for p in docx.Document(io.BytesIO(download(g["outputs"][0]))).paragraphs] == \
        ["Dear Numbat,", "Thank you."]


def with_relationship(package, rel_type, target):
    """The package with one more relationship on word/document.xml, pointing outside it."""
    source, out = zipfile.ZipFile(io.BytesIO(package)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as merged:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/_rels/document.xml.rels":
                data = data.replace(b"</Relationships>", (
                    '<Relationship Id="rIdOutside" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    'relationships/%s" Target="%s" TargetMode="External"/></Relationships>'
                    % (rel_type, target)).encode())
            merged.writestr(item, data)
    return out.getvalue()


def test_a_linked_picture_is_not_fetched_by_libreoffice(server, tmp_path):
    linked = with_relationship(docx_bytes("Hello {{name}}"), "image", "http://127.0.0.1:9/tracker.png")
    r = upload(server, "docx", linked)
    assert r.status_code == 201, r.text
    g = generate(server, r.json()["id"], {"name": "Quokka"}, "pdf")
    assert g["status"] == "failed", g
    assert g["error"]["code"] == "render_failed", g["error"]
    assert "http://127.0.0.1:9/tracker.png" in g["error"]["message"], g["error"]
    assert g["error"]["part"] == "word/_rels/document.xml.rels", g["error"]
    assert generate(server, r.json()["id"], {"name": "Quokka"}, "docx")["status"] == "completed"
    # A hyperlink is followed by readers only: its PDF is made.
    hyperlinked = with_relationship(docx_bytes("Hello {{name}}"), "hyperlink", "https://example.com/")
    r = upload(server, "docx", hyperlinked)
    assert r.status_code == 201, r.text
    g = generate(server, r.json()["id"], {"name": "Quokka"}, "pdf")
    assert g["status"] == "completed", g
    assert "Hello Quokka" in pdf_facts(download(g["outputs"][0]), tmp_path, "hyperlinked")[0]


def test_a_conversion_past_the_render_timeout_ends_with_its_slot(tmp_path):
    """LibreOffice laying out 5,000 table rows outlasts a 3 s render timeout:
    the slot (and its LibreOffice) is killed, the generation fails
    render_timeout, and the fresh slot starts a fresh LibreOffice for the next PDF."""
    s = Server(env={"S2D_RENDER_SLOTS": "1", "S2D_RENDER_TIMEOUT_SECONDS": "3"}).start()
    try:
        r = upload(s, "docx", invoice_docx())
        assert r.status_code == 201, r.text
        items = [{"name": "Widget %d" % i, "price": "%d.00" % i} for i in range(5000)]
        g = generate(s, r.json()["id"], {"number": "BIG", "customer": {"name": "Q"}, "items": items, "paid": True},
                     "pdf")
        assert g["status"] == "failed" and g["error"]["code"] == "render_timeout", g["error"]
        g = generate(s, r.json()["id"], {"number": "SMALL", "customer": {"name": "Q"},
                                         "items": [{"name": "One", "price": "1.00"}], "paid": True}, "pdf")
        assert g["status"] == "completed", g["error"]
        text, pages = pdf_facts(download(g["outputs"][0]), tmp_path, "small")
        assert "Invoice SMALL" in text and "PAID IN FULL" in text and pages == 1, text
    finally:
        s.stop()
        shutil.rmtree(s.data_dir, ignore_errors=True)
