"""Office templates merged by the real `s2d render`, opened as users open them.

The corpus (corpus.py) is written once per run: python-docx/openpyxl files,
raw Word markup, and files written by LibreOffice itself. Every template is
merged with its data by the s2d binary; every output is checked for the
invariants Word checks (well-formed parts, content types, relationship
targets, unique drawing/bookmark/comment ids), opened with python-docx or
openpyxl, and converted to PDF by LibreOffice in one soffice call, whose text
is compared with the data. The pages are rendered to PNG under the run's
temp folder (S2D_KEEP_PAGES=1 keeps them in build/office-template-pages).

One test per complaint the other engines' users file (issue #18's list).
"""
import collections
import json
import os
import posixpath
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile

import docx
import openpyxl
import pytest

from corpus import W_NS, make_corpus

S2D = os.environ.get("S2D_BINARY", "s2d")
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
P_NS = "http://schemas.openxmlformats.org/presentationml/2006/main"


def w(tag):
    return f"{{{W_NS}}}{tag}"


class Merged:
    def __init__(self, case, path, run):
        self.case, self.path, self.run = case, path, run
        self.pdf = None

    @property
    def error(self):
        return json.loads(self.run.stderr.strip().splitlines()[-1])["error"]

    def xml(self, part):
        with zipfile.ZipFile(self.path) as z:
            return ET.fromstring(z.read(part))

    def text(self):
        return subprocess.run(["pdftotext", "-layout", str(self.pdf), "-"], capture_output=True, text=True,
                              check=True).stdout

    def pages(self):
        info = subprocess.run(["pdfinfo", str(self.pdf)], capture_output=True, text=True, check=True).stdout
        return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


@pytest.fixture(scope="module")
def merged(tmp_path_factory):
    folder = tmp_path_factory.mktemp("office-templates")
    cases = make_corpus(str(folder), S2D)
    results = {}
    for name, case in cases.items():
        data = folder / f"{name}.json"
        data.write_text(json.dumps(case.data))
        out = folder / f"{name}.out.{case.kind}"
        command = [S2D, "render", "--template", case.template, "--data", str(data), "--format", case.kind,
                   "--out", str(out), "--deterministic"]
        for asset, content in case.assets.items():
            (folder / asset).write_bytes(content)
            command += ["--asset", f"{asset}={folder / asset}"]
        results[name] = Merged(case, out, subprocess.run(command, capture_output=True, text=True, timeout=60))
    produced = [m for m in results.values() if m.run.returncode == 0]
    pdfs = folder / "pdf"
    pdfs.mkdir()
    profile = "file://" + str(folder / "lo-profile")
    run = subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                          "--outdir", str(pdfs)] + [str(m.path) for m in produced],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    pages = folder / "pages"
    pages.mkdir()
    for m in produced:
        m.pdf = pdfs / (m.path.name.rsplit(".", 1)[0] + ".pdf")
        assert m.pdf.exists(), f"LibreOffice did not convert {m.path.name}"
        subprocess.run(["pdftoppm", "-png", "-r", "50", "-l", "3", str(m.pdf), str(pages / m.case.name)], check=True)
    if os.environ.get("S2D_KEEP_PAGES"):
        keep = os.path.join(os.environ.get("S2D_BUILD_DIR", "."), "office-template-pages")
        shutil.rmtree(keep, ignore_errors=True)
        shutil.copytree(pages, keep)
    return results


def ok(merged, name):
    m = merged[name]
    assert m.run.returncode == 0, m.run.stderr
    check_package(m.path)
    return m


