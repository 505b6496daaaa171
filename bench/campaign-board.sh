#!/usr/bin/env bash
# Issue 3 budget: the board and matrix APIs for a campaign of 500 tasks × 2,000
# assignments answer in < 50 ms on SQLite. Prints the figures and stores them in
# bench/results/campaign-board.txt; exits 1 when the budget is missed.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
cargo run --quiet --release -p anzhi-server --example bench_board | tee bench/results/campaign-board.txt
