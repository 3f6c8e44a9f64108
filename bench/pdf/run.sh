#!/usr/bin/env bash
# PDF speed, side by side in one run: s2d (bench_pdf), a raw Cairo+Pango
# baseline without layout (bench_pdf_baseline) and pdfmake (npm), on the peer
# corpus (a two-page report of 50 paragraphs, a 30-row invoice). One thread
# each; every engine runs ROUNDS times, interleaved, and the best round counts
# (the machine is shared, so the best round is the least disturbed one).
#
#   bench/pdf/run.sh [BUILD_DIR] [N] [ROUNDS]
#
# Needs the build's bench_pdf and bench_pdf_baseline, node and npm. pdfmake is
# installed into /tmp/peers when missing, never into the project.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$root/build}"
n="${2:-200}"
rounds="${3:-3}"
shared="${S2D_SHARED_DIR:-$root/../shared}"
peer_n=$(( n / 5 > 20 ? n / 5 : 20 ))   # pdfmake is slow: fewer documents, same per-document figure

corpus="$(mktemp -d /tmp/s2d-bench-pdf.XXXXXX)"
trap 'rm -rf "$corpus"' EXIT
/usr/bin/python3 "$shared/peers/make_corpus.py" "$corpus" >/dev/null

if [ ! -d /tmp/peers/node_modules/pdfmake ]; then
  echo "installing pdfmake into /tmp/peers" >&2
  mkdir -p /tmp/peers
  (cd /tmp/peers && { [ -f package.json ] || npm init -y >/dev/null; } && npm install --silent --no-audit --no-fund pdfmake >/dev/null)
fi

results="$corpus/results.jsonl"
for round in $(seq "$rounds"); do
  "$build/bench/pdf/bench_pdf" "$corpus" "$n" >> "$results"
  for doc in report invoice; do
    NODE_PATH=/tmp/peers/node_modules node "$shared/peers/pdfmake-bench.js" "$corpus/$doc.pdfmake.json" "$peer_n" \
      | sed "s/^{/{\"doc\":\"$doc\",/" >> "$results"
  done
  "$build/bench/pdf/bench_pdf_baseline" "$corpus" "$n" >> "$results"
done

/usr/bin/python3 - "$results" "$rounds" <<'PY'
import json, sys
best = {}
for line in open(sys.argv[1]):
    r = json.loads(line)
    key = (r["doc"], r["peer"])
    best[key] = max(best.get(key, 0), r["docs_per_s"])
print(f"best of {sys.argv[2]} rounds, one thread each")
print(f"{'document':10} {'s2d docs/s':>11} {'pdfmake':>9} {'baseline':>9} {'s2d/pdfmake':>12} {'baseline/s2d':>13}")
for doc in ("report", "invoice"):
    s2d, peer, base = best[(doc, "s2d")], best[(doc, "pdfmake")], best[(doc, "cairo-pango-baseline")]
    print(f"{doc:10} {s2d:11.1f} {peer:9.1f} {base:9.1f} {s2d / peer:11.1f}x {base / s2d:12.2f}x")
PY