def check_package(path):
    """What Word checks before it offers to repair a file."""
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        types = ET.fromstring(z.read("[Content_Types].xml"))
        defaults = {d.get("Extension") for d in types.findall(f"{{{CT_NS}}}Default")}
        overrides = {o.get("PartName")[1:] for o in types.findall(f"{{{CT_NS}}}Override")}
        for part in overrides:
            assert part in names, f"content type for a missing part {part}"
        docpr, bookmarks, comments = [], [], collections.Counter()
        for name in names:
            if name == "[Content_Types].xml":
                continue
            assert name in overrides or name.rsplit(".", 1)[-1] in defaults, f"no content type for {name}"
            if not name.endswith((".xml", ".rels")):
                continue
            root = ET.fromstring(z.read(name))
            if name.endswith(".rels"):
                folder = posixpath.dirname(posixpath.dirname(name))
                for rel in root.findall(f"{{{REL_NS}}}Relationship"):
                    if rel.get("TargetMode") == "External":
                        continue
                    target = posixpath.normpath(posixpath.join(folder, rel.get("Target"))).lstrip("/")
                    assert target in names, f"{name}: {rel.get('Id')} points at missing {target}"
                continue
            docpr += [e.get("id") for e in root.iter(f"{{{WP_NS}}}docPr")]
            bookmarks += [e.get(w("id")) for e in root.iter(w("bookmarkStart"))]
            comments.update(e.get(w("id")) for e in root.iter(w("commentRangeStart")))
            assert "{{" not in "".join(root.itertext()), f"{name} keeps an unmerged tag"
        assert len(docpr) == len(set(docpr)), f"duplicate wp:docPr ids {docpr}"
        assert len(bookmarks) == len(set(bookmarks)), f"duplicate bookmark ids {bookmarks}"
        assert all(count == 1 for count in comments.values()), f"comment anchored twice {comments}"


def paragraphs(m):
    return [p.text for p in docx.Document(m.path).paragraphs]


def full_text(paragraph):
    """The paragraph's text, hyperlinks included (python-docx's .text leaves them out)."""
    return "".join(t.text or "" for t in paragraph._p.iter(w("t")))


def test_tag_split_across_runs_by_proofing_bookmarks_and_revisions(merged):
    m = ok(merged, "split_runs")
    document = docx.Document(m.path)
    assert document.paragraphs[0].text == "Dear Ada Lovelace, welcome."
    value_run = next(r for r in document.paragraphs[0].runs if "Ada Lovelace" in r.text)
    assert value_run.bold, "the value keeps the formatting of the run where the tag starts"
    assert "Dear Ada Lovelace, welcome." in m.text()


def test_smart_quotes_inside_tags_count_as_straight_quotes(merged):
    m = ok(merged, "smart_quotes")
    assert paragraphs(m)[:2] == ["Paid in full", "Total €1,234.50"]


def test_false_condition_leaves_no_blank_paragraph(merged):
    assert paragraphs(ok(merged, "condition_false")) == ["Before", "After"]
    assert paragraphs(ok(merged, "condition_true")) == ["Before", "Only for VIP customers", "After"]


def test_numbered_list_restarts_in_each_loop_pass(merged):
    m = ok(merged, "numbered_lists")
    assert paragraphs(m) == ["Install", "Download", "Unpack", "Run", "Configure", "Open settings", "Save"]
    text = m.text()
    assert re.search(r"1\.\s+Download.*2\.\s+Unpack.*3\.\s+Run.*1\.\s+Open settings.*2\.\s+Save", text, re.S), text
    body = m.xml("word/document.xml")
    ids = [n.get(w("val")) for n in body.iter(w("numId"))]
    assert len(set(ids)) == 2 and ids[0] == ids[2] and ids[0] != ids[3], ids


def test_table_row_loop_keeps_shading_and_vertical_merges(merged):
    m = ok(merged, "row_loop")
    table = docx.Document(m.path).tables[0]
    assert [[c.text for c in r.cells][1:] for r in table.rows] == [
        ["Item", "Qty"], ["Bolt", "1"], ["Nut", "2"], ["Gear", "3"], ["", "6"]]
    rows = list(m.xml("word/document.xml").iter(w("tr")))
    merges = [r.find(f"{w('tc')}/{w('tcPr')}/{w('vMerge')}") for r in rows[1:4]]
    assert [e.get(w("val")) for e in merges] == ["restart", "continue", "continue"]
    fills = [s.get(w("fill")) for r in rows[1:4] for s in r.iter(w("shd"))]
    assert fills == ["DDEEFF"] * 9
    text = m.text()
    assert "Hardware" in text and text.count("Hardware") == 1 and "Gear" in text


def grid_widths(m):
    grid = m.xml("word/document.xml").find(f".//{w('tblGrid')}")
    return [int(c.get(w("w"))) for c in grid.iter(w("gridCol"))]


