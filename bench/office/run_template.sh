#!/usr/bin/env bash
# DOCX template merge, side by side in one run, one thread each:
#   - s2d (bench_office_template): office_template::merge, ZIP in, ZIP out;
#   - docxtemplater (npm, with pizzip): the same invoice, ZIP in, ZIP out.
# The document is the peer corpus's 30-row invoice: make_corpus.py writes
# docxtemplater's template ({tag} syntax, loop over the table row); the s2d
# template is the same python-docx document with {{ }} tags. Both engines run
# ROUNDS times, interleaved, and the best round counts (the machine is shared).
#
#   bench/office/run_template.sh [BUILD_DIR] [N] [ROUNDS]
#
# docxtemplater and pizzip are installed into /tmp/peers when missing, never
# into the project.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$root/build}"
n="${2:-300}"
rounds="${3:-3}"
shared="${S2D_SHARED_DIR:-$root/../shared}"

corpus="$(mktemp -d /tmp/s2d-bench-office-template.XXXXXX)"
trap 'rm -rf "$corpus"' EXIT
/usr/bin/python3 "$shared/peers/make_corpus.py" "$corpus" >/dev/null
/usr/bin/python3 - "$corpus" <<'PY'
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

if [ ! -d /tmp/peers/node_modules/docxtemplater ] || [ ! -d /tmp/peers/node_modules/pizzip ]; then
  echo "installing docxtemplater and pizzip into /tmp/peers" >&2
  mkdir -p /tmp/peers
  (cd /tmp/peers && { [ -f package.json ] || npm init -y >/dev/null; } &&
    npm install --silent --no-audit --no-fund docxtemplater pizzip >/dev/null)
fi

results="$corpus/results.jsonl"
for round in $(seq "$rounds"); do
  "$build/bench/office/bench_office_template" "$corpus/invoice.s2d.docx" "$corpus/invoice.json" "$n" \
    "$corpus/s2d-invoice.docx" >> "$results"
  NODE_PATH=/tmp/peers/node_modules node "$shared/peers/docxtemplater-bench.js" \
    "$corpus/invoice.docxtemplater.docx" "$corpus/invoice.json" "$n" >> "$results"
done
# Both outputs hold the same 31 table rows.
/usr/bin/python3 - "$corpus/s2d-invoice.docx" <<'PY'
import sys, docx
rows = docx.Document(sys.argv[1]).tables[0].rows
assert len(rows) == 31 and rows[30].cells[0].text == "Widget 29", [c.text for c in rows[30].cells]
PY

/usr/bin/python3 - "$results" "$rounds" <<'PY'
import json, sys
best, first = {}, []
for line in open(sys.argv[1]):
    r = json.loads(line)
    best[r["peer"]] = max(best.get(r["peer"], 0), r["docs_per_s"])
    if "first_merge_ms" in r: first.append(r["first_merge_ms"])
s2d, peer = best["s2d"], best["docxtemplater"]
print(f"30-row invoice DOCX merge, best of {sys.argv[2]} rounds, one thread each")
print(f"s2d {s2d:.0f} docs/s ({1000 / s2d:.2f} ms/doc; first merge incl. preparing the template {min(first):.1f} ms)")
print(f"docxtemplater {peer:.0f} docs/s ({1000 / peer:.2f} ms/doc)")
print(f"s2d/docxtemplater: {s2d / peer:.1f}x")
PY
