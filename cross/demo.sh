#!/usr/bin/env bash
# The demo behind `cross/run demo`: the daemon with the shipped configuration
# (config/aegisd.yaml) on 127.0.0.1:8080, its data under var/demo/.
# Ctrl-C stops it cleanly.
set -euo pipefail

AEGISD=$1
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export AEGIS_DATA_DIR=${AEGIS_DATA_DIR:-$ROOT/var/demo}
LISTEN=${AEGIS_HTTP_LISTEN:-127.0.0.1:8080}
mkdir -p "$AEGIS_DATA_DIR"

cat <<EOT

AEGIS edge demo
  API:      http://$LISTEN   (try: curl -s http://$LISTEN/health)
  data:     $AEGIS_DATA_DIR
  config:   $ROOT/config/aegisd.yaml
Press Ctrl-C to stop.

EOT
exec "$AEGISD" serve --config "$ROOT/config/aegisd.yaml"
