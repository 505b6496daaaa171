#!/usr/bin/env bash
# Issue 5 budgets on SQLite with 100,000 enterprises and 1,000,000 hazards over three
# years: a filtered, paged hazard list p99 < 20 ms over 1,000 varied queries; the
# statistics of one district or the whole city < 100 ms; reporting a hazard with two
# 3 MB photos < 300 ms. Fills the database straight through the store's bulk
# generator, then measures over HTTP against the release `anzhi serve` binary as its
# own process. Prints the figures and stores them in bench/results/hazards.txt;
# exits 1 when a budget is missed. BENCH_HAZARDS / BENCH_ENTERPRISES change the sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
cargo build --quiet --release -p anzhi
ANZHI_BIN="$PWD/target/release/anzhi" \
  cargo run --quiet --release -p anzhi-server --example bench_hazards | tee bench/results/hazards.txt
