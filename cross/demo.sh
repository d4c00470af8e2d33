#!/usr/bin/env bash
# The demo behind `cross/run demo`: a simulated fleet loaded into the store,
# the three models trained and promoted on the device, and the daemon with
# the shipped configuration (config/aegisd.yaml) on 127.0.0.1:8080. Its data
# lives under var/demo/ (delete the folder to start afresh). Ctrl-C stops it.
set -euo pipefail

AEGISD=$1
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CONFIG=$ROOT/config/aegisd.yaml
export AEGIS_DATA_DIR=${AEGIS_DATA_DIR:-$ROOT/var/demo}
LISTEN=${AEGIS_HTTP_LISTEN:-127.0.0.1:8080}
MACHINES=${AEGIS_DEMO_MACHINES:-60}
mkdir -p "$AEGIS_DATA_DIR"

if [ ! -f "$AEGIS_DATA_DIR/.demo-ready" ]; then
  echo "Simulating $MACHINES machines and loading their telemetry ..."
  "$AEGISD" simulate --config "$CONFIG" --machines "$MACHINES" --out-dir "$AEGIS_DATA_DIR/simulated" --load >/dev/null
  echo "Training the failure classifier, the failure-mode model and the RUL model on this machine ..."
  "$AEGISD" train --config "$CONFIG" --install --task classification --data "$AEGIS_DATA_DIR/simulated/timeseries.csv" --stride 3 >/dev/null
  "$AEGISD" train --config "$CONFIG" --install --task failure_mode --data "$AEGIS_DATA_DIR/simulated/snapshots.csv" >/dev/null
  "$AEGISD" train --config "$CONFIG" --install --task rul --data "$AEGIS_DATA_DIR/simulated/timeseries.csv" >/dev/null
  touch "$AEGIS_DATA_DIR/.demo-ready"
fi

cat <<EOT

AEGIS edge demo
  API:      http://$LISTEN
  data:     $AEGIS_DATA_DIR
  config:   $CONFIG
Try:
  curl -s http://$LISTEN/health
  curl -s http://$LISTEN/models
  curl -s -X POST http://$LISTEN/predict/classification -H 'Content-Type: application/json' \\
       -d '{"model_name":"xgb_classifier","product_id":"M14860","unit_id":"UNIT_001"}'
  curl -s -X POST http://$LISTEN/predict/forecast -H 'Content-Type: application/json' \\
       -d '{"product_id":"M14860","unit_id":"UNIT_001","horizon_steps":5}'
Press Ctrl-C to stop.

EOT
exec "$AEGISD" serve --config "$CONFIG"
