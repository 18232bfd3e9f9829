"""Which résumé sentences show which skill, and how strongly.

Evidence comes from the skill's names and aliases in both languages, and from meaning (the
embedder), so "決済基盤をAWSへ移した" and "moved payments to the cloud" both count. A skill
named only in a skills list, while the experience never shows it, is reported but not credited;
a sentence that says the opposite ("未経験", "no experience with") is not evidence.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np

from advisor.corpus import Skill
from advisor.embedders.base import AdvisorEmbeddings
from advisor.gap.resume import Resume
from advisor.gap.statements import find_whole, is_contact, states_work
from advisor.gap.vectors import TextVectors

# Meaning: the sentence's closest skill, and close enough. USE similarities between a short
# sentence and a skill are low and crowded (0.25-0.45), so only the best match counts.
SEMANTIC_MATCH = 0.4
STALE_AFTER_YEARS = 6  # evidence only from jobs that ended longer ago than this counts for less
DEPTH = re.compile(
    r"主導|リード|設計|構築|推進|責任者|統括|立ち上げ|牽引|マネジメント|策定|改善|導入|"
    r"\b(led|lead|leading|designed|architected|owned|drove|built|launched|managed|established|spearheaded|"
    r"headed|defined|created|introduced|directed|ran)\b",
    re.IGNORECASE,
)
SCALE = re.compile(
    r"\d+\s*(チーム|名|人|サービス|部署|部門|拠点|か国|カ国|億|万|%|％)|"
    r"\d+\s*(teams?|engineers|services|people|members|countries|departments|million|%)",
    re.IGNORECASE,
)
NEGATION = re.compile(
    r"未経験|経験(は)?(なし|ない|ありません)|勉強中|学習中|学びたい|これから|興味(がある|あり)|"
    r"\b(no experience|not yet|want to learn|wish to learn|learning|interested in|would like to)\b",
    re.IGNORECASE,
)
# Described work earns credit; a summary's self-description ("expert in Kubernetes") is a claim,
# like the skills list: reported, credited only when the résumé has no experience section at all.
CREDITED_PARTS = ("experience", "other")
# What the aliases cannot say: scope and audience patterns that show a skill without naming it.
RULES: dict[str, re.Pattern[str]] = {
    "cross_team_coordination": re.compile(
        r"(\d+|複数|数|いくつもの|multiple|several|two|three|four|five|six|seven|eight|ten)\s*(つの)?\s*"
        r"(チーム|部署|部門|組織|teams|departments|squads|organizations)", re.IGNORECASE),
    "metrics_reporting": re.compile(
        r"(経営|役員|部長|本部長|ステークホルダー|executive|leadership|vp|stakeholder|director).{0,20}"
        r"(報告|レポート|共有|report|update|review)|(報告|report(ed|ing)?).{0,20}(経営|役員|executive|leadership|vp)",
        re.IGNORECASE),
    # Designing a system's structure is architecture, whatever it is called: "designed the platform",
    # 「システム構成を設計」, 「全体構成を設計し」.
    "system_architecture": re.compile(
        r"(構成|基盤|アーキテクチャ|方式|全体像)(を|の)?(設計|策定|決定|再設計)|"
        r"\b(designed|re-?designed|architected|defined)\b (the |a |our |its )?([\w-]+ ){0,3}"
        r"(platform|system|architecture|topology|services?|target state|data model|infrastructure)\b",
        re.IGNORECASE),
    "stakeholder_management": re.compile(
        r"(経営|役員|事業部|ステークホルダー|executives?|stakeholders?|vp|c-level).{0,20}"
        r"(合意|調整|説得|折衝|交渉|alignment|aligned|buy-in|negotiat|manag)", re.IGNORECASE),
}


@dataclass(frozen=True)
class Evidence:
    quote: str
    location: str
    part: str
    how: str  # alias | meaning
    depth: bool
    scale: bool
    period_end: int | None

    def to_dict(self) -> dict[str, str]:
        return {"quote": self.quote, "location": self.location, "part": self.part, "how": self.how}


@dataclass
class SkillEvidence:
    skill: Skill
    status: str  # strong | some | none
    evidence: list[Evidence] = field(default_factory=list)  # credited (experience) evidence
    listed_only: list[Evidence] = field(default_factory=list)  # named in a skills list only
    why: str = ""


def _forms(skill: Skill) -> list[str]:
    """The skill's names and aliases, normalised, each matched later as a whole word."""
    return sorted({unicodedata.normalize("NFKC", f).lower() for f in (skill.name_en, skill.name_ja, *skill.aliases_en,
                                                                      *skill.aliases_ja) if len(f) >= 2})


