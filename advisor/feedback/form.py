"""What shape an answer has: the units a point can be stated in, and whether they are sentences.

A pasted list of the right terms ("owner status impact likelihood") shares every word with a
good answer, so word overlap alone cannot tell them apart. What a list lacks is grammar: the
particles and auxiliaries that join Japanese words into a statement, the function words that
join English ones. We measure that per unit, in both languages, and the fitted model decides.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from advisor.language import split_sentences
from advisor.retrieval.tokenize_ja import tagged

# English closed-class words (determiners, pronouns, prepositions, auxiliaries, conjunctions):
# a statement needs some; a list of terms has almost none.
_FUNCTION_EN = frozenset(
    """a an the this that these those it its i me my we our us you your he she his her they them
    their is are was were be been being am do does did done have has had will would can could
    should shall may might must to of in on at by for with from into onto about over under than
    as if so because when while then and or but not no which who whom whose what where why how
    there here each every both either neither also just only very too such""".split()
)
# Parts of speech that make Japanese words a statement (MeCab / UniDic).
_GRAMMAR_JA = frozenset({"助詞", "助動詞"})
_PREDICATE_JA = frozenset({"動詞", "助動詞", "形容詞"})
# Separators people use to paste term lists: commas, slashes, middle dots, bullets, hashtags.
_LIST_SEPARATORS = re.compile(r"[,、/・;|#\n•]+|\s-\s|^\s*[-*]\s*", re.MULTILINE)
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'+\-]*")
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
# Where one sentence joins several statements: 「リスクは、止まる時間、データの欠け、…」, "…, which keeps
# sessions sticky". Each clause is a unit too, so a point said in passing is not drowned by its neighbours.
_CLAUSE_BREAK = re.compile(r"[、,;:：；—]|\s[-–]\s|(?<=\s)(?:and|but|or|so|then|which|while)\s", re.IGNORECASE)
MIN_CLAUSE_CHARS = 4
MAX_UNITS = 60  # sentences, adjacent pairs and clauses considered per answer (the answer limit bounds it anyway)


@dataclass(frozen=True)
class Unit:
    """A stretch of the answer that may state a key point: a sentence, or two adjacent ones."""

    text: str
    grammar: float  # share of the unit's words that are grammar (0 for a bare term)
    predicate: bool  # holds a verb or auxiliary (Japanese) or a function word (English)


@dataclass(frozen=True)
class AnswerForm:
    sentences: list[Unit]
    units: list[Unit]  # sentences, then adjacent sentence pairs, then the clauses of sentences that have several
    grammar: float  # over the whole answer
    predicate_share: float  # share of sentences that have a predicate
    words_per_segment: float  # mean words between list separators

    def signals(self) -> list[float]:
        return [self.grammar, self.predicate_share, min(self.words_per_segment, 20.0) / 20.0,
                min(len(self.sentences), 10) / 10.0]


def grammar_of(text: str) -> tuple[float, bool, int]:
    """(share of grammar words, has a predicate, word count) for one stretch of text, either language."""
    latin = _LATIN_WORD.findall(text)
    latin_function = sum(w.lower() in _FUNCTION_EN for w in latin)
    japanese = [w for w in tagged(text) if _JAPANESE.search(w.surface)] if _JAPANESE.search(text) else []
    ja_grammar = sum(w.pos in _GRAMMAR_JA for w in japanese)
    words = len(latin) + len(japanese)
    if not words:
        return 0.0, False, 0
    predicate = latin_function > 0 or any(w.pos in _PREDICATE_JA for w in japanese)
    return (latin_function + ja_grammar) / words, predicate, words


def read_form(answer: str) -> AnswerForm:
    """Split ``answer`` into sentences (lines first: bullets are sentences too) and measure its grammar."""
    pieces = [s for line in answer.splitlines() for s in split_sentences(line)] or [answer.strip()]
    spans, cursor = [], 0
    for piece in pieces[:MAX_UNITS]:
        start = answer.find(piece, cursor)
        start = cursor if start < 0 else start
        spans.append((start, start + len(piece)))
        cursor = start + len(piece)
    sentences = [_unit(answer[a:b]) for a, b in spans]
    # A pair is quoted as the answer wrote it (Japanese joins sentences without a space).
    pairs = [_unit(answer[a[0]:b[1]]) for a, b in itertools.pairwise(spans)]
    clauses = [_unit(c) for unit in sentences for c in clauses_of(unit.text)]
    share, _, _ = grammar_of(answer)
    segments = [s for s in _LIST_SEPARATORS.split(answer) if s.strip()]
    words = [grammar_of(s)[2] for s in segments] or [0]
    return AnswerForm(
        sentences=sentences,
        units=(sentences + pairs + clauses)[:MAX_UNITS],
        grammar=share,
        predicate_share=sum(u.predicate for u in sentences) / len(sentences),
        words_per_segment=sum(words) / len(words),
    )


def _unit(text: str) -> Unit:
    share, predicate, _ = grammar_of(text)
    return Unit(text, share, predicate)


def clauses_of(sentence: str) -> list[str]:
    """The clauses of a sentence that joins several (none for a sentence of one clause)."""
    parts = [p.strip() for p in _CLAUSE_BREAK.split(sentence) if p.strip()]
    return [p for p in parts if len(p) >= MIN_CLAUSE_CHARS] if len(parts) > 1 else []
