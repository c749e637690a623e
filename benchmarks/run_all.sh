#!/usr/bin/env bash
# Every benchmark (figures in BENCHMARKS.md), one after the other; figures go to benchmarks/results.jsonl and stdout.
# Not part of the test suite. The sandbox and memory benchmarks need a Docker engine and the images.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
"$PY" -m benchmarks.bench_overhead
"$PY" -m benchmarks.bench_scaling --slots 1 --rounds 1   # 300 x 0.4 s serially: 2 min per run
"$PY" -m benchmarks.bench_scaling --slots 4 8 16 --rounds 3
"$PY" -m benchmarks.bench_sandbox
"$PY" -m benchmarks.bench_memory
