"""The Office template corpus: templates written at test time the way their
authors' tools write them, each with the data it is merged with.

- python-docx / openpyxl files (Word's and Excel's default markup);
- raw WordprocessingML carrying what Word itself leaves in a document: tags
  cut by w:proofErr, bookmarks and rsid revision marks, smart quotes typed by
  autocorrect inside tags;
- files written by LibreOffice: flat ODT, HTML and CSV converted with
  `soffice --convert-to docx|xlsx`, and s2d's own PPTX deck rewritten by
  `soffice --convert-to pptx`.

make_corpus(folder) writes every template and returns {case: Case}.
"""
import base64
import io
import json
import os
import struct
import subprocess
import zipfile
import zlib

import docx
import openpyxl
from docx.shared import Cm
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import PatternFill
from openpyxl.workbook.defined_name import DefinedName

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


class Case:
    def __init__(self, name, kind, data, assets=None):
        self.name, self.kind, self.data, self.assets = name, kind, data, assets or {}
        self.template = None  # path, set when written


def png(width, height, rgb):
    """A solid-colour PNG of the given size (no image library needed)."""
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def data_uri(image):
    return "data:image/png;base64," + base64.b64encode(image).decode()


def with_body(path, body_xml, relationships="", parts=None):
    """A python-docx document whose body is replaced by raw WordprocessingML
    (and `relationships` added to the document's relationship part; `parts`:
    more parts, name -> (content type, XML))."""
    parts = parts or {}
    d = docx.Document()
    buffer = io.BytesIO()
    d.save(buffer)
    source = zipfile.ZipFile(buffer)
    document = source.read("word/document.xml").decode()
    start = document.index("<w:body>") + len("<w:body>")
    sect = document.index("<w:sectPr")
    document = document[:start] + body_xml + document[sect:]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            content = document.encode() if item.filename == "word/document.xml" else source.read(item.filename)
            if item.filename == "word/_rels/document.xml.rels":
                content = content.replace(b"</Relationships>", relationships.encode() + b"</Relationships>")
            if item.filename == "[Content_Types].xml":
                content = content.replace(b"</Types>", "".join(
                    f'<Override PartName="/{name}" ContentType="{kind}"/>' for name, (kind, _) in parts.items())
                    .encode() + b"</Types>")
            out.writestr(item, content)
        for name, (_, xml) in parts.items():
            out.writestr(name, xml)


def p(text, run_props=""):
    return f'<w:p><w:r>{run_props}<w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def soffice(folder, target, files, infilter=None):
    profile = "file://" + os.path.join(folder, "lo-profile")
    command = ["soffice", f"-env:UserInstallation={profile}", "--headless"]
    if infilter:
        command += [f"--infilter={infilter}"]
    command += ["--convert-to", target, "--outdir", folder] + files
    run = subprocess.run(command, capture_output=True, text=True, timeout=240)
    assert run.returncode == 0, run.stderr


