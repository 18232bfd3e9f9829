"""The eval datasets as typed records, and evidence quotes resolved to the chunks that hold them.

Evidence is identified by a verbatim quote, not a chunk id, so re-chunking never breaks a dataset:
a chunk is relevant when its text (or its span of the source file) contains the quote.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from advisor.retrieval.chunks import Chunk

DATASETS = Path(__file__).parent / "datasets"


class Evidence(BaseModel):
    model_config = ConfigDict(extra="forbid")
    source: Literal["guide", "resources", "interview"]
    quote: str


class Question(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    question: str
    language: Literal["ja", "en"]
    section: str | None
    kind: Literal["single", "multi", "resource", "unanswerable"]
    style: Literal["career", "skills", "interview", "general"]
    answerable: bool
    evidence: list[Evidence] = Field(default_factory=list)
    key_points: list[str] = Field(default_factory=list)


class LadderQuestion(BaseModel):
    """A question about the career ladder and the rows a good answer shows first (none for a question
    that only sounds like one: "what level of Python")."""

    model_config = ConfigDict(extra="forbid")
    id: str
    question: str
    language: Literal["ja", "en"]
    evidence: list[Evidence] = Field(min_length=1)
    expected_levels: list[str]

    @property
    def split(self) -> Literal["train", "validation"]:
        return split_of(self.id)


class RoleQuestion(BaseModel):
    """A first message about the role itself, or a near-topic trap that only sounds like one."""

    model_config = ConfigDict(extra="forbid")
    id: str
    question: str
    language: Literal["ja", "en"]
    evidence: list[Evidence] = Field(min_length=1)
    split: Literal["train", "held"]  # a whole writer is held apart: never read, never fitted on


class DutiesQuestion(RoleQuestion):
    """What a TPM does in general (the guide's main duties answer it), or a trap: a level, a
    function, an area, the definition, interviews."""

    about_duties: bool


class DefinitionQuestion(RoleQuestion):
    """What the role is (the guide's first chapter answers it), or a trap: a level, a term, the
    duties, becoming one, a function, interviews, employers, the outlook."""

    about_definition: bool


class ComparisonQuestion(RoleQuestion):
    """How the TPM differs from another role (the guide's first chapter, or its division of the work
    with the product manager, answers it), or a trap that compares something else: two levels, two
    tools, two certifications, two terms, two kinds of employer."""

    compares_role: bool
    other_role: Literal["project_manager", "product_manager", "other", ""]


class StudyQuestion(BaseModel):
    """A first message asking what to study (for a step, a skill, a certification area, a level, a
    background), with the catalogue entries its writer would recommend: ``best`` must be listed,
    any of ``acceptable`` may be."""

    model_config = ConfigDict(extra="forbid")
    id: str
    question: str
    language: Literal["ja", "en"]
    best: list[str] = Field(min_length=1)
    acceptable: list[str] = Field(min_length=1)
    split: Literal["train", "held"]  # a whole writer is held apart: never read, never fitted on


class Turn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    question: str
    standalone: str | None = None
    evidence: list[Evidence] = Field(default_factory=list)


class Conversation(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    language: Literal["ja", "en"]
    followup_kind: str = ""
    split: Literal["train", "held"] = "train"  # rewriting rules are developed on train only
    turns: list[Turn] = Field(min_length=2)


ScopeKind = Literal[
    "pay", "headcount", "duration", "exam_fee_or_score", "price", "company_process", "visa_contract",
    "other_profession", "procedure_code", "chitchat", "creative", "general_knowledge", "travel", "cooking", "weather",
]
PhrasingStyle = Literal["typo", "mixed", "long_story", "short", "casual", "polite", "plain"]


class ScopeQuestion(BaseModel):
    """A question labelled with what the advisor must do: answer, answer partially, or decline."""

    model_config = ConfigDict(extra="forbid")
    id: str
    question: str
    language: Literal["ja", "en"]
    outcome: Literal["answer", "partial", "decline"]
    kind: ScopeKind | PhrasingStyle
    near_topic: bool
    section: str | None
    note: str

    @property
    def split(self) -> Literal["train", "validation"]:
        return split_of(self.id)


def split_of(key: str) -> Literal["train", "validation"]:
    """A stable half of a set by a hash of a key, never chosen by hand (validation: never fitted on)."""
    return "validation" if hashlib.sha256(key.encode()).digest()[0] % 2 else "train"


StarPart = Literal["situation", "task", "action", "result", "other"]


class SpokenPart(BaseModel):
    model_config = ConfigDict(extra="forbid")
    part: StarPart
    text: str


class GradedAnswer(BaseModel):
    """An interview answer labelled with the key points it truly states (and its STAR parts, if spoken in parts)."""

    model_config = ConfigDict(extra="forbid")
    id: str
    question_id: str
    language: Literal["ja", "en"]
    grade: Literal["good", "partial", "off_question", "keyword_list", "off_topic"]
    covered: list[int]
    answer: str = ""
    parts: list[SpokenPart] = Field(default_factory=list)

    def model_post_init(self, _: object) -> None:
        if self.parts and not self.answer:  # a behavioural answer is its parts, spoken in order
            joiner = "" if self.language == "ja" else " "
            self.answer = joiner.join(p.text.strip() for p in self.parts)

    @property
    def split(self) -> Literal["train", "validation"]:
        """By question, so the held-apart half is judged on questions the model never saw."""
        return split_of(self.question_id)

    @property
    def star(self) -> set[str]:
        return {p.part for p in self.parts} - {"other"}


class StarSentence(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    language: Literal["ja", "en"]
    part: StarPart
    text: str

    @property
    def split(self) -> Literal["train", "validation"]:
        return split_of(self.id)


def load_interview_answers(path: Path = DATASETS / "interview_answers.yaml") -> list[GradedAnswer]:
    return [GradedAnswer(**row) for row in yaml.safe_load(path.read_text(encoding="utf-8"))["answers"]]


def load_star_sentences(path: Path = DATASETS / "star_sentences.jsonl") -> list[StarSentence]:
    return [StarSentence(**row) for row in _jsonl(path)]


def load_scope(path: Path = DATASETS / "scope.jsonl") -> list[ScopeQuestion]:
    return [ScopeQuestion(**row) for row in _jsonl(path)]


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_questions(path: Path = DATASETS / "questions.jsonl") -> list[Question]:
    return [Question(**row) for row in _jsonl(path)]


def load_conversations(path: Path = DATASETS / "followups.jsonl") -> list[Conversation]:
    return [Conversation(**row) for row in _jsonl(path)]


def load_ladder_questions(path: Path = DATASETS / "ladder.jsonl") -> list[LadderQuestion]:
    return [LadderQuestion(**row) for row in _jsonl(path)]


def load_duties_questions(path: Path = DATASETS / "duties.jsonl") -> list[DutiesQuestion]:
    return [DutiesQuestion(**row) for row in _jsonl(path)]


def load_definition_questions(path: Path = DATASETS / "definitions.jsonl") -> list[DefinitionQuestion]:
    return [DefinitionQuestion(**row) for row in _jsonl(path)]


def load_comparison_questions(path: Path = DATASETS / "comparisons.jsonl") -> list[ComparisonQuestion]:
    return [ComparisonQuestion(**row) for row in _jsonl(path)]


def load_study_questions(path: Path = DATASETS / "study.jsonl") -> list[StudyQuestion]:
    return [StudyQuestion(**row) for row in _jsonl(path)]


_NOISE = re.compile(r"[\s*|#>`_\-]")


def normalise(text: str) -> str:
    """NFKC, no whitespace or Markdown markup: what must match between a quote and a chunk."""
    return _NOISE.sub("", unicodedata.normalize("NFKC", text)).lower()


class EvidenceIndex:
    """Finds the chunks that hold a quote, in their text or in their span of the source file."""

    def __init__(self, chunks: list[Chunk], project_root: Path) -> None:
        self._chunks = chunks
        self._unit = {chunk.id: chunk.unit for chunk in chunks}  # the guide's editions share one
        sources: dict[str, str] = {}
        for chunk in chunks:
            if chunk.source not in sources:
                path = project_root / chunk.source
                sources[chunk.source] = path.read_text(encoding="utf-8") if path.is_file() else ""
        self._texts = [
            (chunk.id, normalise(chunk.text), normalise(sources[chunk.source][chunk.start : chunk.end]))
            for chunk in chunks
        ]

    def relevant(self, evidence: list[Evidence]) -> set[str]:
        """Ids of the chunks holding any of the quotes, and of the other edition of each of them."""
        found: set[str] = set()
        for item in evidence:
            quote = normalise(item.quote)
            found |= {cid for cid, text, span in self._texts if quote in text or (quote and quote in span)}
        units = {self._unit[cid] for cid in found}
        return found | {cid for cid, unit in self._unit.items() if unit in units}
