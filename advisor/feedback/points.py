"""Does a unit of the answer state a key point's substance, not merely its words?

For every (unit, key point) pair we measure how close the unit is to this point (its labels and
the whole sentences that state it, ``says_ja`` / ``says_en`` in the bank) and how much closer than
to the question's other points (what makes it this point and not its neighbour),
how close it is to the question itself (a unit that only echoes the topic is close to the
question, not to a point), which of the point's distinctive words (in either language, through
the glossary) it says, and whether it is a statement at all. One fitted logistic regression turns
those into P(the unit states the point); a point is covered when its best unit reaches the
fitted threshold.
"""

from __future__ import annotations

import itertools
import re
import threading
from dataclasses import dataclass

import numpy as np

from advisor.corpus import InterviewQuestion
from advisor.embedders.base import AdvisorEmbeddings
from advisor.feedback.form import AnswerForm
from advisor.feedback.model import Logistic
from advisor.matching import TextMatcher
from advisor.retrieval.glossary import Glossary
from advisor.retrieval.tokenize_ja import normalize

POINT_FEATURES = ("similarity", "centred", "bank_rank", "margin", "question_similarity", "beyond_question",
                  "distinct_words", "own_words", "keyword", "grammar", "predicate", "closest_point")
GRAMMAR_ENOUGH = 0.2  # a share of grammar words past which a unit is plainly a statement


@dataclass(frozen=True)
class PointVerdict:
    index: int
    covered: bool
    probability: float
    quote: str  # the answer's unit that states the point best


@dataclass(frozen=True)
class _QuestionVectors:
    points: np.ndarray  # points × statements (labels, then sentences; padded by repeating the label) × dimensions
    question: np.ndarray  # 2 × dimensions
    distinct: list[set[str]]  # each point's words that neither its siblings nor the question use
    own: list[set[str]]  # each point's words that none of its siblings use
    keywords: list[list[str]]


