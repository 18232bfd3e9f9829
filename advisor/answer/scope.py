"""Is the question answerable from the passages found? Similar-looking passages are not an answer.

Three outcomes: ``full`` (answer), ``partial`` (the topic is covered, the figure or fact asked
for is not: say so first, then quote) and ``none`` (decline). One calibrated model decides, over
general signals computed for every question in either language (``signals``):

- the kind of answer asked for and whether the passages hold a value of that kind (``asked``);
- the question's salient terms the corpus never uses, or the passages do not (``coverage``);
- the retrieval signals: dense similarity, keyword score, and their agreement;
- what the question is about, as its embedding (the one retrieval already computed) projected
  on one fitted direction: out-of-scope asks (pay, a company's own process, recipes) look alike
  in meaning across phrasings and languages, where no word list could follow them;
- how much nearer the question lies to its nearest labelled out-of-scope training questions than
  to its nearest in-scope ones (``scope_neighbours.npz`` beside the model).

The model is a multinomial logistic regression fitted by ``python -m evals.scope_fit`` on the
training split of ``evals/datasets/scope.jsonl``; its weights, thresholds and the figures
measured on the held-apart validation split live in ``scope_model.json`` beside this file.
Inference is a dot product in numpy: no scikit-learn at run time.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from advisor.answer.asked import Asked, read_asked, stated_values, steps_held
from advisor.answer.coverage import RARE, Coverage, Vocabulary, measure, salient_terms
from advisor.retrieval.glossary import Glossary
from advisor.retrieval.tokenize_ja import normalize, tagged
from advisor.types import Passage

MODEL_PATH = Path(__file__).with_name("scope_model.json")
EVIDENCE_PASSAGES = 5  # the passages an answer may quote from
PASSAGE_CACHE = 20_000
SPECIFIC_TERMS = 2  # what a question asks about a name: its this many least common other terms
OUTCOMES = ("full", "partial", "none")
FIGURE_KINDS = ("money", "people", "duration", "rate", "date", "count")

TOPIC_FEATURE = "topic_score"
# The question's nearest labelled questions: how much closer its NEIGHBOURS nearest out-of-scope
# training questions are than its nearest in-scope ones. The fitted direction above is one linear
# cut; kinds of asks the corpus lacks form several small clusters (a company's own process,
# another profession, an exam's fine print) that a nearest-neighbour score follows.
NEIGHBOUR_FEATURE = "neighbour_score"
NEIGHBOURS = 5
NEIGHBOURS_PATH = MODEL_PATH.with_name("scope_neighbours.npz")
_KANA = re.compile(r"[\u3040-\u309f\u30fc]")
_SUBJECT_CAREER = re.compile(r"\btpms?\b|program manag|プログラムマネ|pm\b|プロダクトマネ|プロジェクトマネ",
                             re.IGNORECASE)

TokenSets = Callable[[str], frozenset[str]]
Embed = Callable[[str], list[float]]


@dataclass(frozen=True)
class Signals:
    """Everything the decision looks at for one question, with the parts the answer text names."""

    values: dict[str, float]
    asked: Asked
    coverage: Coverage
    held: frozenset[str]  # quantity types the passages state a value of
    unsupported_names: tuple[tuple[str, ...], ...]  # named things (their forms) no passage states a fact about


@dataclass(frozen=True)
class ScopeVerdict:
    coverage: str  # full | partial | none
    missing_figures: tuple[str, ...] = ()  # quantity types asked for that no passage states
    unsupported_names: tuple[str, ...] = ()  # named things asked about, as the question writes them
    organisations: tuple[str, ...] = ()  # those of them the glossary knows as organisations
    procedure: bool = False  # a procedure or code was asked for and no passage holds one
    task: str = ""  # "creative" or "chitchat": a task, not a question about the subject
    off_terms: bool = False  # the question uses words the corpus never does
    off_topic: bool = False
    probabilities: dict[str, float] = field(default_factory=dict)

    @property
    def answerable(self) -> bool:
        return self.coverage != "none"


@dataclass(frozen=True)
class ScopeModel:
    """The fitted decision: two logistic regressions over the standardised signals.

    ``decline``: does the guide hold nothing that answers it (fitted on declines vs answers)?
    ``partial``: if not, does it lack the figure or fact asked for (partials vs answers)?
    """

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    decline_coef: np.ndarray
    decline_bias: float
    partial_coef: np.ndarray
    partial_bias: float
    decline_threshold: float  # P(decline) at or above which the advisor declines
    partial_threshold: float  # P(partial) at or above which an answer first says what is missing
    topic_weights: np.ndarray  # the question embedding's direction of "out of scope"
    topic_bias: float
    embedder: str  # the embedder that direction was fitted with
    report: dict[str, Any]
    # Unit vectors of the training questions, out of scope and in scope (``NEIGHBOUR_FEATURE``).
    neighbours: tuple[np.ndarray, np.ndarray] | None = None

    @classmethod
    def load(cls, path: Path = MODEL_PATH, neighbours_path: Path = NEIGHBOURS_PATH) -> ScopeModel:
        data = json.loads(path.read_text(encoding="utf-8"))
        neighbours = None
        if NEIGHBOUR_FEATURE in data["features"]:
            with np.load(neighbours_path) as saved:
                neighbours = (saved["out_of_scope"].astype(np.float32), saved["in_scope"].astype(np.float32))
        return cls.from_data(data, neighbours)

    @classmethod
    def from_data(cls, data: dict[str, Any], neighbours: tuple[np.ndarray, np.ndarray] | None = None) -> ScopeModel:
        """The model from its saved form (what ``evals.scope_fit`` writes)."""
        decline, partial, topic = data["decline"], data["partial"], data["topic"]
        return cls(tuple(data["features"]), np.array(data["mean"]), np.array(data["scale"]),
                   np.array(decline["coef"]), float(decline["bias"]), np.array(partial["coef"]),
                   float(partial["bias"]), float(decline["threshold"]), float(partial["threshold"]),
                   np.array(topic["weights"]), float(topic["bias"]), topic["embedder"], data.get("report", {}),
                   neighbours)

    def embedding_values(self, vector: list[float] | None, embedder: str) -> dict[str, float]:
        """The signals read from the question's embedding (the fitted direction, the neighbours)."""
        values = {TOPIC_FEATURE: self.topic_score(vector, embedder)}
        if NEIGHBOUR_FEATURE in self.features:
            values[NEIGHBOUR_FEATURE] = self.neighbour_score(vector, embedder)
        return values

    def neighbour_score(self, vector: list[float] | None, embedder: str) -> float:
        """Mean similarity of the nearest out-of-scope training questions minus the in-scope ones'."""
        if self.neighbours is None or vector is None or embedder != self.embedder:
            return float(self.mean[self.features.index(NEIGHBOUR_FEATURE)])
        query = np.asarray(vector, dtype=np.float32)
        return neighbour_scores(query[None, :] / (np.linalg.norm(query) or 1.0), *self.neighbours)[0]

    def topic_score(self, vector: list[float] | None, embedder: str) -> float:
        """The question embedding's out-of-scope score; neutral (its training mean) under another embedder."""
        if vector is None or embedder != self.embedder or len(vector) != self.topic_weights.size:
            return float(self.mean[self.features.index(TOPIC_FEATURE)])
        return float(np.dot(self.topic_weights, vector) + self.topic_bias)

    def probabilities(self, values: dict[str, float]) -> dict[str, float]:
        """P(decline) and P(partial)."""
        x = (np.array([values[name] for name in self.features]) - self.mean) / self.scale
        return {"decline": _sigmoid(float(self.decline_coef @ x) + self.decline_bias),
                "partial": _sigmoid(float(self.partial_coef @ x) + self.partial_bias)}

    def decide(self, values: dict[str, float]) -> tuple[str, dict[str, float]]:
        p = self.probabilities(values)
        outcome = decide_outcome(p["decline"], p["partial"], self.decline_threshold, self.partial_threshold,
                                 bool(values["task"]))
        return outcome, p


