"""A deterministic hash embedder: fast CI and tests that need vectors but not meaning.

SHA-256 (not ``hash()``) so vectors are identical across processes and Python versions.
"""

from __future__ import annotations

import hashlib

import numpy as np

from advisor.embedders.base import AdvisorEmbeddings
from advisor.retrieval.tokenize_ja import tokenize


class HashEmbeddings(AdvisorEmbeddings):
    """Bag of hashed tokens, L2-normalised: texts sharing words get similar vectors."""

    def __init__(self, dimension: int = 256) -> None:
        self._dimension = dimension

    @property
    def embedder_id(self) -> str:
        return f"fake-hash-{self._dimension}"

    @property
    def dimension(self) -> int:
        return self._dimension

    def _embed(self, text: str) -> list[float]:
        vector = np.zeros(self._dimension, dtype=np.float32)
        for token in tokenize(text) or [text]:
            digest = hashlib.sha256(token.encode("utf-8")).digest()
            index = int.from_bytes(digest[:4], "little") % self._dimension
            vector[index] += 1.0 if digest[4] % 2 else -1.0
        norm = float(np.linalg.norm(vector)) or 1.0
        return (vector / norm).tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._embed(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._embed(text)
