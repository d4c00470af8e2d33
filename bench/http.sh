#!/usr/bin/env bash
# HTTP benchmark: POST /predict/classification over loopback with 8
# connections (wrk), then the daemon's peak RSS with all three models loaded.
#   bench/http.sh AEGISD RESULTS_DIR      (bench/run.sh http calls it)
# Environment: AEGIS_BENCH_HTTP_SECONDS (20 per scenario), AEGIS_BENCH_MACHINES (100).
# Everything lives in a temporary folder (configuration, database, models) and
# the daemon listens on a free loopback port; both go away at the end.
set -euo pipefail

AEGISD=$1
RESULTS=$2
HERE=$(cd "$(dirname "$0")" && pwd)
SECONDS_PER_SCENARIO=${AEGIS_BENCH_HTTP_SECONDS:-20}
MACHINES=${AEGIS_BENCH_MACHINES:-100}
SUMMARY=$RESULTS/summary.tsv
mkdir -p "$RESULTS"

# shellcheck source=bench/bench_daemon.sh
source "$HERE/bench_daemon.sh"
bench_daemon_setup "$AEGISD" "$MACHINES"
bench_daemon_start

curl -sf "$URL/models" >"$WORK/models.json"
"$PYTHON" "$HERE/http_bodies.py" "$WORK/sim/timeseries.csv" "$WORK/models.json" "$WORK/bodies"

# One request of each kind first: a wrong body fails here with its message
# instead of as 20 s of 4xx; the forecast loads the RUL model.
first_unit=$(head -1 "$WORK/bodies/telemetry.jsonl")
for body_file in telemetry features; do
  body=$(head -1 "$WORK/bodies/$body_file.jsonl")
  curl -sf -X POST "$URL/predict/classification" -H 'Content-Type: application/json' -d "$body" >/dev/null \
    || { echo "http: $body_file request refused:" >&2
         curl -s -X POST "$URL/predict/classification" -H 'Content-Type: application/json' -d "$body" >&2; exit 1; }
done
forecast_body=$(echo "$first_unit" | "$PYTHON" -c 'import json,sys; r=json.load(sys.stdin); print(json.dumps({"product_id": r["product_id"], "unit_id": r["unit_id"], "horizon_steps": 10}))')
curl -sf -X POST "$URL/predict/forecast" -H 'Content-Type: application/json' -d "$forecast_body" >/dev/null

run_scenario() {  # name bodies_file
  echo "== http: wrk -t2 -c8 -d${SECONDS_PER_SCENARIO}s --latency, $1 requests ($(wc -l <"$2") units)"
  wrk -t2 -c8 -d"${SECONDS_PER_SCENARIO}s" --latency -s "$HERE/predict_classification.lua" \
    "$URL/predict/classification" -- "$2" | tee "$RESULTS/wrk_$1.txt"
}
run_scenario telemetry "$WORK/bodies/telemetry.jsonl"
run_scenario features "$WORK/bodies/features.jsonl"

curl -sf "$URL/health" >"$RESULTS/health_after.json"
grep -E '^(VmHWM|VmRSS|Threads)' "/proc/$DAEMON_PID/status" | tee "$RESULTS/daemon_status.txt"
kill -TERM "$DAEMON_PID"
wait "$DAEMON_PID" && stop_status=0 || stop_status=$?
DAEMON_PID=""
echo "daemon stopped by SIGTERM, exit status $stop_status" | tee -a "$RESULTS/daemon_status.txt"

"$PYTHON" - "$RESULTS" "$MACHINES" "$SECONDS_PER_SCENARIO" >>"$SUMMARY" <<'EOF'
import json, re, sys
from pathlib import Path
results, machines, seconds = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
rows = []
for scenario in ("telemetry", "features"):
    text = (results / f"wrk_{scenario}.txt").read_text()
    found = re.search(r"^BENCH (.*)$", text, re.M)
    if not found:
        rows.append((f"http {scenario}", "wrk", "runs", "no result line", "MISS"))
        continue
    v = dict(item.split("=") for item in found.group(1).split())
    note = "" if v["errors"] == "0" else f" ({v['errors']} errors, {v['non2xx']} non-2xx)"
    verdict = "report" if v["errors"] == "0" else "MISS"
    rows.append((f"http {scenario}", "requests/s (8 conn, loopback)", "report", f"{float(v['rps']):.0f}{note}", verdict))
    rows.append((f"http {scenario}", "latency p50 / p99", "report", f"{v['p50_ms']} / {v['p99_ms']} ms", verdict))
status = dict(line.split(":", 1) for line in (results / "daemon_status.txt").read_text().splitlines() if ":" in line)
health = json.loads((results / "health_after.json").read_text())["data"]
cached = health.get("cached_models_count")
rows.append(("http daemon", "peak RSS (VmHWM), after load", "report",
             f"{int(status['VmHWM'].split()[0]) / 1024:.1f} MiB, {cached} models cached",
             "report" if cached == 3 else "MISS"))
for row in rows:
    print("\t".join(row))
EOF
