"""Interview practice: browse the question bank, model-answer outlines, and point-by-point feedback
on the user's own answer (in Japanese or English, matched across languages and paraphrase).
"""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from advisor.corpus import LEVEL_IDS, Corpus, InterviewQuestion, KeyPoint
from advisor.errors import BadInput
from advisor.feedback import STAR_PARTS, AnswerJudge
from advisor.feedback.messages import suggestion
from advisor.language import detect_language
from advisor.retrieval.retriever import Filters, HybridRetriever
from advisor.retrieval.tokenize_ja import normalize, tokenize
from advisor.types import Answer, Citation, Record

MAX_ANSWER_CHARS = 8000
QUESTION_MATCH = 0.5  # share of a bank question's words a typed question must hold to match it


@dataclass(frozen=True)
class BankItem(Record):
    id: str
    question: str
    question_ja: str
    question_en: str
    key_points: list[str]
    topic: str
    level: str
    section: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Feedback(Record):
    question_id: str
    question: str
    language: str
    score: float  # share of key points covered, 0..1
    covered: list[dict[str, Any]]  # point, quote (the user's sentence that covers it)
    missed: list[dict[str, Any]]  # point, citations (guide passages that explain it)
    suggestion: str
    topic: str = ""
    form: str = "sentences"  # "term_list": terms without sentences, which earn no credit
    unaddressed: list[str] = field(default_factory=list)  # parts of the question the answer left out
    on_topic: bool = True  # when no point is covered: does the answer still talk about the topic?
    star: dict[str, str | None] | None = None  # behavioural questions: STAR part → the sentence giving it

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_text(self) -> str:
        ja = self.language == "ja"
        lines = [f"{'スコア' if ja else 'Score'}: {self.score:.0%}  ({self.question})", ""]
        lines += [f"✓ {c['point']}\n    “{c['quote']}”" for c in self.covered]
        for m in self.missed:
            source = f" — [{m['citations'][0]['section']}]" if m["citations"] else ""
            lines.append(f"✗ {m['point']}{source}")
        if self.star is not None:
            lines.append("STAR: " + "  ".join(f"{'✓' if self.star[p] else '✗'} {p}" for p in STAR_PARTS))
        return "\n".join([*lines, "", self.suggestion])


class BankList(list[BankItem]):
    """Bank questions (a list) with renderers for the CLI."""

    def to_dict(self) -> dict[str, Any]:
        return {"questions": [i.to_dict() for i in self]}

    def to_text(self) -> str:
        return "\n".join(f"{i.id:<36} {i.level:<9} {i.topic:<24} {i.question}" for i in self)


@dataclass
class PracticeSession:
    """What a practice session has covered: scores per question and the weakest topics."""

    results: list[Feedback] = field(default_factory=list)

    def add(self, feedback: Feedback) -> None:
        self.results.append(feedback)

    def summary(self) -> dict[str, Any]:
        by_topic: dict[str, list[float]] = defaultdict(list)
        for result in self.results:
            by_topic[result.topic].append(result.score)
        topics = sorted(((t, statistics.fmean(s)) for t, s in by_topic.items()), key=lambda item: item[1])
        return {
            "questions": [{"id": r.question_id, "question": r.question, "score": r.score} for r in self.results],
            "average": round(statistics.fmean(r.score for r in self.results), 3) if self.results else 0.0,
            "weakest_topics": [{"topic": t, "score": round(s, 3)} for t, s in topics[:3]],
        }


