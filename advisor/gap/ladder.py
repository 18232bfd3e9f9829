"""Where a résumé sits on the TPM ladder, with the reasons: years, teams, people, stakeholders,
and the words of the level's scope, checked against each level's signals in the corpus.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from advisor.corpus import Ladder, LadderLevel
from advisor.gap.resume import Resume
from advisor.types import Record

_YEARS_STATED = re.compile(r"(\d{1,2})\s*(?:年以上|年間|年の|年)(?:の)?(?:経験|実務|キャリア)|"
                           r"(\d{1,2})\+?\s*years?(?: of)? (?:experience|in)", re.IGNORECASE)
_TEAMS = re.compile(r"(\d{1,3})\s*(?:チーム|部署|部門|組織|teams?|departments|squads|organizations)", re.IGNORECASE)
_PEOPLE = re.compile(r"(\d{1,4})\s*(?:名|人|engineers|people|members|staff|fte)", re.IGNORECASE)
STAKEHOLDER_WORDS: dict[str, str] = {
    "company": r"全社|会社全体|company-wide|companywide|entire company|global organization",
    "executives": r"経営層|経営陣|役員|取締役|CEO|CTO|CIO|CFO|VP|executive|c-level|board",
    "department_heads": r"部長|本部長|事業部長|director|head of|department heads",
    "cross_team": r"部門横断|チーム横断|複数チーム|クロスファンクショナル|cross-functional|cross-team|multiple teams",
    "team": r"チーム|team",
}
STAKEHOLDER_JA = {"company": "全社", "executives": "経営層", "department_heads": "部門長",
                  "cross_team": "複数チーム", "team": "チーム"}
_STAKEHOLDER_RANK = {name: rank for rank, name in enumerate(reversed(list(STAKEHOLDER_WORDS)))}


@dataclass
class LevelEstimate(Record):
    level: str
    years: int
    teams: int
    people: int
    stakeholders: str
    reasons: list[str] = field(default_factory=list)
    reasons_ja: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {"level": self.level, "years": self.years, "teams": self.teams, "people": self.people,
                "stakeholders": self.stakeholders, "reasons": self.reasons, "reasons_ja": self.reasons_ja}


def _years(resume: Resume) -> int:
    stated = [int(a or b) for a, b in _YEARS_STATED.findall(unicodedata.normalize("NFKC", resume.text))]
    span = max(end for _, end in resume.periods) - min(start for start, _ in resume.periods) if resume.periods else 0
    return max([span, *stated])


def _max_number(pattern: re.Pattern[str], text: str) -> int:
    return max((int(n) for n in pattern.findall(text)), default=0)


def _stakeholders(text: str) -> str:
    for name, words in STAKEHOLDER_WORDS.items():
        if re.search(words, text, re.IGNORECASE):
            return name
    return "team"


def _keyword_hits(level: LadderLevel, text: str) -> int:
    words = [*level.signals.keywords_en, *level.signals.keywords_ja]
    lowered = text.lower()
    return sum(1 for w in words if w.lower() in lowered)


def estimate_level(resume: Resume, ladder: Ladder) -> LevelEstimate:
    """The highest level whose signals the résumé meets (at least three of four), with reasons."""
    text = unicodedata.normalize("NFKC", resume.text)
    experience = " ".join(s.text for s in resume.sentences if s.part != "skills")
    years, teams = _years(resume), _max_number(_TEAMS, experience)
    people, stakeholders = _max_number(_PEOPLE, experience), _stakeholders(experience)
    chosen = ladder.levels[0]
    for level in sorted(ladder.levels, key=lambda lv: lv.order):
        signals = level.signals
        met = [
            years >= signals.years_min,
            max(teams, 1) >= signals.teams_min,
            any(_STAKEHOLDER_RANK[stakeholders] >= _STAKEHOLDER_RANK.get(s, 0) for s in signals.stakeholders),
            _keyword_hits(level, text) >= 2,
        ]
        if sum(met) >= 3:
            chosen = level
    estimate = LevelEstimate(chosen.id, years, teams, people, stakeholders)
    s = chosen.signals
    years_min = f"{s.years_min:g}"
    estimate.reasons = [
        f"about {years} years of experience (this level typically has {years_min}+)",
        f"largest scope: {teams or 'one'} team(s), {people or 'unstated'} people (typically {s.teams_min}+ teams)",
        f"most senior stakeholders mentioned: {stakeholders.replace('_', ' ')}",
        f"matches the scope of {chosen.name_en}: {chosen.scope_en}",
    ]
    estimate.reasons_ja = [
        f"経験年数は約{years}年(このレベルの目安は{years_min}年以上)",
        f"最大の規模: {teams or 1}チーム、" + (f"{people}名" if people else "人数の記載なし")
        + f"(目安は{s.teams_min}チーム以上)",
        f"関わった最上位のステークホルダー: {STAKEHOLDER_JA[stakeholders]}",
        f"{chosen.name_ja}の範囲に相当: {chosen.scope_ja}",
    ]
    return estimate
