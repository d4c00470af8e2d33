#!/usr/bin/env python3
"""Request bodies for the HTTP benchmark (bench/http.sh), one JSON per line.

usage: http_bodies.py TIMESERIES_CSV MODELS_JSON OUT_DIR [MODEL_NAME]

Writes, for every unit of the simulated fleet (aegisd simulate's timeseries.csv):
  telemetry.jsonl  {"model_name", "product_id", "unit_id"}: the daemon reads
                   the unit's last 50 readings from its store and scores them;
  features.jsonl   the same unit with "features": its window aggregates
                   computed here from the same last 50 readings, so the
                   daemon scores without touching the store.
MODELS_JSON is the answer of GET /models; the classifier's sidecar gives the
feature names the explicit-features requests must use.
Standard library only (Debian's python3, no pip).
"""
import csv
import json
import statistics
import sys
from collections import OrderedDict
from pathlib import Path

WINDOW = 50
SENSORS = ["air_temperature_K", "process_temperature_K", "rotational_speed_rpm", "torque_Nm", "tool_wear_min"]
# The engine's encoding (engine/features/engine_type.cpp): H and unknown 0, L 1, M 2.
ENGINE_TYPE_CODE = {"L": 1.0, "M": 2.0, "H": 0.0}


def slope(values):
    """Least-squares slope per step, as the engine's window statistics."""
    n = len(values)
    if n < 2:
        return 0.0
    mean_x = (n - 1) / 2
    mean_y = sum(values) / n
    num = sum((i - mean_x) * (v - mean_y) for i, v in enumerate(values))
    den = sum((i - mean_x) ** 2 for i in range(n))
    return num / den


def window_features(rows):
    features = {}
    for sensor in SENSORS:
        values = [float(row[sensor]) for row in rows]
        features[f"{sensor}_mean"] = statistics.fmean(values)
        features[f"{sensor}_std"] = statistics.stdev(values) if len(values) > 1 else 0.0
        features[f"{sensor}_min"] = min(values)
        features[f"{sensor}_max"] = max(values)
        features[f"{sensor}_last"] = values[-1]
        features[f"{sensor}_trend"] = slope(values)
    features["engine_type_encoded"] = ENGINE_TYPE_CODE.get(rows[-1]["engine_type"].strip(), 0.0)
    return features


def classifier_feature_names(models_json, model_name):
    listing = json.loads(Path(models_json).read_text())["data"]
    entries = listing if isinstance(listing, list) else list(listing.values())
    for entry in entries:
        if entry.get("model_name") == model_name:
            return entry["metadata"]["feature_names"]
    raise SystemExit(f"http_bodies.py: model {model_name} not in {models_json}")


def main():
    if len(sys.argv) not in (4, 5):
        raise SystemExit(__doc__)
    timeseries, models_json, out_dir = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    model_name = sys.argv[4] if len(sys.argv) == 5 else "xgb_classifier"
    names = classifier_feature_names(models_json, model_name)

    units = OrderedDict()
    with open(timeseries, newline="") as handle:
        for row in csv.DictReader(handle):
            units.setdefault((row["product_id"], row["unit_id"]), []).append(row)
    if not units:
        raise SystemExit(f"http_bodies.py: no rows in {timeseries}")

    out_dir.mkdir(parents=True, exist_ok=True)
    unknown = set()
    with open(out_dir / "telemetry.jsonl", "w") as telemetry, open(out_dir / "features.jsonl", "w") as explicit:
        for (product_id, unit_id), rows in units.items():
            rows.sort(key=lambda row: int(row["step_index"]))
            request = {"model_name": model_name, "product_id": product_id, "unit_id": unit_id}
            telemetry.write(json.dumps(request) + "\n")
            computed = window_features(rows[-WINDOW:])
            unknown.update(name for name in names if name not in computed)
            request["features"] = {name: round(computed.get(name, 0.0), 6) for name in names}
            explicit.write(json.dumps(request) + "\n")
    if unknown:
        print(f"http_bodies.py: warning: no recipe here for {sorted(unknown)}; sent as 0", file=sys.stderr)
    print(f"{len(units)} units, {len(names)} features")


if __name__ == "__main__":
    main()
