#!/usr/bin/env bash
# Renders the reference documents (invoice, multi-page report, Arabic letter)
# to PDF and writes the page-1 previews the docs show (<name>.png here).
#
#   docs/examples/render.sh [BUILD_DIR]
#
# Uses `s2d render` when the build has it, else the renderer's command-line
# driver (tests/pdf/pdf_render_cli). PDFs go to BUILD_DIR/examples.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="${1:-$root/build}"

if [ -x "$build/app/s2d" ] && "$build/app/s2d" render --help >/dev/null 2>&1; then
  render=("$build/app/s2d" render)
else
  render=("$build/tests/pdf/pdf_render_cli" render)
fi
out="$build/examples"
mkdir -p "$out"

for name in invoice report letter-ar; do
  "${render[@]}" --template "$here/$name.md" --data "$here/$name.json" --format pdf \
    --asset "logo.png=$here/logo.png" --deterministic --out "$out/$name.pdf"
  qpdf --check "$out/$name.pdf" >/dev/null
  pdftoppm -png -r 48 -f 1 -l 1 -singlefile "$out/$name.pdf" "$here/$name"
done
echo "PDFs in $out; previews in $here"
