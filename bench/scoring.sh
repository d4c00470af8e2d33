#!/usr/bin/env bash
# Scoring cost: one-row prediction through the Booster wrapper versus bare
# XGBoost C API loops on the same model, all measured in one run of
# bench_scoring_cost (bench/scoring_cost.cpp).
#   bench/scoring.sh BENCH_SCORING_COST RESULTS_DIR [CALLS]   (bench/run.sh scoring calls it)
set -euo pipefail

PROGRAM=$1
RESULTS=$2
CALLS=${3:-20000}
mkdir -p "$RESULTS"

echo "== scoring: $PROGRAM $CALLS"
"$PROGRAM" "$CALLS" | tee "$RESULTS/scoring_cost.txt"

value() { sed -n "s|^$1 *||p" "$RESULTS/scoring_cost.txt" | awk '{print $1}'; }
wrapper_ns=$(value 'wrapper (Booster::predict_row):')
bare_ns=$(value 'bare C API, nthread=1:')
proxy_ns=$(value 'bare C API + reused proxy:')
{
  printf 'scoring\tns per one-row call: wrapper / bare / bare+proxy\treport\t%s / %s / %s ns\treport\n' \
    "$wrapper_ns" "$bare_ns" "$proxy_ns"
  printf 'scoring\tratio wrapper / bare C API loop\treport\t%s\treport\n' "$(value 'ratio wrapper / bare:')"
  printf 'scoring\tratio wrapper / bare + reused proxy\treport\t%s\treport\n' "$(value 'ratio wrapper / bare + proxy:')"
} >>"$RESULTS/summary.tsv"
