"""Hybrid retrieval: dense (Chroma) and BM25 rankings fused, glossary-expanded, diversified.

Only chunks of the published snapshot are ever returned, so an ingest in progress (or killed)
cannot leak half-written state into answers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from advisor.embedders.base import AdvisorEmbeddings
from advisor.errors import BackendUnavailable
from advisor.language import detect_language
from advisor.retrieval.chunks import Chunk, read_chunks
from advisor.retrieval.fusion import RRF_K, diversify, reciprocal_rank_fusion
from advisor.retrieval.glossary import Glossary
from advisor.retrieval.keyword import KeywordIndex
from advisor.retrieval.tokenize_ja import tokenize
from advisor.types import Passage

CANDIDATES = 40


@dataclass(frozen=True)
class Filters:
    """Optional restrictions: chunk kinds, and section-path prefixes."""

    kinds: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()

    def allows(self, chunk: Chunk) -> bool:
        return (not self.kinds or chunk.kind in self.kinds) and (
            not self.sections or chunk.section.startswith(self.sections)
        )


@dataclass(frozen=True)
class Boosts:
    """Soft preferences of a mode: multiply a chunk's fused score by (1 + weight)."""

    kinds: dict[str, float] = field(default_factory=dict)
    sections: dict[str, float] = field(default_factory=dict)

    def factor(self, chunk: Chunk) -> float:
        bonus = self.kinds.get(chunk.kind, 0.0)
        bonus += max((w for s, w in self.sections.items() if chunk.section.startswith(s)), default=0.0)
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
        self._position = {c.id: i for i, c in enumerate(chunks)}
        self._keyword = keyword
        self._collection = collection
        self._embedder = embedder
        self._glossary = glossary
        self._down = on_error
        self._tokens = [frozenset(tokenize(c.text)) for c in chunks]

    @classmethod
    def load(
        cls, snapshot: Path, collection: Any, embedder: AdvisorEmbeddings, glossary: Glossary,
        on_error: BackendUnavailable | None = None,
    ) -> HybridRetriever:
        return cls(read_chunks(snapshot / "chunks.jsonl"), KeywordIndex.load(snapshot / "bm25"), collection,
                   embedder, glossary, on_error)

    def dense(self, query: str, n: int = CANDIDATES) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity), best first, restricted to the snapshot."""
        vector = self._embedder.embed_query(query)
        try:
            result = self._collection.query(
                query_embeddings=[vector], n_results=min(n + 10, max(len(self.chunks), 1)), include=["distances"]
            )
        except Exception as exc:
            if self._down is not None:
                raise self._down from exc
            raise
        pairs = zip(result["ids"][0], result["distances"][0], strict=True)
        return [(i, 1.0 - float(d)) for i, d in pairs if i in self.by_id][:n]

    def keyword(self, query: str, n: int = CANDIDATES) -> list[tuple[str, float]]:
        """(chunk id, BM25 score), best first, over the glossary-expanded query tokens."""
        # Unique tokens: a term and its glossary variants must not count several times over.
        tokens = list(dict.fromkeys(tokenize(f"{query} {self._glossary.expand(query)}")))
        return [(self.chunks[i].id, s) for i, s in self._keyword.top(tokens, n)]

    def similarity(self, a: str, b: str) -> float:
        """Token Jaccard overlap: near-duplicate passages (a table row and its bank entry) score high."""
        ta, tb = self._tokens[self._position[a]], self._tokens[self._position[b]]
        return len(ta & tb) / (len(ta | tb) or 1)

    def search(
        self, query: str, k: int = 5, filters: Filters | None = None, boosts: Boosts | None = None,
        diverse: bool = True,
    ) -> list[Passage]:
        """The ``k`` best passages for ``query`` (fused, boosted, filtered, diversified)."""
        filters, boosts = filters or Filters(), boosts or Boosts()
        dense = [(i, s) for i, s in self.dense(query) if filters.allows(self.by_id[i])]
        keyword = [(i, s) for i, s in self.keyword(query) if filters.allows(self.by_id[i])]
        # English questions over a Japanese corpus: dense matching carries more of the weight.
        weights = [1.0, 1.0] if detect_language(query) == "ja" else [1.2, 0.8]
        fused = reciprocal_rank_fusion([[i for i, _ in dense], [i for i, _ in keyword]], weights)
        fused = {i: s * boosts.factor(self.by_id[i]) for i, s in fused.items()}
        ranked = sorted(fused, key=lambda i: -fused[i])[: max(k * 4, 20)]
        chosen = diversify(ranked, fused, self.similarity, k) if diverse else ranked[:k]
        dense_sim, keyword_score = dict(dense), dict(keyword)
        ceiling = sum(weights) / (RRF_K + 1)
        return [
            _passage(self.by_id[i], min(fused[i] / ceiling, 1.0),
                     {"dense": dense_sim.get(i, 0.0), "keyword": keyword_score.get(i, 0.0)})
            for i in chosen
        ]


def _passage(chunk: Chunk, score: float, signals: dict[str, float]) -> Passage:
    return Passage(
        id=chunk.id, text=chunk.text, source=chunk.source, section=chunk.section, score=score,
        kind=chunk.kind, language=chunk.language, title=chunk.title, start=chunk.start, end=chunk.end,
        signals=signals,
    )
