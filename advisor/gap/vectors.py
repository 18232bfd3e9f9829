"""Unit vectors of texts, each text embedded once per analysis: the résumé's sentences are read
by the skill matcher and again by the posting match, a posting's requirements by the skill
mapping and again by the status decision. One instance lives for one analysis, so nothing of a
résumé or a posting outlives the request."""

from __future__ import annotations

import numpy as np

from advisor.embedders.base import AdvisorEmbeddings


class TextVectors:
    def __init__(self, embedder: AdvisorEmbeddings) -> None:
        self.embedder = embedder
        self._known: dict[str, np.ndarray] = {}

    def of(self, texts: list[str]) -> np.ndarray:
        """One unit row per text, in order (shortest texts batched together: padding costs time)."""
        missing = sorted({t for t in texts if t not in self._known}, key=len)
        if missing:
            matrix = np.asarray(self.embedder.embed_documents(missing), dtype=np.float32)
            matrix /= np.linalg.norm(matrix, axis=1, keepdims=True) + 1e-9
            self._known.update(zip(missing, matrix, strict=True))
        return np.stack([self._known[t] for t in texts]) if texts else np.zeros((0, 0), dtype=np.float32)
