"""Answer modes: each shapes retrieval (which sections and kinds to prefer) and how many passages."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from advisor.corpus import INTERVIEW_SECTION
from advisor.errors import BadInput
from advisor.retrieval.retriever import Boosts
from advisor.types import Passage


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
# 本 as a book (おすすめの本, 入門本), not in 日本, 基本, 本当 or 本社; "read", not "ready"; an exam is a
# certification (「国家試験」); an edition in another language, or a price, is one of a book or a course
# (「日本語版ある?」, 「日本語で読める?」, "is it free?").
# What only a book or a course has: an edition in a language, a price.
EDITION_OR_PRICE = (r"日本語版|英語版|邦訳|翻訳版|和訳|日本語訳|日本語で読め|英語で読め|無料|タダ|有料|"
                    r"\bfree\b(?!\s+(?:time|of|up|from)\b)|\b(?:japanese|english) (?:edition|version|translation)|"
                    r"\bavailable in (?:japanese|english)\b")
_WANTS_RESOURCES = re.compile(
    rf"(?<![日基資根何])本(?![当社番体人部格来質気数日])|{EDITION_OR_PRICE}|"
    r"書籍|教材|読み物|読みもの|参考書|教科書|入門書|資格|認定|(?<![荷合体能入])試験|講座|コース|おすすめ|オススメ|勉強|学習|学ぶ|読む|"
    r"\b(book|read\b|reading|course|certification|certificate|cert|exams?\b|study|learn|learning|resource|training|"
    r"recommend)",
    re.IGNORECASE,
)
RESOURCE_PRIOR = 0.15


# "read" told of, not asked for: "every job description I read", "I've read that…" ("should I read" asks).
_TOLD_READING = re.compile(r"\b(?:i|we|they|you)(?:'ve| have)?\s+(?:read|reading)\b", re.IGNORECASE)
_ASKED_READING = re.compile(r"\b(?:should|can|could|do|would|shall|must|to)\s+(?:i|we|you)\s+read\b", re.IGNORECASE)


_ONE_ENTRYS_EDITION_OR_PRICE = re.compile(EDITION_OR_PRICE, re.IGNORECASE)


def asks_edition_or_price(question: str) -> bool:
    """Does the question ask for an edition in a language, or the price, of something to study?"""
    return bool(_ONE_ENTRYS_EDITION_OR_PRICE.search(question))


def wants_resources(question: str) -> bool:
    """Does the question ask for something to study (a book, a course, a certification)?"""
    if not _TOLD_READING.search(question) or _ASKED_READING.search(question):
        return bool(_WANTS_RESOURCES.search(question))
    return bool(_WANTS_RESOURCES.search(_TOLD_READING.sub(" ", question)))


def boosts_for(question: str, mode: Mode) -> Boosts:
    """The mode's boosts, with the catalogue nudged up for study questions and down for the rest."""
    prior = RESOURCE_PRIOR if wants_resources(question) else -RESOURCE_PRIOR
    kinds = dict(mode.boosts.kinds)
    kinds["resource"] = kinds.get("resource", 0.0) + prior
    return replace(mode.boosts, kinds=kinds)


# Asking for study material: the catalogue's entries on the topic belong among the passages, however
# the guide's sections ranked (the catalogue holds 111 entries; retrieval's five passages held one or two).
CATALOGUE_POOL = 10


# Listed for a question asking what to study: the best catalogue entries on it, down to this share of
# the best one's score. Fitted on the train writers of study.jsonl (entries the question's writer
# would recommend, and the ones they said it must include). The kind asked for is no filter or
# preference ("what should I read" and 「本でも何でも」 take any kind; certifications put first pulled
# in ones on other topics): both lost more of those entries than they kept.
MAX_STUDY = 3
STUDY_SHARE = 0.5


def study_entries(passages: list[Passage]) -> list[Passage]:
    """The catalogue entries among ``passages`` an answer lists as what to study, best first."""
    entries = sorted((p for p in passages if p.kind == "resource"), key=lambda p: -p.score)
    return [p for p in entries if p.score >= entries[0].score * STUDY_SHARE][:MAX_STUDY]


