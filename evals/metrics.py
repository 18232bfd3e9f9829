"""Metrics: ranking quality by ranx, and answer checks (citations, key points, declines, language).

Each answer check is a plain function of an answer and its inputs, so a test can show it failing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from advisor.language import detect_language
from advisor.matching import TextMatcher
from advisor.types import Answer

RANKING_METRICS = ("hit_rate@1", "hit_rate@5", "mrr@10", "ndcg@10")
_CITED = re.compile(r"\[(\d+)\]")
_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def ranking_scores(relevant: dict[str, set[str]], ranked: dict[str, list[str]]) -> dict[str, dict[str, float]]:
    """Per-question ranking metrics: ``{metric: {question id: value}}`` (computed by ranx)."""
    from ranx import Qrels, Run, evaluate

    qids = [q for q in relevant if relevant[q]]
    qrels = Qrels({q: dict.fromkeys(relevant[q], 1) for q in qids})
    # ranx ranks by score: the reciprocal rank keeps our order. A question with no result gets a
    # sentinel so it still counts (as a miss).
    run = Run({q: {d: 1.0 / (i + 1) for i, d in enumerate(ranked.get(q) or ["<none>"])} for q in qids})
    values = evaluate(qrels, run, list(RANKING_METRICS), return_mean=False, make_comparable=True)
    return {m: {q: float(v) for q, v in zip(qids, values[m], strict=True)} for m in RANKING_METRICS}


@dataclass(frozen=True)
class CitationCheck:
    total: int  # cited claims in the answer
    valid: int  # cited passages that were retrieved and support the claim
    problems: tuple[str, ...] = ()

    @property
    def share(self) -> float:
        return self.valid / self.total if self.total else 1.0


def check_citations(answer: Answer, retrieved_ids: set[str], matcher: TextMatcher) -> CitationCheck:
    """Every ``[n]`` must name a citation whose passage the answerer was given (``retrieved_ids``:
    what retrieval found, and the guide's units an answer shape may add) and supports the claim.

    A claim is the answer line (or sentence) carrying the marker; support is glossary-aware
    word overlap or embedding similarity with the cited passage (``TextMatcher``).
    """
    by_n = {c.n: c for c in answer.citations}
    total = valid = 0
    problems: list[str] = []
    for claim in _claims(answer.answer):
        numbers = [int(n) for n in _CITED.findall(claim)]
        text = _CITED.sub("", claim).lstrip("-・* ").strip()
        for n in numbers:
            total += 1
            citation = by_n.get(n)
            if citation is None:
                problems.append(f"[{n}] names no citation")
            elif citation.id not in retrieved_ids:
                problems.append(f"[{n}] cites a passage that was not retrieved")
            elif not matcher.match(text, citation.text).covered:
                problems.append(f"[{n}] does not support: {text[:60]}")
            else:
                valid += 1
    return CitationCheck(total, valid, tuple(problems))


def _claims(text: str) -> list[str]:
    """Answer lines with citation markers; a long line is split into its sentences."""
    claims: list[str] = []
    for line in text.splitlines():
        if not _CITED.search(line):
            continue
        parts = re.split(r"(?<=\])\s+(?=\S)", line) if line.count("[") > 1 else [line]
        claims += [p for p in parts if _CITED.search(p)]
    return claims


def key_point_recall(answer: Answer, key_points: list[str], matcher: TextMatcher) -> float:
    """Share of the reference points the answer conveys (in either language)."""
    if not key_points:
        return 1.0
    text = answer.answer
    return sum(matcher.match(point, text).covered for point in key_points) / len(key_points)


def language_matches(answer: Answer, language: str) -> bool:
    """The answer is in the question's language: its own words (not its quotes) are."""
    if answer.language != language:
        return False
    own_words = answer.answer.splitlines()[0] if answer.answer else ""
    if language == "en":
        return detect_language(own_words.split("key terms")[0].split("(quoted")[0]) == "en"
    return bool(_JAPANESE.search(own_words))


def what_the_user_reads(answer: Answer) -> str:
    """The answer text, its quoted sentences and, for a quote from the English edition, the
    Japanese original of each quoted line (shown beside the citation)."""
    parts = [answer.answer]
    for citation in answer.citations:
        parts.append(citation.quote)
        original = getattr(citation, "original_text", "")
        if original:
            lines, originals = citation.text.splitlines(), original.splitlines()
            quoted = {i for i, line in enumerate(lines) if any(q and q in line for q in citation.quote.splitlines())}
            parts += [originals[i] for i in sorted(quoted) if i < len(originals)]
    return "\n".join(parts)


def evidence_recall(answer: Answer, quotes: list[str], normalise: Callable[[str], str]) -> float:
    """Share of the gold evidence quotes the user reads in the answer (either edition of the unit)."""
    if not quotes:
        return 1.0
    read = normalise(what_the_user_reads(answer))
    return sum(normalise(q) in read for q in quotes) / len(quotes)


_LATIN_LETTER = re.compile(r"[A-Za-z]")
_CJK_CHARACTER = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]")


def english_share(text: str) -> float:
    """Share of the text's letters that are English: Latin letters, with each kana or kanji
    counted as a word's worth (about five letters), since one kanji carries what a word does."""
    latin, cjk = len(_LATIN_LETTER.findall(text)), 5 * len(_CJK_CHARACTER.findall(text))
    return latin / (latin + cjk) if latin + cjk else 1.0


@dataclass(frozen=True)
class DeclineScores:
    precision: float
    recall: float
    false_declines: int
    missed_declines: int


def decline_scores(should_decline: list[bool], declined: list[bool]) -> DeclineScores:
    """Precision and recall of declining, with unanswerable questions as the positive class."""
    tp = sum(s and d for s, d in zip(should_decline, declined, strict=True))
    fp = sum(d and not s for s, d in zip(should_decline, declined, strict=True))
    fn = sum(s and not d for s, d in zip(should_decline, declined, strict=True))
    return DeclineScores(tp / (tp + fp) if tp + fp else 1.0, tp / (tp + fn) if tp + fn else 1.0, fp, fn)