def test_dynamic_columns_repeat_per_item_with_widths_rescaled(merged):
    m = ok(merged, "column_loop")
    table = docx.Document(m.path).tables[0]
    assert [[c.text for c in r.cells] for r in table.rows[:3]] == [
        ["Product", "Q1", "Q2", "Q3", "Q4", "Total"], ["Bolt", "1", "2", "3", "4", "10"],
        ["Nut", "5", "6", "7", "8", "26"]]
    widths = grid_widths(m)
    assert len(widths) == 6 and abs(sum(widths) - 9000) <= 6, widths
    rows = list(m.xml("word/document.xml").iter(w("tr")))
    # Every cell's width follows the grid; the note cell spans every column, repeated ones included.
    for row in rows:
        spans = [int(s.get(w("val"))) for s in row.iter(w("gridSpan"))] or [1] * len(row.findall(w("tc")))
        assert sum(spans) == 6, spans
    assert [int(c.get(w("w"))) for c in rows[3].iter(w("tcW"))] == [sum(widths)]
    assert [s.get(w("fill")) for s in rows[0].iter(w("shd"))] == ["DDEEFF"] * 4
    assert re.search(r"Product\s+Q1\s+Q2\s+Q3\s+Q4\s+Total", m.text()), m.text()


def test_dynamic_columns_over_an_empty_list_leave_the_other_columns(merged):
    m = ok(merged, "column_loop_empty")
    table = docx.Document(m.path).tables[0]
    assert [[c.text for c in r.cells] for r in table.rows[:2]] == [["Product", "Total"], ["Bolt", "10"]]
    assert len(grid_widths(m)) == 2 and abs(sum(grid_widths(m)) - 9000) <= 2


def test_dynamic_columns_in_a_table_written_by_libreoffice(merged):
    m = ok(merged, "lo_columns")
    table = docx.Document(m.path).tables[0]
    assert [[c.text for c in r.cells] for r in table.rows] == [
        ["Team", "North", "South", "East"], ["Sales", "4", "2", "7"], ["Support", "1", "3", "5"]]
    assert len(grid_widths(m)) == 4
    assert re.search(r"Sales\s+4\s+2\s+7", m.text()), m.text()


def test_newlines_in_values_become_line_breaks(merged):
    m = ok(merged, "newlines")
    runs = m.xml("word/document.xml").find(f".//{w('p')}")
    assert len(list(runs.iter(w("br")))) == 2
    assert re.search(r"Ship to: Quokka GmbH\s*\n\s*Hauptstr\. 1\s*\n\s*10115 Berlin", m.text())


def test_page_break_per_item_leaves_no_blank_last_page(merged):
    m = ok(merged, "page_per_item")
    assert m.pages() == 3
    assert [line.strip() for line in m.text().split("\f") if line.strip()] == ["Item Alpha", "Item Beta", "Item Gamma"]


def test_images_from_data_in_loops_get_unique_ids_and_relationships(merged):
    m = ok(merged, "images")
    body = m.xml("word/document.xml")
    assert len(list(body.iter(f"{{{WP_NS}}}docPr"))) == 3
    extents = [(int(e.get("cx")), int(e.get("cy"))) for e in body.iter(f"{{{WP_NS}}}extent")]
    assert extents[0] == (720000, 360000) and extents[1] == (720000, 720000)
    with zipfile.ZipFile(m.path) as z:
        media = [n for n in z.namelist() if n.startswith("word/media/")]
    assert len(media) == 2, "an image used twice is stored once"
    listing = subprocess.run(["pdfimages", "-list", str(m.pdf)], capture_output=True, text=True, check=True).stdout
    assert len(listing.strip().splitlines()) - 2 == 3


def test_placeholder_picture_is_replaced_inside_its_frame(merged):
    m = ok(merged, "placeholder_picture")
    body = m.xml("word/document.xml")
    blip = next(body.iter(f"{{{A_NS}}}blip"))
    rels = m.xml("word/_rels/document.xml.rels")
    target = next(r.get("Target") for r in rels if r.get("Id") == blip.get(f"{{{R_NS}}}embed"))
    with zipfile.ZipFile(m.path) as z:
        picture = z.read("word/" + target)
    from corpus import png
    assert picture == png(30, 30, (30, 60, 220))
    extent = next(body.iter(f"{{{WP_NS}}}extent"))
    assert int(extent.get("cx")) == int(extent.get("cy")), "the square picture keeps its proportions in the frame"


