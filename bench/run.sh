#!/usr/bin/env bash
# The benchmarks of docs/BENCHMARKS.md, from one entry point:
#   bench/run.sh [quality|scoring|http|ingest|schedule|retrain|all]      (default: all)
# Installs the benchmark packages (cross/install-deps.sh --bench), configures
# and builds build-bench/ (Release, benchmarks on, tests off; under
# `flock "$AEGIS_BUILD_LOCK"` when that variable names a lock file), runs the
# chosen benchmarks with the project's own binaries and prints a summary.
# Results (raw outputs and summary.tsv) go to build-bench/bench-results/.
# Environment: AEGIS_SHARED_DATA_DIR (../shared/data), AEGIS_BENCH_HTTP_SECONDS
# (20), AEGIS_BENCH_SCORING_CALLS (20000), JOBS (2); the AEGIS_BENCH_INGEST_*
# knobs of bench/ingest.sh.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD_DIR=$ROOT/build-bench
RESULTS=$BUILD_DIR/bench-results
JOBS=${JOBS:-2}
WHAT=${1:-all}
# As on a gateway (systemd/aegisd.service, cross/run): XGBoost's OpenMP
# threads otherwise spin while they wait and steal the cores they wait for.
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}
case "$WHAT" in
  quality|scoring|http|ingest|schedule|retrain|all) ;;
  *) echo "usage: bench/run.sh [quality|scoring|http|ingest|schedule|retrain|all]" >&2; exit 2 ;;
esac

locked() {
  if [ -n "${AEGIS_BUILD_LOCK:-}" ]; then flock "$AEGIS_BUILD_LOCK" "$@"; else "$@"; fi
}

"$ROOT/cross/install-deps.sh" --bench
echo "== building $BUILD_DIR (Release, AEGIS_BUILD_BENCH=ON)"
locked cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DAEGIS_BUILD_BENCH=ON -DAEGIS_BUILD_TESTS=OFF >/dev/null
locked cmake --build "$BUILD_DIR" -j "$JOBS"

rm -rf "$RESULTS"
mkdir -p "$RESULTS"
{
  echo "date:        $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "commit:      $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "cpus:        $(nproc) x $(lscpu | sed -n 's/^Model name: *//p' | head -1)"
  echo "memory:      $(free -m | awk '/^Mem:/ {print $2 " MiB"}')"
  echo "load (1/5/15 min) at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$RESULTS/machine.txt"

failed=()
step() {  # name command...
  local name=$1
  shift
  local start=$SECONDS
  if "$@"; then
    echo "== $name finished in $((SECONDS - start)) s"
  else
    echo "== $name FAILED (exit $?) after $((SECONDS - start)) s" >&2
    failed+=("$name")
  fi
}

if [ "$WHAT" = quality ] || [ "$WHAT" = all ]; then
  step quality "$ROOT/bench/quality.sh" "$BUILD_DIR/aegisd" "$RESULTS"
fi
if [ "$WHAT" = scoring ] || [ "$WHAT" = all ]; then
  step scoring "$ROOT/bench/scoring.sh" "$BUILD_DIR/bench/bench_scoring_cost" "$RESULTS" \
    "${AEGIS_BENCH_SCORING_CALLS:-20000}"
fi
if [ "$WHAT" = http ] || [ "$WHAT" = all ]; then
  step http "$ROOT/bench/http.sh" "$BUILD_DIR/aegisd" "$RESULTS"
fi
if [ "$WHAT" = ingest ] || [ "$WHAT" = all ]; then
  step ingest "$ROOT/bench/ingest.sh" "$BUILD_DIR/aegisd" "$BUILD_DIR/bench" "$RESULTS"
fi
if [ "$WHAT" = schedule ] || [ "$WHAT" = all ]; then
  step schedule "$ROOT/bench/schedule.sh" "$BUILD_DIR/bench" "$BUILD_DIR/aegisd" "$RESULTS"
fi
if [ "$WHAT" = retrain ] || [ "$WHAT" = all ]; then
  step retrain python3 "$ROOT/bench/retrain_probe.py" "$BUILD_DIR/aegisd" "$RESULTS"
fi

echo
echo "== summary ($RESULTS/summary.tsv); load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -f "$RESULTS/summary.tsv" ]; then
  awk -F'\t' '{ printf "  %-20s %-52s %-10s %-36s %s\n", $1, $2, $3, $4, $5 }' "$RESULTS/summary.tsv"
fi
if [ "${#failed[@]}" -gt 0 ]; then
  echo "failed: ${failed[*]}" >&2
  exit 1
fi
