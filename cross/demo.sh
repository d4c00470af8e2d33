#!/usr/bin/env bash
# The demo behind `cross/run demo`: a local mosquitto broker, the three models
# trained and promoted on this machine from simulated data, the daemon with the
# shipped configuration (config/aegisd.yaml) on 127.0.0.1:8080 subscribed to
# the broker, and a replay of simulated machines as a live MQTT feed, so
# /units fills up while you watch. Data lives under var/demo/ (delete the
# folder to start afresh). Ctrl-C stops everything cleanly.
set -euo pipefail

AEGISD=$1
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CONFIG=$ROOT/config/aegisd.yaml
export AEGIS_DATA_DIR=${AEGIS_DATA_DIR:-$ROOT/var/demo}
LISTEN=${AEGIS_HTTP_LISTEN:-127.0.0.1:8080}
MACHINES=${AEGIS_DEMO_MACHINES:-60}
MQTT_PORT=${AEGIS_DEMO_MQTT_PORT:-18830}
RATE=${AEGIS_DEMO_RATE:-200}
export AEGIS_MQTT_BROKER=tcp://127.0.0.1:$MQTT_PORT
mkdir -p "$AEGIS_DATA_DIR/mosquitto"

if [ ! -f "$AEGIS_DATA_DIR/.demo-ready" ]; then
  echo "Simulating $MACHINES machines ..."
  "$AEGISD" simulate --machines "$MACHINES" --out-dir "$AEGIS_DATA_DIR/simulated" >/dev/null
  echo "Training the failure classifier, the failure-mode model and the RUL model on this machine ..."
  "$AEGISD" train --config "$CONFIG" --install --task classification --data "$AEGIS_DATA_DIR/simulated/timeseries.csv" --stride 3 >/dev/null
  "$AEGISD" train --config "$CONFIG" --install --task failure_mode --data "$AEGIS_DATA_DIR/simulated/snapshots.csv" >/dev/null
  "$AEGISD" train --config "$CONFIG" --install --task rul --data "$AEGIS_DATA_DIR/simulated/timeseries.csv" >/dev/null
  touch "$AEGIS_DATA_DIR/.demo-ready"
fi

cat > "$AEGIS_DATA_DIR/mosquitto/mosquitto.conf" <<EOT
listener $MQTT_PORT 127.0.0.1
allow_anonymous true
user $(id -un)
persistence true
persistence_location $AEGIS_DATA_DIR/mosquitto/
log_dest file $AEGIS_DATA_DIR/mosquitto/mosquitto.log
# Keep the gateway's QoS 1 messages while it drains a burst or restarts
# (mosquitto's defaults, 1,000 queued and 20 in flight, drop them silently),
# bounded by bytes to fit the disk; refuse oversized packets at the door.
max_queued_messages 1000000
max_queued_bytes 268435456
max_inflight_messages 1000
max_packet_size 270000
EOT

pids=()
stop_all() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop_all INT TERM EXIT

/usr/sbin/mosquitto -c "$AEGIS_DATA_DIR/mosquitto/mosquitto.conf" &
pids+=($!)
sleep 0.5
"$AEGISD" serve --config "$CONFIG" &
daemon=$!
pids=("$daemon" "${pids[@]}")
for _ in $(seq 1 50); do curl -sf "http://$LISTEN/health" >/dev/null && break; sleep 0.2; done

cat <<EOT

AEGIS edge demo
  API:      http://$LISTEN
  broker:   $AEGIS_MQTT_BROKER (topics aegis/<product_id>/<unit_id>/telemetry)
  data:     $AEGIS_DATA_DIR
  config:   $CONFIG
  feed:     $MACHINES simulated machines replayed at $RATE readings/s
Try:
  curl -s http://$LISTEN/health
  curl -s http://$LISTEN/units
  curl -s http://$LISTEN/models
  curl -s -X POST http://$LISTEN/predict/classification -H 'Content-Type: application/json' \\
       -d '{"model_name":"xgb_classifier","product_id":"L47181","unit_id":"UNIT_002"}'
  curl -s -X POST http://$LISTEN/predict/forecast -H 'Content-Type: application/json' \\
       -d '{"product_id":"M14860","unit_id":"UNIT_001","horizon_steps":5}'
Press Ctrl-C to stop.

EOT
"$AEGISD" replay --data "$AEGIS_DATA_DIR/simulated/timeseries.csv" --broker "$AEGIS_MQTT_BROKER" --rate "$RATE" \
  --client-id aegis-demo-replay >/dev/null &
pids+=($!)
wait "$daemon"