def _descriptors(skill: Skill) -> list[str]:
    """What a sentence showing this skill is about, for the embedder: its names, and its TPM level."""
    return [f"{skill.name_en} / {skill.name_ja}",
            f"{skill.name_en}: {skill.levels['tpm'].en} / {skill.name_ja}: {skill.levels['tpm'].ja}"]


class SkillMatcher:
    """Finds evidence for every taxonomy skill in a résumé and rates it."""

    def __init__(self, skills: list[Skill], embedder: AdvisorEmbeddings | None) -> None:
        self.skills = skills
        self.embedder = embedder
        self._forms = {s.id: _forms(s) for s in skills}
        self._descriptors: list[np.ndarray] = []
        if embedder is not None:
            for view in range(2):
                matrix = np.asarray(embedder.embed_documents([_descriptors(s)[view] for s in skills]),
                                    dtype=np.float32)
                self._descriptors.append(matrix / (np.linalg.norm(matrix, axis=1, keepdims=True) + 1e-9))

    def analyse(self, resume: Resume, this_year: int, vectors: TextVectors | None = None) -> list[SkillEvidence]:
        # Credited evidence states the person's work; a header, contact line or bare title never
        # does. Skills and summary lines can still show what is only listed.
        sentences = [s for s in resume.sentences if len(s.text) >= 4
                     and (states_work(s.text) or (s.part not in CREDITED_PARTS and not is_contact(s.text)))]
        similarity = self._similarity([s.text for s in sentences], vectors)
        results = []
        for index, skill in enumerate(self.skills):
            credited, listed = [], []
            for row, sentence in enumerate(sentences):
                by_alias = self._named(skill, sentence.text)
                by_meaning = not sentence.dated and self._means(similarity, row, index)
                if not (by_alias or by_meaning) or NEGATION.search(sentence.text):
                    continue
                item = Evidence(sentence.text, sentence.location, sentence.part, "alias" if by_alias else "meaning",
                                bool(DEPTH.search(sentence.text)), bool(SCALE.search(sentence.text)),
                                sentence.period_end)
                (credited if sentence.part in CREDITED_PARTS else listed).append(item)
            results.append(self._rate(skill, credited, listed, resume.has_experience_section, this_year))
        return results

    def skills_in(self, texts: list[str], vectors: TextVectors | None = None) -> list[list[str]]:
        """The taxonomy skills each text names (its names, aliases or patterns) or means (its
        closest skill, close enough): for the requirements of a job posting."""
        similarity = self._similarity(texts, vectors)
        return [[skill.id for index, skill in enumerate(self.skills)
                 if self._named(skill, text) or self._means(similarity, row, index)]
                for row, text in enumerate(texts)]

    def _named(self, skill: Skill, text: str) -> bool:
        normalized = unicodedata.normalize("NFKC", text).lower()
        rule = RULES.get(skill.id)
        return any(find_whole(form, normalized) for form in self._forms[skill.id]) or bool(
            rule and rule.search(normalized))

    @staticmethod
    def _means(similarity: np.ndarray | None, row: int, index: int) -> bool:
        return (similarity is not None and similarity[row, index] >= SEMANTIC_MATCH
                and int(similarity[row].argmax()) == index)

    def _similarity(self, texts: list[str], vectors: TextVectors | None = None) -> np.ndarray | None:
        if self.embedder is None or not self._descriptors or not texts:
            return None
        rows = (vectors or TextVectors(self.embedder)).of(texts)
        return np.maximum.reduce([rows @ view.T for view in self._descriptors])

    @staticmethod
    def _rate(
        skill: Skill, credited: list[Evidence], listed: list[Evidence], has_experience: bool, this_year: int,
    ) -> SkillEvidence:
        if not credited:
            if listed and not has_experience:  # a skills-only résumé: the list is all there is
                return SkillEvidence(skill, "some", listed, [], "listed; the résumé has no experience section")
            why = "claimed in the summary or skills list but never shown in the experience" if listed else "no evidence"
            return SkillEvidence(skill, "none", [], listed, why)
        deep = [e for e in credited if e.depth]
        recent = [e for e in credited if e.period_end is None or this_year - e.period_end <= STALE_AFTER_YEARS]
        # Strong needs the skill named at least once: meaning alone can be a near miss.
        named = any(e.how == "alias" for e in credited)
        strong = named and (any(e.depth and e.scale for e in credited) or len(deep) >= 2)
        if strong and recent:
            return SkillEvidence(skill, "strong", credited, listed, "led or designed it, at scale or repeatedly")
        if strong:
            return SkillEvidence(skill, "some", credited, listed,
                                 f"strong evidence, but only from jobs that ended over {STALE_AFTER_YEARS} years ago")
        return SkillEvidence(skill, "some", credited, listed, "shown in the experience, without leading it at scale")
