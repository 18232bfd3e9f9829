"""The default answerer, no LLM: the sentences of the best passages that answer the question, cited.

A quoted answer cannot hallucinate. An English question is answered from the guide's English
edition (the citation keeps the Japanese original); where a passage exists only in Japanese (a
user's document) the quotes stay Japanese and a one-line English lead-in names the sections and
glossary terms they come from — built only from section titles and the glossary, never invented.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from advisor.answer.declines import decline_text, partial_line
from advisor.answer.modes import study_entries, wants_resources
from advisor.answer.scope import ScopeVerdict
from advisor.answer.shapes import TABLE_CELL, GuideOutline, Shaped, entry_name, shape
from advisor.corpus import english_section_name
from advisor.language import detect_language, split_sentences
from advisor.retrieval.glossary import Glossary
from advisor.retrieval.tokenize_ja import normalize, tokenize
from advisor.types import Answer, Citation, Passage

MAX_PASSAGES = 3  # passages quoted in one answer
MAX_SENTENCES_PER_PASSAGE = 2
MIN_PASSAGE_SHARE = 0.45  # a passage far below the best one is not quoted
MAX_TABLE_CELLS = 5
STUDY = {"ja": "学ぶには:", "en": "To study this:"}
# A catalogue entry's second line says what it is ("book — Penguin Books — Roger Fisher"): its kind
# in the reader's language, the provider and authors as published.
RESOURCE_KINDS = {"book": "書籍", "course": "コース", "certification": "資格", "documentation": "ドキュメント",
                  "guide": "ガイド"}
_RESOURCE_KIND = re.compile(rf"^({'|'.join(RESOURCE_KINDS)}) — ")
TRANSLATED = "the guide's English edition, translated from the Japanese original"


@dataclass(frozen=True)
class Selection:
    """The sentences chosen from one passage, in their original order."""

    passage: Passage
    sentences: list[str]


def _units(passage: Passage) -> list[str]:
    """Answerable units of a passage: sentences, or whole lines for table rows and bullet lists."""
    units: list[str] = []
    for line in passage.text.splitlines():
        line = line.strip().lstrip("-・*").strip()
        if not line:
            continue
        # A table cell "header: value" or a short list item is a unit on its own.
        units += [line] if TABLE_CELL.match(line) or len(line) < 60 else split_sentences(line)
    return units


def _sentence_score(sentence: str, query_tokens: set[str]) -> float:
    tokens = set(tokenize(sentence))
    if not tokens:
        return 0.0
    return len(tokens & query_tokens) / math.sqrt(len(tokens))


def best_units(
    query: str, passage: Passage, limit: int = MAX_SENTENCES_PER_PASSAGE, query_tokens: set[str] | None = None,
) -> list[str]:
    """The ``limit`` units of ``passage`` that best match ``query``, in their original order."""
    language = detect_language(query)
    tokens = query_tokens if query_tokens is not None else set(tokenize(query))
    units = _units(passage)
    # A resource is named by its first line: an answer that recommends it must say which it is.
    title = entry_name(units.pop(0), language) if passage.kind == "resource" and units else ""
    what = units.pop(0) if title and units and _RESOURCE_KIND.match(units[0]) else ""
    if what and language == "ja":
        what = _RESOURCE_KIND.sub(lambda kind: f"{RESOURCE_KINDS[kind.group(1)]} — ", what)
    # Bilingual passages (resources, the interview bank): answer in the question's language.
    same_language = [u for u in units if detect_language(u) == language]
    if same_language and len(same_language) < len(units):
        units = same_language
    if not title and 1 < len(units) <= MAX_TABLE_CELLS and all(TABLE_CELL.match(u) for u in units):
        return units  # a table row means something only whole: "category: X" alone says nothing
    scored = [(_sentence_score(u, tokens), i) for i, u in enumerate(units)]
    top = sorted((s for s in scored if s[0] > 0), reverse=True)[:limit]
    if not top and units:
        # Retrieved for meaning, not words (common for English questions): lead with its start.
        top = [(0.0, 0)]
    chosen = [units[i] for i in sorted(i for _, i in top)]
    return [unit for unit in (title, what) if unit] + chosen


# An interview question's own cell: in the bank ("面接質問: …", "Interview question: …") and in the
# guide's interview chapter ("質問: …", "Question: …").
_QUESTION_CELL = re.compile(r"^(?:面接質問|質問|interview question|question)\s*[:：]\s*(.+?)\s*$", re.IGNORECASE)


def interview_questions(passage: Passage) -> frozenset[str]:
    """The interview question a bank entry (in both languages) or a row of the guide's interview chapter
    asks, normalised: the bank holds the guide's questions too, and one question quoted twice tells
    the reader nothing more."""
    lines = f"{passage.text}\n{passage.original_text or ''}".splitlines()  # a translation: its original's too
    cells = (_QUESTION_CELL.match(line.strip()) for line in lines)
    return frozenset(normalize(cell.group(1)).rstrip("?？ ") for cell in cells if cell)


def select_sentences(question: str, passages: list[Passage], glossary: Glossary,
                     quoted: frozenset[str] = frozenset()) -> list[Selection]:
    """The best units of each of the best passages (at most ``MAX_PASSAGES``), an interview question
    once (``quoted``: those already in the answer)."""
    query_tokens = set(tokenize(f"{question} {glossary.expand(question)}"))
    best = passages[0].score if passages else 0.0
    selections: list[Selection] = []
    asked = set(quoted)
    for passage in passages:
        if len(selections) == MAX_PASSAGES:
            break
        if passage.score < best * MIN_PASSAGE_SHARE:
            continue
        questions = interview_questions(passage)
        if questions & asked:
            continue
        asked |= questions
        units = best_units(question, passage, query_tokens=query_tokens)
        if units:
            selections.append(Selection(passage, units))
    return selections


def select_study(question: str, passages: list[Passage], glossary: Glossary) -> list[Selection]:
    """The answer to a question asking what to study: the catalogue's entries on it (``study_entries``),
    each by its name, its kind and what it is for, and the guide's best passage on it; whichever
    retrieval ranked first leads."""
    query_tokens = set(tokenize(f"{question} {glossary.expand(question)}"))
    guide = [Selection(p, best_units(question, p, query_tokens=query_tokens))
             for p in passages if p.kind != "resource"][:1]
    entries = [Selection(p, best_units(question, p, query_tokens=query_tokens))
               for p in study_entries(passages)]
    chosen = entries + guide if passages and passages[0].kind == "resource" else guide + entries
    return [s for s in chosen if s.sentences]


def _lead_in(question: str, selections: list[Selection], glossary: Glossary, language: str) -> str:
    sections = list(dict.fromkeys(s.passage.section.split(" > ")[0] for s in selections))
    if language == "ja":
        named = "」「".join(sections)
        return f"「{named}」より:"
    names = [english_section_name(s) for s in sections]
    terms = glossary.japanese_terms(question)[:4]
    lead = "From " + "; ".join(f"“{n}”" for n in names)
    if any(s.passage.original_text for s in selections):
        lead += f" ({TRANSLATED})"
    elif any(s.passage.language == "ja" for s in selections):
        lead += " (quoted in the original Japanese"
        lead += f"; key terms: {', '.join(terms)})" if terms else ")"
    return lead + ":"


def guide_first(question: str, selections: list[Selection]) -> list[Selection]:
    """The guide's passages before the catalogue's, unless the question asks for study material."""
    if wants_resources(question):
        return selections
    return sorted(selections, key=lambda s: s.passage.kind == "resource")  # stable: rank order kept


def compose(
    question: str, selections: list[Selection], glossary: Glossary, language: str, lead: str = "",
    headings: bool = False,
) -> tuple[str, list[Citation]]:
    """The answer text with ``[n]`` markers and the citations they point at.

    Catalogue resources that follow the guide's passages come under "to study this"; with
    ``headings`` each guide passage is introduced by its own heading (a learning-path step).
    """
    if lead and language == "en" and any(s.passage.original_text for s in selections):
        lead = lead.removesuffix(":") + f" ({TRANSLATED}):"  # said in the text too, not only by the app
    lines = [lead or _lead_in(question, selections, glossary, language)]
    citations: list[Citation] = []
    studying = False
    for n, selection in enumerate(selections, start=1):
        p = selection.passage
        if p.kind == "resource" and n > 1 and not studying and selections[0].passage.kind != "resource":
            lines.append(STUDY[language])
            studying = True
        quote = "\n".join(selection.sentences)  # one unit per line: the app highlights each
        heading = f"{p.section.split(' > ')[-1]}: " if headings and p.kind == "guide" and " > " in p.section else ""
        lines.append(f"- {heading}{' '.join(selection.sentences)} [{n}]")
        citations.append(Citation.of(n, p, quote))
    return "\n".join(lines), citations


def shaped_selections(question: str, shaped: Shaped, passages: list[Passage], glossary: Glossary) -> list[Selection]:
    """The shape's units, then (unless the shape is complete) the next best passages retrieval found
    up to ``MAX_PASSAGES`` guide passages in all, the catalogue last."""
    chosen = [Selection(block.passage, block.lines or best_units(question, block.passage)) for block in shaped.blocks]
    room = 0 if shaped.complete else MAX_PASSAGES - sum(not b.study for b in shaped.blocks)
    if room > 0 and passages:
        used = {block.passage.unit or block.passage.id for block in shaped.blocks}
        floor = passages[0].score * MIN_PASSAGE_SHARE
        rest = [p for p in passages if (p.unit or p.id) not in used and p.score >= floor]
        quoted = frozenset().union(*(interview_questions(block.passage) for block in shaped.blocks))
        chosen += select_sentences(question, rest, glossary, quoted)[:room]
    return guide_first(question, chosen)


def extractive_answer(
    question: str, passages: list[Passage], glossary: Glossary, verdict: ScopeVerdict, *, standalone: str = "",
    mode: str = "general", language: str | None = None, outline: GuideOutline | None = None,
    levels: Sequence[str] = (),
) -> Answer:
    """Answer ``question`` from ``passages`` by quotation, as far as ``verdict`` (the scope check) allows.

    With the guide's ``outline``, a question about one of its structured sections is answered in
    that section's shape (``shapes``); ``levels`` are the ladder levels the question names.
    """
    language = language or detect_language(question)
    asked = standalone or question
    common = {"language": language, "question": question, "standalone_question": asked, "mode": mode}
    shaped = shape(asked, passages, outline, levels, language) if outline and verdict.answerable else None
    if shaped is not None:
        text, citations = compose(asked, shaped_selections(asked, shaped, passages, glossary), glossary, language,
                                  lead=shaped.lead, headings=shaped.kind in ("path", "step", "steps", "duties", "duty"))
    else:
        select = select_study if wants_resources(asked) else select_sentences
        selections = select(asked, passages, glossary) if verdict.answerable else []
        if not selections:
            declined = verdict if not verdict.answerable else ScopeVerdict("none", off_topic=True)
            return Answer(decline_text(declined, passages, language), [], False, coverage="none", **common)
        text, citations = compose(asked, guide_first(asked, selections), glossary, language)
    if verdict.coverage == "partial":
        text = f"{partial_line(verdict, language)}\n{text}"
    return Answer(text, citations, True, coverage=verdict.coverage, **common)
