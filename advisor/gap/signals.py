"""What a résumé says about seniority, each reading with the résumé line behind it: years in
engineering, PM and TPM roles; the largest scope the person led or coordinated; the most senior
stakeholders; the longest programme; the people they mentored or managed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from advisor.gap.career import whole_years
from advisor.gap.quantities import Quantity, read_quantities
from advisor.gap.resume import Resume, ResumeSentence
from advisor.gap.statements import find_whole, states_work

# Most senior first; each a list of whole words (ASCII: word boundaries; Japanese: MeCab words).
STAKEHOLDER_WORDS: dict[str, tuple[str, ...]] = {
    "company": ("全社", "会社全体", "全社横断", "company-wide", "companywide", "entire company", "org-wide",
                "organization-wide", "organisation-wide", "whole company"),
    "executives": ("経営層", "経営陣", "経営会議", "役員", "役員会", "取締役", "取締役会", "執行役員", "社長",
                   "ceo", "cto", "cio", "cfo", "coo", "cpo", "cxo", "vp", "vps", "svp", "evp", "vice president",
                   "executive",
                   "executives", "c-level", "c-suite", "executive committee", "board of directors",
                   "board meeting", "board meetings", "the board", "leadership team", "senior leadership"),
    "department_heads": ("部長", "本部長", "事業部長", "部門長", "department heads", "department head", "head of",
                         "heads of", "general manager", "directors", "director"),
    "cross_team": ("部門横断", "チーム横断", "複数チーム", "他部署", "関係部署", "他チーム", "クロスファンクショナル",
                   "cross-functional", "cross-team", "multiple teams", "other teams", "across teams"),
    "team": ("チーム", "team"),
}
STAKEHOLDER_LEVEL = {"team": 0.0, "cross_team": 1.0, "department_heads": 2.0, "executives": 2.5, "company": 3.0}
# Growing people, not processes: "onboarding portal" and "training pipelines" are not mentoring.
_MENTOR = re.compile(
    r"\bmentor(?:ed|ing|s)?\b|\bcoach(?:ed|ing)\b|onboarded (?:new|\d|two|three|four|five)|"
    r"trained (?:\d|new|junior|the new|two|three|four|five|six)|\bhired\b|direct reports?|line[- ]manag|"
    r"people manag|managed (?:a team of|\d+ (?:engineers|people|tpms|pms|leads|managers))|grew the team|"
    r"育成|指導|メンター|ojt|教育担当|部下|ピープルマネジメント|採用(?:し|を|活動|面接)|評価面談|1on1",
    re.IGNORECASE,
)
_DURATION = re.compile(
    r"(\d+(?:\.\d+)?)\s*(?:か月|カ月|ヶ月|ケ月|ヵ月|-month|months?)|"
    r"(\d+(?:\.\d+)?)\s*(?:年間|年がかり|年にわたる|-year|years? long)|"
    r"(multi-year|multiyear|数年がかり|複数年|数年にわたる)",
    re.IGNORECASE,
)
# A dated line is a programme, not a job or a role, when it names one: 【決済基盤のクラウド移行】…,
# "Project: …", or project words without a job title.
_PROJECT_LINE = re.compile(r"^\s*[【\[「■◆●]|案件名|プロジェクト名|project\s*:|program\s*:", re.IGNORECASE)
_EMPLOYER_LINE = re.compile(r"株式会社|有限会社|合同会社|\b(?:inc|corp|corporation|ltd|llc|gmbh|co)\b\.?",
                            re.IGNORECASE)
# A count is scope the person led or coordinated only in a sentence about leading, coordinating
# or a team: "学生15名にヒアリング" (interviewed fifteen students) is not fifteen people led.
_LEAD_CUE = re.compile(
    r"主導|リード|率い|統括|取りまとめ|まとめ|マネジメント|管理|推進|調整|指揮|体制|メンバー|要員|部下|チーム|横断|"
    r"担当|責任|協力会社|ベンダー|拠点|部署|部門|プログラム|プロジェクト|"
    r"\b(?:led|lead|leading|manag\w*|coordinat\w*|ran|run|drove|drive|oversaw|oversee\w*|direct\w*|own\w*|"
    r"team|teams|squads?|across|org\w*|staff|headcount|reports|vendors?|partners?|programs?|programmes?|"
    r"projects?|portfolio|budget|initiatives?|sites?|countries|offices)\b",
    re.IGNORECASE,
)
_PROJECT = re.compile(r"プロジェクト|プログラム|案件|project|program|initiative|migration|移行", re.IGNORECASE)


@dataclass(frozen=True)
class Reading:
    """One value read from the résumé and the line that says it."""

    value: float
    quote: str = ""
    location: str = ""
    words: str = ""  # the part of the quote the value comes from ("要員60名")


@dataclass
class Signals:
    years: tuple[int, int]  # whole years of work, fewest and most the dates allow
    lead_years: tuple[int, int]  # of which in PM / TPM roles
    years_quote: Reading
    scope: dict[str, Reading] = field(default_factory=dict)  # unit -> largest
    stakeholders: str = "team"
    stakeholders_quote: Reading = field(default_factory=lambda: Reading(0.0))
    programme_months: Reading = field(default_factory=lambda: Reading(0.0))
    mentored: Reading = field(default_factory=lambda: Reading(0.0))
    statements: int = 0  # sentences that state the person's work


def _work_sentences(resume: Resume) -> list[ResumeSentence]:
    return [s for s in resume.sentences if s.part in ("experience", "other") and states_work(s.text)]


def _largest(readings: list[tuple[Quantity, ResumeSentence]]) -> dict[str, Reading]:
    best: dict[str, Reading] = {}
    for quantity, sentence in readings:
        if quantity.value > best.get(quantity.unit, Reading(0.0)).value:
            best[quantity.unit] = Reading(quantity.value, sentence.text, sentence.location, quantity.words)
    return best


def stakeholder_level(sentences: list[ResumeSentence]) -> tuple[str, Reading]:
    """The most senior stakeholders the work statements name, as whole words."""
    for name, words in STAKEHOLDER_WORDS.items():
        for sentence in sentences:
            text = unicodedata.normalize("NFKC", sentence.text).lower()
            hit = next((w for w in words if find_whole(w, text)), None)
            if hit:
                return name, Reading(STAKEHOLDER_LEVEL[name], sentence.text, sentence.location, hit)
    return "team", Reading(0.0)


def _programme(resume: Resume, sentences: list[ResumeSentence]) -> Reading:
    """The longest programme: a dated project inside a job, or a duration the work names."""
    best = Reading(0.0)
    for job in resume.jobs:
        named = job.kind == "other" and _PROJECT.search(job.quote) and not _EMPLOYER_LINE.search(job.quote)
        if _PROJECT_LINE.search(job.quote) or named:
            months = float(sum(job.months()) // 2)
            if months > best.value:
                best = Reading(months, job.quote, job.location, job.quote)
    for sentence in sentences:
        if not _PROJECT.search(sentence.text) and not re.search(r"か月|カ月|ヶ月|ケ月|month", sentence.text):
            continue  # "5年間携わり" is a tenure; a programme says so, or counts its months
        for match in _DURATION.finditer(unicodedata.normalize("NFKC", sentence.text)):
            months = (float(match.group(1)) if match.group(1) else
                      12 * float(match.group(2)) if match.group(2) else 24.0)
            if 0 < months <= 120 and months > best.value:
                best = Reading(months, sentence.text, sentence.location, match.group(0))
    return best


def _mentored(sentences: list[ResumeSentence]) -> Reading:
    best = Reading(0.0)
    for sentence in sentences:
        cue = _MENTOR.search(unicodedata.normalize("NFKC", sentence.text))
        if not cue:
            continue
        # The count nearest the cue: in 「8名のチームを担当し、若手SE計6名のOJTを実施」 six were mentored.
        people = sorted((q for q in read_quantities(sentence.text) if q.unit == "people"),
                        key=lambda q: abs(q.position - cue.start()))
        count = people[0].value if people else 1.0
        if count > best.value:
            best = Reading(count, sentence.text, sentence.location, people[0].words if people else "")
    return best


def read_signals(resume: Resume) -> Signals:
    sentences = _work_sentences(resume)
    jobs = list(resume.jobs)
    years = whole_years(jobs)
    lead = whole_years([j for j in jobs if j.kind in ("tpm", "pm")])
    first = min(jobs, key=lambda j: (j.start[0], j.start[1] or 0)) if jobs else None
    signals = Signals(years, lead, Reading(float(years[0]), first.quote, first.location) if first else Reading(0.0))
    signals.scope = _largest([(q, s) for s in sentences if _LEAD_CUE.search(s.text) for q in read_quantities(s.text)])
    signals.stakeholders, signals.stakeholders_quote = stakeholder_level(sentences)
    signals.programme_months = _programme(resume, sentences)
    signals.mentored = _mentored(sentences)
    signals.statements = len(sentences)
    return signals