def make_corpus(folder, s2d):
    cases = {}

    def add(case, writer):
        case.template = os.path.join(folder, f"{case.name}.{case.kind}")
        writer(case.template)
        cases[case.name] = case

    # 1. A tag Word cut into runs: spell-check marks, a bookmark and revision ids between its pieces.
    add(Case("split_runs", "docx", {"customer": {"name": "Ada Lovelace"}}), lambda path: with_body(path,
        '<w:p w:rsidR="00A10B3C" w:rsidRDefault="00A10B3C"><w:r w:rsidRPr="00B2C4D1"><w:rPr><w:b/></w:rPr>'
        '<w:t xml:space="preserve">Dear {{cus</w:t></w:r><w:proofErr w:type="spellStart"/>'
        '<w:r w:rsidR="00C3E5F2"><w:rPr><w:b/></w:rPr><w:t>tomer.na</w:t></w:r><w:proofErr w:type="spellEnd"/>'
        '<w:bookmarkStart w:id="0" w:name="greeting"/><w:r w:rsidR="00D4F6A3"><w:rPr><w:i/></w:rPr><w:t>me}}</w:t></w:r>'
        '<w:bookmarkEnd w:id="0"/><w:r><w:t>, welcome.</w:t></w:r></w:p>'))

    # 2. Smart quotes typed by autocorrect inside tags.
    add(Case("smart_quotes", "docx", {"status": "paid", "total": 1234.5}), lambda path: with_body(path,
        p("{{#if (eq status \u201cpaid\u201d)}}Paid in full{{else}}Open{{/if}}") +
        p("Total {{currency total \u2018EUR\u2019}}")))

    # 3. Conditions over whole paragraphs: no blank line where they are false.
    for flag in (False, True):
        add(Case(f"condition_{str(flag).lower()}", "docx", {"vip": flag}), lambda path: with_body(path,
            p("Before") + p("{{#if vip}}") + p("Only for VIP customers") + p("{{/if}}") + p("After")))

    # 4. A loop over paragraphs, a heading and a numbered list in each pass (python-docx: list by style).
    def sections(path):
        d = docx.Document()
        d.add_paragraph("{{#each sections}}")
        d.add_heading("{{title}}", 2)
        d.add_paragraph("{{#each steps}}")
        d.add_paragraph("{{this}}", style="List Number")
        d.add_paragraph("{{/each}}")
        d.add_paragraph("{{/each}}")
        d.save(path)
    add(Case("numbered_lists", "docx", {"sections": [
        {"title": "Install", "steps": ["Download", "Unpack", "Run"]},
        {"title": "Configure", "steps": ["Open settings", "Save"]}]}), sections)

    # 5. A table row loop: shading, a vertically merged first column, a total row below.
    def cell(text, props=""):
        return f'<w:tc><w:tcPr><w:tcW w:w="3000" w:type="dxa"/>{props}</w:tcPr>{p(text)}</w:tc>'
    shade = '<w:shd w:val="clear" w:color="auto" w:fill="DDEEFF"/>'
    merge = '<w:vMerge w:val="restart"/>'
    table = ('<w:tbl><w:tblPr><w:tblW w:w="9000" w:type="dxa"/><w:tblBorders><w:top w:val="single" w:sz="4"/>'
             '<w:bottom w:val="single" w:sz="4"/><w:insideH w:val="single" w:sz="4"/><w:insideV w:val="single" w:sz="4"/>'
             '</w:tblBorders></w:tblPr><w:tblGrid><w:gridCol w:w="3000"/><w:gridCol w:w="3000"/><w:gridCol w:w="3000"/>'
             '</w:tblGrid>' +
             '<w:tr>' + cell("Group") + cell("Item") + cell("Qty") + '</w:tr>' +
             '<w:tr>' + cell("{{#each items}}{{../group}}", merge + shade) + cell("{{name}}", shade) +
             cell("{{qty}}{{/each}}", shade) + '</w:tr>' +
             '<w:tr>' + cell("Total") + cell("") + cell("{{total}}") + '</w:tr></w:tbl>')
    add(Case("row_loop", "docx", {"group": "Hardware", "total": 6, "items": [
        {"name": "Bolt", "qty": 1}, {"name": "Nut", "qty": 2}, {"name": "Gear", "qty": 3}]}),
        lambda path: with_body(path, p("Order") + table + p("End")))

    # 5b. Dynamic columns: a loop making up a header cell repeats the column, inside a row loop,
    # under a note cell spanning the whole table; widths rescaled to the table's width.
    def column_table(path):
        header = '<w:tr><w:trPr><w:tblHeader/></w:trPr>' + cell("Product") + cell(
            "{{#each quarters}}{{this}}{{/each}}", shade) + cell("Total") + '</w:tr>'
        body = ('<w:tr>' + cell("{{#each products}}{{name}}") + cell("{{lookup ../sales @index}}") +
                cell("{{total}}{{/each}}") + '</w:tr>')
        note = ('<w:tr><w:tc><w:tcPr><w:tcW w:w="9000" w:type="dxa"/><w:gridSpan w:val="3"/></w:tcPr>' +
                p("Figures for {{year}}") + '</w:tc></w:tr>')
        with_body(path, p("Sales") + table.split("<w:tr>")[0] + header + body + note + "</w:tbl>" + p("End"))
    sales_data = {"year": 2026, "quarters": ["Q1", "Q2", "Q3", "Q4"], "products": [
        {"name": "Bolt", "sales": [1, 2, 3, 4], "total": 10}, {"name": "Nut", "sales": [5, 6, 7, 8], "total": 26}]}
    add(Case("column_loop", "docx", sales_data), column_table)
    add(Case("column_loop_empty", "docx", dict(sales_data, quarters=[])), column_table)

    # 6. Newlines in values, and a page per item without a blank last page.
    add(Case("newlines", "docx", {"address": "Quokka GmbH\nHauptstr. 1\n10115 Berlin"}),
        lambda path: with_body(path, p("Ship to: {{address}}")))
    add(Case("page_per_item", "docx", {"items": [{"name": n} for n in ("Alpha", "Beta", "Gamma")]}),
        lambda path: with_body(path, p("{{#each items}}") + p("Item {{name}}") +
                                    p("{{#unless @last}}{{pagebreak}}{{/unless}}") + p("{{/each}}")))

    # 7. Pictures from data in a loop (asset and data: URI), and a placeholder picture by alt text.
    red, blue = png(40, 20, (220, 30, 30)), png(30, 30, (30, 60, 220))
    add(Case("images", "docx", {"people": [{"name": "Ada", "photo": "red.png"}, {"name": "Grace", "photo": data_uri(blue)},
                                          {"name": "Alan", "photo": "red.png"}]}, assets={"red.png": red}),
        lambda path: with_body(path, p("{{#each people}}") + p('{{name}}: {{image photo width="2cm"}}') + p("{{/each}}")))

    def placeholder(path):
        d = docx.Document()
        d.add_paragraph("Portrait of {{name}}:")
        d.add_picture(io.BytesIO(red), width=Cm(4))
        d.inline_shapes[0]._inline.docPr.set("descr", "{{image photo}}")
        d.save(path)
    add(Case("placeholder_picture", "docx", {"name": "Grace", "photo": data_uri(blue)}), placeholder)

    # 8. Markdown as Word formatting: alone in a paragraph (blocks) and inside a sentence.
    add(Case("markdown", "docx", {
        "notes": "Intro with **bold**, *italic* and a [link](https://example.com/a?b=1&c=2).\n\n- one\n- two\n\n1. first\n2. second",
        "short": "**strong** words"}),
        lambda path: with_body(path, p("{{markdown notes}}") + p("Inline: {{markdown short}} end.")))

    # 9. Headers and footers.
    def header_footer(path):
        d = docx.Document()
        d.sections[0].header.paragraphs[0].text = "{{company}} confidential"
        d.sections[0].footer.paragraphs[0].text = "Prepared for {{customer}}"
        d.add_paragraph("Body for {{customer}}")
        d.save(path)
    add(Case("header_footer", "docx", {"company": "Quokka", "customer": "Ada"}), header_footer)

    # 10. Bookmarks and a hyperlink whose target comes from the data, inside a loop.
    link = ('<Relationship Id="rIdItemLink" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'hyperlink" Target="https://example.com/items/%7B%7Bid%7D%7D?from=s2d" TargetMode="External"/>')
    add(Case("bookmarks_links", "docx", {"items": [{"name": n, "id": i} for i, n in enumerate(("A", "B", "C"))]}),
        lambda path: with_body(path,
        p("{{#each items}}") + '<w:p><w:bookmarkStart w:id="7" w:name="item"/><w:r><w:t>Item {{name}}</w:t></w:r>'
        '<w:bookmarkEnd w:id="7"/><w:r><w:t xml:space="preserve"> see </w:t></w:r><w:hyperlink r:id="rIdItemLink">'
        '<w:r><w:t>page {{name}}</w:t></w:r></w:hyperlink></w:p>' + p("{{/each}}"), link))

    # 10b. Word's notes in a loop: a comment (range and reference) and a footnote in each pass.
    W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    word_ct = "application/vnd.openxmlformats-officedocument.wordprocessingml."
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    note_parts = {
        "word/comments.xml": (word_ct + "comments+xml",
                              f'<w:comments {W}><w:comment w:id="5" w:author="Reviewer" w:initials="R">'
                              '<w:p><w:r><w:t>Check {{customer}}</w:t></w:r></w:p></w:comment></w:comments>'),
        "word/footnotes.xml": (word_ct + "footnotes+xml",
                               f'<w:footnotes {W}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/>'
                               '</w:r></w:p></w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p>'
                               '<w:r><w:continuationSeparator/></w:r></w:p></w:footnote><w:footnote w:id="1"><w:p>'
                               '<w:r><w:t>Note for {{customer}}</w:t></w:r></w:p></w:footnote></w:footnotes>')}
    note_rels = (f'<Relationship Id="rIdC" Type="{rel}comments" Target="comments.xml"/>'
                 f'<Relationship Id="rIdF" Type="{rel}footnotes" Target="footnotes.xml"/>')
    add(Case("word_notes_in_loop", "docx", {"customer": "Quokka", "items": [{"name": n} for n in "ABC"]}),
        lambda path: with_body(path, p("{{#each items}}") +
                               '<w:p><w:commentRangeStart w:id="5"/><w:r><w:t>Item {{name}}</w:t></w:r>'
                               '<w:commentRangeEnd w:id="5"/><w:r><w:commentReference w:id="5"/></w:r>'
                               '<w:r><w:footnoteReference w:id="1"/></w:r></w:p>' + p("{{/each}}"),
                               note_rels, note_parts))

    # 11. Errors: a missing field (strict), an unclosed block.
    add(Case("missing_field", "docx", {"customer": {}}),
        lambda path: with_body(path, p("Intro") + p("Dear {{customer.name}}, thanks")))
    add(Case("unclosed_block", "docx", {}), lambda path: with_body(path, p("A") + p("{{#each items}}") + p("{{name}}")))

    # 12. Written by LibreOffice: a flat ODT with a footnote, a text box, a comment and a link in a loop.
    fodt = os.path.join(folder, "lo_writer.fodt")
    with open(fodt, "w") as f:
        f.write('''<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:xlink="http://www.w3.org/1999/xlink"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:body><office:text>
<text:h text:outline-level="1">Report for {{customer}}</text:h>
<text:p>Terms apply<text:note text:id="n1" text:note-class="footnote"><text:note-citation>1</text:note-citation>
<text:note-body><text:p>Footnote for {{customer}}</text:p></text:note-body></text:note>.</text:p>
<text:p><draw:frame draw:name="Box" text:anchor-type="as-char" svg:width="6cm" svg:height="1.5cm">
<draw:text-box><text:p>Boxed {{boxed}}</text:p></draw:text-box></draw:frame></text:p>
<text:p>{{#each links}}</text:p>
<text:p><office:annotation><dc:creator>Reviewer</dc:creator><text:p>Check this</text:p></office:annotation>See <text:a xlink:type="simple" xlink:href="https://example.com/">{{label}}</text:a></text:p>
<text:p>{{/each}}</text:p>
<table:table table:name="T"><table:table-column table:number-columns-repeated="2"/>
<table:table-row><table:table-cell><text:p>Item</text:p></table:table-cell><table:table-cell><text:p>Price</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell><text:p>{{#each items}}{{name}}</text:p></table:table-cell><table:table-cell><text:p>{{price}}{{/each}}</text:p></table:table-cell></table:table-row>
</table:table>
</office:text></office:body></office:document>''')
    # 12b. Written by LibreOffice: a table whose header cell repeats per region.
    columns_fodt = os.path.join(folder, "lo_columns.fodt")
    with open(columns_fodt, "w") as f:
        f.write('''<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:body><office:text>
<text:p>Headcount by region</text:p>
<table:table table:name="Regions"><table:table-column table:number-columns-repeated="2"/>
<table:table-row><table:table-cell><text:p>Team</text:p></table:table-cell><table:table-cell><text:p>{{#each regions}}{{name}}{{/each}}</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell><text:p>{{#each teams}}{{team}}</text:p></table:table-cell><table:table-cell><text:p>{{lookup ../people name}}{{/each}}</text:p></table:table-cell></table:table-row>
</table:table>
</office:text></office:body></office:document>''')
    # 12c. Written by LibreOffice: a text box and a drawn shape with text in each pass of a loop.
    shapes_fodt = os.path.join(folder, "lo_shapes.fodt")
    with open(shapes_fodt, "w") as f:
        f.write('''<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:automatic-styles><style:style style:name="gr1" style:family="graphic"><style:graphic-properties draw:fill="solid" draw:fill-color="#cfe2f3" svg:stroke-color="#1c4587"/></style:style></office:automatic-styles>
<office:body><office:text>
<text:p>Badges</text:p>
<text:p>{{#each people}}</text:p>
<text:p>Badge: <draw:frame draw:name="Card" text:anchor-type="as-char" svg:width="5cm" svg:height="1.2cm"><draw:text-box><text:p>Name {{name}}</text:p></draw:text-box></draw:frame> <draw:custom-shape draw:name="Tag" draw:style-name="gr1" text:anchor-type="as-char" svg:width="3cm" svg:height="1cm"><text:p>Role {{role}}</text:p><draw:enhanced-geometry draw:type="rectangle"/></draw:custom-shape></text:p>
<text:p>{{/each}}</text:p>
</office:text></office:body></office:document>''')
    html = os.path.join(folder, "lo_html.html")
    with open(html, "w") as f:
        f.write("<html><body><h1>Invoice {{number}}</h1><p>Customer: <b>{{customer.name}}</b>, {{customer.city}}</p>"
                "<table border=1><tr><th>Item</th><th>Qty</th><th>Price</th></tr>"
                "<tr><td>{{#each items}}{{name}}</td><td>{{qty}}</td><td>{{price}}{{/each}}</td></tr></table>"
                "<p><b>Total: {{total}}</b></p></body></html>")
    soffice(folder, "docx:MS Word 2007 XML", [fodt, columns_fodt, shapes_fodt, html])
    items30 = [{"name": f"Widget {i}", "qty": i + 1, "price": f"{(i + 1) * 1.5:.2f}"} for i in range(30)]
    for name, data in (("lo_writer", {"customer": "Quokka", "boxed": "inside", "links": [{"label": "first"}, {"label": "second"}],
                                      "items": [{"name": "Bolt", "price": "1.00"}, {"name": "Nut", "price": "2.00"}]}),
                       ("lo_columns", {"regions": [{"name": r} for r in ("North", "South", "East")], "teams": [
                           {"team": "Sales", "people": {"North": 4, "South": 2, "East": 7}},
                           {"team": "Support", "people": {"North": 1, "South": 3, "East": 5}}]}),
                       ("lo_shapes", {"people": [{"name": "Ada", "role": "Engineer"}, {"name": "Grace", "role": "Admiral"},
                                             {"name": "Alan", "role": "Logician"}]}),
                       ("lo_html", {"number": "INV-42", "customer": {"name": "Quokka Logistics GmbH", "city": "Berlin"},
                                    "items": items30, "total": "697.50"})):
        case = Case(name, "docx", data)
        case.template = os.path.join(folder, f"{name}.docx")
        cases[name] = case

    # 13. XLSX from openpyxl: row loop, formulas, merged cells, conditional format, defined name, filter, dates.
    def sales(path):
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "Sales"
        ws.append(["Item", "Qty", "Price", "Amount"])
        ws.append(["{{#each items}}{{name}}", "{{qty}}", "{{price}}", "=B2*C2"])
        ws["E2"] = "{{/each}}"
        ws.append(["Total", "=SUM(B2:B2)", "", "=SUM(D2:D2)"])
        ws["A5"] = "Due"
        ws["B5"] = "{{due}}"
        ws["B5"].number_format = "yyyy-mm-dd"
        ws["A6"] = "Thanks {{customer}}"
        ws.merge_cells("A6:D6")
        ws.conditional_formatting.add("D2", CellIsRule(operator="greaterThan", formula=["5"],
                                                       fill=PatternFill("solid", fgColor="FFFF00")))
        ws.auto_filter.ref = "A1:D2"
        wb.defined_names.append(DefinedName("GrandTotal", attr_text="Sales!$D$3"))
        summary = wb.create_sheet("Summary")
        summary["A1"] = "Grand total"
        summary["B1"] = "=Sales!D3"
        summary.column_dimensions["A"].width = 20
        ws.column_dimensions["B"].width = 14
        wb.save(path)
        add_calc_chain(path)
    add(Case("sales", "xlsx", {"items": [{"name": f"W{i}", "qty": i + 1, "price": 2.5} for i in range(4)],
                               "due": "2026-12-24", "customer": "Ada"}), sales)

    # 14. XLSX written by LibreOffice Calc (shared strings), from CSV.
    csv = os.path.join(folder, "lo_calc.csv")
    with open(csv, "w") as f:
        f.write("Name,Score\n{{#each rows}}{{name}},{{score}}{{/each}}\nAverage,=AVERAGE(B2:B2)\n")
    soffice(folder, "xlsx:Calc MS Excel 2007 XML", [csv], infilter="CSV:44,34,76,1")
    case = Case("lo_calc", "xlsx", {"rows": [{"name": "Ada", "score": 90}, {"name": "Alan", "score": 70},
                                             {"name": "Grace", "score": 80}]})
    case.template = os.path.join(folder, "lo_calc.xlsx")
    cases["lo_calc"] = case

    # 15. PPTX written by s2d from Markdown, and the same deck rewritten by LibreOffice Impress.
    deck = os.path.join(folder, "deck.md")
    with open(deck, "w") as f:
        f.write("# {{o}}title{{c}}\n\nPrepared for {{o}}customer{{c}}\n\n---\n\n# Account {{o}}name{{c}}\n\n"
                "Revenue {{o}}revenue{{c}}\n\n| Product | Units |\n|---|---|\n"
                "| {{o}}#each products{{c}}{{o}}p{{c}} | {{o}}units{{c}}{{o}}/each{{c}} |\n\n"
                "```notes\n{{o}}#each accounts{{c}}Talk about {{o}}name{{c}}{{o}}/each{{c}}\n```\n\n---\n\n"
                "# Thanks {{o}}customer{{c}}\n")
    deck_data = os.path.join(folder, "deck-braces.json")
    with open(deck_data, "w") as f:
        json.dump({"o": "{{", "c": "}}"}, f)
    subprocess.run([s2d, "render", "--template", deck, "--data", deck_data, "--format", "pptx", "--out",
                    os.path.join(folder, "deck.pptx")], check=True, timeout=60)
    os.makedirs(os.path.join(folder, "lo"), exist_ok=True)
    soffice(os.path.join(folder, "lo"), "pptx", [os.path.join(folder, "deck.pptx")])
    os.replace(os.path.join(folder, "lo", "deck.pptx"), os.path.join(folder, "lo_deck.pptx"))
    accounts = {"title": "QBR", "customer": "Quokka", "accounts": [
        {"name": "Acme", "revenue": "10k", "products": [{"p": "Anvil", "units": 1}, {"p": "Rocket", "units": 2}]},
        {"name": "Globex", "revenue": "20k", "products": [{"p": "Laser", "units": 3}]},
        {"name": "Initech", "revenue": "5k", "products": []}]}
    for name in ("deck", "lo_deck"):
        case = Case(name, "pptx", accounts)
        case.template = os.path.join(folder, f"{name}.pptx")
        cases[name] = case

    # 16. PPTX placeholder pictures (alt text {{image ...}}), on a slide and in a slide loop.
    grey = png(40, 40, (128, 128, 128))
    with open(os.path.join(folder, "grey.png"), "wb") as f:
        f.write(grey)
    pictures_deck = os.path.join(folder, "pictures.md")
    with open(pictures_deck, "w") as f:
        f.write("# Team\n\n![{{o}}image logo{{c}}](grey.png)\n\n---\n\n# {{o}}name{{c}}\n\n"
                "![{{o}}image photo{{c}}](grey.png)\n\n"
                "```notes\n{{o}}#each people{{c}}About {{o}}name{{c}}{{o}}/each{{c}}\n```\n")
    subprocess.run([s2d, "render", "--template", pictures_deck, "--data", deck_data, "--format", "pptx",
                    "--asset", "grey.png=" + os.path.join(folder, "grey.png"),
                    "--out", os.path.join(folder, "pictures.pptx")], check=True, timeout=60)
    case = Case("pptx_pictures", "pptx", {"logo": "red.png", "people": [
        {"name": "Ada", "photo": data_uri(blue)}, {"name": "Grace", "photo": "red.png"}]}, assets={"red.png": red})
    case.template = os.path.join(folder, "pictures.pptx")
    cases["pptx_pictures"] = case

    # 17. PPTX Markdown values: alone in a paragraph (blocks) and inside a sentence, on a slide and in its notes.
    markdown_deck = os.path.join(folder, "markdown_deck.md")
    with open(markdown_deck, "w") as f:
        f.write("# Notes\n\n{{o}}markdown notes{{c}}\n\nInline: {{o}}markdown short{{c}} end.\n\n"
                "```notes\nSay {{o}}markdown short{{c}}\n```\n")
    subprocess.run([s2d, "render", "--template", markdown_deck, "--data", deck_data, "--format", "pptx",
                    "--out", os.path.join(folder, "markdown_deck.pptx")], check=True, timeout=60)
    case = Case("pptx_markdown", "pptx", {
        "notes": "Intro with **bold**, *italic* and a [link](https://example.com/a?b=1&c=2).\n\n- one\n- two\n\n"
                 "1. first\n2. second",
        "short": "**strong** words"})
    case.template = os.path.join(folder, "markdown_deck.pptx")
    cases["pptx_markdown"] = case

    # 18. XLSX Markdown values: a cell's rich text, inside a row loop and beside other text.
    def xlsx_markdown(path):
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "Notes"
        ws.append(["Account", "Note"])
        ws.append(["{{#each accounts}}{{name}}", "{{markdown note}}{{/each}}"])
        ws.append(["Summary", "Overall: {{markdown summary}}"])
        ws.column_dimensions["B"].width = 60
        wb.save(path)
    add(Case("xlsx_markdown", "xlsx", {
        "accounts": [{"name": "Acme", "note": "**renewal** due, *call* Ada"},
                     {"name": "Globex", "note": "- churn risk\n- `SKU-7` late"}],
        "summary": "two **open** items"}), xlsx_markdown)
    # 19. Charts whose data comes from the data: a chart s2d wrote (title tag), the same file rewritten by
    # LibreOffice Writer, a LibreOffice Impress chart (first series name is the tag, no embedded workbook),
    # and a chart on a slide that a slide loop repeats.
    def chart_template(name, fmt, spec, notes=""):
        source = os.path.join(folder, f"{name}.md")
        with open(source, "w") as f:
            f.write("# Revenue\n\n```chart\n" + spec + "\n```\n\nAfter the chart.\n" +
                    (f"\n```notes\n{notes}\n```\n" if notes else ""))
        subprocess.run([s2d, "render", "--template", source, "--data", chart_data, "--format", fmt, "--out",
                        os.path.join(folder, f"{name}.{fmt}")], check=True, timeout=60)
    chart_data = os.path.join(folder, "chart-braces.json")
    with open(chart_data, "w") as f:
        json.dump({"o": "{{", "c": "}}", "rows": [{"q": "Q1", "a": 1, "b": 2}, {"q": "Q2", "a": 3, "b": 4}]}, f)
    title_tag = "type: column\ntitle: {{o}}chart revenue{{c}}\ndata: rows\nx: q\ny: [a, b]"
    series_tag = ("type: line\ntitle: Sales {{o}}year{{c}}\ndata: rows\nx: q\n"
                  "series: [{field: a, name: '{{o}}chart sales{{c}}'}, {field: b, name: target}]")
    chart_template("chart_docx", "docx", title_tag)
    chart_template("chart_series_pptx", "pptx", series_tag)
    chart_template("chart_loop_pptx", "pptx", title_tag, "{{o}}#each accounts{{c}}About {{o}}name{{c}}{{o}}/each{{c}}")
    os.makedirs(os.path.join(folder, "lo_charts"), exist_ok=True)
    soffice(os.path.join(folder, "lo_charts"), "docx:MS Word 2007 XML", [os.path.join(folder, "chart_docx.docx")])
    soffice(os.path.join(folder, "lo_charts"), "pptx", [os.path.join(folder, "chart_series_pptx.pptx")])
    os.replace(os.path.join(folder, "lo_charts", "chart_docx.docx"), os.path.join(folder, "lo_chart_docx.docx"))
    os.replace(os.path.join(folder, "lo_charts", "chart_series_pptx.pptx"), os.path.join(folder, "lo_chart_pptx.pptx"))
    quarters = [{"label": "Q1", "values": [10, 12, 7]}, {"label": "Q2", "values": [14, 9, 8]},
                {"label": "Q3", "values": [16, 11, None]}, {"label": "Q4", "values": [20, 15, 9]}]
    named = {"year": 2026, "sales": [{"label": m, "sales": 5 + i, "target": 6, "forecast": 4 + 2 * i}
                                     for i, m in enumerate(("Jan", "Feb", "Mar", "Apr", "May"))]}
    for name, kind, data in (("chart_docx", "docx", {"revenue": quarters}),
                             ("lo_chart_docx", "docx", {"revenue": [{"label": "North", "values": [3]},
                                                                    {"label": "South", "values": [5]}]}),
                             ("lo_chart_pptx", "pptx", named),
                             ("chart_loop_pptx", "pptx", {"revenue": quarters,
                                                          "accounts": [{"name": "Acme"}, {"name": "Globex"}]}),
                             ("chart_not_a_list", "docx", {"revenue": {"label": "Q1"}})):
        case = Case(name, kind, data)
        case.template = os.path.join(folder, ("chart_docx" if name == "chart_not_a_list" else name) + "." + kind)
        cases[name] = case
    return cases


def add_calc_chain(path):
    """Adds the calcChain.xml Excel writes (openpyxl does not), so its removal is tested."""
    with zipfile.ZipFile(path) as source:
        items = {i.filename: source.read(i.filename) for i in source.infolist()}
    items["xl/calcChain.xml"] = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                                 b'<calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                                 b'<c r="D2" i="1"/><c r="D3"/></calcChain>')
    items["[Content_Types].xml"] = items["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/calcChain.xml" ContentType="application/vnd.openxmlformats-'
                     b'officedocument.spreadsheetml.calcChain+xml"/></Types>')
    items["xl/_rels/workbook.xml.rels"] = items["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rIdCalc" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                             b'relationships/calcChain" Target="calcChain.xml"/></Relationships>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in items.items():
            out.writestr(name, data)
