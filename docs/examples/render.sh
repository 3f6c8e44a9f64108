#!/usr/bin/env bash
# Renders the reference documents (invoice, multi-page report, Arabic letter)
# to PDF and writes the page-1 previews the docs show (<name>.png here).
#
#   docs/examples/render.sh [BUILD_DIR]
#
# Uses the build's `s2d render`; PDFs go to BUILD_DIR/examples.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="${1:-$root/build}"

s2d="$build/app/s2d"
[ -x "$s2d" ] || { echo "render.sh: build s2d first ($s2d is missing)" >&2; exit 1; }
out="$build/examples"
mkdir -p "$out"

for name in invoice report letter-ar; do
  "$s2d" render --template "$here/$name.md" --data "$here/$name.json" --format pdf \
    --asset "logo.png=$here/logo.png" --deterministic --out "$out/$name.pdf"
  qpdf --check "$out/$name.pdf" >/dev/null
  pdftoppm -png -r 48 -f 1 -l 1 -singlefile "$out/$name.pdf" "$here/$name"
done
echo "PDFs in $out; previews in $here"
