#!/usr/bin/env python3
"""Compares RUL interval calibrations by cross-validation on training engines only.

Input: the CSV of `bench_model_selection cmapss train_FD001.txt OUT.csv` (the
cross-fitted, out-of-fold prediction of every cycle of the training engines).
For each fold, a calibration is fitted on the other folds' residuals and
judged on the fold's engines against their true (uncapped) remaining life,
every engine weighing the same (as if each were cut off at a random cycle,
like a test engine). Prints coverage of the 90 % interval and mean width.
"""
import csv
import math
import sys

ALPHA = 0.1


def rank_value(pairs, rank):
    """Smallest value whose cumulative weight reaches `rank` (weights sum to len)."""
    pairs = sorted(pairs)
    total = sum(w for _, w in pairs)
    scale = len(pairs) / total
    cumulative = 0.0
    for value, weight in pairs:
        cumulative += weight * scale
        if cumulative >= rank - 1e-9 * len(pairs):
            return value
    return pairs[-1][0]


def fit(rows, scheme):
    if scheme.get("capped_degrading"):
        rows = [r for r in rows if r["label"] < 125]
    truth = (lambda r: r["label"]) if scheme.get("capped_degrading") else (lambda r: r["truth"])
    weight = (lambda r: 1.0 / r["length"]) if scheme.get("engine_weight") else (lambda r: 1.0)
    ordered = sorted(rows, key=lambda r: r["pred"])
    count = scheme.get("bins", 1)
    bins = []
    for b in range(count):
        part = ordered[b * len(ordered) // count:(b + 1) * len(ordered) // count]
        n = len(part)
        if scheme.get("symmetric"):
            q = rank_value([(abs(truth(r) - r["pred"]), weight(r)) for r in part], math.ceil((n + 1) * (1 - ALPHA)))
            low, high = -q, q
        else:
            residuals = [(truth(r) - r["pred"], weight(r)) for r in part]
            low = min(0.0, rank_value(residuals, math.floor((n + 1) * ALPHA / 2)))
            high = max(0.0, rank_value(residuals, math.ceil((n + 1) * (1 - ALPHA / 2))))
        bins.append((part[0]["pred"] if b else -math.inf, low, high))

    def interval(pred):
        low, high = bins[0][1:]
        for start, lo, hi in bins:
            if pred >= start:
                low, high = lo, hi
        return max(0.0, pred + low), max(0.0, pred + high)

    return interval


def main(path):
    rows = []
    with open(path) as f:
        for r in csv.DictReader(f):
            rows.append({"fold": int(r["fold"]), "pred": float(r["prediction"]), "label": float(r["label"]),
                         "truth": float(r["true_rul"]), "length": int(r["length"])})
    schemes = [
        ("split, |capped label - pred|, degrading rows (before)", {"symmetric": True, "capped_degrading": True}),
        ("split, |true RUL - pred|, all rows", {"symmetric": True}),
        ("binned x1, signed, true RUL", {}),
        ("binned x3, signed, true RUL", {"bins": 3}),
        ("binned x5, signed, true RUL", {"bins": 5}),
        ("binned x8, signed, true RUL", {"bins": 8}),
        ("binned x5, signed, true RUL, engine-weighted (chosen)", {"bins": 5, "engine_weight": True}),
        ("binned x8, signed, true RUL, engine-weighted", {"bins": 8, "engine_weight": True}),
    ]
    folds = sorted({r["fold"] for r in rows})
    print(f"{'calibration':58s} {'coverage':>8s} {'width':>7s} {'cov RUL<=150':>12s}")
    for name, scheme in schemes:
        covered = width = total = near = near_total = 0.0
        for f in folds:
            interval = fit([r for r in rows if r["fold"] != f], scheme)
            for r in rows:
                if r["fold"] != f:
                    continue
                low, high = interval(r["pred"])
                w = 1.0 / r["length"]
                hit = low <= r["truth"] <= high
                covered += w * hit
                width += w * (high - low)
                total += w
                if r["truth"] <= 150:
                    near += w * hit
                    near_total += w
        print(f"{name:58s} {covered / total:8.3f} {width / total:7.1f} {near / near_total:12.3f}")


if __name__ == "__main__":
    main(sys.argv[1])
