"""A résumé against one job posting: each requirement met, partly met or missing, with the
résumé's own quotes (or their absence), the guide passage on why it matters and a step to learn it.

A requirement that names skills takes their standing in the gap analysis (credited evidence meets
it; evidence only listed, or short of the years asked, meets it in part; "A and B" is met only when
both are). A requirement no skill describes (a degree, a language, a kind
of company) is compared by meaning with the résumé's statements of work. The decision's
parameters are fitted on the training half of the posting dev set (``python -m evals.job_fit
--write`` → ``job_model.json``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from advisor.corpus import Corpus
from advisor.embedders.base import AdvisorEmbeddings
from advisor.gap.plan import practice_questions, resources_for
from advisor.gap.posting import Posting, Requirement
from advisor.gap.report import GapReport, SkillReport
from advisor.gap.resume import Resume
from advisor.gap.statements import states_work
from advisor.gap.vectors import TextVectors
from advisor.types import Record

MODEL_PATH = Path(__file__).with_name("job_model.json")
STATUSES = ("met", "partial", "missing")
RANK = {"missing": 0, "partial": 1, "met": 2}
BOTH = re.compile(r"および|及び|かつ|ならびに|並びに|両方|\band\b|\bas well as\b|\bboth\b", re.IGNORECASE)


@dataclass(frozen=True)
class JobModel:
    some_meets: bool  # "some" evidence (shown, not led at scale) meets a requirement
    meaning_met: float  # cosine of the closest work statement that meets a requirement by meaning
    meaning_partial: float
    meaning_for_skills: bool  # meaning can also raise a requirement its skills' evidence leaves short
    measured: dict[str, Any]

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> JobModel:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(data["some_meets"], data["meaning_met"], data["meaning_partial"], data["meaning_for_skills"],
                   data.get("measured", {}))


@lru_cache(maxsize=1)
def default_model() -> JobModel:
    return JobModel.load()


@dataclass
class RequirementMatch(Record):
    text: str
    skills: list[str]
    required: bool
    years: int | None
    status: str  # met | partial | missing
    evidence: list[dict[str, str]]  # résumé quotes; none when missing
    why: list[dict[str, Any]] = field(default_factory=list)  # guide passages on why it matters
    learn: list[dict[str, Any]] = field(default_factory=list)  # catalogue resources to close it


@dataclass
class JobMatch(Record):
    title: str
    level: str
    level_why: str
    requirements: list[RequirementMatch]
    interview_questions: list[dict[str, Any]]

    def counts(self) -> dict[str, dict[str, int]]:
        """met / partial / missing, for the required and the preferred requirements."""
        out = {"required": dict.fromkeys(STATUSES, 0), "preferred": dict.fromkeys(STATUSES, 0)}
        for item in self.requirements:
            out["required" if item.required else "preferred"][item.status] += 1
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "level": self.level, "level_why": self.level_why,
                "requirements": [vars(r) for r in self.requirements], "summary": self.counts(),
                "interview_questions": self.interview_questions}


# What a requirement asks about the person rather than a skill, and how the résumé answers it.
_ROLE_YEARS = re.compile(r"tpm|program|project|プロジェクト|プログラム|マネジメント|management|\bpm\b|\bpmo\b|"
                         r"lead|リード|manag", re.IGNORECASE)
_DEGREE = re.compile(r"degree|bachelor|master'?s|ph\.?d|学位|学士|修士|大学(卒|院)|大卒|理系|情報系", re.IGNORECASE)
_HAS_DEGREE = re.compile(r"\b(b\.?s\.?|b\.?a\.?|m\.?s\.?|mba|bachelor|master|ph\.?d)\b|university|college|"
                         r"学士|修士|博士|大学|学部|学科|卒業", re.IGNORECASE)
_JAPANESE = re.compile(r"日本語|japanese|jlpt", re.IGNORECASE)
_ENGLISH = re.compile(r"英語|english|toeic|toefl|ielts|bilingual|バイリンガル", re.IGNORECASE)
_CERTIFICATE = re.compile(r"\b(pmp|pgmp|capm|csm|psm|itil|cissp|cism|ccna|cka|ckad)\b|aws certified|"
                          r"(?:aws|google cloud|azure)\s*(?:認定|certification)|プロジェクトマネージャ試験|"
                          r"応用情報技術者|基本情報技術者|情報処理安全確保支援士|ネットワークスペシャリスト",
                          re.IGNORECASE)
_EQUIVALENT = re.compile(r"equivalent|相当|同等|or (relevant|practical) experience", re.IGNORECASE)
EQUIVALENT_YEARS = 4  # "a degree or equivalent practical experience": a first degree's length of work


def profile_status(requirement: Requirement, resume: Resume, lead_years: int, years: int) -> str | None:
    """The status of a requirement about the person (years in a role, a degree, a language, a
    certificate) from the résumé as a whole, or None when the requirement asks for something else."""
    text = requirement.text
    if requirement.years and (_ROLE_YEARS.search(text) or not requirement.skills):
        have = lead_years if _ROLE_YEARS.search(text) else years
        return "met" if have >= requirement.years else "partial" if have >= requirement.years / 2 else "missing"
    whole = resume.text
    if _DEGREE.search(text):
        if _HAS_DEGREE.search(whole) or (_EQUIVALENT.search(text) and years >= EQUIVALENT_YEARS):
            return "met"
        return "missing"
    if _JAPANESE.search(text) and _ENGLISH.search(text):  # both languages: a bilingual résumé
        other = _ENGLISH if resume.language == "ja" else _JAPANESE
        return "met" if other.search(whole) else "partial"
    if _JAPANESE.search(text):
        return "met" if resume.language == "ja" or re.search(r"jlpt\s*n1|日本語", whole, re.IGNORECASE) else "missing"
    if _ENGLISH.search(text):
        return ("met" if resume.language == "en" or re.search(r"toeic\s*[89]\d\d|英語で|in english|bilingual|"
                                                               r"ネイティブ|ビジネスレベル", whole, re.IGNORECASE)
                else "partial" if _ENGLISH.search(whole) else "missing")
    certificates = {m.group(0).lower() for m in _CERTIFICATE.finditer(text)}
    if certificates:
        return "met" if any(c in whole.lower() for c in certificates) else "missing"
    return None


class Scorer:
    """Statuses for one résumé's statements against a posting's requirements."""

    def __init__(self, embedder: AdvisorEmbeddings | None, model: JobModel | None = None) -> None:
        self.embedder = embedder
        self.model = model or default_model()

    def status(self, requirement: Requirement, skills: dict[str, SkillReport], years: int,
               closest: tuple[float, dict[str, str] | None],
               profile: str | None = None) -> tuple[str, list[dict[str, str]]]:
        """``profile``: what the résumé as a whole says to a requirement about the person."""
        similarity, quote = closest
        if profile is not None:
            return profile, [quote] if quote and profile != "missing" else []
        by_meaning = ("met" if similarity >= self.model.meaning_met else
                      "partial" if similarity >= self.model.meaning_partial else "missing")
        if not requirement.skills:
            return by_meaning, [quote] if quote and by_meaning != "missing" else []
        status, evidence = self._by_skills(requirement, skills, years)
        if self.model.meaning_for_skills and RANK[by_meaning] > RANK[status]:
            return by_meaning, [quote] if quote else []  # said in other words than the skills' names
        return status, evidence

    def _by_skills(self, requirement: Requirement, skills: dict[str, SkillReport],
                   years: int) -> tuple[str, list[dict[str, str]]]:
        standing = [self._standing(skills[s]) for s in requirement.skills if s in skills]
        # Several skills usually name one capability ("プロジェクトマネジメント" is planning, tools and
        # coordination): the best one decides. "A and B" asks for both, and one alone meets it in part.
        both = bool(BOTH.search(requirement.text)) and len(standing) > 1
        status = ("met" if standing and (all if both else any)(s == "met" for s in standing) else
                  "partial" if any(s != "missing" for s in standing) else "missing")
        if status == "met" and requirement.years and years < requirement.years:
            status = "partial"  # the skill is there, the years asked are not
        evidence = [e for s in requirement.skills if s in skills for e in skills[s].evidence][:2]
        return status, evidence if status != "missing" else []

    def _standing(self, skill: SkillReport) -> str:
        if skill.status == "strong" or (skill.status == "some" and self.model.some_meets):
            return "met"
        return "partial" if skill.status == "some" or skill.listed_only else "missing"

    def closest(self, texts: list[str], resume: Resume,
                vectors: TextVectors | None = None) -> list[tuple[float, dict[str, str] | None]]:
        """For each text, the résumé's closest statement of work and its cosine."""
        work = [s for s in resume.sentences if s.part in ("experience", "other", "summary") and states_work(s.text)]
        if self.embedder is None or not work or not texts:
            return [(0.0, None)] * len(texts)
        vectors = vectors or TextVectors(self.embedder)
        similarity = vectors.of(texts) @ vectors.of([s.text for s in work]).T
        best = similarity.argmax(axis=1)
        return [(float(similarity[i, j]), {"quote": work[j].text, "location": work[j].location})
                for i, j in enumerate(best)]


