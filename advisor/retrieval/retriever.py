"""Hybrid retrieval: dense (``vectors``) and BM25 rankings fused, glossary-expanded, diversified.

Only chunks of the published snapshot are ever returned, so an ingest in progress (or killed)
cannot leak half-written state into answers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from advisor.corpus import reader_section
from advisor.embedders.base import AdvisorEmbeddings
from advisor.errors import BackendUnavailable
from advisor.language import detect_language
from advisor.retrieval.chunks import Chunk, read_chunks
from advisor.retrieval.fusion import convex_fusion, diversify
from advisor.retrieval.glossary import Glossary
from advisor.retrieval.keyword import KeywordIndex
from advisor.retrieval.tokenize_ja import tokenize
from advisor.retrieval.vectors import dense_index
from advisor.types import Passage

CANDIDATES = 40
EAGER_TOKEN_SETS = 5000
OVERLAP_CACHE = 200_000  # pairs (~30 MB at most)
# Dense and keyword evidence count the same. Measured on the eval set against RRF (k=60):
# hit@5 0.81 vs 0.79; the weights were not tuned on it.
FUSION_WEIGHTS = (0.5, 0.5)


@dataclass(frozen=True)
class Filters:
    """Optional restrictions: chunk kinds, and section-path prefixes."""

    kinds: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()

    def allows(self, chunk: Chunk) -> bool:
        return (not self.kinds or chunk.kind in self.kinds) and (
            not self.sections or chunk.original_section.startswith(self.sections)
        )


@dataclass(frozen=True)
class Boosts:
    """Soft preferences of a mode: multiply a chunk's fused score by (1 + weight)."""

    kinds: dict[str, float] = field(default_factory=dict)
    sections: dict[str, float] = field(default_factory=dict)

    def factor(self, chunk: Chunk) -> float:
        bonus = self.kinds.get(chunk.kind, 0.0)
        bonus += max((w for s, w in self.sections.items() if chunk.original_section.startswith(s)), default=0.0)
        return 1.0 + bonus