def test_markdown_becomes_word_formatting(merged):
    m = ok(merged, "markdown")
    document = docx.Document(m.path)
    texts = [full_text(p) for p in document.paragraphs]
    assert texts[:5] == ["Intro with bold, italic and a link.", "one", "two", "first", "second"]
    assert texts[5] == "Inline: strong words end."
    intro = document.paragraphs[0]
    assert any(r.bold and r.text == "bold" for r in intro.runs) and any(r.italic and r.text == "italic" for r in intro.runs)
    assert document.paragraphs[5].runs[1].bold
    rels = m.xml("word/_rels/document.xml.rels")
    assert any(r.get("Target") == "https://example.com/a?b=1&c=2" and r.get("TargetMode") == "External" for r in rels)
    assert re.search(r"•\s+one.*•\s+two.*1\.\s+first.*2\.\s+second", m.text(), re.S), m.text()


def test_headers_and_footers_are_merged(merged):
    m = ok(merged, "header_footer")
    section = docx.Document(m.path).sections[0]
    assert section.header.paragraphs[0].text == "Quokka confidential"
    assert section.footer.paragraphs[0].text == "Prepared for Ada"
    assert "Quokka confidential" in m.text() and "Prepared for Ada" in m.text()


def test_bookmarks_copied_by_a_loop_get_their_own_ids_and_names(merged):
    m = ok(merged, "bookmarks_links")
    starts = list(m.xml("word/document.xml").iter(w("bookmarkStart")))
    assert len({b.get(w("name")) for b in starts}) == 3
    ends = [e.get(w("id")) for e in m.xml("word/document.xml").iter(w("bookmarkEnd"))]
    assert sorted(ends) == sorted(b.get(w("id")) for b in starts)


def test_links_in_loops_take_their_targets_from_data(merged):
    m = ok(merged, "bookmarks_links")
    rels = {r.get("Id"): r.get("Target") for r in m.xml("word/_rels/document.xml.rels")}
    links = [rels[h.get(f"{{{R_NS}}}id")] for h in m.xml("word/document.xml").iter(w("hyperlink"))]
    assert links == [f"https://example.com/items/{i}?from=s2d" for i in range(3)]
    assert "Item B see page B" in m.text()


def test_libreoffice_document_footnote_text_box_comment_link(merged):
    m = ok(merged, "lo_writer")
    text = m.text()
    for expected in ("Report for Quokka", "Footnote for Quokka", "Boxed inside", "See first", "See second", "Bolt", "Nut"):
        assert expected in text, (expected, text)
    footnotes = "".join(m.xml("word/footnotes.xml").itertext())
    assert "Footnote for Quokka" in footnotes
    # The comment in the links loop is anchored once per pass, each anchor on a comment of its own.
    document = m.xml("word/document.xml")
    anchored = [e.get(w("id")) for e in document.iter(w("commentReference"))]
    starts = [e.get(w("id")) for e in document.iter(w("commentRangeStart"))]
    comments = {c.get(w("id")): "".join(c.itertext()) for c in m.xml("word/comments.xml").iter(w("comment"))}
    assert len(anchored) == 2 and len(set(anchored)) == 2, anchored
    assert not starts or sorted(starts) == sorted(anchored), (anchored, starts)  # LibreOffice anchors at a point
    assert all("Check this" in comments[i] for i in anchored), comments


def test_shapes_copied_by_a_loop_get_their_own_ids_and_text(merged):
    m = ok(merged, "lo_shapes")  # check_package: unique wp:docPr ids across the copies
    document = m.xml("word/document.xml")
    ids = [e.get("id") for e in document.iter(f"{{{WP_NS}}}docPr")]
    assert len(ids) == 6, ids
    boxes = ["".join(t.itertext()) for t in document.iter(w("txbxContent"))]
    for name, role in (("Ada", "Engineer"), ("Grace", "Admiral"), ("Alan", "Logician")):
        # Each shape's text is in its DrawingML choice and its VML fallback, both merged.
        assert boxes.count(f"Name {name}") == 2 and boxes.count(f"Role {role}") == 2, boxes
        assert f"Name {name}" in m.text() and role in m.text()


