"""Structure-aware chunking of Markdown and plain text, Japanese and English.

Tables: one chunk per row, carrying the header names and section path, never split. Headed
items stay with their heading. Prose is packed to ~300-500 characters on sentence ends
(。！？.!?) with a one-sentence overlap. Every chunk keeps its character offsets in the source.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from advisor.language import detect_language, split_sentences
from advisor.retrieval.chunks import Chunk

CHUNKER_VERSION = "md-v3-english-edition"
TARGET_MAX = 500
TARGET_MIN = 300
_MARKUP = re.compile(r"\*\*|__")
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")


@dataclass
class _Block:
    kind: str  # prose | table
    lines: list[tuple[int, int, str]]  # (start, end, line) offsets in the source


def clean_line(line: str) -> str:
    line = re.sub(r"^\s*[-*+]\s+", "", line)
    return _MARKUP.sub("", line).strip()


def table_cells(line: str) -> list[str]:
    return [clean_line(c) for c in line.strip().strip("|").split("|")]


def is_separator(cells: list[str]) -> bool:
    """The |---|---| row under a table's header."""
    return all(set(c) <= set("-: ") for c in cells)


def row_text(header: list[str], cells: list[str]) -> str:
    """A table row as "header: value" lines: each value keeps its column's name."""
    return "\n".join(f"{h}: {c}" for h, c in zip(header, cells, strict=False))


class _Section:
    def __init__(self, path: str) -> None:
        self.path = path
        self.blocks: list[_Block] = []


def body_lines(text: str) -> Iterator[tuple[int, int, str]]:
    """(line number, start offset, line) of every line after the YAML front matter."""
    offset = 0
    in_front_matter = text.startswith("---\n")
    for number, raw in enumerate(text.splitlines(keepends=True)):
        start, offset = offset, offset + len(raw)
        line = raw.rstrip("\n")
        if in_front_matter:
            if number > 0 and line == "---":
                in_front_matter = False
            continue
        yield number, start, line


def section_path(stack: list[str], line: str) -> list[str] | None:
    """The heading stack after ``line``, or None when it is not a heading (the title resets it)."""
    heading = _HEADING.match(line)
    if not heading:
        return None
    level = len(heading.group(1))
    return [*stack[: max(level - 2, 0)], heading.group(2).strip()] if level > 1 else []


def _sections(text: str) -> list[_Section]:
    """Split Markdown into heading-scoped sections of blocks, tracking offsets."""
    stack: list[str] = []
    sections = [_Section("")]
    block: _Block | None = None
    for _number, start, line in body_lines(text):
        heading = section_path(stack, line)
        if heading is not None:
            stack = heading
            sections.append(_Section(" > ".join(stack)))
            block = None
            continue
        if not line.strip():
            block = None
            continue
        kind = "table" if line.lstrip().startswith("|") else "prose"
        if block is None or block.kind != kind:
            block = _Block(kind, [])
            sections[-1].blocks.append(block)
        block.lines.append((start, start + len(line), line))
    return [s for s in sections if s.blocks]


def _table_chunks(block: _Block, section: _Section, base: dict) -> list[Chunk]:
    header = table_cells(block.lines[0][2])
    chunks = []
    for start, end, line in block.lines[1:]:
        cells = table_cells(line)
        if is_separator(cells):
            continue
        text = row_text(header, cells)
        chunks.append(Chunk(text=text, section=section.path, start=start, end=end, **base))
    return chunks


def _prose_chunks(blocks: list[_Block], section: _Section, base: dict) -> list[Chunk]:
    lines = [entry for block in blocks for entry in block.lines]
    if not lines:
        return []
    units: list[tuple[int, int, str]] = []  # sentence-sized units with their line's offsets
    for start, end, line in lines:
        cleaned = clean_line(line)
        pieces = split_sentences(cleaned) if len(cleaned) > TARGET_MAX else [cleaned]
        units += [(start, end, w) for p in pieces for w in _windows(p)]
    total = sum(len(u[2]) for u in units)
    if total <= TARGET_MAX:
        groups = [units]
    else:
        groups, current = [], []
        for unit in units:
            if current and sum(len(u[2]) for u in current) + len(unit[2]) > TARGET_MAX:
                groups.append(current)
                tail = current[-1]
                current = [tail] if len(tail[2]) < TARGET_MAX // 3 else []
            current.append(unit)
        groups.append(current)
    chunks = []
    for group in groups:
        joiner = "\n" if len({u[0] for u in group}) > 1 else ""
        text = joiner.join(u[2] for u in group) if joiner else "".join(u[2] for u in group)
        chunks.append(Chunk(text=text, section=section.path, start=group[0][0], end=group[-1][1], **base))
    return chunks


def _windows(sentence: str) -> list[str]:
    """A run-on "sentence" with no sentence end (logs, pasted text) cut to the target size."""
    return [sentence[i : i + TARGET_MAX] for i in range(0, len(sentence), TARGET_MAX)] or [sentence]


def chunk_markdown(text: str, *, source: str, kind: str, title: str = "", language: str = "") -> list[Chunk]:
    """Chunk a Markdown document into table-row chunks and heading-scoped prose chunks."""
    base = {"source": source, "kind": kind, "title": title, "language": language or detect_language(text)}
    chunks: list[Chunk] = []
    for section in _sections(text):
        prose: list[_Block] = []
        for block in section.blocks:
            if block.kind == "table":
                chunks += _prose_chunks(prose, section, base)
                prose = []
                chunks += _table_chunks(block, section, base)
            else:
                prose.append(block)
        chunks += _prose_chunks(prose, section, base)
    return chunks


def chunk_plain(text: str, *, source: str, kind: str, title: str = "", section: str = "") -> list[Chunk]:
    """Chunk plain text: paragraphs packed by sentence, offsets kept (no markup parsing)."""
    base = {"source": source, "kind": kind, "title": title, "language": detect_language(text)}
    sec = _Section(section or title)
    offset = 0
    block = _Block("prose", [])
    for raw in text.splitlines(keepends=True):
        start, offset = offset, offset + len(raw)
        if raw.strip():
            block.lines.append((start, start + len(raw.rstrip("\n")), raw.rstrip("\n")))
    return _prose_chunks([block], sec, base)
