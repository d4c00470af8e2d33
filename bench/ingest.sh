#!/usr/bin/env bash
# MQTT ingest benchmark: a private mosquitto on a free loopback port, the
# daemon subscribed to it, and bench_timed_publisher feeding generated
# readings (QoS 1). Four parts, each with a fresh daemon and database:
#   rate     K readings as fast as possible; daemon's committed rows/s versus
#            the delivery rate to bench_null_subscriber (same Paho settings)
#            subscribed in the same run
#   latency  10,000 readings/s; publish-to-commit latency of the probe unit
#   rss      1,000,000 readings for 1,000 units; VmRSS every 100,000 readings
#   kill     10 x (stream N readings, kill -9 the daemon mid-stream, restart,
#            drain): readings lost per kill
#   bench/ingest.sh AEGISD BENCH_BIN_DIR RESULTS_DIR     (bench/run.sh ingest)
# Environment: AEGIS_BENCH_INGEST_RATE_COUNT (200000), AEGIS_BENCH_INGEST_LATENCY_SECONDS (15),
# AEGIS_BENCH_INGEST_RSS_COUNT (1000000), AEGIS_BENCH_INGEST_KILLS (10), AEGIS_BENCH_INGEST_KILL_COUNT (30000),
# MOSQUITTO (/usr/sbin/mosquitto). Every wait below is bounded.
set -euo pipefail

AEGISD=$1
BIN=$2
RESULTS=$3
HERE=$(cd "$(dirname "$0")" && pwd)
PYTHON=${PYTHON:-python3}
MOSQUITTO=${MOSQUITTO:-/usr/sbin/mosquitto}
RATE_COUNT=${AEGIS_BENCH_INGEST_RATE_COUNT:-200000}
LATENCY_SECONDS=${AEGIS_BENCH_INGEST_LATENCY_SECONDS:-15}
RSS_COUNT=${AEGIS_BENCH_INGEST_RSS_COUNT:-1000000}
KILLS=${AEGIS_BENCH_INGEST_KILLS:-10}
KILL_COUNT=${AEGIS_BENCH_INGEST_KILL_COUNT:-30000}
SUMMARY=$RESULTS/summary.tsv
OUT=$RESULTS/ingest
mkdir -p "$OUT"

