#!/usr/bin/env bash
# Renders every example here (NAME.md with NAME.json; the PNGs beside them
# are its assets) to DOCX, PPTX, XLSX, HTML, text and Markdown through the
# renderers' facade, converts the DOCX and PPTX with LibreOffice, and writes
# small page-1 previews beside the sources (NAME-docx.png, NAME-pptx.png).
#
#   docs/examples/render-office.sh [BUILD_DIR]
#
# Uses the build's tests/office/office_samples. Outputs and PDFs go to
# BUILD_DIR/examples-office.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="$(cd "${1:-$root/build}" && pwd)"  # absolute: LibreOffice wants a file:// URL
out="$build/examples-office"
rm -rf "$out"
mkdir -p "$out/pdf"

sources=()
for md in "$here"/*.md; do
  [ -f "${md%.md}.json" ] && sources+=("$md")
done
"$build/tests/office/office_samples" "$out" "${sources[@]}"

# showcase.docx and showcase.pptx would both become showcase.pdf: name the copies apart.
for md in "${sources[@]}"; do
  name="$(basename "${md%.md}")"
  cp "$out/$name.docx" "$out/pdf/$name-docx.docx"
  cp "$out/$name.pptx" "$out/pdf/$name-pptx.pptx"
done
soffice "-env:UserInstallation=file://$out/lo-profile" --headless --convert-to pdf --outdir "$out/pdf" \
  "$out"/pdf/*.docx "$out"/pdf/*.pptx >/dev/null
for pdf in "$out"/pdf/*.pdf; do
  pdftoppm -png -r 40 -f 1 -l 1 -singlefile "$pdf" "$here/$(basename "${pdf%.pdf}")"
done
echo "outputs in $out; previews in $here"
