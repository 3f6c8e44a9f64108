#!/usr/bin/env bash
# Template engine vs handlebars.js on the same template and the same
# 10,000-item data, in one run on the same machine: checks that both produce
# the same output, then times them in alternating rounds and prints renders/s
# for each (median of the rounds) and the ratio.
#
# Usage: bench/template/run.sh [BUILD_DIR] [ROUNDS]
#   BUILD_DIR  a build with the bench_template target (default: ./build)
#   ROUNDS     alternating timing rounds per engine (default: 3)
# Handlebars is installed into /tmp/peers (S2D_PEERS_DIR) when missing.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
rounds=${2:-3}
peers=${S2D_PEERS_DIR:-/tmp/peers}
shared=${S2D_SHARED_DIR:-$root/../shared}
bench="$build/bench/template/bench_template"
items=10000
hb_renders=10     # handlebars.js renders per round
s2d_renders=100   # s2d renders per round

[ -x "$bench" ] || { echo "run.sh: build it first: cmake --build $build --target bench_template" >&2; exit 1; }
if [ ! -d "$peers/node_modules/handlebars" ]; then
  echo "run.sh: installing handlebars into $peers" >&2
  mkdir -p "$peers"
  (cd "$peers" && { [ -f package.json ] || npm init -y >/dev/null; } &&
    npm install --silent --no-audit --no-fund handlebars >/dev/null)
fi
export NODE_PATH="$peers/node_modules"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 "$here/make_case.py" "$work" "$items"
tpl="$work/invoice.hbs"
data="$work/invoice.json"

"$bench" "$tpl" "$data" 1 --out "$work/s2d.out" >/dev/null
node "$here/handlebars_output.js" "$tpl" "$data" "$work/handlebars.out"
if ! cmp -s "$work/s2d.out" "$work/handlebars.out"; then
  echo "run.sh: s2d and handlebars.js outputs differ" >&2
  exit 1
fi
echo "same output from both: $(wc -c <"$work/s2d.out") bytes, $items loop items"

for round in $(seq "$rounds"); do
  "$bench" "$tpl" "$data" "$s2d_renders" >>"$work/s2d.jsonl"
  node "$shared/peers/handlebars-bench.js" "$tpl" "$data" "$hb_renders" >>"$work/handlebars.jsonl"
done

/usr/bin/python3 - "$work/s2d.jsonl" "$work/handlebars.jsonl" <<'PY'
import json, statistics, sys
def rates(path):
    return [json.loads(line)["renders_per_s"] for line in open(path) if line.strip()]
s2d, hb = rates(sys.argv[1]), rates(sys.argv[2])
m_s2d, m_hb = statistics.median(s2d), statistics.median(hb)
print(f"s2d            {m_s2d:10.1f} renders/s   rounds: {', '.join(f'{r:.1f}' for r in s2d)}")
print(f"handlebars.js  {m_hb:10.1f} renders/s   rounds: {', '.join(f'{r:.1f}' for r in hb)}")
print(f"ratio          {m_s2d / m_hb:10.1f}x")
PY
