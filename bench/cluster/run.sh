#!/bin/bash
# Render slots and the cluster: throughput of process slots (against a
# baseline binary with in-process render threads when S2D_BASELINE names
# one), scaling over 1 and 2 pinned workers, re-dispatch latency after a
# worker's kill -9. Results go into docs/benchmarks.md by hand.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
binary="${S2D:-$here/../../build/app/s2d}"
baseline=()
[ -n "${S2D_BASELINE:-}" ] && baseline=(--baseline "$S2D_BASELINE")
/usr/bin/python3 "$here/cluster_bench.py" throughput --binary "$binary" "${baseline[@]}" --count "${COUNT:-2000}"
/usr/bin/python3 "$here/cluster_bench.py" scaling --binary "$binary" --count "${COUNT:-2000}"
/usr/bin/python3 "$here/cluster_bench.py" redispatch --binary "$binary" --rounds 5