def test_word_notes_in_a_loop_get_a_note_per_pass(merged):
    m = ok(merged, "word_notes_in_loop")
    assert [t for t in paragraphs(m) if t] == ["Item A", "Item B", "Item C"]
    document = m.xml("word/document.xml")
    ids = {kind: [e.get(w("id")) for e in document.iter(w(kind))]
           for kind in ("commentRangeStart", "commentRangeEnd", "commentReference", "footnoteReference")}
    assert ids["commentRangeStart"] == ids["commentRangeEnd"] == ids["commentReference"], ids
    assert len(set(ids["commentReference"])) == 3 and len(set(ids["footnoteReference"])) == 3, ids
    comments = {c.get(w("id")): "".join(c.itertext()) for c in m.xml("word/comments.xml").iter(w("comment"))}
    footnotes = {f.get(w("id")): "".join(f.itertext()) for f in m.xml("word/footnotes.xml").iter(w("footnote"))}
    assert all(comments[i] == "Check Quokka" for i in ids["commentReference"]) and len(comments) == 3, comments
    assert all(footnotes[i] == "Note for Quokka" for i in ids["footnoteReference"]), footnotes
    assert len(footnotes) == 5, footnotes  # the two separators and one note per pass


def test_libreoffice_html_invoice_with_thirty_rows(merged):
    m = ok(merged, "lo_html")
    table = docx.Document(m.path).tables[0]
    assert len(table.rows) == 31
    assert [c.text for c in table.rows[30].cells] == ["Widget 29", "30", "45.00"]
    assert "Widget 29" in m.text() and "Quokka Logistics GmbH" in m.text()


def test_missing_field_names_placeholder_part_and_paragraph(merged):
    m = merged["missing_field"]
    assert m.run.returncode == 1
    error = m.error
    assert error["code"] == "missing_required_field"
    assert error["placeholder"] == "customer.name"
    assert error["part"] == "word/document.xml" and error["paragraph"] == 2
    assert error["tag"] == "{{customer.name}}" and "Dear" in error["context"]


def test_unclosed_block_is_rejected_where_it_opens(merged):
    m = merged["unclosed_block"]
    assert m.run.returncode == 1
    error = m.error
    assert error["code"] == "template_invalid" and error["type"] == "template_error"
    assert error["paragraph"] == 2 and error["tag"] == "{{#each items}}" and "{{/each}}" in error["message"]


def test_xlsx_row_loop_shifts_formulas_merges_formats_names_and_filter(merged):
    m = ok(merged, "sales")
    book = openpyxl.load_workbook(m.path)
    sheet = book["Sales"]
    assert [[c.value for c in row] for row in sheet.iter_rows(min_row=1, max_row=6, max_col=4)] == [
        ["Item", "Qty", "Price", "Amount"],
        ["W0", 1, 2.5, "=B2*C2"], ["W1", 2, 2.5, "=B3*C3"], ["W2", 3, 2.5, "=B4*C4"], ["W3", 4, 2.5, "=B5*C5"],
        ["Total", "=SUM(B2:B5)", None, "=SUM(D2:D5)"]]
    assert sheet["B8"].is_date and sheet["B8"].value.isoformat().startswith("2026-12-24")
    assert [str(r) for r in sheet.merged_cells.ranges] == ["A9:D9"]
    assert sheet.auto_filter.ref == "A1:D5"
    assert [str(f.sqref) for f in sheet.conditional_formatting] == ["D2:D5"]
    assert book.defined_names["GrandTotal"].attr_text == "Sales!$D$6"
    assert book["Summary"]["B1"].value == "=Sales!D6"
    with zipfile.ZipFile(m.path) as z:
        assert "xl/calcChain.xml" not in z.namelist()
    text = m.text()
    assert re.search(r"Total\s+10\s+25", text), text
    assert "Grand total" in text and re.search(r"Grand total\s+25", text)


def test_xlsx_written_by_libreoffice_shared_strings(merged):
    m = ok(merged, "lo_calc")
    sheet = openpyxl.load_workbook(m.path).active
    assert [[c.value for c in row] for row in sheet.iter_rows(min_row=1, max_row=5, max_col=2)] == [
        ["Name", "Score"], ["Ada", 90], ["Alan", 70], ["Grace", 80], ["Average", "=AVERAGE(B2:B4)"]]
    assert re.search(r"Average\s+80", m.text())


