"""The unit of retrieval: a chunk of a source document, with where it came from.

Ids are content hashes, so an unchanged chunk keeps its id (and its embedding) across ingests.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Chunk:
    """A passage: ``text`` to show and quote, ``context`` (section path) to embed with it."""

    text: str
    source: str
    section: str
    kind: str  # guide | resource | interview | user
    language: str  # ja | en | mixed
    title: str = ""
    start: int = 0  # character offsets of the passage in the source file, for highlighting
    end: int = 0
    extra: dict[str, str] = field(default_factory=dict)
    keywords: str = ""  # other-language glossary forms, so "security team" finds セキュリティチーム

    @functools.cached_property  # a frozen record: hash once, not on every lookup of the query path
    def id(self) -> str:
        key = "\x00".join((self.source, self.section, self.text, self.keywords))
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]

    @property
    def unit(self) -> str:
        """The passage this chunk is one edition of (the guide's two editions share it)."""
        return self.extra.get("unit") or self.id

    @property
    def original_section(self) -> str:
        """The section in the original Japanese guide: modes and filters name sections by it."""
        return self.extra.get("original_section") or self.section

    @property
    def search_text(self) -> str:
        """What embedders and BM25 see: the section path gives a short passage its topic."""
        return "\n".join(part for part in (self.section, self.keywords, self.text) if part)

    def to_record(self) -> dict:
        return {"id": self.id, **asdict(self)}

    @classmethod
    def from_record(cls, record: dict) -> Chunk:
        fields = {k: v for k, v in record.items() if k != "id"}
        return cls(**fields)


def write_chunks(path: Path, chunks: list[Chunk]) -> None:
    """Write chunk records as JSON lines (the caller makes the write atomic)."""
    with path.open("w", encoding="utf-8") as handle:
        for chunk in chunks:
            handle.write(json.dumps(chunk.to_record(), ensure_ascii=False) + "\n")


def read_chunks(path: Path) -> list[Chunk]:
    with path.open(encoding="utf-8") as handle:
        return [Chunk.from_record(json.loads(line)) for line in handle if line.strip()]
