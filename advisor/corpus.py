"""The curated corpus data (resources, taxonomy, ladder, glossary, interview bank) as typed records.

Every file is validated on load: a malformed corpus is a clear error, never a silent gap.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from advisor.errors import BadInput

LEVEL_IDS: tuple[str, ...] = ("associate", "tpm", "senior", "principal", "director")
SECTION_TITLES: tuple[str, ...] = (
    "1. Technical Program Managerとは?",
    "2. 主な業務",
    "3. 必要なスキルとツール",
    "4. Technical Program Managerの協業スタイル",
    "5. キャリアパスと成長の方向性",
    "6. Technical Program Managerの将来展望と重要性の高まり",
    "7. Technical Program Managerになるための学習方法",
    "8. 日本での就職可能な企業",
    "9. 面接でよくある質問とその対策",
    "10. まとめ",
)
# English names of the ten sections, for English lead-ins to quoted Japanese passages.
SECTION_TITLES_EN: dict[str, str] = dict(zip(SECTION_TITLES, (
    "What is a Technical Program Manager?",
    "Main responsibilities",
    "Required skills and tools",
    "How a Technical Program Manager collaborates",
    "Career path and growth",
    "The Technical Program Manager's outlook and growing importance",
    "How to learn to become a Technical Program Manager",
    "Employers in Japan",
    "Common interview questions and how to answer them",
    "Summary",
), strict=True))
# Top-level section names of the catalogue and the bank chunks (ingest/load.py), in English.
RESOURCES_SECTION = "学習リソース"
INTERVIEW_SECTION = "面接質問バンク"
SECTION_TITLES_EN.update({RESOURCES_SECTION: "Learning resources", INTERVIEW_SECTION: "Interview question bank"})


def english_section_name(section: str) -> str:
    """A top-level section's English name: the original's translated title, or an English edition's
    own heading without its number ("2. Main responsibilities" → "Main responsibilities")."""
    return SECTION_TITLES_EN.get(section) or re.sub(r"^\d+\.\s*", "", section)


def reader_section(section: str, language: str) -> str:
    """``section`` as a reader of ``language`` sees it: the catalogue's and the bank's Japanese
    top-level names in English for an English reader (the guide's English edition has its own)."""
    top, separator, rest = section.partition(" > ")
    if language == "en" and top in (RESOURCES_SECTION, INTERVIEW_SECTION):
        return SECTION_TITLES_EN[top] + separator + rest
    return section


GUIDE_PATH = Path("guide") / "tpm_guide.ja.md"
# The English edition, aligned line by line with the original (ingest/editions.py proves it).
GUIDE_EN_PATH = Path("guide") / "tpm_guide.en.md"
Level = Literal["associate", "tpm", "senior", "principal", "director"]


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Bilingual(_Record):
    en: str
    ja: str


class Area(_Record):
    id: str
    name_en: str
    name_ja: str


class Skill(_Record):
    id: str
    name_en: str
    name_ja: str
    area: str
    kind: Literal["hard", "soft", "tool"]
    guide_section: str
    aliases_en: list[str]
    aliases_ja: list[str]
    levels: dict[Level, Bilingual]


class LevelSignals(_Record):
    years_min: float
    teams_min: int
    stakeholders: list[str]
    keywords_en: list[str]
    keywords_ja: list[str]


class LadderLevel(_Record):
    id: str
    order: int
    name_en: str
    name_ja: str
    guide_name: str
    role_ja: str
    outlook_ja: str
    role_en: str
    outlook_en: str
    scope_en: str
    scope_ja: str
    signals: LevelSignals


class SpecialistTrack(_Record):
    id: str
    name_en: str = ""
    name_ja: str = ""
    scope_en: str = ""
    scope_ja: str = ""
    guide_name: str
    role_ja: str
    outlook_ja: str
    role_en: str
    outlook_en: str


class Ladder(_Record):
    version: int
    guide_section: str = ""
    levels: list[LadderLevel]
    specialist_track: SpecialistTrack

    def level(self, level_id: str) -> LadderLevel:
        for level in self.levels:
            if level.id == level_id:
                return level
        raise BadInput(
            f"unknown level '{level_id}'; choose one of: {', '.join(LEVEL_IDS)}",
            f"不明なレベル '{level_id}' です。次から選んでください: {', '.join(LEVEL_IDS)}",
        )


class GlossaryTerm(_Record):
    ja: str
    en: list[str]
    ja_variants: list[str] = Field(default_factory=list)
    kind: Literal["term", "organisation"] = "term"
    function: str = ""  # the guide's collaboration subsection (its heading) of a party a TPM works with


class Resource(_Record):
    id: str
    title: str
    title_ja: str | None = None
    kind: Literal["book", "course", "certification", "documentation", "guide"]
    languages: list[Literal["en", "ja"]]
    skills: list[str]
    levels: list[Level]
    provider: str
    authors: list[str] = Field(default_factory=list)
    url: str | None = None
    named_in_guide: bool = False
    description_en: str
    description_ja: str


class KeyPoint(_Record):
    ja: str
    en: str
    keywords: list[str] = Field(default_factory=list)
    # Whole sentences a candidate might say that state the point, in each language: the labels are
    # terse, and an answer's sentence is compared with these as well as with them.
    says_ja: list[str] = Field(default_factory=list)
    says_en: list[str] = Field(default_factory=list)

    @property
    def statements(self) -> list[str]:
        """The label in both languages, then every sentence that states the point."""
        return [self.ja, self.en, *self.says_ja, *self.says_en]


class Ask(_Record):
    """One part of what a question asks, and the key points that answer it."""

    ja: str
    en: str
    points: list[int] = Field(min_length=1)


class InterviewQuestion(_Record):
    id: str
    source: Literal["guide", "authored"]
    kind: Literal["technical", "behavioural"] = "technical"  # behavioural answers are read for STAR
    question_ja: str
    question_en: str
    topic: str
    skills: list[str]
    level: Level
    section: str
    answer_ja: str
    answer_en: str
    key_points: list[KeyPoint] = Field(min_length=2)
    asks: list[Ask] = Field(default_factory=list)

    @model_validator(mode="after")
    def _asks_partition_points(self) -> InterviewQuestion:
        held = sorted(i for ask in self.parts for i in ask.points)
        if held != list(range(len(self.key_points))):
            raise ValueError(f"question {self.id}: asks must hold each key point exactly once")
        return self

    @property
    def parts(self) -> list[Ask]:
        """What the question asks, part by part (the whole question when no parts are written)."""
        return self.asks or [Ask(ja=self.question_ja, en=self.question_en,
                                 points=list(range(len(self.key_points))))]


class Corpus(_Record):
    """All curated data, cross-checked: ids unique, references resolve."""

    root: Path
    areas: list[Area]
    skills: list[Skill]
    ladder: Ladder
    glossary: list[GlossaryTerm]
    resources: list[Resource]
    questions: list[InterviewQuestion]

    @model_validator(mode="after")
    def _check_references(self) -> Corpus:
        skill_ids = {s.id for s in self.skills}
        area_ids = {a.id for a in self.areas}
        for label, ids in (
            ("skill", [s.id for s in self.skills]),
            ("resource", [r.id for r in self.resources]),
            ("interview question", [q.id for q in self.questions]),
        ):
            dupes = sorted({i for i in ids if ids.count(i) > 1})
            if dupes:
                raise ValueError(f"duplicate {label} ids: {', '.join(dupes)}")
        problems = [f"skill {s.id}: unknown area {s.area}" for s in self.skills if s.area not in area_ids]
        problems += [
            f"resource {r.id}: unknown skill {sid}" for r in self.resources for sid in r.skills if sid not in skill_ids
        ]
        problems += [
            f"question {q.id}: unknown skill {sid}"
            for q in self.questions
            for sid in [q.topic, *q.skills]
            if sid not in skill_ids
        ]
        problems += [
            f"{what} {ident}: section '{section}' is not a guide section"
            for what, ident, section in [
                *(("skill", s.id, s.guide_section) for s in self.skills),
                *(("question", q.id, q.section) for q in self.questions),
            ]
            if not section.startswith(SECTION_TITLES)
        ]
        if [lv.id for lv in sorted(self.ladder.levels, key=lambda lv: lv.order)] != list(LEVEL_IDS):
            problems.append(f"ladder levels must be, in order: {', '.join(LEVEL_IDS)}")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @property
    def guide_path(self) -> Path:
        return self.root / GUIDE_PATH

    @property
    def guide_en_path(self) -> Path:
        return self.root / GUIDE_EN_PATH

    def skill(self, skill_id: str) -> Skill:
        return next(s for s in self.skills if s.id == skill_id)


# libyaml's safe loader when PyYAML was built with it: the corpus parses ~10x faster (a cold start pays it).
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_yaml(path: Path) -> dict:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_SafeLoader) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise BadInput(f"cannot read corpus file {path}: {exc}", f"コーパスのファイルを読めません: {path}") from exc


@functools.lru_cache(maxsize=4)
def load_corpus(root: Path) -> Corpus:
    """Load and validate every curated file under ``root`` (the ``corpus/`` folder).

    Raises:
        BadInput: a file is missing or malformed; the message names the file and the problem.
    """
    taxonomy = _read_yaml(root / "taxonomy" / "skills.yaml")
    try:
        return Corpus(
            root=root,
            areas=taxonomy.get("areas", []),
            skills=taxonomy.get("skills", []),
            ladder=_read_yaml(root / "taxonomy" / "ladder.yaml"),
            glossary=_read_yaml(root / "taxonomy" / "glossary.yaml").get("terms", []),
            resources=_read_yaml(root / "resources" / "resources.yaml").get("resources", []),
            questions=_read_yaml(root / "interview" / "questions.yaml").get("questions", []),
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise BadInput(
            f"invalid corpus data under {root} at {where}: {first['msg']}",
            f"コーパスのデータが不正です ({root} の {where}): {first['msg']}",
        ) from None