@pytest.mark.parametrize("name", ["deck", "lo_deck"])
def test_pptx_slide_loop_with_table_rows_and_notes(merged, name):
    m = ok(merged, name)
    pages = [page for page in m.text().split("\f") if page.strip()]
    assert len(pages) == 5, pages
    assert "QBR" in pages[0] and "Prepared for Quokka" in pages[0]
    assert "Account Acme" in pages[1] and "Anvil" in pages[1] and "Rocket" in pages[1]
    assert "Account Globex" in pages[2] and "Laser" in pages[2] and "Anvil" not in pages[2]
    assert "Account Initech" in pages[3] and "Thanks Quokka" in pages[4]
    with zipfile.ZipFile(m.path) as z:
        notes = [ET.fromstring(z.read(n)) for n in sorted(z.namelist()) if re.match(r"ppt/notesSlides/notesSlide\d+\.xml$", n)]
    spoken = sorted("".join(t.text or "" for t in n.iter(f"{{{A_NS}}}t")) for n in notes)
    assert [s for s in spoken if s.startswith("Talk")] == ["Talk about Acme", "Talk about Globex", "Talk about Initech"]


def test_pptx_placeholder_pictures_take_the_datas_images_per_slide_and_per_loop_copy(merged):
    from corpus import png
    m = ok(merged, "pptx_pictures")
    red, blue = png(40, 20, (220, 30, 30)), png(30, 30, (30, 60, 220))
    with zipfile.ZipFile(m.path) as z:
        names = z.namelist()
        presentation = ET.fromstring(z.read("ppt/presentation.xml"))
        rels = ET.fromstring(z.read("ppt/_rels/presentation.xml.rels"))
        target_of = {r.get("Id"): "ppt/" + r.get("Target") for r in rels}
        slides = [target_of[s.get(f"{{{R_NS}}}id")] for s in presentation.iter(f"{{{P_NS}}}sldId")]
        assert len(slides) == 3, slides
        shown = []
        for slide in slides:
            xml = ET.fromstring(z.read(slide))
            blips = list(xml.iter(f"{{{A_NS}}}blip"))
            assert len(blips) == 1, slide
            slide_rels = ET.fromstring(z.read(slide.replace("slides/", "slides/_rels/") + ".rels"))
            target = next(r.get("Target") for r in slide_rels if r.get("Id") == blips[0].get(f"{{{R_NS}}}embed"))
            shown.append(z.read(posixpath.normpath(posixpath.join(posixpath.dirname(slide), target))))
            descr = [e.get("descr") for e in xml.iter(f"{{{P_NS}}}cNvPr") if e.get("descr")]
            assert not any("{{" in d for d in descr), descr
            picture = next(xml.iter(f"{{{P_NS}}}pic"))
            extent = picture.find(f"{{{P_NS}}}spPr/{{{A_NS}}}xfrm/{{{A_NS}}}ext")
            ratio = int(extent.get("cx")) / int(extent.get("cy"))
            image = shown[-1]
            assert abs(ratio - (2.0 if image == red else 1.0)) < 0.01, (slide, ratio)
        assert shown == [red, blue, red]
        assert len([n for n in names if n.startswith("ppt/media/s2d-image")]) == 2, "each distinct image stored once"
    listing = subprocess.run(["pdfimages", "-list", str(m.pdf)], capture_output=True, text=True, check=True).stdout
    assert len(listing.strip().splitlines()) - 2 == 3
    assert "Ada" in m.text() and "Grace" in m.text()


