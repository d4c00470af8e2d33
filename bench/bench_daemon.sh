# Sourced by the benchmarks that need a running daemon with a simulated fleet
# and the three models (bench/http.sh, bench/schedule.sh). Everything lives in
# $WORK (a temporary folder, removed on exit) and the daemon listens on a free
# loopback port; bench_daemon_cleanup stops it.
#   bench_daemon_setup AEGISD MACHINES   sets WORK, PORT, URL, CONFIG; simulates, trains, installs
#   bench_daemon_start                   starts `aegisd serve`, waits for /health; sets DAEMON_PID
PYTHON=${PYTHON:-python3}
DAEMON_PID=""
WORK=""

bench_daemon_cleanup() {
  if [ -n "$DAEMON_PID" ] && kill -0 "$DAEMON_PID" 2>/dev/null; then
    kill -TERM "$DAEMON_PID" 2>/dev/null || true
    wait "$DAEMON_PID" 2>/dev/null || true
  fi
  [ -n "$WORK" ] && rm -rf "$WORK"
}
trap bench_daemon_cleanup EXIT

bench_daemon_setup() {  # AEGISD MACHINES
  AEGISD=$1
  local machines=$2
  WORK=$(mktemp -d /tmp/aegis-bench.XXXXXX)
  PORT=$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  URL=http://127.0.0.1:$PORT
  CONFIG=$WORK/aegisd.yaml
  cat >"$CONFIG" <<CONFIG_END
http:
  listen: "127.0.0.1:$PORT"
storage:
  data_dir: "$WORK/data"
logging:
  level: warn   # one line per request at info would make the log the benchmark
CONFIG_END
  mkdir -p "$WORK/data"
  echo "== preparing $machines simulated machines and three models in $WORK"
  "$AEGISD" simulate --config "$CONFIG" --machines "$machines" --out-dir "$WORK/sim" --load >"$WORK/simulate.json"
  # One training thread: model quality does not matter here, and XGBoost's
  # OpenMP workers spin-wait badly when the 2 cores are shared (see BENCHMARKS.md).
  local spec task data
  for spec in "classification timeseries" "failure_mode snapshots" "rul timeseries"; do
    read -r task data <<<"$spec"
    "$AEGISD" train --config "$CONFIG" --install --task "$task" --data "$WORK/sim/$data.csv" --threads 1 \
      >"$WORK/train_$task.json" 2>"$WORK/train_$task.log" || { cat "$WORK/train_$task.log" >&2; return 1; }
  done
}

bench_daemon_start() {
  "$AEGISD" serve --config "$CONFIG" 2>"$WORK/daemon.log" &
  DAEMON_PID=$!
  for _ in $(seq 100); do
    curl -sf "$URL/health" >/dev/null 2>&1 && return 0
    kill -0 "$DAEMON_PID" 2>/dev/null || { cat "$WORK/daemon.log" >&2; echo "daemon did not start" >&2; return 1; }
    sleep 0.2
  done
  curl -sf "$URL/health" >/dev/null || { echo "daemon not healthy on $URL" >&2; return 1; }
}
