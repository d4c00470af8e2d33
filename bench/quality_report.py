#!/usr/bin/env python3
"""Compare the quality figures of bench/quality.sh with their targets.

usage: quality_report.py RESULTS_DIR

Reads the JSON that `aegisd train` / `aegisd eval` printed (NAME.json), the
wall seconds (NAME.seconds, last line) and the count of C-MAPSS test engines
over the RUL cap, and appends one tab-separated line per figure to
RESULTS_DIR/summary.tsv: benchmark, metric, target, measured, verdict.
A benchmark whose output is missing or is not JSON is a MISS with the reason,
never silently absent. Standard library only.
"""
import json
import sys
from pathlib import Path


def at_least(limit):
    return f">= {limit}", lambda value: value >= limit


def at_most(limit):
    return f"<= {limit}", lambda value: value <= limit


def between(low, high):
    return f"{low:.0%} - {high:.0%}", lambda value: low <= value <= high


def dig(document, path):
    for key in path.split("."):
        document = document[key]
    return document


class Report:
    def __init__(self, results):
        self.results = results
        self.rows = []

    def load(self, name):
        """The JSON a command printed, or None (and a MISS row) when absent or broken."""
        output = self.results / f"{name}.json"
        if not output.exists():
            return None
        try:
            return json.loads(output.read_text())
        except json.JSONDecodeError:
            log = self.results / f"{name}.log"
            reason = log.read_text().strip().splitlines()[-1:] if log.exists() else ["no output"]
            self.rows.append((name, "run", "succeeds", f"failed: {reason[0] if reason else 'no output'}", "MISS"))
            return None

    def seconds(self, name):
        lines = (self.results / f"{name}.seconds").read_text().strip().splitlines()
        return float(lines[-1]) if lines else float("nan")

    def check(self, benchmark, metric, document, path, rule, fmt="{:.4f}"):
        target, passes = rule
        try:
            value = float(dig(document, path))
        except (KeyError, TypeError, ValueError):
            self.rows.append((benchmark, metric, target, f"absent ({path})", "MISS"))
            return
        self.rows.append((benchmark, metric, target, fmt.format(value), "PASS" if passes(value) else "MISS"))

    def timing(self, benchmark, name, document):
        inner = dig(document, "metrics").get("training_seconds") if "metrics" in document else None
        measured = f"{self.seconds(name):.2f} s wall"
        if inner is not None:
            measured += f" ({float(inner):.2f} s in XGBoost)"
        self.rows.append((benchmark, "training time, 2 threads", "report", measured, "report"))


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    results = Path(sys.argv[1])
    report = Report(results)

    classification = report.load("ai4i_classification")
    if classification:
        report.check("AI4I classification", "F1 (held-out 20 %)", classification, "metrics.f1", at_least(0.90))
        report.check("AI4I classification", "ROC-AUC (held-out 20 %)", classification, "metrics.roc_auc", at_least(0.98))
        report.timing("AI4I classification", "ai4i_classification", classification)
    rank_loss = report.load("ai4i_rank_loss")
    if rank_loss:
        lost = rank_loss["by_failure_type"].get("no recorded cause", {}).get("roc_auc_lost", 0.0)
        report.rows.append(("AI4I classification", "ROC-AUC lost to failures without a recorded cause", "note",
                            f"{lost:.4f}", "note"))
        report.rows.append(("AI4I classification", "ROC-AUC if every failure with a cause ranked first", "note",
                            f"{rank_loss['roc_auc_if_every_failure_with_a_cause_ranked_first']:.4f}", "note"))
    failure_mode = report.load("ai4i_failure_mode")
    if failure_mode:
        report.check("AI4I failure mode", "macro F1 (heat, power, overstrain)", failure_mode, "metrics.macro_f1",
                     at_least(0.90))
        report.timing("AI4I failure mode", "ai4i_failure_mode", failure_mode)
    trained = report.load("cmapss_train")
    if trained:
        report.timing("C-MAPSS FD001", "cmapss_train", trained)
    evaluated = report.load("cmapss_eval")
    if evaluated:
        report.check("C-MAPSS FD001", "RMSE, last cycle of 100 test engines", evaluated, "rmse", at_most(13.0), "{:.2f}")
        report.check("C-MAPSS FD001", "PHM08 score", evaluated, "phm08_score", at_most(300), "{:.1f}")
        report.check("C-MAPSS FD001", "90 % interval coverage", evaluated, "interval.coverage", between(0.85, 0.95),
                     "{:.0%}")
        over_cap = results / "cmapss_over_cap.count"
        if over_cap.exists():
            count = int(over_cap.read_text())
            report.rows.append(("C-MAPSS FD001", "test engines with true RUL > 125 (cap)", "note",
                                f"{count} of 100", "note"))
    capped = report.load("cmapss_eval_capped")
    if capped:
        for metric, path, fmt in (("RMSE", "rmse", "{:.2f}"), ("interval coverage", "interval.coverage", "{:.0%}")):
            value = float(dig(capped, path))
            report.rows.append(("C-MAPSS FD001", f"{metric} vs truth capped at 125 (diagnostic)", "note",
                                fmt.format(value), "note"))

    if not report.rows:
        print("quality: no figures (data sets absent?)")
        return
    with open(results / "summary.tsv", "a") as summary:
        for row in report.rows:
            summary.write("\t".join(row) + "\n")
    for row in report.rows:
        print(f"  {row[0]:<22} {row[1]:<52} {row[2]:<10} {row[3]:<34} {row[4]}")


if __name__ == "__main__":
    main()
