#!/usr/bin/env python3
"""Where the AI4I failure classifier's held-out ROC-AUC is lost, by failure type.

    ai4i_rank_loss.py AI4I_CSV HELD_OUT_CSV > rank_loss.json

HELD_OUT_CSV is what `aegisd train --task classification --held-out FILE`
writes (unit "product/UDI", label, predicted failure probability). ROC-AUC is
the mean, over held-out failures, of the share of held-out healthy rows
ranked below each (ties count half); each failure that ranks below some
healthy rows lowers it by (1 - share) / failures. This prints that loss per
failure type of the data set, and the ROC-AUC a model would reach if every
failure with a recorded cause ranked above every healthy row while the
failures without one stayed where they are.
"""
import bisect
import csv
import json
import sys

NO_CAUSE = "no recorded cause"


def failure_types(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return {row["UDI"]: (row["Failure Type"] if row["Failure Type"] != "No Failure" else NO_CAUSE)
                for row in csv.DictReader(f) if row["Target"] == "1"}


def held_out(path):
    with open(path, newline="") as f:
        return [(row["unit"].rsplit("/", 1)[1], int(float(row["label"])), float(row["prediction"]))
                for row in csv.DictReader(f)]


def main(ai4i_csv, held_out_csv):
    types = failure_types(ai4i_csv)
    rows = held_out(held_out_csv)
    healthy = sorted(score for _, label, score in rows if label == 0)
    failures = [(udi, score) for udi, label, score in rows if label == 1]
    if not healthy or not failures:
        sys.exit("ai4i_rank_loss: the held-out rows need both classes")
    by_type = {}
    for udi, score in failures:
        below = bisect.bisect_left(healthy, score)
        ties = bisect.bisect_right(healthy, score) - below
        share = (below + 0.5 * ties) / len(healthy)
        entry = by_type.setdefault(types.get(udi, "unknown"), {"failures": 0, "share_sum": 0.0, "loss": 0.0})
        entry["failures"] += 1
        entry["share_sum"] += share
        entry["loss"] += 1.0 - share
    total_loss = sum(entry["loss"] for entry in by_type.values())
    no_cause_loss = by_type.get(NO_CAUSE, {"loss": 0.0})["loss"]
    report = {
        "held_out_failures": len(failures),
        "held_out_healthy": len(healthy),
        "roc_auc": 1.0 - total_loss / len(failures),
        "roc_auc_if_every_failure_with_a_cause_ranked_first": 1.0 - no_cause_loss / len(failures),
        "by_failure_type": {
            name: {
                "failures": entry["failures"],
                "mean_share_of_healthy_ranked_below": entry["share_sum"] / entry["failures"],
                "roc_auc_lost": entry["loss"] / len(failures),
            }
            for name, entry in sorted(by_type.items(), key=lambda item: -item[1]["loss"])
        },
    }
    json.dump(report, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
