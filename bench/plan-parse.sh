#!/usr/bin/env bash
# Benchmark of anzhi-plan: parsing the seed plan must take < 5 ms (p99), as .txt and .docx.
# Usage: bench/plan-parse.sh [RUNS]   (exit status 1 when over budget)
set -euo pipefail
cd "$(dirname "$0")/.."
exec cargo run --release -q -p anzhi-plan --example bench_parse -- "${1:-2000}"
