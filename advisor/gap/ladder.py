"""Where a résumé sits on the TPM ladder: a transparent score, each part a true statement with
the résumé line behind it.

Each signal (years, largest scope, stakeholders, longest programme, people mentored, the words of
a level's scope) is placed on the ladder by its typical values per level (``level_model.json``,
from ladder.yaml where it states them), the placements are averaged with weights fitted on the
training half of the résumé dev set (``python -m evals.level_fit --write``), and the estimate is
the level that average reaches. Too little to go on gives no level at all, and says so.
"""

from __future__ import annotations

import json
import math
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from advisor.corpus import LEVEL_IDS, Ladder, LadderLevel
from advisor.gap.resume import Resume
from advisor.gap.signals import Reading, Signals, read_signals
from advisor.gap.statements import find_whole, states_work
from advisor.types import Record

MODEL_PATH = Path(__file__).with_name("level_model.json")
DIMENSIONS = ("years", "scope", "stakeholders", "programme", "mentored", "keywords")
TOO_LITTLE = ("not enough in the résumé to estimate a level",
              "履歴書の情報が不足しているため、レベルを推定できません")
STAKEHOLDER_NAMES = {"company": ("the whole company", "全社"), "executives": ("executives", "経営層・役員"),
                     "department_heads": ("department heads", "部門長"), "cross_team": ("several teams", "複数チーム"),
                     "team": ("their own team", "自チーム")}
SCOPE_UNITS = {"teams": ("teams", "チーム"), "people": ("people", "名"), "vendors": ("partner companies", "社"),
               "departments": ("departments", "部署"), "sites": ("sites or countries", "拠点・国"),
               "programs": ("programmes", "プログラム"), "budget_jpy": ("budget", "予算")}


@dataclass
class LevelEstimate(Record):
    level: str
    years: int  # whole years of work (the fewer, when the dates allow a range)
    years_range: tuple[int, int]
    lead_years: tuple[int, int]  # of which in PM / TPM roles
    teams: int
    people: int
    stakeholders: str
    score: float  # the weighted ladder position, 0 = associate … 4 = director
    reasons: list[str] = field(default_factory=list)
    reasons_ja: list[str] = field(default_factory=list)
    basis: list[dict[str, Any]] = field(default_factory=list)  # per signal: value, ladder position, quote

    def to_dict(self) -> dict[str, object]:
        return {"level": self.level, "years": self.years, "years_range": list(self.years_range),
                "lead_years": list(self.lead_years),
                "teams": self.teams, "people": self.people, "stakeholders": self.stakeholders,
                "score": round(self.score, 2), "reasons": self.reasons, "reasons_ja": self.reasons_ja,
                "basis": self.basis}


@dataclass(frozen=True)
class LevelModel:
    """Typical values per level for each signal, and the fitted weights that combine them."""

    points: dict[str, list[float]]  # signal -> value typical of associate … director
    weights: dict[str, float]
    offset: float  # added before rounding down: how far into a level the average must reach
    min_statements: int  # fewer work statements than this, and no dated job: too little to estimate
    measured: dict[str, Any]

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> LevelModel:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(data["points"], data["weights"], data["offset"], data["min_statements"], data.get("measured", {}))

    def place(self, dimension: str, value: float) -> float:
        """The ladder position (0-4, fractional) a value reaches on one signal."""
        points = self.points[dimension]
        if value <= points[0]:
            return 0.0
        for index in range(1, len(points)):
            if value < points[index]:
                return index - 1 + (value - points[index - 1]) / (points[index] - points[index - 1])
        return float(len(points) - 1)

    def combine(self, placed: dict[str, float]) -> float:
        total = sum(self.weights.values()) or 1.0
        return sum(self.weights[d] * placed[d] for d in DIMENSIONS) / total

    def level_index(self, score: float) -> int:
        return max(0, min(len(LEVEL_IDS) - 1, math.floor(score + self.offset)))


@lru_cache(maxsize=1)
def default_model() -> LevelModel:
    return LevelModel.load()


def keyword_level(resume: Resume, ladder: Ladder) -> tuple[float, str]:
    """The highest level whose own scope words the work statements use at least twice, and the first
    such word (a job title is not a statement: "Senior Engineer" says nothing of seniority)."""
    text = unicodedata.normalize("NFKC", "\n".join(s.text for s in resume.sentences if s.part != "skills"
                                                     and states_work(s.text))).lower()
    best, word = 0.0, ""
    for level in sorted(ladder.levels, key=lambda lv: lv.order):
        hits = [w for w in (*level.signals.keywords_en, *level.signals.keywords_ja) if find_whole(w.lower(), text)]
        if len(hits) >= 2:
            best, word = float(level.order - 1), hits[0]
    return best, word


def scope_unit(signals: Signals, model: LevelModel) -> str | None:
    """The scope reading that reaches furthest up the ladder (people, teams, partners, budget…)."""
    placed = {unit: model.place(unit, r.value) for unit, r in signals.scope.items() if unit in model.points}
    return max(placed, key=lambda unit: placed[unit]) if placed else None


