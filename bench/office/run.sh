#!/usr/bin/env bash
# DOCX and PPTX speed, side by side in one run, on one thread each:
#   - s2d (bench_office): template merge + Markdown parse + package, in process;
#   - pandoc (Debian): the already merged Markdown -> DOCX/PPTX, one process per
#     document, as a user runs it (process start included);
#   - docxtemplater (npm): merging the equivalent 30-row invoice DOCX template.
# Documents: the peer corpus's invoice (30 rows) and report (50 paragraphs),
# and the 10-slide QBR deck of docs/examples. Every engine runs ROUNDS times,
# interleaved, and the best round counts (the machine is shared).
#
#   bench/office/run.sh [BUILD_DIR] [N] [ROUNDS]
#
# Needs the build's bench_office, pandoc, node and npm. docxtemplater and
# pizzip are installed into /tmp/peers when missing, never into the project.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$root/build}"
n="${2:-200}"
rounds="${3:-3}"
pandoc_runs="${PANDOC_RUNS:-10}"
shared="${S2D_SHARED_DIR:-$root/../shared}"
docs=(invoice report qbr-deck)

corpus="$(mktemp -d /tmp/s2d-bench-office.XXXXXX)"
trap 'rm -rf "$corpus"' EXIT
/usr/bin/python3 "$shared/peers/make_corpus.py" "$corpus" >/dev/null
cp "$root/docs/examples/qbr-deck.md" "$root/docs/examples/qbr-deck.json" "$corpus/"
"$build/bench/office/bench_office" --merged "$corpus" "${docs[@]}"

if [ ! -d /tmp/peers/node_modules/docxtemplater ] || [ ! -d /tmp/peers/node_modules/pizzip ]; then
  echo "installing docxtemplater and pizzip into /tmp/peers" >&2
  mkdir -p /tmp/peers
  (cd /tmp/peers && { [ -f package.json ] || npm init -y >/dev/null; } &&
    npm install --silent --no-audit --no-fund docxtemplater pizzip >/dev/null)
fi

# pandoc, one process per document: prints a JSON line like the other drivers.
time_pandoc() {
  /usr/bin/python3 - "$corpus" "$1" "$2" "$pandoc_runs" <<'PY'
import json, subprocess, sys, time
corpus, doc, fmt, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
cmd = ["pandoc", "-f", "markdown", "-t", fmt, "-o", f"pandoc-{doc}.{fmt}", f"{doc}.merged.md"]
subprocess.run(cmd, cwd=corpus, check=True)  # warm the page cache
start = time.perf_counter()
for _ in range(runs):
    subprocess.run(cmd, cwd=corpus, check=True)
seconds = time.perf_counter() - start
print(json.dumps({"peer": "pandoc", "doc": doc, "format": fmt, "docs": runs, "seconds": seconds,
                  "docs_per_s": runs / seconds}))
PY
}

results="$corpus/results.jsonl"
for round in $(seq "$rounds"); do
  "$build/bench/office/bench_office" "$corpus" "$n" "${docs[@]}" >> "$results"
  for doc in "${docs[@]}"; do
    for format in docx pptx; do time_pandoc "$doc" "$format" >> "$results"; done
  done
  NODE_PATH=/tmp/peers/node_modules node "$shared/peers/docxtemplater-bench.js" \
    "$corpus/invoice.docxtemplater.docx" "$corpus/invoice.json" "$n" \
    | sed 's/^{/{"doc":"invoice","format":"docx",/' >> "$results"
done

/usr/bin/python3 - "$results" "$rounds" "${docs[@]}" <<'PY'
import json, sys
results, rounds, docs = sys.argv[1], sys.argv[2], sys.argv[3:]
best = {}
for line in open(results):
    r = json.loads(line)
    key = (r["doc"], r["format"], r["peer"])
    best[key] = max(best.get(key, 0), r["docs_per_s"])
print(f"best of {rounds} rounds, one thread each; pandoc: one process per document")
print(f"{'document':10} {'format':6} {'s2d ms/doc':>11} {'pandoc ms/doc':>14} {'s2d/pandoc':>11}")
for doc in docs:
    for fmt in ("docx", "pptx"):
        s2d, pandoc = best[(doc, fmt, "s2d")], best[(doc, fmt, "pandoc")]
        print(f"{doc:10} {fmt:6} {1000 / s2d:11.2f} {1000 / pandoc:14.1f} {s2d / pandoc:10.0f}x")
s2d, peer = best[("invoice", "docx", "s2d")], best[("invoice", "docx", "docxtemplater")]
print(f"invoice DOCX merge: s2d {s2d:.0f} docs/s, docxtemplater {peer:.0f} docs/s: {s2d / peer:.1f}x")
PY
