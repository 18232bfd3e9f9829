"""Does a text cover a point? Shared by the eval suite (key-point recall, citation support) and
interview feedback: across languages and paraphrase, by glossary-aware token overlap and by
embedder similarity — never by exact words alone.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from advisor.embedders.base import AdvisorEmbeddings
from advisor.language import split_sentences
from advisor.retrieval.glossary import Glossary
from advisor.retrieval.tokenize_ja import tokenize

OVERLAP_COVERS = 0.5  # share of the point's content words found in the text
SIMILARITY_COVERS = 0.55  # cosine between the point and the closest sentence (multilingual USE)


@dataclass(frozen=True)
class Match:
    covered: bool
    sentence: str  # the sentence of the text that covers the point best
    overlap: float
    similarity: float


class TextMatcher:
    """Glossary-aware overlap plus embedding similarity between short points and texts."""

    def __init__(
        self, embedder: AdvisorEmbeddings | None, glossary: Glossary,
        overlap_covers: float = OVERLAP_COVERS, similarity_covers: float = SIMILARITY_COVERS,
    ) -> None:
        self.embedder = embedder
        self.glossary = glossary
        self.overlap_covers = overlap_covers
        self.similarity_covers = similarity_covers

    def tokens(self, text: str) -> set[str]:
        """Content words of ``text`` and of its glossary translations."""
        return set(tokenize(text)) | set(tokenize(" ".join(self.glossary.expansions(text))))

    def overlap(self, point: str, text: str) -> float:
        """Share of the point's own content words that ``text`` holds (in either language)."""
        wanted = set(tokenize(point))
        if not wanted:
            return 0.0
        have = self.tokens(text)
        translated = {w for w in wanted if w in have}
        # A point word also counts when one of its glossary translations is in the text.
        for word in wanted - translated:
            if set(tokenize(" ".join(self.glossary.expansions(word)))) & have:
                translated.add(word)
        return len(translated) / len(wanted)

    def match(self, point: str, text: str) -> Match:
        """How well ``text`` covers ``point``; ``sentence`` is its closest sentence."""
        sentences = [s for line in text.splitlines() for s in split_sentences(line)] or [text]
        overlaps = [self.overlap(point, s) for s in sentences]
        similarities = self._similarities(point, sentences)
        best = max(range(len(sentences)), key=lambda i: overlaps[i] + similarities[i])
        overlap = max(max(overlaps), self.overlap(point, text))
        similarity = max(similarities)
        covered = overlap >= self.overlap_covers or similarity >= self.similarity_covers
        return Match(covered, sentences[best], overlap, similarity)

    def _similarities(self, point: str, sentences: list[str]) -> list[float]:
        if self.embedder is None:
            return [0.0] * len(sentences)
        query = np.asarray(self.embedder.embed_query(point))
        vectors = np.asarray(self.embedder.embed_documents(sentences))
        norms = np.linalg.norm(vectors, axis=1) * (np.linalg.norm(query) or 1.0)
        return [float(v) for v in (vectors @ query) / np.where(norms == 0, 1.0, norms)]
