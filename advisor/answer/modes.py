"""Answer modes: each shapes retrieval (which sections and kinds to prefer) and how many passages."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from advisor.errors import BadInput
from advisor.retrieval.retriever import Boosts


@dataclass(frozen=True)
class Mode:
    id: str
    label_en: str
    label_ja: str
    boosts: Boosts
    k: int = 5


MODES: dict[str, Mode] = {
    "general": Mode("general", "General", "一般", Boosts()),
    "career": Mode("career", "Career path", "キャリアパス", Boosts(
        kinds={"resource": 0.1},
        sections={"5. キャリアパス": 0.5, "7. Technical Program Managerになるための学習方法": 0.2}), k=6),
    "skills": Mode("skills", "Skill gap", "スキルギャップ", Boosts(
        kinds={"resource": 0.25},
        sections={"3. 必要なスキルとツール": 0.35, "7. Technical Program Managerになるための学習方法": 0.2}), k=6),
    "interview": Mode("interview", "Interview", "面接対策", Boosts(
        kinds={"interview": 0.8}, sections={"9. 面接でよくある質問とその対策": 0.8}), k=5),
}
_ALIASES = {"career_path": "career", "skill_gap": "skills", "skill": "skills", "interviews": "interview"}


def get_mode(name: str | None) -> Mode:
    """The mode called ``name`` (None → general). Raises ``BadInput`` listing the valid names."""
    key = _ALIASES.get((name or "general").lower(), (name or "general").lower())
    if key not in MODES:
        choices = ", ".join(MODES)
        raise BadInput(f"unknown mode '{name}'; choose one of: {choices}",
                       f"不明なモード '{name}' です。次から選んでください: {choices}")
    return MODES[key]


# Asking for something to study: then the catalogue leads; otherwise the guide does.
_WANTS_RESOURCES = re.compile(
    r"本|書籍|教材|資格|認定|講座|コース|おすすめ|オススメ|勉強|学習|学ぶ|読む|"
    r"\b(book|books|read|course|courses|certification|certifications|certificate|cert|study|learn|learning|"
    r"resource|resources|training|recommend)",
    re.IGNORECASE,
)
RESOURCE_PRIOR = 0.15


def wants_resources(question: str) -> bool:
    """Does the question ask for something to study (a book, a course, a certification)?"""
    return bool(_WANTS_RESOURCES.search(question))


def boosts_for(question: str, mode: Mode) -> Boosts:
    """The mode's boosts, with the catalogue nudged up for study questions and down for the rest."""
    prior = RESOURCE_PRIOR if wants_resources(question) else -RESOURCE_PRIOR
    kinds = dict(mode.boosts.kinds)
    kinds["resource"] = kinds.get("resource", 0.0) + prior
    return replace(mode.boosts, kinds=kinds)
