#!/usr/bin/env bash
# The batch benchmark (docs/benchmarks.md "Batches"): builds s2d and runs
# bench/batch/batch_bench.py with its defaults (100,000 items in one batch,
# 5,000 single generations to compare), or the counts given.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash scripts/build >/dev/null
/usr/bin/python3 bench/batch/batch_bench.py "$@"
