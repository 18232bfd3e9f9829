"""STAR structure of a behavioural answer: which sentences give the situation, the task, the action
and the result, read from each sentence's meaning (a fitted classifier over its embedding), not
from marker words.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from advisor.feedback.model import StarModel

STAR_PARTS = ("situation", "task", "action", "result")


@dataclass(frozen=True)
class StarReading:
    quotes: dict[str, str | None]  # part → the sentence that gives it, or None when missing

    @property
    def missing(self) -> list[str]:
        return [part for part in STAR_PARTS if self.quotes.get(part) is None]


def read_star(sentences: list[str], vectors: np.ndarray, model: StarModel) -> StarReading:
    """For each STAR part, the sentence most likely to give it, when one reads as that part above all
    others or reaches the part's fitted threshold."""
    if not sentences:
        return StarReading(dict.fromkeys(STAR_PARTS))
    probabilities = model.probabilities(vectors)
    roles = probabilities.argmax(axis=1)
    quotes: dict[str, str | None] = {}
    for part in STAR_PARTS:
        index = model.parts.index(part)
        column = probabilities[:, index]
        best = int(column.argmax())
        present = column[best] >= model.thresholds[part] or bool((roles == index).any())
        quotes[part] = sentences[best] if present else None
    return StarReading(quotes)