def with_catalogue_entries(question: str, passages: list[Passage],
                           catalogue: Callable[[int], list[Passage]]) -> list[Passage]:
    """``passages`` with the catalogue's best ``CATALOGUE_POOL`` entries (``catalogue(n)``, scored among
    themselves), when the question asks for something to study: in the places retrieval ranked
    catalogue entries among the guide's sections, best first, the rest after them."""
    if not wants_resources(question):
        return passages
    pool = catalogue(CATALOGUE_POOL)
    listed = {p.id for p in pool}
    pool += [p for p in passages if p.kind == "resource" and p.id not in listed]
    entries = iter(pool)
    placed = [next(entries) if p.kind == "resource" else p for p in passages]
    return placed + list(entries)


# Asking about interviews: the bank's questions on the topic belong among the passages.
_ASKS_ABOUT_INTERVIEWS = re.compile(r"面接|\binterview", re.IGNORECASE)
# Bank entries a question about interviews is given (after the lead passage) when none was found.
# On the training follow-ups, second-turn hit@5 0.858 → 0.882 with one, 0.890 with two; the
# training questions' hit@5 is 0.870 either way. One: the second was often a question on another
# topic (「面接だとどう聞かれる?」 after FinOps quoted a behavioural question on influence).
BANK_SLOTS = 1
# On a skill the question names, its entries are all on topic: up to two ("interview angle?" after
# FinOps: the bank's two FinOps questions).
SKILL_BANK_SLOTS = 2
SECOND_ENTRY_AT = 5  # the place of a second entry on the skill
BANK_POOL = 8  # the bank's entries looked through for one on a skill the question names


def asks_about_interviews(question: str) -> bool:
    return bool(_ASKS_ABOUT_INTERVIEWS.search(question))


def with_bank_entries(question: str, passages: list[Passage], bank: Callable[[int, tuple[str, ...]], list[Passage]],
                      skills: tuple[str, ...] = ()) -> list[Passage]:
    """``passages`` with interview-bank entries (``bank(n, sections)``) second, when the question asks
    about interviews: "面接ではFinOpsについてどう聞かれる?" ranks the guide's FinOps section and its
    interview chapter above the bank's FinOps questions. ``skills``: the (Japanese) names of the
    skills the question names; the bank files its questions under them: up to ``SKILL_BANK_SLOTS`` of
    those (an entry on another skill, Green IT's for a FinOps question, does not stand for them);
    with no skill named, the bank's best ``BANK_SLOTS`` when none is among the passages."""
    if not asks_about_interviews(question):
        return passages
    if skills:  # the skill's best entries, those retrieval ranked first first
        present = [p for p in passages if p.kind == "interview" and p.section.endswith(skills)]
        if len(present) >= SKILL_BANK_SLOTS:
            return passages
        ranked = bank(BANK_POOL, ())
        on_topic = [p for p in ranked if p.section.endswith(skills)]
        if len(on_topic) < SKILL_BANK_SLOTS:
            on_topic += bank(SKILL_BANK_SLOTS, tuple(f"{INTERVIEW_SECTION} > {skill}" for skill in skills))
        entries = list({p.id: p for p in present + on_topic}.values())[:SKILL_BANK_SLOTS]
    elif any(p.kind == "interview" for p in passages):
        return passages
    else:
        entries = bank(BANK_POOL, ())[:BANK_SLOTS]
    entries = [p for p in entries if not passages or p.id != passages[0].id]
    if not entries or not passages:
        return passages
    chosen = {p.id for p in entries}
    rest = [p for p in passages[1:] if p.id not in chosen]
    # The best entry second; another one fifth, below what an answer quotes first (a question on how to
    # study for system design interviews keeps the learning-path step after the bank's question).
    ordered = [passages[0], entries[0], *rest[:SECOND_ENTRY_AT - 3], *entries[1:], *rest[SECOND_ENTRY_AT - 3:]]
    return ordered[: len(passages)]
