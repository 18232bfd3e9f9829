"""Interview-feedback eval: graded sample answers with the key points each truly covers.

Key-point precision and recall (micro, over every answer's points), and the mean score per grade
(good answers should score well above partial ones, off-topic ones near zero).
"""

from __future__ import annotations

import statistics
from collections import defaultdict

import yaml

from advisor.facade import Advisor
from evals.datasets import DATASETS

ANSWERS = DATASETS / "interview_answers.yaml"


def run_interview_eval(advisor: Advisor) -> dict[str, float]:
    if not ANSWERS.is_file():
        return {}
    rows = yaml.safe_load(ANSWERS.read_text(encoding="utf-8"))["answers"]
    tp = fp = fn = 0
    scores: dict[str, list[float]] = defaultdict(list)
    for row in rows:
        feedback = advisor.interview_feedback(row["question_id"], row["answer"])
        predicted = {c["index"] for c in feedback.covered}
        truth = set(row["covered"])
        tp, fp, fn = tp + len(predicted & truth), fp + len(predicted - truth), fn + len(truth - predicted)
        scores[row["grade"]].append(feedback.score)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    metrics = {
        "interview_point_precision": round(precision, 4),
        "interview_point_recall": round(recall, 4),
        "interview_point_f1": round(2 * precision * recall / (precision + recall) if precision + recall else 0, 4),
        "interview_answers": len(rows),
    }
    metrics.update({f"interview_score_{grade}": round(statistics.fmean(v), 4) for grade, v in scores.items()})
    return metrics