def neighbour_scores(queries: np.ndarray, out_of_scope: np.ndarray, in_scope: np.ndarray,
                     k: int = NEIGHBOURS) -> list[float]:
    """``NEIGHBOUR_FEATURE`` for unit-vector ``queries`` against unit-vector reference sets."""
    def nearest(references: np.ndarray) -> np.ndarray:
        similarities = queries @ references.T
        kk = min(k, references.shape[0])
        return np.partition(similarities, -kk, axis=1)[:, -kk:].mean(axis=1)

    return (nearest(out_of_scope) - nearest(in_scope)).astype(float).tolist()


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(min(z, 50.0), -50.0)))


def decide_outcome(decline: float, partial: float, decline_threshold: float, partial_threshold: float,
                   task: bool = False) -> str:
    """The rule over the two probabilities: decline first, then a partial answer, else a full one.

    A task rather than a question (write a poem, a story, a joke; small talk that names nothing
    the corpus holds) is declined whatever the probabilities say: no passage holds its answer,
    the dev set has too few of them for the model to learn it, and a quoted answer is always wrong.
    """
    if task or decline >= decline_threshold:
        return "none"
    return "partial" if partial >= partial_threshold else "full"


@cache
def default_model() -> ScopeModel:
    return ScopeModel.load()


# A Latin-script name that goes on after an organisation's name makes it a product's name
# ("Google Professional Cloud Architect", "AWS Certified ..."); the place or legal form an
# employer is named with ("Google Japan", "Rakuten Group") does not.
_PRODUCT_NAME_GOES_ON = re.compile(r"\s+(?!(?:Japan|Tokyo|Group|Inc|KK|Corp)\b)[A-Z0-9]")


