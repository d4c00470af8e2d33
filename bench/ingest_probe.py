#!/usr/bin/env python3
"""Watches the daemon's telemetry table during an ingest benchmark run.

bench/timed_publisher.cpp sends reading i to unit u(i % units) with
ts = base_ms + i, and the daemon commits in arrival order, so the newest
timestamp of the probe unit u0 (one indexed lookup, cheap enough to poll every
few ms) tells up to which index the stream is committed. The probe ends when
the product holds `count` rows, or when it stopped growing for --stable-s
after --done-file appeared (the publisher finished), or at --timeout-s.

Prints one JSON object: rows, first/last commit times, committed rows per
second, and optionally VmRSS samples every --rss-every readings (--pid) and
publish-to-commit latency percentiles of the probe unit's readings
(--publish-log, "index epoch_us" lines from the publisher).
"""
import argparse
import json
import os
import sqlite3
import time


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return None


def percentile(sorted_values, fraction):
    index = min(len(sorted_values) - 1, max(0, round(fraction * (len(sorted_values) - 1))))
    return sorted_values[index]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--product", required=True)
    parser.add_argument("--base-ms", type=int, required=True)
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--units", type=int, required=True)
    parser.add_argument("--interval-ms", type=float, default=5.0)
    parser.add_argument("--timeout-s", type=float, required=True)
    parser.add_argument("--pid", type=int)
    parser.add_argument("--rss-every", type=int, default=100000)
    parser.add_argument("--publish-log")
    parser.add_argument("--done-file")
    parser.add_argument("--stable-s", type=float, default=2.0)
    parser.add_argument("--missing", action="store_true", help="list the missing index ranges (at most 20)")
    args = parser.parse_args()

    # The database may not exist yet when the probe starts before the daemon.
    open_deadline = time.time() + 30
    while not os.path.exists(args.db) and time.time() < open_deadline:
        time.sleep(0.01)
    db = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True, timeout=5.0)
    newest_probe = "SELECT max(timestamp) FROM telemetry WHERE product_id = ? AND unit_id = 'u0'"
    count_rows = "SELECT count(*) FROM telemetry WHERE product_id = ?"
    last_probe_index = (args.count - 1) // args.units * args.units

    start = time.time()
    deadline = start + args.timeout_s
    transitions = []  # (wall time, newest committed probe index), when it moves
    rss = []  # (readings committed, VmRSS KiB)
    next_rss = args.rss_every
    first_commit = last_commit = None
    rows = 0
    last_growth = time.time()
    if args.pid:
        rss.append((0, rss_kib(args.pid)))
    while time.time() < deadline:
        now = time.time()
        newest = db.execute(newest_probe, (args.product,)).fetchone()[0]
        index = -1 if newest is None else newest - args.base_ms
        if index >= 0 and (not transitions or index > transitions[-1][1]):
            transitions.append((now, index))
            if first_commit is None:
                first_commit = now
        while args.pid and index + args.units > next_rss:
            rss.append((next_rss, rss_kib(args.pid)))
            next_rss += args.rss_every
        check_count = index >= last_probe_index or (args.done_file and os.path.exists(args.done_file))
        if check_count:
            counted = db.execute(count_rows, (args.product,)).fetchone()[0]
            if counted != rows:
                rows, last_growth, last_commit = counted, now, now
            if rows >= args.count:
                break
            publisher_done = args.done_file and os.path.exists(args.done_file)
            if publisher_done and now - last_growth >= args.stable_s:
                break
        time.sleep(args.interval_ms / 1000.0)
    rows = db.execute(count_rows, (args.product,)).fetchone()[0]
    if args.pid and rss and rss[-1][0] < rows:
        rss.append((rows, rss_kib(args.pid)))

    result = {"rows": rows, "expected": args.count, "timed_out": time.time() >= deadline}
    if first_commit is not None and last_commit is not None and last_commit > first_commit:
        result["commit_seconds"] = round(last_commit - first_commit, 3)
        result["rows_per_s"] = round(rows / (last_commit - first_commit), 1)
        result["first_commit_epoch"] = round(first_commit, 4)
        result["last_commit_epoch"] = round(last_commit, 4)
    if rss:
        result["rss_kib"] = rss
    if args.missing:
        present = {ts - args.base_ms for (ts,) in db.execute(
            "SELECT timestamp FROM telemetry WHERE product_id = ?", (args.product,))}
        ranges, start_gap = [], None
        for index in range(args.count + 1):
            gap = index < args.count and index not in present
            if gap and start_gap is None:
                start_gap = index
            elif not gap and start_gap is not None:
                ranges.append(f"{start_gap}-{index - 1}")
                start_gap = None
        result["missing_ranges"] = ",".join(ranges[:20]) + (",..." if len(ranges) > 20 else "")
    if args.publish_log:
        # The log is complete once the publisher exited (it signals with --done-file).
        wait_until = time.time() + 30
        while args.done_file and not os.path.exists(args.done_file) and time.time() < wait_until:
            time.sleep(0.05)
        published = []
        with open(args.publish_log) as log:
            for line in log:
                index, epoch_us = line.split()
                published.append((int(index), int(epoch_us) / 1e6))
        latencies, cursor = [], 0
        for index, sent in published:  # both lists ascend by index
            while cursor < len(transitions) and transitions[cursor][1] < index:
                cursor += 1
            if cursor == len(transitions):
                break
            latencies.append((transitions[cursor][0] - sent) * 1000.0)
        latencies.sort()
        if latencies:
            result["latency_ms"] = {
                "samples": len(latencies),
                "p50": round(percentile(latencies, 0.50), 1),
                "p99": round(percentile(latencies, 0.99), 1),
                "max": round(latencies[-1], 1),
                "poll_interval_ms": args.interval_ms,
            }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