def test_pptx_markdown_becomes_drawingml_formatting(merged):
    m = ok(merged, "pptx_markdown")
    with zipfile.ZipFile(m.path) as z:
        slide = ET.fromstring(z.read("ppt/slides/slide1.xml"))
        rels = ET.fromstring(z.read("ppt/slides/_rels/slide1.xml.rels"))
        notes = [n for n in z.namelist() if n.startswith("ppt/notesSlides/notesSlide")]
        notes_text = "".join(t.text or "" for n in notes for t in ET.fromstring(z.read(n)).iter(f"{{{A_NS}}}t"))
    paragraphs = [p for p in slide.iter(f"{{{A_NS}}}p")]
    text = ["".join(t.text or "" for t in p.iter(f"{{{A_NS}}}t")) for p in paragraphs]
    start = text.index("Intro with bold, italic and a link.")
    assert text[start:start + 6] == ["Intro with bold, italic and a link.", "one", "two", "first", "second",
                                     "Inline: strong words end."], text
    runs = {(r.find(f"{{{A_NS}}}t").text): r.find(f"{{{A_NS}}}rPr") for r in slide.iter(f"{{{A_NS}}}r")
            if r.find(f"{{{A_NS}}}t") is not None}
    assert runs["bold"].get("b") == "1" and runs["italic"].get("i") == "1" and runs["strong"].get("b") == "1"
    link = runs["link"].find(f"{{{A_NS}}}hlinkClick")
    target = next(r for r in rels if r.get("Id") == link.get(f"{{{R_NS}}}id"))
    assert target.get("Target") == "https://example.com/a?b=1&c=2" and target.get("TargetMode") == "External"
    bullets = [p.find(f"{{{A_NS}}}pPr") for p in paragraphs[start + 1:start + 5]]
    assert all(b.find(f"{{{A_NS}}}buChar") is not None for b in bullets[:2]), "bullets"
    assert all(b.find(f"{{{A_NS}}}buAutoNum") is not None for b in bullets[2:]), "numbers"
    assert "Say strong words" in notes_text and "**" not in notes_text
    pdf_text = m.text()
    assert "Intro with bold" in pdf_text and "Inline: strong words end." in pdf_text and "**" not in pdf_text


