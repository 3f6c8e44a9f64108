"""End-to-end: `s2d render --template X.md --data D.json --format pdf`, offline,
checked with qpdf and poppler-utils as a reader would."""
import json
import os
import re
import subprocess
from pathlib import Path

import pytest

S2D = os.environ.get("S2D_BINARY", "")
EXAMPLES = Path(os.environ.get("S2D_SOURCE_DIR", Path(__file__).resolve().parents[2])) / "docs" / "examples"
BIDI_CONTROLS = re.compile("[\u202a-\u202e]")

pytestmark = pytest.mark.skipif(not S2D, reason="S2D_BINARY is not set (run through ctest)")


def qpdf_check(pdf):
    check = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
    assert check.returncode == 0 and "WARNING" not in check.stdout + check.stderr, check.stdout + check.stderr


def render(tmp_path, template, data=None, fmt="pdf", extra=()):
    """Renders `template` to tmp_path/out.<fmt>; a PDF must pass qpdf --check."""
    template_path = tmp_path / "template.md"
    template_path.write_text(template, encoding="utf-8")
    command = [S2D, "render", "--template", str(template_path), "--format", fmt,
               "--out", str(tmp_path / f"out.{fmt}"), *extra]
    if data is not None:
        data_path = tmp_path / "data.json"
        data_path.write_text(json.dumps(data), encoding="utf-8")
        command += ["--data", str(data_path)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    if done.returncode == 0 and fmt == "pdf":
        qpdf_check(tmp_path / "out.pdf")
    return done


def render_example(tmp_path, name):
    out = tmp_path / f"{name}.pdf"
    done = subprocess.run(
        [S2D, "render", "--template", str(EXAMPLES / f"{name}.md"), "--data", str(EXAMPLES / f"{name}.json"),
         "--format", "pdf", "--asset", f"logo.png={EXAMPLES / 'logo.png'}", "--deterministic", "--out", str(out)],
        capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stderr == "", done.stderr  # no warnings: every glyph found, every image decoded
    qpdf_check(out)
    return out


def page_count(pdf):
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def page_text(pdf, page):
    text = subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    return BIDI_CONTROLS.sub("", text)


def test_invoice_example(tmp_path):
    pdf = render_example(tmp_path, "invoice")
    text = page_text(pdf, 1)
    for expected in ("Invoice INV-2026-0042", "Alpenblick Outdoor AG", "Total due", "€1,866.21", "Page 1 of 1"):
        assert expected in text
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"\n\s+1\s+\d+\s+image\s+640\s+160", images), images  # the logo
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Quokka Logistics GmbH" in info and "Invoice" in info


def test_report_example_repeats_the_table_header(tmp_path):
    pdf = render_example(tmp_path, "report")
    pages = page_count(pdf)
    assert pages >= 4
    register_pages = [p for p in range(1, pages + 1) if "SHP-" in page_text(pdf, p)]
    assert len(register_pages) >= 3
    for page in register_pages:
        assert re.search(r"Shipment\s+Departed\s+Lane\s+Carrier\s+Weight", page_text(pdf, page)), page
    for page in range(1, pages + 1):
        assert f"Page {page} of {pages}" in page_text(pdf, page)


def test_arabic_letter_example(tmp_path):
    pdf = render_example(tmp_path, "letter-ar")
    text = page_text(pdf, 1)
    for expected in ("تأكيد طلب الشحن", "تفاصيل الشحنة", "يوسف كرم", "y.karam@quokka.example"):
        assert expected in text, expected
    assert re.search(r"صفحة\s*1\s*من\s*1", text)  # pdftotext spaces digits in RTL runs loosely


def test_markdown_output_is_the_merged_body(tmp_path):
    for fmt in ("pdf", "md"):
        done = render(tmp_path, "---\ntitle: T\n---\n# Hello {{name}}\n", {"name": "World"}, fmt=fmt)
        assert done.returncode == 0, done.stderr
    assert (tmp_path / "out.md").read_text(encoding="utf-8") == "# Hello World\n"
    assert "Hello World" in page_text(tmp_path / "out.pdf", 1)


def test_deterministic_output_is_byte_identical(tmp_path):
    outputs = []
    for run in range(2):
        done = render(tmp_path, "# Same {{x}}\n\nText.\n", {"x": 1}, extra=("--deterministic",))
        assert done.returncode == 0, done.stderr
        outputs.append((tmp_path / "out.pdf").read_bytes())
    assert outputs[0] == outputs[1]


def error_of(done):
    assert done.returncode != 0, done.stdout + done.stderr
    return json.loads(done.stderr.strip().splitlines()[-1])["error"]


def test_missing_asset_names_it(tmp_path):
    error = error_of(render(tmp_path, "# Logo\n\n![logo](brand.png)\n", {}))
    assert error["code"] == "asset_missing"
    assert error["context"]["asset"] == "brand.png"


def test_missing_field_points_into_the_source(tmp_path):
    error = error_of(render(tmp_path, "---\ntitle: T\n---\n# Hi\n\n{{customer.name}}\n", {}))
    assert error["type"] == "template_error"
    assert error["code"] == "missing_required_field"
    assert error["placeholder"] == "customer.name"
    assert error["line"] == 6


def test_non_strict_front_matter_lets_fields_be_missing(tmp_path):
    done = render(tmp_path, "---\nstrict: false\n---\nHello {{customer.name}}!\n", {})
    assert done.returncode == 0, done.stderr
    assert "Hello !" in page_text(tmp_path / "out.pdf", 1)


def test_bad_front_matter_has_a_line(tmp_path):
    error = error_of(render(tmp_path, "---\ntitle: T\npage:\n  size: B7\n---\nBody\n", {}))
    assert error["code"] == "invalid_front_matter"
    assert error["line"] == 4
    assert "page.size" in error["message"]


def test_unknown_format_is_refused(tmp_path):
    error = error_of(render(tmp_path, "Body\n", {}, fmt="google_docs"))
    assert error["code"] == "output_format_unsupported"
