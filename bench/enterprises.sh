#!/usr/bin/env bash
# Issue 4 budgets on SQLite: validate and import a 10,000-row .xlsx < 2 s, substring
# search over 100,000 enterprises < 20 ms, export 100,000 enterprises to .xlsx < 5 s.
# Fills a database through an in-process server, then measures search and export
# against the release `anzhi serve` binary started on it as its own process.
# Prints the figures and stores them in bench/results/enterprises.txt; exits 1 when a
# budget is missed.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
cargo build --quiet --release -p anzhi
ANZHI_BIN="$PWD/target/release/anzhi" \
  cargo run --quiet --release -p anzhi-server --example bench_enterprises | tee bench/results/enterprises.txt