def match_posting(posting: Posting, report: GapReport, resume: Resume, corpus: Corpus, scorer: Scorer,
                  vectors: TextVectors | None = None) -> JobMatch:
    """Each requirement with its status, evidence, guide passage and learning step."""
    skills = {s.id: s for s in report.skills}
    estimate = report.level_estimate
    years = estimate.years_range[1] if estimate else 0
    lead_years = estimate.lead_years[1] if estimate else 0
    texts = [r.text for r in posting.requirements]
    closest = dict(zip(texts, scorer.closest(texts, resume, vectors), strict=True))
    matches = []
    for requirement in posting.requirements:
        status, evidence = scorer.status(requirement, skills, years, closest.get(requirement.text, (0.0, None)),
                                         profile_status(requirement, resume, lead_years, years))
        why = [c for s in requirement.skills[:2] if s in skills for c in skills[s].citations[:1]]
        learn = [] if status == "met" else [
            {"id": r.id, "title": r.title_ja if report.language == "ja" and r.title_ja else r.title,
             "provider": r.provider, "url": r.url, "skill": s}
            for s in requirement.skills[:2] for r in resources_for(corpus, s, report.target_level, report.language)[:1]]
        matches.append(RequirementMatch(requirement.text, list(requirement.skills), requirement.required,
                                        requirement.years, status, evidence, why, learn))
    gaps = [s for m in sorted(matches, key=lambda m: (not m.required, RANK[m.status])) if m.status != "met"
            for s in m.skills]
    questions = practice_questions(corpus, list(dict.fromkeys(gaps)), report.target_level, report.language)
    return JobMatch(posting.title, posting.level, posting.level_why, matches, questions)
