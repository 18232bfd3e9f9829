"""Questions about what a TPM does: does the answer lead with the guide's main duties?

"what do they actually do all day?" or 「ぶっちゃけ何してる人?」 is answered by the guide's list of
main duties (section 2). A question that only sounds like it (what a Senior TPM does, what a TPM does
with finance, what a TPM is) is not. A question is right when its answer's first citation is in
section 2 exactly when it asks about the duties. Reported on both splits of ``duties.jsonl``; the
rule was fitted on ``train`` only, and the held writer was never read.
"""

from __future__ import annotations

from advisor.facade import Advisor
from evals.datasets import load_duties_questions

DUTIES_SECTION = "2."


def run_duties_eval(advisor: Advisor) -> dict[str, float]:
    right: dict[str, list[float]] = {"train": [], "held": []}
    for question in load_duties_questions():
        answer = advisor.ask(question.question)
        leads = bool(answer.citations) and answer.citations[0].section.startswith(DUTIES_SECTION)
        right[question.split].append(float(leads == question.about_duties))
    return {f"duties_right_{split}": round(sum(scores) / max(len(scores), 1), 4) for split, scores in right.items()}
