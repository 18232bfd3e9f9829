"""Questions about the career ladder: does the answer show the row the question is about?

A user who writes "I'm a TPM — what's the next level?" or 「未経験だとどのレベルから?」 reads the ladder
rows the answer quotes first. A question is right when its expected level is among the first two
rows quoted, or, for one that only sounds like a ladder question ("what level of Python"), when the
answer does not lead with a ladder row. Reported on both halves of ``ladder.jsonl``; the rules were
fitted on ``train`` only.
"""

from __future__ import annotations

from advisor.corpus import LadderLevel
from advisor.facade import Advisor
from advisor.types import Citation
from evals.datasets import load_ladder_questions

LADDER_SECTION = "5."
SPECIALIST_EN = "Specialist TPM"  # the English edition's name of the guide's 専門分野 TPM row


def _row_level(citation: Citation, levels: list[LadderLevel]) -> str:
    """The ladder level a citation quotes the row of, or ""."""
    if not citation.section.startswith(LADDER_SECTION):
        return ""
    head = citation.text.split("\n", 1)[0]
    for level in sorted(levels, key=lambda lv: -len(lv.guide_name)):  # "Senior TPM" before "TPM"
        if level.guide_name in head or (level.id == "specialist" and SPECIALIST_EN in head):
            return level.id
    return ""


def run_ladder_eval(advisor: Advisor) -> dict[str, float]:
    levels = advisor.corpus.ladder.levels
    right: dict[str, list[float]] = {"train": [], "validation": []}
    for question in load_ladder_questions():
        answer = advisor.ask(question.question)
        rows = [level for c in answer.citations if (level := _row_level(c, levels))]
        if question.expected_levels:
            ok = question.expected_levels[0] in rows[:2]
        else:
            ok = not (answer.citations and _row_level(answer.citations[0], levels))
        right[question.split].append(float(ok))
    return {"ladder_rows_right": round(sum(right["train"] + right["validation"]) / sum(map(len, right.values())), 4),
            "ladder_rows_right_train": round(sum(right["train"]) / max(len(right["train"]), 1), 4),
            "ladder_rows_right_held": round(sum(right["validation"]) / max(len(right["validation"]), 1), 4)}
