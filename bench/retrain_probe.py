#!/usr/bin/env python3
"""Retraining time and peak memory on the gateway.

usage: retrain_probe.py AEGISD RESULTS_DIR

Simulates 400 AI4I-style machines of exactly 100 hourly steps each
(`aegisd simulate --min-steps 100 --max-steps 100`, seed 11), starts
`aegisd serve` on a free loopback port, posts the first 90 steps of every unit over POST /telemetry, runs a full retrain of
the classifier and of the RUL model, posts the remaining steps and runs an
incremental retrain of both. For every run it prints the wall time of the
request, the training time reported by the daemon, the training windows and
the daemon's peak resident memory during the run (VmHWM, reset before each
run through /proc/PID/clear_refs). Writes retrain.tsv to RESULTS_DIR.
"""
import csv
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

UNITS, STEPS, OLD_STEPS = 400, 100, 90


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(port, method, path, body=None, timeout=1800):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method,
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def status_kib(pid, field):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def record(row):
    out = {"product_id": row["product_id"], "unit_id": row["unit_id"], "ts": row["timestamp"],
           "engine_type": row["engine_type"], "is_failure": int(row["is_failure"]),
           "failure_type": row["failure_type"], "rul": float(row["synthetic_RUL"])}
    for name in ("air_temperature_K", "process_temperature_K", "rotational_speed_rpm", "torque_Nm", "tool_wear_min"):
        out[name] = float(row[name])
    return out


def post_rows(port, rows):
    for start in range(0, len(rows), 2000):
        status, answer = call(port, "POST", "/telemetry", rows[start:start + 2000])
        assert status == 200 and answer["data"]["rejected"] == 0, answer


def main():
    aegisd, results = sys.argv[1], sys.argv[2]
    work = tempfile.mkdtemp(prefix="aegis-retrain-bench-")
    subprocess.run([aegisd, "simulate", "--out-dir", work, "--machines", str(UNITS), "--snapshots", "10",
                    "--seed", "11", "--min-steps", str(STEPS), "--max-steps", str(STEPS)], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    old, new = [], []
    with open(os.path.join(work, "timeseries.csv")) as f:
        for row in csv.DictReader(f):
            step = int(row["step_index"])
            if step < OLD_STEPS:
                old.append(record(row))
            elif step < STEPS:
                new.append(record(row))
    port = free_port()
    config = os.path.join(work, "aegisd.yaml")
    with open(config, "w") as f:
        f.write(f'http:\n  listen: "127.0.0.1:{port}"\nstorage:\n  data_dir: "{work}/data"\n'
                "retrain:\n  threads: 2\nlogging:\n  level: warn\n")
    daemon = subprocess.Popen([aegisd, "serve", "--config", config], stderr=open(os.path.join(work, "log"), "w"))
    try:
        for _ in range(200):
            try:
                if call(port, "GET", "/health")[0] in (200, 503):
                    break
            except OSError:
                time.sleep(0.1)
        post_rows(port, old)
        lines = [f"units\t{UNITS}\treadings\t{len(old) + len(new)}\t(first {OLD_STEPS} steps: {len(old)}, "
                 f"then {len(new)} new)"]
        lines.append("run\tmodel_type\twall_s\ttraining_s\twindows\tnew\treplay\tpeak_rss_mib\tbefore_rss_mib\tmain_metric")

        def run(kind, model_type, incremental):
            with open(f"/proc/{daemon.pid}/clear_refs", "w") as refs:
                refs.write("5")  # resets VmHWM to the current RSS
            before = status_kib(daemon.pid, "VmRSS")
            started = time.monotonic()
            status, answer = call(port, "POST", "/retrain/run",
                                  {"model_type": model_type, "incremental": incremental, "force": True})
            wall = time.monotonic() - started
            assert status == 200, answer
            data = answer["data"]
            peak = status_kib(daemon.pid, "VmHWM")
            metric = data["main_metric"]
            lines.append(f"{kind}\t{model_type}\t{wall:.2f}\t{data['training_seconds']:.2f}\t"
                         f"{data['training_samples']}\t{data['new_samples']}\t{data['replay_samples']}\t"
                         f"{peak / 1024:.0f}\t{before / 1024:.0f}\t{metric}={data['metrics'][metric]:.3f}")

        run("full", "classification", False)
        run("full", "forecast", False)
        post_rows(port, new)
        run("incremental", "classification", True)
        run("incremental", "forecast", True)
    finally:
        daemon.terminate()
        daemon.wait(timeout=60)
    text = "\n".join(lines) + "\n"
    print(text, end="")
    with open(os.path.join(results, "retrain.tsv"), "w") as out:
        out.write(text)


if __name__ == "__main__":
    main()