class InterviewCoach:
    """The question bank and the feedback logic, over the corpus, the retriever and the answer judge."""

    def __init__(self, corpus: Corpus, retriever: HybridRetriever, judge: AnswerJudge) -> None:
        self.corpus = corpus
        self.retriever = retriever
        self.judge = judge
        self._by_id = {q.id: q for q in corpus.questions}

    def questions(self, topic: str | None = None, level: str | None = None, language: str = "ja") -> BankList:
        """Bank questions, optionally for one topic (skill id or words) and up to one level."""
        if level is not None and level not in LEVEL_IDS:
            raise BadInput(f"unknown level '{level}'; choose one of: {', '.join(LEVEL_IDS)}",
                           f"不明なレベル '{level}' です。次から選んでください: {', '.join(LEVEL_IDS)}")
        items = [q for q in self.corpus.questions if _topic_matches(q, topic, self.corpus)]
        if level is not None:
            items = [q for q in items if LEVEL_IDS.index(q.level) <= LEVEL_IDS.index(level)]
        return BankList([self._item(q, language) for q in items])

    def _item(self, q: InterviewQuestion, language: str) -> BankItem:
        points = [kp.ja if language == "ja" else kp.en for kp in q.key_points]
        return BankItem(q.id, q.question_ja if language == "ja" else q.question_en, q.question_ja, q.question_en,
                        points, q.topic, q.level, q.section)

    def find(self, question: str) -> InterviewQuestion:
        """A bank question by id, or by its text (either language, loosely typed).

        Raises:
            BadInput: nothing in the bank matches.
        """
        text = (question or "").strip()
        if text in self._by_id:
            return self._by_id[text]
        wanted = set(tokenize(text))
        best, best_share = None, 0.0
        for q in self.corpus.questions:
            for form in (q.question_ja, q.question_en):
                have = set(tokenize(form))
                share = len(wanted & have) / max(len(have), 1)
                if normalize(form) == normalize(text):
                    return q
                if share > best_share:
                    best, best_share = q, share
        if best is None or best_share < QUESTION_MATCH:
            raise BadInput(
                "this question is not in the interview bank; see: advisor interview list",
                "この質問は面接質問バンクにありません。一覧: advisor interview list",
            )
        return best

    def feedback(self, question: str, answer: str) -> Feedback:
        """Which key points the answer covers (with the sentence), which it misses (cited), a suggestion."""
        q = self.find(question)
        text = re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", " ", answer or "").strip()
        if not text:
            raise BadInput("the answer is empty", "回答が空です")
        if len(text) > MAX_ANSWER_CHARS:
            raise BadInput(f"the answer is too long (limit {MAX_ANSWER_CHARS} characters)",
                           f"回答が長すぎます(上限 {MAX_ANSWER_CHARS} 文字)")
        language = detect_language(text)
        judgement = self.judge.judge(q, text)
        covered, missed = [], []
        for verdict, point in zip(judgement.points, q.key_points, strict=True):
            label = point.ja if language == "ja" else point.en
            if verdict.covered:
                covered.append({"index": verdict.index, "point": label, "quote": verdict.quote})
            else:
                missed.append({"index": verdict.index, "point": label, "citations": self._citations(point, language)})
        asks = [ask.ja if language == "ja" else ask.en for ask in judgement.unaddressed]
        score = round(len(covered) / len(q.key_points), 3)
        star = None if judgement.star is None else dict(judgement.star.quotes)
        # The next step names a point of the part left unaddressed first, when there is one.
        unasked = {i for ask in judgement.unaddressed for i in ask.points}
        next_points = [m["point"] for m in sorted(missed, key=lambda m: (m["index"] not in unasked, m["index"]))]
        return Feedback(q.id, q.question_ja if language == "ja" else q.question_en, language, score, covered, missed,
                        suggestion(judgement, next_points, language, asks), topic=q.topic,
                        form="term_list" if judgement.term_list else "sentences",
                        unaddressed=asks, on_topic=judgement.on_topic,
                        star=star)

    def outline(self, question: str, language: str) -> Answer:
        """A model answer outline: the question's key points in order, each cited to a guide passage."""
        q = self.find(question)
        lines = ["模範解答の骨子:" if language == "ja" else "Model answer outline:"]
        citations: list[Citation] = []
        by_id: dict[str, int] = {}
        for point in q.key_points:
            passage = self.retriever.search(point.ja, k=1, filters=Filters(kinds=("guide",)), language=language)[0]
            if passage.id not in by_id:
                by_id[passage.id] = len(citations) + 1
                citations.append(Citation.of(by_id[passage.id], passage))
            lines.append(f"- {point.ja if language == 'ja' else point.en} [{by_id[passage.id]}]")
        text = q.question_ja if language == "ja" else q.question_en
        return Answer("\n".join(lines), citations, True, language, question=text, standalone_question=text,
                      mode="interview")

    def _citations(self, point: KeyPoint, language: str) -> list[dict[str, Any]]:
        """The guide passage behind a key point, in the reader's edition (with its original)."""
        passages = self.retriever.search(point.ja, k=1, filters=Filters(kinds=("guide",)), language=language)
        return [p.reference(n) for n, p in enumerate(passages, start=1)]


def _topic_matches(q: InterviewQuestion, topic: str | None, corpus: Corpus) -> bool:
    if not topic:
        return True
    wanted = normalize(topic)
    if wanted in (q.topic, *q.skills):
        return True
    skill = corpus.skill(q.topic)
    names = [skill.name_ja, skill.name_en, *skill.aliases_ja, *skill.aliases_en]
    return any(wanted in normalize(n) or normalize(n) in wanted for n in names if len(n) >= 2)
