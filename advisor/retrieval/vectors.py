"""Dense search over one snapshot: exact, from vectors held in memory, or through Chroma's index.

A corpus-sized index (up to ``IN_MEMORY_MAX`` chunks) loads its vectors from the store once, when
the snapshot opens: an exact cosine search over a few thousand unit vectors is one matrix product
(~50 µs for the corpus), faster than a Chroma round trip and exact rather than approximate, and
the similarity of a passage only BM25 found is a lookup instead of a second round trip. Larger
indexes query Chroma's HNSW index and fetch those few vectors from it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

import numpy as np

from advisor.errors import BackendUnavailable

IN_MEMORY_MAX = 20_000  # 20k × 512 float32 = 40 MB; beyond it the store's own index is the better search
_PAGE = 5000


class DenseIndex(Protocol):
    def top(self, vector: Sequence[float], n: int) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) of the ``n`` nearest chunks, best first."""

    def cosine(self, vector: Sequence[float], ids: list[str]) -> dict[str, float]:
        """Cosine similarity of ``vector`` to the chunks ``ids``."""


class MemoryVectors:
    """The snapshot's unit vectors as one matrix, rows in chunk order."""

    def __init__(self, ids: list[str], matrix: np.ndarray) -> None:
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        self._ids = ids
        self._row = {chunk_id: row for row, chunk_id in enumerate(ids)}
        self._matrix = np.ascontiguousarray(matrix / np.where(norms == 0, 1.0, norms), dtype=np.float32)

    @classmethod
    def fetch(cls, collection: Any, ids: list[str], call: Callable[[Callable[[], Any]], Any]) -> MemoryVectors:
        """Read the vectors of ``ids`` from the store (paged); ids the store lacks get zero rows."""
        found: dict[str, Any] = {}
        for start in range(0, len(ids), _PAGE):
            page = ids[start : start + _PAGE]
            stored = call(lambda page=page: collection.get(ids=page, include=["embeddings"]))
            found.update(zip(stored["ids"], stored["embeddings"], strict=True))
        dimension = len(next(iter(found.values()))) if found else 1
        matrix = np.zeros((len(ids), dimension), dtype=np.float32)
        for row, chunk_id in enumerate(ids):
            if chunk_id in found:
                matrix[row] = found[chunk_id]
        return cls(ids, matrix)

    def _query(self, vector: Sequence[float]) -> np.ndarray:
        query = np.asarray(vector, dtype=np.float32)
        return query / (np.linalg.norm(query) or 1.0)

    def top(self, vector: Sequence[float], n: int) -> list[tuple[str, float]]:
        sims = self._matrix @ self._query(vector)
        n = min(n, sims.size)
        if n == 0:
            return []
        best = np.argpartition(-sims, n - 1)[:n]
        best = best[np.argsort(-sims[best])]
        return [(self._ids[p], float(sims[p])) for p in best]

    def cosine(self, vector: Sequence[float], ids: list[str]) -> dict[str, float]:
        rows = [self._row[i] for i in ids if i in self._row]
        if not rows:
            return {}
        sims = self._matrix[rows] @ self._query(vector)
        return {self._ids[r]: float(s) for r, s in zip(rows, sims, strict=True)}


class ChromaVectors:
    """Chroma's HNSW index, restricted to the snapshot's chunks; a server that is down is one clear error."""

    def __init__(self, collection: Any, ids: set[str], on_error: BackendUnavailable | None = None) -> None:
        self._collection = collection
        self._ids = ids
        self._down = on_error

    def call(self, request: Callable[[], Any]) -> Any:
        try:
            return request()
        except Exception as exc:
            if self._down is not None:
                raise self._down from exc
            raise

    def top(self, vector: Sequence[float], n: int) -> list[tuple[str, float]]:
        result = self.call(lambda: self._collection.query(
            query_embeddings=[list(vector)], n_results=min(n + 10, max(len(self._ids), 1)), include=["distances"]
        ))
        pairs = zip(result["ids"][0], result["distances"][0], strict=True)
        return [(i, 1.0 - float(d)) for i, d in pairs if i in self._ids][:n]

    def cosine(self, vector: Sequence[float], ids: list[str]) -> dict[str, float]:
        if not ids:
            return {}
        stored = self.call(lambda: self._collection.get(ids=ids, include=["embeddings"]))
        if not stored["ids"]:
            return {}
        return MemoryVectors(list(stored["ids"]), np.asarray(stored["embeddings"], dtype=np.float32)).cosine(
            vector, list(stored["ids"]))


def dense_index(
    collection: Any, ids: list[str], on_error: BackendUnavailable | None = None, in_memory_max: int | None = None,
) -> DenseIndex:
    """Exact search from memory for a corpus-sized snapshot, Chroma's index beyond ``in_memory_max``."""
    store = ChromaVectors(collection, set(ids), on_error)
    if len(ids) <= (IN_MEMORY_MAX if in_memory_max is None else in_memory_max):
        return MemoryVectors.fetch(collection, ids, store.call)
    return store