class PointJudge:
    """Per-unit signals for each key point, and the fitted decision over them."""

    def __init__(self, embedder: AdvisorEmbeddings, glossary: Glossary, bank: list[InterviewQuestion]) -> None:
        self.embedder = embedder
        self.words = TextMatcher(None, glossary).tokens  # content words plus their glossary translations
        self.bank = bank
        self._vectors: dict[str, _QuestionVectors] = {}
        self._bank_vectors: np.ndarray | None = None
        self._lock = threading.Lock()

    def signals(self, question: InterviewQuestion, form: AnswerForm,
                unit_vectors: np.ndarray | None = None) -> np.ndarray:
        """Units × points × features (in ``POINT_FEATURES`` order)."""
        known = self._question_vectors(question)
        units = form.units
        vectors = self.unit_vectors(form) if unit_vectors is None else unit_vectors
        point_sims = np.einsum("ud,pld->upl", vectors, known.points).max(axis=2)  # units × points
        # Against every key point of the bank: a sentence near all of them says nothing in particular.
        bank_sims = vectors @ self._all_points().T  # units × bank points (both languages)
        bank_mean = bank_sims.mean(axis=1, keepdims=True)
        bank_rank = (bank_sims[:, None, :] < point_sims[:, :, None]).mean(axis=2)  # units × points
        question_sims = (vectors @ known.question.T).max(axis=1)  # units
        count = point_sims.shape[1]
        if count > 1:
            ranked = np.sort(point_sims, axis=1)
            runner_up = np.where(point_sims >= ranked[:, -1:], ranked[:, -2:-1], ranked[:, -1:])
        else:
            runner_up = np.zeros_like(point_sims)
        unit_words = [self.words(u.text) for u in units]
        lowered = [normalize(u.text) for u in units]
        out = np.zeros((len(units), count, len(POINT_FEATURES)))
        for u, unit in enumerate(units):
            closest = int(point_sims[u].argmax())
            for p in range(count):
                distinct = known.distinct[p]
                out[u, p] = (
                    point_sims[u, p],
                    point_sims[u, p] - bank_mean[u, 0],
                    bank_rank[u, p],
                    point_sims[u, p] - runner_up[u, p],
                    question_sims[u],
                    point_sims[u, p] - question_sims[u],
                    len(distinct & unit_words[u]) / len(distinct) if distinct else 0.0,
                    _share(known.own[p], unit_words[u]),
                    float(any(_says(lowered[u], k) for k in known.keywords[p])),
                    min(unit.grammar / GRAMMAR_ENOUGH, 1.0),
                    float(unit.predicate),
                    float(closest == p),
                )
        return out

    def unit_vectors(self, form: AnswerForm) -> np.ndarray:
        return _normalised(self.embedder.embed_documents([u.text for u in form.units]))

    def judge(self, question: InterviewQuestion, form: AnswerForm, model: Logistic,
              unit_vectors: np.ndarray | None = None) -> list[PointVerdict]:
        """Each key point's verdict, with the unit that states it best."""
        signals = self.signals(question, form, unit_vectors)
        units, points, width = signals.shape
        x = (signals.reshape(-1, width) - model.mean) / model.scale
        probabilities = (1.0 / (1.0 + np.exp(-(x @ model.coef + model.bias)))).reshape(units, points)
        verdicts = []
        for p in range(points):
            best = int(probabilities[:, p].argmax())
            probability = float(probabilities[best, p])
            verdicts.append(PointVerdict(p, probability >= model.threshold, probability, form.units[best].text))
        return verdicts

    def question_similarity(self, question: InterviewQuestion, vectors: np.ndarray) -> np.ndarray:
        """Each unit's closeness to the question itself (either language)."""
        return (vectors @ self._question_vectors(question).question.T).max(axis=1)

    def _all_points(self) -> np.ndarray:
        with self._lock:
            if self._bank_vectors is None:
                texts = [t for q in self.bank for kp in q.key_points for t in (kp.ja, kp.en)]
                self._bank_vectors = _normalised(self.embedder.embed_documents(texts))
            return self._bank_vectors

    def _question_vectors(self, question: InterviewQuestion) -> _QuestionVectors:
        with self._lock:
            cached = self._vectors.get(question.id)
        if cached is not None:
            return cached
        statements = [kp.statements for kp in question.key_points]
        texts = [t for s in statements for t in s]
        vectors = _normalised(self.embedder.embed_documents([*texts, question.question_ja, question.question_en]))
        # Points × statements, a shorter row padded with its own label (a max over the row ignores it).
        starts = np.cumsum([0, *map(len, statements)])
        width = max(map(len, statements))
        rows = [list(range(a, b)) + [a] * (width - (b - a)) for a, b in itertools.pairwise(starts)]
        point_words = [self.words(" ".join([*kp.statements, *kp.keywords])) for kp in question.key_points]
        # Siblings' words are not this point's. The question's words are left out of ``distinct``
        # (echoing the topic is not stating a point) but count in ``own`` (escalation, when the
        # question asks how to escalate).
        own = [words - set().union(*(w for j, w in enumerate(point_words) if j != i))
               for i, words in enumerate(point_words)]
        asked = self.words(f"{question.question_ja} {question.question_en}")
        distinct = [words - asked for words in own]
        keywords = [[normalize(k) for k in kp.keywords if len(k) >= 2] for kp in question.key_points]
        known = _QuestionVectors(vectors[np.array(rows)], vectors[len(texts):], distinct, own, keywords)
        with self._lock:
            self._vectors[question.id] = known
        return known


def _share(wanted: set[str], have: set[str]) -> float:
    return len(wanted & have) / len(wanted) if wanted else 0.0


def _says(text: str, keyword: str) -> bool:
    """``keyword`` in ``text`` as a whole word (Latin script) or a substring (Japanese)."""
    if keyword.isascii():
        return re.search(rf"(?<![a-z0-9]){re.escape(keyword)}(?![a-z0-9])", text) is not None
    return keyword in text


def _normalised(vectors: list[list[float]]) -> np.ndarray:
    array = np.asarray(vectors, dtype=float)
    norms = np.linalg.norm(array, axis=-1, keepdims=True)
    return array / np.where(norms == 0, 1.0, norms)
