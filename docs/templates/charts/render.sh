#!/usr/bin/env bash
# Draws the pictures of docs/templates/charts.md: every chart of
# tests/chart/all_types.md on a page of its own, as a small PNG here.
#
#   docs/templates/charts/render.sh [BUILD_DIR]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
build="${1:-$root/build}"
s2d="$build/app/s2d"
[ -x "$s2d" ] || { echo "render.sh: build s2d first ($s2d is missing)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The template's chart blocks, one per file, on a page the chart's size.
python3 - "$root/tests/chart/all_types.md" "$work" <<'PY'
import re, sys
source, work = sys.argv[1], sys.argv[2]
names = ["column", "bar", "line", "area", "pie", "doughnut", "scatter", "stacked"]
blocks = re.findall(r"```chart\n.*?```\n", open(source, encoding="utf-8").read(), re.S)
for name, block in zip(names, blocks):
    with open(f"{work}/{name}.md", "w", encoding="utf-8") as out:
        out.write("---\npage:\n  size: 130x80\n  orientation: landscape\n  margins: 4\n---\n" + block)
PY
for name in column bar line area pie doughnut scatter stacked; do
  "$s2d" render --template "$work/$name.md" --data "$root/tests/chart/all_types.json" --format pdf \
    --deterministic --out "$work/$name.pdf"
  pdftoppm -png -r 72 -singlefile "$work/$name.pdf" "$here/$name"
done
echo "pictures in $here"
