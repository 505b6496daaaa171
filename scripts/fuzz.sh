#!/usr/bin/env bash
# Fuzzes the parsers of uploaded files (Excel imports, plan documents, CAP weather
# warnings) for FUZZ_SECONDS each (default 30). Needs a nightly toolchain; skipped,
# saying so, when there is none. Installs cargo-fuzz when missing. A crash fails the
# run and leaves its input in fuzz/artifacts/<target>/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-30}"
if ! rustup run nightly true >/dev/null 2>&1; then
  echo "fuzz: no nightly toolchain here, skipped (rustup toolchain install nightly to run it)"
  exit 0
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install --locked cargo-fuzz
fi
# Seeds (committed under fuzz/seeds/): a small import sheet, the seed plan and CAP
# warnings, so the fuzzer starts from well-formed files and mutates them; the corpus it
# grows stays out of git.
mkdir -p fuzz/corpus/xlsx_import fuzz/corpus/plan_docx fuzz/corpus/cap_parse
cp -f fuzz/seeds/xlsx_import/* fuzz/corpus/xlsx_import/
cp -f crates/plan/tests/data/haikou-commerce-2021.txt fuzz/seeds/xlsx_import/* fuzz/corpus/plan_docx/
cp -f fuzz/seeds/cap_parse/* fuzz/corpus/cap_parse/
for target in xlsx_import plan_docx cap_parse; do
  echo "fuzz: $target for ${seconds}s"
  cargo +nightly fuzz run "$target" "fuzz/corpus/$target" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=262144 -print_final_stats=1 2>&1 \
    | { grep -E "^(#|==|INFO: Running|stat::number_of_executed_units|Done|SUMMARY|.*panicked)" || true; } \
    | tail -5
done
