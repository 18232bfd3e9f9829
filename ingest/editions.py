"""The guide's English edition: aligned unit by unit with the Japanese original, chunked in step with it.

A unit is one non-blank line of a guide's body (a heading, a paragraph, a list item, a table row)
and its id is its line number ("L057"). The English edition is written line for line against
the original, so both editions share every id; ``alignment_problems`` proves it (the same shape
of line, the same numbers, the original's Latin-script names kept) and ingest refuses an edition
that fails it. Each English chunk is made of the units of one Japanese chunk, so the two are one
passage in two languages: ``extra["unit"]`` names the pair and the English chunk carries the
Japanese text it translates, line for line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from advisor.language import split_sentences
from advisor.retrieval.chunks import Chunk
from ingest.chunk import body_lines, clean_line, is_separator, row_text, section_path, table_cells

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9+#./&-]*[A-Za-z0-9+#]|[A-Za-z]")
_LIST_ITEM = re.compile(r"^(\s*)([-*+]|\d+\.)\s")


@dataclass(frozen=True)
class Unit:
    id: str
    kind: str  # heading | header (a table's first row) | row | item | paragraph
    line: str  # the raw Markdown line
    start: int
    end: int
    section: str  # the heading path the unit sits under
    header: str = ""  # a table row's header line

    @property
    def text(self) -> str:
        """What a reader sees: markup dropped; a table row as "column: value" lines."""
        if self.kind == "row":
            return row_text(table_cells(self.header), table_cells(self.line))
        if self.kind == "heading":
            return clean_line(self.line.lstrip("#"))
        return clean_line(self.line)


def shape(line: str) -> str:
    """The line's structure, which its translation must keep: heading level, cells, list marker."""
    if not line.strip():
        return "blank"
    if heading := re.match(r"^(#{1,6})\s", line):
        return f"heading{len(heading.group(1))}"
    if line.lstrip().startswith("|"):
        return f"table{line.count('|')}"
    if item := _LIST_ITEM.match(line):
        return f"item{len(item.group(1))}{item.group(2)}"
    return "paragraph"


def guide_units(text: str) -> dict[str, Unit]:
    """Every unit of a guide edition by id, in document order."""
    units: dict[str, Unit] = {}
    stack: list[str] = []
    header = ""
    for number, start, line in body_lines(text):
        kind = shape(line)
        if kind == "blank":
            header = ""
            continue
        if (heading := section_path(stack, line)) is not None:
            stack = heading
        unit_id = f"L{number + 1:03d}"
        end = start + len(line)
        section = " > ".join(stack)
        if kind.startswith("table"):
            if not header:
                header = line
                units[unit_id] = Unit(unit_id, "header", line, start, end, section)
            elif not is_separator(table_cells(line)):
                units[unit_id] = Unit(unit_id, "row", line, start, end, section, header)
            continue
        header = ""
        kind = "heading" if kind.startswith("heading") else "item" if kind.startswith("item") else "paragraph"
        units[unit_id] = Unit(unit_id, kind, line, start, end, section)
    return units


def _normal(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def numbers(text: str) -> list[str]:
    """The numbers a unit states (full-width digits read as digits), sorted."""
    return sorted(_NUMBER.findall(_normal(text)))


def latin_names(text: str) -> set[str]:
    """Latin-script words of a unit: product, company and book names, acronyms."""
    return set(_LATIN.findall(_normal(text)))


def alignment_problems(original: str, edition: str) -> list[str]:
    """Every way ``edition`` fails to be a unit-by-unit translation of ``original`` (none: aligned)."""
    ours, theirs = list(body_lines(original)), list(body_lines(edition))
    problems = []
    if len(ours) != len(theirs):
        problems.append(f"{len(ours)} lines in the original, {len(theirs)} in the edition")
    for (number, _, a), (_, _, b) in zip(ours, theirs, strict=False):
        where = f"L{number + 1:03d}"
        if shape(a) != shape(b):
            problems.append(f"{where}: a {shape(a)} line translated as a {shape(b)} line")
            continue
        if numbers(a) != numbers(b):
            problems.append(f"{where}: numbers {numbers(a)} became {numbers(b)}")
        lowered = _normal(b).lower()
        if missing := sorted(w for w in latin_names(a) if w.lower() not in lowered):
            problems.append(f"{where}: names {missing} are not in the translation")
    return problems


def _translated_part(chunk_text: str, original: Unit, translation: Unit) -> tuple[str, str]:
    """(original, translation) of the part of one unit a chunk holds: the whole unit, or the
    sentences of a long paragraph the chunker split (matched by position when both editions
    have the same number of sentences; otherwise the whole translated unit)."""
    if original.kind == "row" or original.text in chunk_text:
        return original.text, translation.text
    ours, theirs = split_sentences(original.text), split_sentences(translation.text)
    held = [i for i, sentence in enumerate(ours) if sentence in chunk_text]
    if len(ours) != len(theirs) or not held:
        return "".join(s for s in ours if s in chunk_text) or original.text, translation.text
    return "".join(ours[i] for i in held), " ".join(theirs[i] for i in held)


def paired_chunks(
    chunks: list[Chunk], original: str, edition: str, *, source: str, title: str,
) -> list[Chunk]:
    """The original's chunks, each followed by its translation (both marked with one ``unit`` key)."""
    ours, theirs = guide_units(original), guide_units(edition)
    out = []
    for chunk in chunks:
        key = f"{chunk.source}:{chunk.start}-{chunk.end}"
        covered = [u for u in ours.values() if u.kind not in ("heading", "header")
                   and u.start < chunk.end and u.end > chunk.start]
        parts = [_translated_part(chunk.text, unit, theirs[unit.id]) for unit in covered]
        out.append(replace(chunk, extra={**chunk.extra, "unit": key}))
        if not parts:
            continue
        first, last = theirs[covered[0].id], theirs[covered[-1].id]
        out.append(Chunk(
            text="\n".join(p[1] for p in parts), source=source, section=first.section, kind=chunk.kind,
            language="en", title=title, start=first.start, end=last.end,
            extra={"unit": key, "original_text": "\n".join(p[0] for p in parts), "original_section": chunk.section},
        ))
    return out
