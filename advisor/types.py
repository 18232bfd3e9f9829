"""Result types of the public contract, each with ``to_dict()`` (JSON) and ``to_text()`` (terminal)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


class Record:
    """Contract records read both ways: ``answer.citations`` and ``answer["citations"]``."""

    def __getitem__(self, key: str) -> Any:
        try:
            return getattr(self, key)
        except AttributeError:
            raise KeyError(key) from None


@dataclass(frozen=True)
class Passage(Record):
    """A retrieved chunk: ``score`` is the fused relevance in [0, 1], higher is better."""

    id: str
    text: str
    source: str
    section: str
    score: float
    kind: str = "guide"
    language: str = "ja"
    title: str = ""
    start: int = 0
    end: int = 0
    signals: dict[str, float] = field(default_factory=dict)  # dense/keyword evidence behind score
    original_text: str = ""  # the Japanese original when ``text`` is from the English edition
    unit: str = ""  # the passage both editions of the guide share

    def reference(self, n: int) -> dict[str, Any]:
        """What a report cites the passage by, as its ``n``-th source: where it is, its text and, if
        translated, its original."""
        return {"n": n, "id": self.id, "source": self.source, "section": self.section, "text": self.text,
                "language": self.language, "original_text": self.original_text}

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["score"] = round(self.score, 4)
        data["signals"] = {k: round(v, 4) for k, v in self.signals.items()}
        return data


class Passages(list[Passage]):
    """The result of ``Advisor.retrieve``: the passages, best first (a list), with renderers."""

    def __init__(self, question: str, items: list[Passage]) -> None:
        super().__init__(items)
        self.question = question

    def to_dict(self) -> dict[str, Any]:
        return {"question": self.question, "passages": [p.to_dict() for p in self]}

    def to_text(self) -> str:
        if not self:
            return "(no passages)"
        blocks = []
        for rank, p in enumerate(self, start=1):
            blocks.append(f"[{rank}] {p.score:.3f}  {p.section}  ({p.source})\n    " + p.text.replace("\n", "\n    "))
        return "\n".join(blocks)


@dataclass(frozen=True)
class Citation(Record):
    """``n`` is the number used in the answer text as ``[n]``; ``quote`` the sentences used."""

    n: int
    id: str
    source: str
    section: str
    text: str
    quote: str = ""
    start: int = 0
    end: int = 0
    language: str = "ja"
    original_text: str = ""  # the Japanese original of a passage quoted from the English edition

    @classmethod
    def of(cls, n: int, passage: Passage, quote: str = "") -> Citation:
        """Citation ``n`` of ``passage``, quoting ``quote`` from it."""
        return cls(n, passage.id, passage.source, passage.section, passage.text, quote, passage.start, passage.end,
                   passage.language, passage.original_text)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Answer(Record):
    answer: str
    citations: list[Citation]
    grounded: bool
    language: str
    question: str = ""
    standalone_question: str = ""
    mode: str = "general"
    answerer: str = "extractive"
    notice: str = ""
    # full; partial: the topic is covered, the figure or fact asked for is not (said first); none: declined
    coverage: str = "full"

    def to_dict(self) -> dict[str, Any]:
        return {
            "answer": self.answer,
            "citations": [c.to_dict() for c in self.citations],
            "grounded": self.grounded,
            "coverage": self.coverage,
            "language": self.language,
            "question": self.question,
            "standalone_question": self.standalone_question,
            "mode": self.mode,
            "answerer": self.answerer,
            "notice": self.notice,
        }

    def to_text(self) -> str:
        lines = [self.answer]
        if self.notice:
            lines += ["", f"({self.notice})"]
        if self.citations:
            lines += [""] + [f"[{c.n}] {c.section} — {c.source}" for c in self.citations]
        return "\n".join(lines)
