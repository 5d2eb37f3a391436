"""Precision, recall and F1 for the evaluation commands."""

from __future__ import annotations

from collections import Counter


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def type_scores(pairs: list[tuple[str, str | None]]) -> tuple[dict[str, dict[str, float]], float, float]:
    """Per-label P/R/F1, macro F1 over the gold labels, and micro F1, from (gold, predicted) pairs.

    A sentence with no prediction is a false negative; a wrong prediction is a false
    positive for the predicted label and a false negative for the gold one.
    """
    tp, fp, fn = Counter(), Counter(), Counter()
    for gold, predicted in pairs:
        if predicted == gold:
            tp[gold] += 1
            continue
        fn[gold] += 1
        if predicted is not None:
            fp[predicted] += 1
    labels = sorted({g for g, _ in pairs})
    per_type = {label: {**prf(tp[label], fp[label], fn[label]), "n": tp[label] + fn[label]} for label in labels}
    macro = round(sum(s["f1"] for s in per_type.values()) / len(labels), 4) if labels else 0.0
    micro = prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))["f1"]
    return per_type, macro, micro