class HybridRetriever:
    """Dense + keyword retrieval over one published snapshot."""

    def __init__(
        self,
        chunks: list[Chunk],
        keyword: KeywordIndex,
        collection: Any,
        embedder: AdvisorEmbeddings,
        glossary: Glossary,
        on_error: BackendUnavailable | None = None,
    ) -> None:
        self.chunks = chunks
        self.by_id = {c.id: c for c in chunks}
        # One passage, two editions of the guide: the reader's language picks which one is shown.
        self._editions: dict[str, dict[str, Chunk]] = {}
        for chunk in chunks:
            self._editions.setdefault(chunk.unit, {}).setdefault(chunk.language, chunk)
        self._position = {c.id: i for i, c in enumerate(chunks)}
        self._keyword = keyword
        self._dense = dense_index(collection, [c.id for c in chunks], on_error)
        self._embedder = embedder
        self.glossary = glossary
        # Token sets for diversity: up front for a corpus-sized index (no first-query stall), on
        # demand for large ones (100k tokenisations would slow every start).
        self._tokens: dict[str, frozenset[str]] = {}
        self._overlaps: dict[tuple[str, str], float] = {}
        if len(chunks) <= EAGER_TOKEN_SETS:
            for chunk in chunks:
                self.token_set(chunk.id)

    @classmethod
    def load(
        cls, snapshot: Path, collection: Any, embedder: AdvisorEmbeddings, glossary: Glossary,
        on_error: BackendUnavailable | None = None,
    ) -> HybridRetriever:
        return cls(read_chunks(snapshot / "chunks.jsonl"), KeywordIndex.load(snapshot / "bm25"), collection,
                   embedder, glossary, on_error)

    def vocabulary(self) -> dict[str, int]:
        """Every search token the index holds, with the number of chunks holding it."""
        return self._keyword.document_frequencies()

    def keyword_scores(self, query: str) -> np.ndarray:
        """BM25 score of every chunk for the glossary-expanded query."""
        # Unique tokens: a term and its glossary variants must not count several times over.
        tokens = list(dict.fromkeys(tokenize(f"{query} {self.glossary.expand(query)}")))
        return self._keyword.scores(tokens)

    def token_set(self, chunk_id: str) -> frozenset[str]:
        """The search tokens of one chunk (cached)."""
        tokens = self._tokens.get(chunk_id)
        if tokens is None:
            tokens = self._tokens[chunk_id] = frozenset(tokenize(self.by_id[chunk_id].text))
        return tokens

    def similarity(self, a: str, b: str) -> float:
        """Token Jaccard overlap: near-duplicate passages (a table row and its bank entry) score high."""
        pair = (a, b) if a < b else (b, a)
        value = self._overlaps.get(pair)
        if value is None:  # the same strong passages meet again and again across queries
            ta, tb = self.token_set(a), self.token_set(b)
            value = len(ta & tb) / (len(ta | tb) or 1)
            if len(self._overlaps) < OVERLAP_CACHE:
                self._overlaps[pair] = value
        return value

    def edition(self, chunk: Chunk, language: str) -> Chunk:
        """The edition of ``chunk``'s passage a reader of ``language`` is shown (itself if only one)."""
        editions = self._editions.get(chunk.unit, {})
        return editions.get(language) or editions.get("ja") or chunk

    def search(
        self, query: str, k: int = 5, filters: Filters | None = None, boosts: Boosts | None = None,
        diverse: bool = True, weights: tuple[float, float] = FUSION_WEIGHTS, language: str | None = None,
    ) -> list[Passage]:
        """The ``k`` best passages for ``query`` (fused, boosted, filtered, diversified).

        Both editions of the guide are searched as one passage in two languages, which takes one
        slot, shown in ``language`` (default: the query's).
        ``weights`` (dense, keyword) default to the fusion; (1, 0) or (0, 1) rank by one signal
        alone, which the eval suite uses to show what each contributes.
        """
        language = language or detect_language(query)
        filters, boosts = filters or Filters(), boosts or Boosts()
        vector = self._embedder.embed_query(query)
        dense_sim = dict(self._dense.top(vector, CANDIDATES))
        bm25 = self.keyword_scores(query)
        keyword_top = [self.chunks[p].id for p in _top(bm25, CANDIDATES) if bm25[p] > 0]
        # Both signals for every candidate either retriever found: a passage only BM25 found (a
        # rare code name in a user document) is judged on its real similarity, not on a zero.
        candidates = [i for i in dict.fromkeys([*dense_sim, *keyword_top]) if filters.allows(self.by_id[i])]
        if len(candidates) < k and (filters.kinds or filters.sections):
            # Too few of the chunks a filter allows are in the unfiltered top: rank them all (the
            # bank's DevOps questions for "Terraformについて面接で聞かれたら?").
            found = set(candidates)
            candidates += [c.id for c in self.chunks if filters.allows(c) and c.id not in found]
        # Both editions of a candidate passage: it is one passage in two languages.
        candidates = list(dict.fromkeys(t.id for i in candidates for t in self.editions_of(self.by_id[i])))
        dense_sim.update(self._dense.cosine(vector, [i for i in candidates if i not in dense_sim]))
        # A chunk another replica's ingest deleted since this snapshot opened has no vector any
        # more: it leaves the candidates (the next snapshot check picks up the new index).
        candidates = [i for i in candidates if i in dense_sim]
        # One passage in two languages: its dense similarity is its closer edition's, its keyword
        # score the sum over both (BM25 of the bilingual passage, near enough), so the English words
        # of a question that meet the English edition and its glossary-expanded Japanese terms that
        # meet the original add up. (Max for both, and the reader's edition's similarity, ranked
        # lower on the dev questions: hit@5 0.853/0.859 and 0.867/0.847 JA/EN, against 0.880/0.882.)
        shown: dict[str, str] = {}  # passage (unit) -> the reader's edition
        unit_dense: dict[str, float] = {}
        unit_keyword: dict[str, float] = {}
        surviving = set(candidates)
        for i in candidates:
            unit = self.by_id[i].unit
            if unit not in shown:  # the reader's edition, or the other one if that was deleted
                preferred = self.edition(self.by_id[i], language).id
                shown[unit] = preferred if preferred in surviving else i
            unit_dense[unit] = max(unit_dense.get(unit, -1.0), dense_sim[i])
            unit_keyword[unit] = unit_keyword.get(unit, 0.0) + float(bm25[self._position[i]])
        # Equal weights, scores min-max normalised per retriever (see fusion.convex_fusion).
        fused_units = convex_fusion(
            [[(shown[u], unit_dense[u]) for u in shown], [(shown[u], unit_keyword[u]) for u in shown]], weights
        )
        fused = {i: s * boosts.factor(self.by_id[i]) for i, s in fused_units.items()}
        ranked = sorted(fused, key=lambda i: -fused[i])[: max(k * 4, 20)]
        chosen = diversify(ranked, fused, self.similarity, k) if diverse else ranked[:k]
        return [
            _passage(self.by_id[i], min(fused[i] / sum(weights), 1.0),
                     {"dense": unit_dense[self.by_id[i].unit], "keyword": unit_keyword[self.by_id[i].unit]},
                     language)
            for i in chosen
        ]

    def similarities(self, query: str, chunk_ids: list[str]) -> dict[str, float]:
        """Dense similarity of ``query`` to each of ``chunk_ids`` (the query's embedding is cached)."""
        return dict(self._dense.cosine(self._embedder.embed_query(query), chunk_ids))

    def passage(self, chunk: Chunk, language: str) -> Passage:
        """``chunk``'s passage as a reader of ``language`` is shown it (unscored: not a search result)."""
        return _passage(self.edition(chunk, language), 0.0, {}, language)

    def editions_of(self, chunk: Chunk) -> list[Chunk]:
        """Every edition of ``chunk``'s passage (just ``chunk`` outside the guide)."""
        return list(self._editions.get(chunk.unit, {}).values()) or [chunk]


def _top(scores: np.ndarray, k: int) -> np.ndarray:
    """Positions of the ``k`` highest scores, best first, without sorting them all (100k chunks)."""
    k = min(k, scores.size)
    if k == 0:
        return np.empty(0, dtype=np.int64)
    best = np.argpartition(-scores, k - 1)[:k]
    return best[np.argsort(-scores[best])]


def _passage(chunk: Chunk, score: float, signals: dict[str, float], reader: str) -> Passage:
    """``chunk`` (the reader's edition) as a passage, with its passage's score and signals."""
    return Passage(
        id=chunk.id, text=chunk.text, source=chunk.source, section=reader_section(chunk.section, reader), score=score,
        kind=chunk.kind, language=chunk.language, title=chunk.title, start=chunk.start, end=chunk.end,
        signals=signals, original_text=chunk.extra.get("original_text", ""), unit=chunk.unit,
    )