def test_xlsx_markdown_becomes_the_cells_rich_text(merged):
    m = ok(merged, "xlsx_markdown")
    sheet = openpyxl.load_workbook(m.path).active
    assert [[c.value for c in row] for row in sheet.iter_rows(min_row=1, max_row=4, max_col=2)] == [
        ["Account", "Note"], ["Acme", "renewal due, call Ada"], ["Globex", "\u2022 churn risk\n\u2022 SKU-7 late"],
        ["Summary", "Overall: two open items"]]
    ns = {"s": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    cells = {c.get("r"): c for c in m.xml("xl/worksheets/sheet1.xml").iter(f"{{{ns['s']}}}c")}
    def runs(ref):
        return [(r.find("s:t", ns).text, sorted(child.tag.split("}")[1] for child in (r.find("s:rPr", ns) or [])))
                for r in cells[ref].iter(f"{{{ns['s']}}}r")]
    assert ("renewal", ["b"]) in runs("B2") and ("call", ["i"]) in runs("B2")
    assert ("SKU-7", ["rFont"]) in runs("B3")
    assert runs("B4")[0] == ("Overall: ", []) and ("open", ["b"]) in runs("B4")
    assert "renewal" in m.text() and "**" not in m.text()



C_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"


def c(tag):
    return f"{{{C_NS}}}{tag}"


def chart_series(root):
    """(name, categories, {index: value}, formulas) of each series of a chart part."""
    out = []
    for ser in root.iter(c("ser")):
        name = [v.text for v in ser.find(c("tx")).iter(c("v"))][0]
        holder = ser.find(c("cat")) if ser.find(c("cat")) is not None else ser.find(c("xVal"))
        values = ser.find(c("val")) if ser.find(c("val")) is not None else ser.find(c("yVal"))
        points = {int(p.get("idx")): float(p.find(c("v")).text) for p in values.iter(c("pt"))}
        out.append((name, [v.text for v in holder.iter(c("v"))], points, [f.text for f in ser.iter(c("f"))]))
    return out


def chart_workbook_rows(m, chart_part):
    """The rows of Sheet1 of the workbook the chart's externalData relates to."""
    import io
    with zipfile.ZipFile(m.path) as z:
        root = ET.fromstring(z.read(chart_part))
        rid = root.find(c("externalData")).get(f"{{{R_NS}}}id")
        rels = ET.fromstring(z.read(posixpath.join(posixpath.dirname(chart_part), "_rels",
                                                   posixpath.basename(chart_part) + ".rels")))
        target = [r.get("Target") for r in rels if r.get("Id") == rid][0]
        workbook = z.read(posixpath.normpath(posixpath.join(posixpath.dirname(chart_part), target)))
    sheet = openpyxl.load_workbook(io.BytesIO(workbook))["Sheet1"]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_chart_takes_more_series_and_categories_from_data_in_xml_and_workbook(merged):
    m = ok(merged, "chart_docx")
    root = m.xml("word/charts/chart1.xml")
    series = chart_series(root)
    assert [s[0] for s in series] == ["a", "b", "Series 3"]
    assert all(s[1] == ["Q1", "Q2", "Q3", "Q4"] for s in series)
    assert series[0][2] == {0: 10, 1: 14, 2: 16, 3: 20}
    assert series[2][2] == {0: 7, 1: 8, 3: 9}  # null is a gap
    assert series[2][3] == ["Sheet1!$D$1", "Sheet1!$A$2:$A$5", "Sheet1!$D$2:$D$5"]
    # The title was only the tag: gone, and no automatic title in its place.
    assert root.find(f"{c('chart')}/{c('title')}") is None
    assert root.find(f"{c('chart')}/{c('autoTitleDeleted')}").get("val") == "1"
    fills = [f.get("val") for s in root.iter(c("ser")) for f in s.iter(f"{{{A_NS}}}srgbClr")]
    assert len(set(fills)) == 3, fills  # the added series has a colour of its own
    rows = chart_workbook_rows(m, "word/charts/chart1.xml")
    assert rows[0][1:] == ["a", "b", "Series 3"]
    assert rows[1:] == [["Q1", 10, 12, 7], ["Q2", 14, 9, 8], ["Q3", 16, 11, None], ["Q4", 20, 15, 9]]
    assert "Series 3" in m.text() and "Q4" in m.text()


def test_chart_written_by_libreoffice_takes_fewer_series(merged):
    m = ok(merged, "lo_chart_docx")
    with zipfile.ZipFile(m.path) as z:
        part = [n for n in z.namelist() if re.match(r"word/charts/chart\d+\.xml$", n)][0]
    series = chart_series(m.xml(part))
    assert [(s[0], s[1], s[2]) for s in series] == [("a", ["North", "South"], {0: 3, 1: 5})]
    assert chart_workbook_rows(m, part)[1:] == [["North", 3], ["South", 5]]
    assert "North" in m.text() and "South" in m.text()


def test_chart_tag_as_first_series_name_in_a_libreoffice_deck(merged):
    m = ok(merged, "lo_chart_pptx")
    with zipfile.ZipFile(m.path) as z:
        part = [n for n in z.namelist() if re.match(r"ppt/charts/chart\d+\.xml$", n)][0]
    root = m.xml(part)
    series = chart_series(root)
    # The template's series names that the rows have come first, then the other fields by name.
    assert [s[0] for s in series] == ["target", "forecast", "sales"]
    assert series[2][2] == {0: 5, 1: 6, 2: 7, 3: 8, 4: 9} and series[0][1] == ["Jan", "Feb", "Mar", "Apr", "May"]
    title = "".join(t.text or "" for t in root.find(f"{c('chart')}/{c('title')}").iter(f"{{{A_NS}}}t"))
    assert title == "Sales 2026"
    # LibreOffice's chart had no workbook: it gets one, so "Edit data" opens the rows.
    assert chart_workbook_rows(m, part)[1] == ["Jan", 6, 4, 5]
    assert "Sales 2026" in m.text() and "forecast" in m.text()


def test_chart_on_a_repeated_slide_gets_a_part_per_copy(merged):
    m = ok(merged, "chart_loop_pptx")
    with zipfile.ZipFile(m.path) as z:
        charts = []
        for name in sorted(z.namelist()):
            if re.match(r"ppt/slides/_rels/slide\d+\.xml\.rels$", name):
                for rel in ET.fromstring(z.read(name)):
                    if rel.get("Type").endswith("/chart"):
                        charts.append(posixpath.normpath(posixpath.join("ppt/slides", rel.get("Target"))))
        assert len(charts) == 2 and len(set(charts)) == 2, charts
        for part in charts:
            assert [s[0] for s in chart_series(ET.fromstring(z.read(part)))] == ["a", "b", "Series 3"]
    assert [chart_workbook_rows(m, part)[4] for part in charts] == [["Q4", 20, 15, 9]] * 2
    pages = [page for page in m.text().split("\f") if page.strip()]
    assert len(pages) == 2 and all("Q4" in page for page in pages), pages


def test_chart_data_that_is_no_list_of_rows_names_the_chart_and_the_field(merged):
    m = merged["chart_not_a_list"]
    assert m.run.returncode != 0
    error = m.error
    assert error["code"] == "invalid_chart" and error["placeholder"] == "revenue", error
    assert error["part"] == "word/charts/chart1.xml" and error["tag"] == "{{chart revenue}}", error
