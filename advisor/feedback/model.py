"""The fitted feedback decisions, loaded from ``feedback_model.json`` (written by ``evals.feedback_fit``).

Each decision is a logistic regression over standardised signals with a fitted threshold; the
STAR reader is a multinomial one over sentence embeddings. At run time they are numpy dot
products: scikit-learn is needed only to fit them.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

MODEL_PATH = Path(__file__).with_name("feedback_model.json")


@dataclass(frozen=True)
class Logistic:
    """P(yes) = sigmoid(coef · standardised(x) + bias); ``threshold`` is where the decision flips."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    bias: float
    threshold: float

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Logistic:
        return cls(tuple(data["features"]), np.array(data["mean"]), np.array(data["scale"]),
                   np.array(data["coef"]), float(data["bias"]), float(data["threshold"]))

    def probability(self, values: list[float]) -> float:
        x = (np.asarray(values, dtype=float) - self.mean) / self.scale
        return 1.0 / (1.0 + math.exp(-max(min(float(self.coef @ x) + self.bias, 50.0), -50.0)))

    def decide(self, values: list[float]) -> tuple[bool, float]:
        p = self.probability(values)
        return p >= self.threshold, p


@dataclass(frozen=True)
class StarModel:
    """Which STAR part each sentence plays, from its embedding (multinomial logistic regression)."""

    parts: tuple[str, ...]  # class order, e.g. situation, task, action, result, other
    coef: np.ndarray  # classes × embedding dimensions
    bias: np.ndarray
    thresholds: dict[str, float]  # a part is present when some sentence's probability reaches this
    embedder: str

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> StarModel:
        return cls(tuple(data["parts"]), np.array(data["coef"]), np.array(data["bias"]),
                   {k: float(v) for k, v in data["thresholds"].items()}, data["embedder"])

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        """Sentences × parts probabilities."""
        z = vectors @ self.coef.T + self.bias
        z = np.exp(z - z.max(axis=1, keepdims=True))
        return z / z.sum(axis=1, keepdims=True)


@dataclass(frozen=True)
class FeedbackModel:
    points: Logistic  # does this unit of the answer state this key point?
    term_list: Logistic  # is the answer a list of terms rather than sentences?
    on_topic: Logistic  # does an answer that covers no point still talk about the question's topic?
    star: StarModel
    report: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> FeedbackModel:
        return cls(Logistic.from_data(data["points"]), Logistic.from_data(data["term_list"]),
                   Logistic.from_data(data["on_topic"]), StarModel.from_data(data["star"]),
                   data.get("report", {}))


@cache
def load_model(path: Path = MODEL_PATH) -> FeedbackModel:
    return FeedbackModel.from_data(json.loads(path.read_text(encoding="utf-8")))