WORK=$(mktemp -d /tmp/aegis-bench-ingest.XXXXXX)
BROKER_PID=""
DAEMON_PID=""
cleanup() {
  for pid in $DAEMON_PID $BROKER_PID; do
    if kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# Readings carry epoch-ms timestamps two days back, so none is "in the future"
# and each part's index range stays apart.
BASE_MS=$(( ($(date +%s) - 2 * 86400) * 1000 ))

BROKER_PORT=$(free_port)
BROKER=tcp://127.0.0.1:$BROKER_PORT
mkdir -p "$WORK/broker"
{
  echo "listener $BROKER_PORT 127.0.0.1"
  echo "allow_anonymous true"
  echo "persistence true"
  echo "persistence_location $WORK/broker/"
  # QoS 1 messages for a slow or absent subscriber are queued, not dropped.
  echo "max_queued_messages 2000000"
  echo "max_queued_bytes 0"
  [ "$(id -u)" = 0 ] && echo "user root"
} >"$WORK/broker/mosquitto.conf"
"$MOSQUITTO" -c "$WORK/broker/mosquitto.conf" >"$WORK/broker/log" 2>&1 &
BROKER_PID=$!
for _ in $(seq 50); do
  (exec 3<>"/dev/tcp/127.0.0.1/$BROKER_PORT") 2>/dev/null && break
  sleep 0.1
done
echo "== ingest: mosquitto $("$MOSQUITTO" -h | head -1 | awk '{print $3}') on $BROKER"

HTTP_PORT=$(free_port)
# Each part has its own topic prefix, so the persistent sessions a finished
# part leaves behind in the broker do not queue the next parts' readings.
daemon_config() {  # data_dir client_id topic_prefix
  cat <<EOF2
http:
  listen: "127.0.0.1:$HTTP_PORT"
storage:
  data_dir: "$1"
mqtt:
  broker: "$BROKER"
  client_id: "$2"
  topic_prefix: "$3"
logging:
  level: warn
EOF2
}

start_daemon() {  # data_dir client_id log topic_prefix
  mkdir -p "$1"
  daemon_config "$1" "$2" "$4" >"$1/aegisd.yaml"
  "$AEGISD" serve --config "$1/aegisd.yaml" 2>>"$3" &
  DAEMON_PID=$!
  for _ in $(seq 150); do
    if curl -sf "http://127.0.0.1:$HTTP_PORT/health" 2>/dev/null |
      "$PYTHON" -c 'import json,sys; sys.exit(json.load(sys.stdin)["data"]["mqtt"] != "connected")' 2>/dev/null; then
      return 0
    fi
    kill -0 "$DAEMON_PID" 2>/dev/null || break
    sleep 0.1
  done
  cat "$3" >&2
  echo "ingest: daemon did not connect to $BROKER" >&2
  return 1
}

stop_daemon() {
  kill -TERM "$DAEMON_PID" 2>/dev/null || true
  wait "$DAEMON_PID" 2>/dev/null || true
  DAEMON_PID=""
}

publish() {  # client_id topic_prefix/product count units rate [log]
  local log=()
  [ -n "${6:-}" ] && log=(--log "$6")
  "$BIN/bench_timed_publisher" --broker "$BROKER" --client-id "$1" --prefix "${2%/*}" --product "${2#*/}" --count "$3" \
    --units "$4" --rate "$5" --base-ms "$BASE_MS" "${log[@]}"
}

probe() {  # data_dir product count units timeout_s [extra probe options...]
  local dir=$1 product=$2 count=$3 units=$4 timeout=$5
  shift 5
  "$PYTHON" "$HERE/ingest_probe.py" --db "$dir/aegisd.db" --product "$product" --base-ms "$BASE_MS" \
    --count "$count" --units "$units" --timeout-s "$timeout" "$@"
}

# 1. Sustained rate, with the null subscriber in the same run.
echo "== ingest rate: $RATE_COUNT readings (1000 units), as fast as possible; daemon and null subscriber"
D=$WORK/rate
start_daemon "$D" aegisd-rate "$OUT/daemon_rate.log" rate
"$BIN/bench_null_subscriber" "$BROKER" bench-null rate/+/+/telemetry "$RATE_COUNT" 240 >"$OUT/null_subscriber.txt" 2>&1 &
NULL_PID=$!
for _ in $(seq 100); do grep -q READY "$OUT/null_subscriber.txt" && break; sleep 0.1; done
probe "$D" rate "$RATE_COUNT" 1000 240 --interval-ms 10 >"$OUT/rate_probe.json" &
PROBE_PID=$!
publish bench-pub-rate rate/rate "$RATE_COUNT" 1000 0 | tee "$OUT/rate_publisher.txt"
wait "$PROBE_PID"
wait "$NULL_PID" || true
cat "$OUT/null_subscriber.txt" "$OUT/rate_probe.json"
stop_daemon

# 1b. Consumption ceiling: the same K readings queued in the broker first (both
# persistent sessions exist but are offline), then drained by the null
# subscriber alone, then by the daemon alone; no publisher competes for CPU.
echo "== ingest drain: $RATE_COUNT readings queued in the broker, drained by the null subscriber, then the daemon"
D=$WORK/drain
start_daemon "$D" aegisd-drain "$OUT/daemon_drain.log" drain
stop_daemon
"$BIN/bench_null_subscriber" "$BROKER" bench-null-drain drain/+/+/telemetry 0 10 >/dev/null
publish bench-pub-drain drain/drain "$RATE_COUNT" 1000 0 | tee "$OUT/drain_publisher.txt"
"$BIN/bench_null_subscriber" "$BROKER" bench-null-drain drain/+/+/telemetry "$RATE_COUNT" 240 \
  | tee "$OUT/drain_null_subscriber.txt"
# The probe starts first: the backlog arrives while the daemon is still starting.
probe "$D" drain "$RATE_COUNT" 1000 240 --interval-ms 10 >"$OUT/drain_probe.json" &
PROBE_PID=$!
start_daemon "$D" aegisd-drain "$OUT/daemon_drain.log" drain
wait "$PROBE_PID"
cat "$OUT/drain_probe.json"
stop_daemon

# 2. Latency at 10,000 readings/s (probe unit u0 of 100: 100 samples a second).
LATENCY_COUNT=$((LATENCY_SECONDS * 10000))
echo "== ingest latency: $LATENCY_COUNT readings at 10000/s (100 units), poll every 2 ms"
D=$WORK/latency
start_daemon "$D" aegisd-latency "$OUT/daemon_latency.log" latency
probe "$D" latency "$LATENCY_COUNT" 100 $((LATENCY_SECONDS + 60)) --interval-ms 2 \
  --publish-log "$WORK/latency_publish.log" --done-file "$WORK/latency_published" >"$OUT/latency_probe.json" &
PROBE_PID=$!
publish bench-pub-latency latency/latency "$LATENCY_COUNT" 100 10000 "$WORK/latency_publish.log" | tee "$OUT/latency_publisher.txt"
touch "$WORK/latency_published"
wait "$PROBE_PID"
cat "$OUT/latency_probe.json"
stop_daemon

# 3. RSS over one million readings for 1,000 units.
echo "== ingest rss: $RSS_COUNT readings (1000 units), VmRSS every 100000 committed"
D=$WORK/rss
start_daemon "$D" aegisd-rss "$OUT/daemon_rss.log" rss
probe "$D" rss "$RSS_COUNT" 1000 240 --interval-ms 20 --pid "$DAEMON_PID" >"$OUT/rss_probe.json" &
PROBE_PID=$!
publish bench-pub-rss rss/rss "$RSS_COUNT" 1000 0 | tee "$OUT/rss_publisher.txt"
wait "$PROBE_PID"
grep -E '^(VmHWM|VmRSS|Threads)' "/proc/$DAEMON_PID/status" | tee "$OUT/rss_status.txt"
cat "$OUT/rss_probe.json"
stop_daemon

# 4. kill -9 mid-stream, KILLS times; one daemon identity (persistent session).
echo "== ingest kill: $KILLS x ($KILL_COUNT readings as fast as possible, kill -9 mid-stream, restart, drain)"
D=$WORK/kill
start_daemon "$D" aegisd-kill "$OUT/daemon_kill.log" kill
: >"$OUT/kill.tsv"
for run in $(seq "$KILLS"); do
  rm -f "$WORK/published"
  ( publish "bench-pub-kill$run" "kill/kill$run" "$KILL_COUNT" 100 0 >"$OUT/kill_publisher_$run.txt"; touch "$WORK/published" ) &
  PUB_PID=$!
  # Somewhere in the first half of the stream (about 1.5 s at full speed).
  sleep "0.$((RANDOM % 5 + 3))"
  kill -KILL "$DAEMON_PID"
  wait "$DAEMON_PID" 2>/dev/null || true
  killed_at=$(date +%s.%N)
  start_daemon "$D" aegisd-kill "$OUT/daemon_kill.log" kill
  restarted_in=$("$PYTHON" -c "import time; print(round(time.time() - $killed_at, 2))")
  probe "$D" "kill$run" "$KILL_COUNT" 100 90 --interval-ms 20 --done-file "$WORK/published" \
    --stable-s 3 --missing >"$OUT/kill_probe_$run.json"
  wait "$PUB_PID"
  rows=$("$PYTHON" -c "import json; print(json.load(open('$OUT/kill_probe_$run.json'))['rows'])")
  missing=$("$PYTHON" -c "import json; print(json.load(open('$OUT/kill_probe_$run.json')).get('missing_ranges'))")
  # run, published, rows, lost, seconds from kill to reconnected, missing index ranges
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$run" "$KILL_COUNT" "$rows" "$((KILL_COUNT - rows))" "$restarted_in" "$missing" \
    | tee -a "$OUT/kill.tsv"
  grep -q BENCH "$OUT/kill_publisher_$run.txt" || echo "ingest kill: publisher of run $run did not finish" >&2
done
stop_daemon

"$PYTHON" - "$OUT" "$RATE_COUNT" "$LATENCY_COUNT" "$RSS_COUNT" >>"$SUMMARY" <<'EOF2'
import json, re, sys
from pathlib import Path
out, rate_count, latency_count, rss_count = Path(sys.argv[1]), *map(int, sys.argv[2:5])
rows = []
rate = json.loads((out / "rate_probe.json").read_text())
null = re.search(r"received=(\d+) seconds=([\d.e+-]+) rate=([\d.e+-]+) last_epoch_us=(\d+)",
                 (out / "null_subscriber.txt").read_text())
start = re.search(r"start_epoch_us=(\d+)", (out / "rate_publisher.txt").read_text())
# Both rates over the same window: from the publisher's first message to the
# last row committed (daemon) or the last message received (null subscriber).
start_s = int(start.group(1)) / 1e6 if start else 0.0
daemon_rate = rate["rows"] / (rate["last_commit_epoch"] - start_s) if start and "last_commit_epoch" in rate else 0.0
null_rate = int(null.group(1)) / (int(null.group(4)) / 1e6 - start_s) if null and start else 0.0
ratio = daemon_rate / null_rate if null_rate else 0.0
rows.append(("ingest rate", f"committed rows/s, {rate_count} readings", "report",
             f"{daemon_rate:.0f} ({rate['rows']} rows; first->last commit {rate.get('rows_per_s', 0):.0f})",
             "report" if rate["rows"] == rate_count else "MISS"))
rows.append(("ingest rate", "null subscriber msgs/s (same run)", "report",
             f"{null_rate:.0f} (first->last {float(null.group(3)) if null else 0:.0f})", "report"))
rows.append(("ingest rate", "daemon / null subscriber", ">= 0.8", f"{ratio:.2f}", "PASS" if ratio >= 0.8 else "MISS"))
drain = json.loads((out / "drain_probe.json").read_text())
drain_null = re.search(r"received=(\d+) seconds=([\d.e+-]+) rate=([\d.e+-]+)", (out / "drain_null_subscriber.txt").read_text())
drain_daemon_rate = drain.get("rows_per_s", 0.0)
drain_null_rate = float(drain_null.group(3)) if drain_null else 0.0
drain_ratio = drain_daemon_rate / drain_null_rate if drain_null_rate else 0.0
rows.append(("ingest drain", f"backlog of {rate_count}: daemon / null rows/s", "report",
             f"{drain_daemon_rate:.0f} / {drain_null_rate:.0f} = {drain_ratio:.2f}",
             "report" if drain["rows"] == rate_count else "MISS"))
latency = json.loads((out / "latency_probe.json").read_text())
lat = latency.get("latency_ms", {})
rows.append(("ingest latency", f"publish->commit p50 / p99 at 10k/s", "report",
             f"{lat.get('p50')} / {lat.get('p99')} ms ({lat.get('samples')} samples)",
             "report" if latency["rows"] == latency_count else "MISS"))
rss = json.loads((out / "rss_probe.json").read_text())
samples = rss.get("rss_kib", [])
mib = [kib / 1024 for _, kib in samples if kib]
warm = [kib / 1024 for n, kib in samples if kib and n >= 200000]
growth = (warm[-1] - warm[0]) if len(warm) >= 2 else float("nan")
rows.append(("ingest rss", f"VmRSS over {rss_count} readings, 1000 units", "flat after warm-up",
             f"{mib[0]:.1f} -> {mib[-1]:.1f} MiB; +{growth:.1f} MiB from 200k on", "report"))
kills = [line.split("\t") for line in (out / "kill.tsv").read_text().splitlines() if line]
lost = [int(k[3]) for k in kills]
rows.append(("ingest kill -9", f"readings lost per kill ({len(kills)} kills)", "report",
             f"max {max(lost)}, mean {sum(lost) / len(lost):.0f}, total {sum(lost)}", "report"))
for row in rows:
    print("\t".join(row))
EOF2
