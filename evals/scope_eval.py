"""How well the advisor knows what the guide cannot answer, on the scope dev set (evals/datasets/scope.jsonl).

Positive class: the questions labelled ``decline``. ``answerable_declined`` is the share of
``answer`` questions declined (the costly error); ``partial`` questions should be answered with
``coverage: partial`` and never declined (the topic is covered).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from advisor import Advisor
from evals.datasets import ScopeQuestion, load_scope
from evals.metrics import decline_scores

EXPECTED = {"answer": "full", "partial": "partial", "decline": "none"}


def scope_metrics(pairs: Iterable[tuple[ScopeQuestion, str]]) -> dict[str, float]:
    """Decline precision and recall, answerable questions declined, partial handling."""
    pairs = list(pairs)
    declines = decline_scores([q.outcome == "decline" for q, _ in pairs], [c == "none" for _, c in pairs])
    answerable = [c for q, c in pairs if q.outcome == "answer"]
    partial = [c for q, c in pairs if q.outcome == "partial"]
    return {
        "questions": len(pairs),
        "decline_precision": round(declines.precision, 4),
        "decline_recall": round(declines.recall, 4),
        "answerable_declined": round(sum(c == "none" for c in answerable) / max(len(answerable), 1), 4),
        "answerable_declined_count": sum(c == "none" for c in answerable),
        "answerable_marked_partial": round(sum(c == "partial" for c in answerable) / max(len(answerable), 1), 4),
        "partial_declined": round(sum(c == "none" for c in partial) / max(len(partial), 1), 4),
        "partial_recall": round(sum(c == "partial" for c in partial) / max(len(partial), 1), 4),
        "exact": round(sum(EXPECTED[q.outcome] == c for q, c in pairs) / max(len(pairs), 1), 4),
    }


def breakdown(pairs: Iterable[tuple[ScopeQuestion, str]], key: str) -> dict[str, dict[str, float]]:
    groups: dict[str, list[tuple[ScopeQuestion, str]]] = defaultdict(list)
    for q, c in pairs:
        groups[str(getattr(q, key))].append((q, c))
    return {name: scope_metrics(items) for name, items in sorted(groups.items())}


def by_kind(pairs: Iterable[tuple[ScopeQuestion, str]]) -> dict[str, dict[str, float]]:
    """Per kind: how many, and the share handled as labelled (declined, partial or answered)."""
    groups: dict[str, list[bool]] = defaultdict(list)
    for q, c in pairs:
        groups[f"{q.outcome}/{q.kind}"].append(EXPECTED[q.outcome] == c if q.outcome != "partial" else c != "none")
    return {k: {"n": len(v), "as_labelled": round(sum(v) / len(v), 3)} for k, v in sorted(groups.items())}


def ask_all(advisor: Advisor, rows: list[ScopeQuestion]) -> list[tuple[ScopeQuestion, str]]:
    """Each question through ``advisor.ask`` (the path a user takes): its answer's coverage."""
    return [(q, advisor.ask(q.question).coverage) for q in rows]


def run_scope_eval(advisor: Advisor, split: str = "validation") -> dict[str, float]:
    """The gate's scope figures, on the split the model was never fitted on."""
    pairs = ask_all(advisor, [q for q in load_scope() if q.split == split])
    return {f"scope_{name}": value for name, value in scope_metrics(pairs).items()}
