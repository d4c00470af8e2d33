#!/usr/bin/env bash
# Maintenance planning benchmark (docs/BENCHMARKS.md):
#   1. bench_schedule_optimizer: quality against the exhaustive optimum on
#      1,000 small random instances, and the optimizer alone on 1,000 at-risk
#      units, 10 teams, 30 days;
#   2. the same size through POST /optimizer/schedule with scoring included:
#      1,000 simulated machines, the three models, risk_threshold 0 so every
#      unit is at risk.
#   bench/schedule.sh BENCH_BIN_DIR AEGISD RESULTS_DIR   (bench/run.sh schedule calls it)
# Environment: AEGIS_BENCH_SCHEDULE_RUNS (5 timed requests).
set -euo pipefail

BENCH_BIN=$1
AEGISD=$2
RESULTS=$3
RUNS=${AEGIS_BENCH_SCHEDULE_RUNS:-5}
SUMMARY=$RESULTS/summary.tsv
mkdir -p "$RESULTS"

echo "== schedule: optimizer alone"
"$BENCH_BIN/bench_schedule_optimizer" | tee "$RESULTS/schedule_optimizer.json"

# shellcheck source=bench/bench_daemon.sh
source "$(dirname "$0")/bench_daemon.sh"
bench_daemon_setup "$AEGISD" 1000
bench_daemon_start

"$PYTHON" - "$WORK/sim/timeseries.csv" >"$WORK/body.json" <<'PY_END'
import csv, json, sys
units = {}
with open(sys.argv[1], newline="", encoding="utf-8-sig") as f:
    for row in csv.DictReader(f):
        units[(row["product_id"], row["unit_id"])] = True
print(json.dumps({"unit_list": [{"product_id": p, "unit_id": u} for p, u in sorted(units)][:1000],
                  "risk_threshold": 0, "teams_available": 10, "horizon_days": 30}))
PY_END

echo "== schedule: $RUNS x POST /optimizer/schedule, 1,000 units, scoring included"
for run in $(seq "$RUNS"); do
  curl -s -o "$WORK/response_$run.json" -w '%{time_total}\n' -X POST "$URL/optimizer/schedule" \
    -H 'Content-Type: application/json' --data-binary @"$WORK/body.json" >>"$WORK/times.txt"
  # Every run plans the same fleet from scratch: the previous run's jobs would
  # otherwise hold the units.
  "$PYTHON" -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute("DELETE FROM maintenance_schedule"); c.commit()' \
    "$WORK/data/aegisd.db"
done
cp "$WORK/times.txt" "$RESULTS/schedule_http_times.txt"
cp "$WORK/response_1.json" "$RESULTS/schedule_http_response.json"

"$PYTHON" - "$RESULTS" >>"$SUMMARY" <<'PY_END'
import json, statistics, sys
from pathlib import Path
results = Path(sys.argv[1])
bench = json.loads((results / "schedule_optimizer.json").read_text())
q = bench["quality"]
rows = [("schedule quality", "mean objective / exhaustive optimum (1,000 inst.)", "<= 1.01",
         f"{q['mean_ratio_to_optimum']:.6f} (worst {q['worst_ratio_to_optimum']:.6f})",
         "PASS" if q["mean_ratio_to_optimum"] <= 1.01 and q["instances_not_optimal"] == 0 else "MISS"),
        ("schedule quality", "priority rule (fallback) / optimum", "report",
         f"{q['priority_rule_mean_ratio']:.4f} (worst {q['priority_rule_worst_ratio']:.3f})", "report")]
for s in bench["speed"]:
    target = s["units"] == 1000 and s["teams"] == 10 and s["job_hours"] == 8
    goal = "< 50 ms" if target else "report"
    verdict = ("PASS" if s["median_ms"] < 50 else "MISS") if target else "report"
    method = "exact" if s["exact"] else "priority rule"
    rows.append(("schedule speed", f"{s['units']} units, {s['teams']} teams, {s['days']} d, {s['job_hours']} h jobs ({method})",
                 goal, f"{s['median_ms']:.1f} ms median, {s['worst_ms']:.1f} worst, {s['scheduled']} planned", verdict))
times = [float(t) * 1000 for t in (results / "schedule_http_times.txt").read_text().split()]
response = json.loads((results / "schedule_http_response.json").read_text())["data"]
rows.append(("schedule http", "POST /optimizer/schedule, 1,000 units, scoring incl.", "report",
             f"{statistics.median(times):.0f} ms median of {len(times)}, {response['maintenance_scheduled']} planned, "
             f"{len(response['unscheduled'])} unscheduled", "report"))
for row in rows:
    print("\t".join(row))
PY_END
