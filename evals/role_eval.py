"""Questions about the role itself: does the answer lead with the section that answers them?

"what do they actually do all day?" or 「ぶっちゃけ何してる人?」 is answered by the guide's list of
main duties (section 2); "what even is a TPM?" or 「TPMとはどのような役割なのか」 by its first chapter
(section 1). A question that only sounds like one of them (what a Senior TPM does, what FinOps is,
how a TPM works with finance) is not. A question is right when its answer's first citation is in
the section exactly when it asks what that section answers.

「TPMとプロマネって何が違うの?」 is answered by the first chapter too, and "TPM vs PdM?" by its
analogy (the PM's blueprint) before the collaboration chapter's division of the work with the
product manager; a question that compares something else (two levels, two tools, SLO vs SLI) is not.

Reported on both splits of ``duties.jsonl``, ``definitions.jsonl`` and ``comparisons.jsonl``; the
rules were fitted on ``train`` only, and the held writers were never read.
"""

from __future__ import annotations

from advisor.facade import Advisor
from evals.datasets import (
    RoleQuestion,
    load_comparison_questions,
    load_definition_questions,
    load_duties_questions,
)

DEFINITION_SECTION, DUTIES_SECTION = "1.", "2."


def run_role_eval(advisor: Advisor) -> dict[str, float]:
    duties = [(q, q.about_duties) for q in load_duties_questions()]
    definitions = [(q, q.about_definition) for q in load_definition_questions()]
    return _leads_right(advisor, "duties", duties, DUTIES_SECTION) | _leads_right(
        advisor, "definition", definitions, DEFINITION_SECTION) | _leads_right(
        advisor, "comparison", [(q, q.compares_role) for q in load_comparison_questions()], DEFINITION_SECTION)


def _leads_right(advisor: Advisor, name: str, questions: list[tuple[RoleQuestion, bool]],
                 section: str) -> dict[str, float]:
    right: dict[str, list[float]] = {"train": [], "held": []}
    for question, asks in questions:
        answer = advisor.ask(question.question)
        leads = bool(answer.citations) and answer.citations[0].section.startswith(section)
        right[question.split].append(float(leads == asks))
    return {f"{name}_right_{split}": round(sum(scores) / max(len(scores), 1), 4) for split, scores in right.items()}
