"""The judgement on one interview answer: its form, each key point, the parts of the question it
left unaddressed, and (for behavioural questions) its STAR structure.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from advisor.corpus import Ask, InterviewQuestion
from advisor.embedders.base import AdvisorEmbeddings
from advisor.feedback.form import AnswerForm, read_form
from advisor.feedback.model import FeedbackModel, load_model
from advisor.feedback.points import PointJudge, PointVerdict
from advisor.feedback.star import StarReading, read_star
from advisor.retrieval.glossary import Glossary


@dataclass(frozen=True)
class Judgement:
    term_list: bool  # the answer lists terms instead of saying anything: no point is credited
    points: list[PointVerdict]
    unaddressed: list[Ask]  # parts of the question none of whose points the answer states
    on_topic: bool  # when it states no point: does it still talk about the question's topic?
    star: StarReading | None  # behavioural questions only

    @property
    def covered(self) -> list[PointVerdict]:
        return [v for v in self.points if v.covered]


class AnswerJudge:
    def __init__(self, embedder: AdvisorEmbeddings, glossary: Glossary, bank: list[InterviewQuestion],
                 model: FeedbackModel | None = None) -> None:
        self.points = PointJudge(embedder, glossary, bank)
        self.model = model or load_model()
        # The STAR reader was fitted on this embedder's vectors; under another one it cannot read.
        self.reads_star = self.model.star.embedder == embedder.embedder_id

    def judge(self, question: InterviewQuestion, answer: str) -> Judgement:
        form = read_form(answer)
        vectors = self.points.unit_vectors(form)
        term_list, _ = self.model.term_list.decide(form.signals())
        verdicts = self.points.judge(question, form, self.model.points, vectors)
        if term_list:
            verdicts = [PointVerdict(v.index, False, v.probability, v.quote) for v in verdicts]
        covered = {v.index for v in verdicts if v.covered}
        unaddressed = [ask for ask in question.parts if not covered & set(ask.points)]
        on_topic = bool(covered) or self.model.on_topic.decide(
            topic_signals(self.points, question, form, vectors, verdicts))[0]
        star = None
        if question.kind == "behavioural" and self.reads_star:
            sentences = len(form.sentences)
            star = read_star([u.text for u in form.sentences], vectors[:sentences], self.model.star)
        return Judgement(term_list, verdicts, unaddressed, on_topic, star)


def topic_signals(points: PointJudge, question: InterviewQuestion, form: AnswerForm, vectors: np.ndarray,
                  verdicts: list[PointVerdict]) -> list[float]:
    """How near the answer stays to the question: its closest and mean sentence, its best point.

    Sentences, not every unit: the clauses and pairs are there to find points, and would tilt the mean.
    """
    similarity = points.question_similarity(question, vectors[: len(form.sentences)])
    return [float(similarity.max()), float(similarity.mean()), max(v.probability for v in verdicts)]
