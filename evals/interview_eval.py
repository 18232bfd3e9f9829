"""Interview-feedback eval on the held-apart half of the graded answers (split by question).

Key-point precision and recall (micro, over every answer's points); the mean score per grade
(good answers well above partial ones; keyword lists, on-topic answers that do not answer the
question, and off-topic ones near zero); the share of good > partial > off pairs of one question
that the scores order strictly; term lists recognised; STAR parts read right.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from advisor.facade import Advisor
from evals.datasets import GradedAnswer, load_interview_answers

RANK = {"good": 2, "partial": 1, "off_question": 0, "keyword_list": 0, "off_topic": 0}
STAR = ("situation", "task", "action", "result")


@dataclass(frozen=True)
class Judged:
    """What the scorer said about one graded answer."""

    row: GradedAnswer
    covered: set[int]
    score: float
    term_list: bool
    star_missing: set[str] | None = None  # behavioural questions only


def feedback_metrics(judged: Iterable[Judged]) -> dict[str, float]:
    judged = list(judged)
    tp = fp = fn = 0
    scores: dict[str, list[float]] = defaultdict(list)
    by_question: dict[str, list[Judged]] = defaultdict(list)
    star_right = star_total = 0
    for item in judged:
        truth = set(item.row.covered)
        tp += len(item.covered & truth)
        fp += len(item.covered - truth)
        fn += len(truth - item.covered)
        scores[item.row.grade].append(item.score)
        by_question[item.row.question_id].append(item)
        if item.star_missing is not None and item.row.parts and item.row.grade != "keyword_list":
            missing = set(STAR) - item.row.star
            star_right += sum((part in missing) == (part in item.star_missing) for part in STAR)
            star_total += len(STAR)
    ordered = pairs = 0
    for items in by_question.values():
        for a in items:
            for b in items:
                if RANK[a.row.grade] > RANK[b.row.grade]:
                    pairs += 1
                    ordered += a.score > b.score
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    lists = [i for i in judged if i.row.grade == "keyword_list"]
    others = [i for i in judged if i.row.grade != "keyword_list"]
    metrics = {
        "interview_point_precision": round(precision, 4),
        "interview_point_recall": round(recall, 4),
        "interview_point_f1": round(2 * precision * recall / (precision + recall) if precision + recall else 0, 4),
        "interview_pairs_ordered": round(ordered / pairs, 4) if pairs else 1.0,
        "interview_term_lists_caught": round(sum(i.term_list for i in lists) / len(lists), 4) if lists else 1.0,
        "interview_sentences_taken_for_lists": round(sum(i.term_list for i in others) / len(others), 4)
        if others else 0.0,
        "interview_answers": len(judged),
    }
    if star_total:
        metrics["interview_star_part_accuracy"] = round(star_right / star_total, 4)
    metrics.update({f"interview_score_{grade}": round(statistics.fmean(v), 4) for grade, v in scores.items()})
    return metrics


def run_interview_eval(advisor: Advisor, split: str = "validation") -> dict[str, float]:
    """The figures over ``advisor.interview_feedback`` on one split of the graded answers."""
    judged = []
    for row in load_interview_answers():
        if row.split != split:
            continue
        feedback = advisor.interview_feedback(row.question_id, row.answer)
        star = feedback.star
        judged.append(Judged(row, {c["index"] for c in feedback.covered}, feedback.score,
                             feedback.form == "term_list",
                             None if star is None else {p for p, quote in star.items() if quote is None}))
    return feedback_metrics(judged)