def placements(signals: Signals, keywords: float, model: LevelModel) -> dict[str, float]:
    unit = scope_unit(signals, model)
    scope = model.place(unit, signals.scope[unit].value) if unit else 0.0
    return {
        "years": model.place("years", sum(signals.years) / 2),
        "scope": scope,
        "stakeholders": signals.stakeholders_quote.value,
        "programme": model.place("programme", signals.programme_months.value),
        "mentored": model.place("mentored", signals.mentored.value),
        "keywords": keywords,
    }


def too_little(signals: Signals, resume: Resume, model: LevelModel) -> bool:
    return not resume.jobs and signals.statements < model.min_statements


def estimate_level(resume: Resume, ladder: Ladder, model: LevelModel | None = None) -> LevelEstimate | None:
    """The ladder level the résumé shows, with its reasons; None when it holds too little."""
    model = model or default_model()
    signals = read_signals(resume)
    if too_little(signals, resume, model):
        return None
    keywords, keyword = keyword_level(resume, ladder)
    placed = placements(signals, keywords, model)
    score = model.combine(placed)
    chosen = ladder.levels[model.level_index(score)]
    teams = int(signals.scope.get("teams", Reading(0)).value)
    people = int(signals.scope.get("people", Reading(0)).value)
    estimate = LevelEstimate(chosen.id, signals.years[0], signals.years, signals.lead_years, teams, people,
                             signals.stakeholders, score)
    _explain(estimate, signals, placed, keyword, chosen, ladder, scope_unit(signals, model))
    return estimate


def _years_text(low: int, high: int, ja: bool) -> str:
    if ja:
        return f"{low}年" if low == high else f"{low}〜{high}年"
    return f"{low} year{'s' * (low != 1)}" if low == high else f"{low}–{high} years"


def _quote(reading: Reading) -> str:
    return f" — “{reading.quote.strip()}”" if reading.quote else ""


def _explain(estimate: LevelEstimate, signals: Signals, placed: dict[str, float], keyword: str,
             chosen: LadderLevel, ladder: Ladder, unit: str | None) -> None:
    """One true statement per signal, with the line it comes from, in both languages."""
    def typical(dimension: str) -> tuple[str, str]:
        level = ladder.levels[min(int(placed[dimension]), len(ladder.levels) - 1)]
        return level.name_en, level.name_ja

    lines: list[tuple[str, str, str, Reading]] = []
    low, high = signals.years
    lead_low, lead_high = signals.lead_years
    en = f"{_years_text(low, high, False)} of work"
    ja = f"職務経験{_years_text(low, high, True)}"
    if lead_high:
        en += f", {_years_text(lead_low, lead_high, False)} of them leading projects or programmes"
        ja += f"(うちPM・TPMとして{_years_text(lead_low, lead_high, True)})"
    if not high:
        en, ja = "no dated work history", "期間の分かる職歴の記載なし"
    name_en, name_ja = typical("years")
    lines.append(("years", f"{en} (typical of {name_en})", f"{ja}({name_ja}の目安)", signals.years_quote))
    if unit:
        reading = signals.scope[unit]
        name_en, name_ja = typical("scope")
        lines.append(("scope", f"largest scope led or coordinated: {reading.words} (typical of {name_en})",
                      f"リード・調整した最大の規模: {reading.words}({name_ja}の目安)", reading))
    else:
        lines.append(("scope", "no team size or number of teams stated", "チーム数・人数の記載なし", Reading(0.0)))
    who_en, who_ja = STAKEHOLDER_NAMES[signals.stakeholders]
    lines.append(("stakeholders", f"most senior stakeholders named in the work: {who_en}",
                  f"職務で関わった最上位のステークホルダー: {who_ja}", signals.stakeholders_quote))
    if signals.programme_months.value:
        months = int(signals.programme_months.value)
        lines.append(("programme", f"longest programme: about {months} months",
                      f"最長のプログラム: 約{months}か月", signals.programme_months))
    if signals.mentored.value:
        count = int(signals.mentored.value)
        lines.append(("mentored", f"mentored or managed {count} {'person' if count == 1 else 'people'}",
                      f"{count}名を育成・指導", signals.mentored))
    for dimension, en, ja, reading in lines:
        estimate.reasons.append(en + _quote(reading))
        estimate.reasons_ja.append(ja + _quote(reading))
        estimate.basis.append({"signal": dimension, "position": round(placed.get(dimension, 0.0), 2),
                               "quote": reading.quote, "location": reading.location})
    if keyword:
        estimate.basis.append({"signal": "keywords", "position": placed["keywords"], "quote": keyword, "location": ""})
    estimate.reasons.append(f"overall, this matches {chosen.name_en}: {chosen.scope_en}")
    estimate.reasons_ja.append(f"総合すると{chosen.name_ja}に相当: {chosen.scope_ja}")

