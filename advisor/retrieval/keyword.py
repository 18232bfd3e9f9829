"""BM25 over morphological tokens (bm25s: sparse matrices, no Python loop over documents)."""

from __future__ import annotations

from pathlib import Path

import bm25s
import numpy as np

from advisor.retrieval.tokenize_ja import tokenize


class KeywordIndex:
    """A BM25 index over chunk texts, in chunk order; scores come back per chunk position."""

    def __init__(self, model: bm25s.BM25) -> None:
        self._model = model
        self._vocab: dict[str, int] = dict(model.vocab_dict)

    @classmethod
    def build(cls, texts: list[str]) -> KeywordIndex:
        return cls.from_tokens([tokenize(t) for t in texts])

    @classmethod
    def from_tokens(cls, tokens: list[list[str]]) -> KeywordIndex:
        """The index over documents already tokenized (a replica reads the tokens from the store)."""
        model = bm25s.BM25()
        # An empty document must still hold a token, or bm25s drops it and positions shift.
        model.index([t or ["\u2205"] for t in tokens], show_progress=False)
        return cls(model)

    def save(self, folder: Path) -> None:
        self._model.save(str(folder))

    @classmethod
    def load(cls, folder: Path) -> KeywordIndex:
        return cls(bm25s.BM25.load(str(folder)))

    def document_frequencies(self) -> dict[str, int]:
        """Every token some chunk holds, with the number of chunks holding it."""
        counts = np.diff(self._model.scores["indptr"])  # token-major sparse scores: one column per token
        # bm25s keeps one vocabulary entry (its empty-string token) without a column.
        return {token: int(counts[i]) for token, i in self._vocab.items() if i < counts.size}

    def scores(self, tokens: list[str]) -> np.ndarray:
        """BM25 score of every chunk for these query tokens (unknown tokens are ignored)."""
        known = [t for t in tokens if t in self._vocab]
        if not known:
            return np.zeros(self._model.scores["num_docs"], dtype=np.float32)
        return np.asarray(self._model.get_scores(known), dtype=np.float32)