def _as_employer(question: str, organisations: list[tuple[str, ...]]) -> bool:
    """Whether the question names an organisation itself, not one of its products."""
    for forms in organisations:
        for form in forms:
            for found in re.finditer(re.escape(form), question, re.IGNORECASE):
                if not _PRODUCT_NAME_GOES_ON.match(question, found.end()):
                    return True
    return False


def _as_written(question: str, forms: tuple[str, ...]) -> str:
    """The form of a name the question uses, with the question's own letter case."""
    for form in forms:
        found = re.search(re.escape(form), question, re.IGNORECASE)
        if found:
            return found.group(0)
    return forms[0]


class ScopeJudge:
    """Computes the signals for a question and its passages and applies the fitted model."""

    def __init__(self, vocabulary: Vocabulary, token_sets: TokenSets, glossary: Glossary,
                 embed: Embed | None = None, embedder: str = "", model: ScopeModel | None = None) -> None:
        self.vocabulary = vocabulary
        self.token_sets = token_sets
        self.glossary = glossary
        self.embed = embed  # the retriever's own (cached) query embedding
        self.embedder = embedder
        self._model = model
        # passage id → (normalised text, (quantity type, sentence) it states): the same strong
        # passages come back question after question.
        self._passages: dict[str, tuple[str, list[tuple[str, str]]]] = {}
    @property
    def model(self) -> ScopeModel:
        return self._model or default_model()  # loaded at the first question: the fitter needs none

    def signals(self, question: str, passages: list[Passage]) -> Signals:
        words = tagged(question)
        top = passages[:EVIDENCE_PASSAGES]
        texts = [p.text for p in top]
        organisations = self.glossary.organisations(question)
        asked = read_asked(question, [w.surface for w in words if w.proper], organisations)
        coverage = measure(question, words, self.vocabulary, [self.token_sets(p.id) for p in top], self.glossary)
        held = self._held_about(question, coverage, top) if asked.figures or asked.unit_words else frozenset()
        missing = any(k in asked.figures and k not in held for k in FIGURE_KINDS)
        unsupported = self._unsupported_names(question, asked.names, coverage, top) if asked.names else ()
        dense = [p.signals.get("dense", 0.0) for p in top] or [0.0]
        keyword = [p.signals.get("keyword", 0.0) for p in top] or [0.0]
        best_keyword_at = int(np.argmax(keyword))
        values = {
            "dense_best": max(dense),
            "dense_first": dense[0],
            "keyword_best": math.log1p(max(keyword)),
            "keyword_share": sum(k > 0 for k in keyword) / len(keyword),
            "agreement": dense[best_keyword_at] / max(dense) if max(keyword) > 0 and max(dense) > 0 else 0.0,
            "guide_first": float(bool(top) and top[0].kind == "guide"),
            "terms": math.log1p(len(coverage.terms)),
            "unknown_share": coverage.unknown_share,
            "rare_share": coverage.rare_share,
            "unknown_any": float(bool(coverage.unknown)),
            "focus_unknown_share": coverage.focus_unknown_share,
            "unmatched_share": coverage.unmatched_share,
            "glossary_terms": math.log1p(len(self.glossary.matches(question))),
            "figure_asked": float(bool(asked.figures)),
            "figure_missing": float(missing),
            "money_missing": float(("money" in asked.figures or "money" in asked.unit_words) and "money" not in held),
            "people_missing": float(("people" in asked.figures or "people" in asked.unit_words)
                                    and "people" not in held),
            "name_asked": float(bool(asked.names)),
            "organisation_fact": float(bool(organisations) and not asked.role_ask),
            "legal": float(asked.legal),
            # An employer's own facts (its process, tools, policies) asked and not found beside its name.
            "organisation_unsupported": float(_as_employer(question, organisations) and not asked.role_ask
                                              and bool(unsupported)),
            "name_unsupported": float(bool(unsupported)),
            "name_unsupported_strict": float(bool(asked.names) and bool(
                self._unsupported_names(question, asked.names, coverage, top, specific=1))),
            "procedure_missing": float(asked.procedure and not steps_held(texts)),
            "procedure_asked": float(asked.procedure),
            "creative": float(asked.creative),
            "produce": float(asked.produce),
            "chitchat": float(asked.chitchat),
            # A task, not a question: a poem, or small talk that names nothing the corpus holds.
            "task": float(asked.creative or (asked.chitchat and len(coverage.unknown) == len(coverage.terms))),
            "no_terms": float(not coverage.terms),
            "career_unknown": self._career_unknown(asked.career),
            "second_ask": float(asked.second_ask),
            # Asking for nothing but a figure no passage states: a decline, where a figure asked
            # beside something the guide does say is a partial answer.
            "figure_only_missing": float(missing and not asked.second_ask),
            "about_subject": float(asked.about_subject),
            "unknown_count": math.log1p(len(coverage.unknown)),
            # Questions written in kana alone (さーばーれす) cannot be checked against the vocabulary.
            "kana_share": len(_KANA.findall(question)) / max(len(question), 1),
        }
        return Signals(values, asked, coverage, held, unsupported)

    def _career_unknown(self, career: str) -> float:
        """Share of the words of the career asked about that the corpus never uses or only touches on."""
        if not career or _SUBJECT_CAREER.search(career):
            return 0.0
        words = salient_terms(tagged(career))
        if not words:
            return 0.0
        return sum(self.vocabulary.frequency(t.token) <= RARE for t in words) / len(words)

    def _held_about(self, question: str, coverage: Coverage, passages: list[Passage]) -> frozenset[str]:
        """The quantity types the passages state a value of in a sentence about what is asked
        (one of the question's terms, in either language): 数年がかり of a program is no
        answer to how long a promotion takes."""
        terms = {t.token for t in coverage.terms} | self._expansions(question)
        held: set[str] = set()
        for passage in passages:
            held |= {kind for kind, sentence in self._read(passage)[1] if any(t in sentence for t in terms)}
        return frozenset(held)

    def _read(self, passage: Passage) -> tuple[str, list[tuple[str, str]]]:
        """A passage's normalised text and the values it states (cached)."""
        read = self._passages.get(passage.id)
        if read is None:
            read = self._passages[passage.id] = (normalize(passage.text), stated_values(passage.text))
            if len(self._passages) > PASSAGE_CACHE:
                self._passages.pop(next(iter(self._passages)))
        return read

    def _expansions(self, question: str) -> set[str]:
        return {normalize(f) for f in self.glossary.expansions(question)}

    def _unsupported_names(self, question: str, names: tuple[tuple[str, ...], ...], coverage: Coverage,
                           passages: list[Passage], specific: int = SPECIFIC_TERMS) -> tuple[tuple[str, ...], ...]:
        """The names (first form) no passage mentions beside what the question asks about them.

        What is asked about a name is the question's most specific other terms (the ones the
        corpus uses least: "referral", not "role"), in either language.
        """
        name_forms = {f for forms in names for f in forms}
        others = sorted((t for t in coverage.terms if not any(t.token in f or f in t.token for f in name_forms)),
                        key=lambda t: self.vocabulary.frequency(t.token))[:specific]
        # Their other-language forms: the glossary expansions of the question that are not names.
        asked = {t.token for t in others} | {f for f in self._expansions(question) if f not in name_forms}
        texts = [self._read(p)[0] for p in passages]
        return tuple(forms for forms in names
                     if not any(any(f in t for f in forms) and any(a in t for a in asked) for t in texts))

    def judge(self, question: str, passages: list[Passage]) -> ScopeVerdict:
        """The outcome for ``question`` over ``passages`` (see the module docstring)."""
        if not passages:
            return ScopeVerdict("none", off_topic=True)
        signals = self.signals(question, passages)
        vector = self.embed(question) if self.embed else None
        values = {**signals.values, **self.model.embedding_values(vector, self.embedder)}
        outcome, p = self.model.decide(values)
        task = "creative" if signals.asked.creative else "chitchat" if signals.asked.chitchat else ""
        v, asked = signals.values, signals.asked
        # What the answer names as missing: the figures asked for (pay counts even when only
        # mentioned: the corpus never states one). A passage may state a figure of that type about
        # something else (数年がかり of a program, not of a promotion); the model has judged that.
        wanted = asked.figures | ({"money"} if v["money_missing"] else set())
        missing = tuple(k for k in FIGURE_KINDS if k in wanted)
        known = {f for forms in self.glossary.organisations(question) for f in forms}
        # A name the corpus never uses is one of the unknown terms ("Mona Lisa"), not a named thing it covers.
        named = [forms for forms in signals.unsupported_names
                 if forms[0] in known or any(self.vocabulary.knows(w) for f in forms for w in f.split())]
        names = tuple(_as_written(question, forms) for forms in named)
        organisations = tuple(n for n, forms in zip(names, named, strict=True) if forms[0] in known)
        return ScopeVerdict(
            outcome, missing, names, organisations,
            procedure=bool(v["procedure_missing"]), task=task,
            off_terms=bool(signals.coverage.unknown),
            # Nothing asked for is missing: the topic itself is what the guide lacks.
            off_topic=outcome == "none" and not (missing or names or v["procedure_missing"] or task)
            and bool(signals.coverage.unknown),
            probabilities=p,
        )
