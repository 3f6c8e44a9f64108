#!/usr/bin/env bash
# PDF of a DOCX template: LibreOffice warm in a render slot's process
# (LibreOfficeKit, slots::OfficePdf) against a cold
# `soffice --headless --convert-to pdf` per document, on the same merged
# 30-row invoice (the template run_template.sh merges).
#
#   bench/office/run_pdf.sh [BUILD_DIR] [N_WARM] [M_COLD]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$root/build}"
n="${2:-50}"
m="${3:-5}"
shared="${S2D_SHARED_DIR:-$root/../shared}"

work="$(mktemp -d /tmp/s2d-bench-office-pdf.XXXXXX)"
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 "$shared/peers/make_corpus.py" "$work" >/dev/null
/usr/bin/python3 - "$work" <<'PY'
import sys, docx
out = sys.argv[1]
d = docx.Document()
d.add_heading("Invoice {{number}}", 1)
d.add_paragraph("Customer: {{customer.name}}, {{customer.city}}")
t = d.add_table(rows=2, cols=3)
for c, v in zip(t.rows[0].cells, ["Item", "Qty", "Price"]): c.text = v
for c, v in zip(t.rows[1].cells, ["{{#each items}}{{name}}", "{{qty}}", "{{price}}{{/each}}"]): c.text = v
d.add_paragraph("Total: {{total}}")
d.save(f"{out}/invoice.s2d.docx")
PY

"$build/bench/office/bench_office_pdf" "$work/invoice.s2d.docx" "$work/invoice.json" "$n" "$m" "$work" \
  > "$work/results.jsonl"
/usr/bin/python3 - "$work/results.jsonl" <<'PY'
import json, sys
r = {x["way"]: x for x in map(json.loads, open(sys.argv[1]))}
w, c = r["warm"], r["cold"]
print(f"30-row invoice DOCX -> PDF ({w['pages']} pages warm, {c['pages']} cold)")
print(f"warm LibreOfficeKit: {w['docs_per_s']:.2f} docs/s ({1000 / w['docs_per_s']:.0f} ms/doc, "
      f"{w['docs']} docs; first incl. start {w['first_with_start_s']:.2f} s)")
print(f"cold soffice per document: {c['docs_per_s']:.2f} docs/s ({1000 / c['docs_per_s']:.0f} ms/doc, {c['docs']} docs)")
print(f"warm/cold: {w['docs_per_s'] / c['docs_per_s']:.1f}x")
PY
