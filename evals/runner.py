"""Run the eval suite against an ``Advisor``: per metric, per language and per section, with a gate.

``run_suite`` asks every dataset question through the public facade, scores retrieval (ranx)
and answers (citations, key points, declines, language), scores follow-up rewriting, and returns
an ``EvalReport`` that renders as a terminal table, Markdown or JSON and compares itself with the
thresholds file.
"""

from __future__ import annotations

import statistics
import time
import tomllib
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from advisor.answer.modes import wants_resources
from advisor.facade import Advisor
from advisor.matching import TextMatcher
from advisor.types import Answer
from evals.datasets import Conversation, EvidenceIndex, load_conversations, load_questions, load_scope, normalise
from evals.gap_eval import run_gap_eval
from evals.interview_eval import run_interview_eval
from evals.job_eval import run_job_eval
from evals.judge import judge
from evals.ladder_eval import run_ladder_eval
from evals.metrics import (
    RANKING_METRICS,
    check_citations,
    decline_scores,
    english_share,
    evidence_recall,
    key_point_recall,
    language_matches,
    ranking_scores,
)
from evals.role_eval import run_role_eval
from evals.scope_eval import run_scope_eval
from evals.study_eval import run_study_eval

THRESHOLDS = Path(__file__).parent / "thresholds.toml"
RETRIEVE_K = 10
MOSTLY_ENGLISH = 0.8  # an answer an English-only reader can use: at least this share English
MODE_OF_STYLE = {"career": "career", "skills": "skills", "interview": "interview", "general": "general"}


@dataclass
class QuestionResult:
    id: str
    language: str
    section: str
    kind: str
    answerable: bool
    grounded: bool
    ranking: dict[str, float] = field(default_factory=dict)  # empty for unanswerable questions
    citation_share: float = 1.0
    citations: int = 0
    key_point_recall: float = 1.0
    language_ok: bool = True
    evidence_recall: float | None = None  # gold evidence in what the user reads; answerable only
    guide_first: bool | None = None  # the guide answers it and no study material is asked: guide cited first?
    english_share: float | None = None  # share of English in the answer; English questions only
    faithfulness: float | None = None  # LLM-judged, only with an LLM configured
    relevance: float | None = None
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)


@dataclass
class EvalReport:
    metrics: dict[str, float]
    by_language: dict[str, dict[str, float]]
    by_section: dict[str, dict[str, float]]
    questions: list[QuestionResult]
    config: dict[str, Any]
    regressions: list[str] = field(default_factory=list)
    ablation: dict[str, dict[str, dict[str, float]]] = field(default_factory=dict)  # retriever → language → metric

    def to_dict(self) -> dict[str, Any]:
        return {
            "metrics": self.metrics, "by_language": self.by_language, "by_section": self.by_section,
            "config": self.config, "regressions": self.regressions, "ablation": self.ablation,
            "questions": [asdict(q) for q in self.questions],
        }

    def to_text(self) -> str:
        from evals.report import terminal_table

        return terminal_table(self)


def _mean(values: list[float]) -> float:
    return round(statistics.fmean(values), 4) if values else float("nan")


def _aggregate(results: list[QuestionResult]) -> dict[str, float]:
    answerable = [r for r in results if r.answerable and r.ranking]
    metrics = {m.replace("_rate", "").replace("@", "_at_"): _mean([r.ranking[m] for r in answerable])
               for m in RANKING_METRICS}
    grounded = [r for r in results if r.answerable and r.grounded]
    metrics["citation_validity"] = _mean([r.citation_share for r in grounded])
    metrics["key_point_recall"] = _mean([r.key_point_recall for r in results if r.answerable])
    metrics["language_match"] = _mean([float(r.language_ok) for r in results])
    metrics["answer_evidence_recall"] = _mean([r.evidence_recall for r in results if r.evidence_recall is not None])
    metrics["guide_first_rate"] = _mean([float(r.guide_first) for r in results if r.guide_first is not None])
    shares = [r.english_share for r in results if r.english_share is not None and r.grounded]
    if shares:
        metrics["english_share"] = _mean(shares)
        metrics["answers_mostly_english"] = _mean([float(share >= MOSTLY_ENGLISH) for share in shares])
    declines = decline_scores([not r.answerable for r in results], [not r.grounded for r in results])
    metrics["decline_precision"] = round(declines.precision, 4)
    metrics["decline_recall"] = round(declines.recall, 4)
    judged = [r for r in results if r.faithfulness is not None]
    if judged:
        metrics["llm_faithfulness"] = _mean([r.faithfulness or 0.0 for r in judged])
        metrics["llm_relevance"] = _mean([r.relevance or 0.0 for r in judged])
    metrics["questions"] = len(results)
    return metrics


def _grouped(results: list[QuestionResult], key: str) -> dict[str, dict[str, float]]:
    groups: dict[str, list[QuestionResult]] = defaultdict(list)
    for result in results:
        groups[str(getattr(result, key))].append(result)
    return {name: _aggregate(items) for name, items in sorted(groups.items())}


def run_suite(advisor: Advisor, project_root: Path) -> EvalReport:
    """Every dataset question and conversation through ``advisor``; metrics and regressions."""
    evidence = EvidenceIndex(advisor.retriever.chunks, project_root)
    matcher = TextMatcher(advisor.embedder, advisor.glossary)
    guide_ids = {c.id for c in advisor.retriever.chunks if c.kind == "guide"}
    guide_ids |= {book.id for books in advisor.outline.books.values() for book in books}  # books a step names
    results: list[QuestionResult] = []
    relevant: dict[str, set[str]] = {}
    ranked: dict[str, list[str]] = {}
    for q in load_questions():
        started = time.perf_counter()
        mode = MODE_OF_STYLE[q.style]
        answer = advisor.ask(q.question, mode=mode)
        seconds = time.perf_counter() - started
        result = QuestionResult(q.id, q.language, q.section or "(unanswerable)", q.kind, q.answerable,
                                answer.grounded, seconds=round(seconds, 4))
        result.language_ok = language_matches(answer, q.language)
        if q.language == "en":
            read = "\n".join([answer.answer, *(c.quote for c in answer.citations)])
            result.english_share = round(english_share(read), 4)
        if q.answerable:
            relevant[q.id] = evidence.relevant(q.evidence)
            ranked[q.id] = [p.id for p in advisor.retrieve(q.question, k=RETRIEVE_K)]
            result.key_point_recall = key_point_recall(answer, q.key_points, matcher)
            result.evidence_recall = evidence_recall(answer, [e.quote for e in q.evidence], normalise)
            if answer.grounded and any(e.source == "guide" for e in q.evidence) and not wants_resources(q.question):
                result.guide_first = bool(answer.citations) and answer.citations[0].source.startswith("corpus/guide/")
            if answer.grounded:
                passages = advisor.answer_passages(answer.standalone_question, mode)
                # An answer may quote what retrieval found and, shaped by the guide's structure, any
                # unit of the guide (every learning-path step, the next ladder row) and the books it names.
                allowed = {p.id for p in passages} | guide_ids
                check = check_citations(answer, allowed, matcher)
                if advisor.chat is not None:
                    verdict = judge(advisor.chat, q.question, answer, passages)
                    if verdict is not None:
                        result.faithfulness, result.relevance = verdict.faithfulness, verdict.relevance
                result.citation_share, result.citations = check.share, check.total
                result.problems += list(check.problems)
            else:
                result.problems.append("declined an answerable question")
        elif answer.grounded:
            result.problems.append("answered a question the corpus cannot answer")
        results.append(result)
    scores = ranking_scores(relevant, ranked)
    for result in results:
        if result.id in scores[RANKING_METRICS[0]]:
            result.ranking = {m: scores[m][result.id] for m in RANKING_METRICS}
    metrics = _aggregate(results)
    metrics.update(_follow_up_metrics(advisor, evidence))
    metrics.update(run_gap_eval(advisor))
    metrics.update(run_job_eval(advisor))
    metrics.update(run_ladder_eval(advisor))
    metrics.update(run_role_eval(advisor))
    metrics.update(run_study_eval(advisor))
    metrics.update(run_interview_eval(advisor))
    metrics.update(run_scope_eval(advisor))
    report_languages = _grouped(results, "language")
    ablation = _ablation(advisor, relevant, {r.id: r.language for r in results})
    for language in ("ja", "en"):
        per_language = report_languages.get(language, {})
        for name in ("answer_evidence_recall", "hit_at_5", "mrr_at_10"):
            if name in per_language:
                metrics[f"{name}_{language}"] = per_language[name]
    for name in ("english_share", "answers_mostly_english"):
        if name in report_languages.get("en", {}):
            metrics[f"{name}_en"] = report_languages["en"][name]
    metrics["median_answer_ms"] = round(1000 * statistics.median(r.seconds for r in results), 2)
    report = EvalReport(metrics, report_languages, _grouped(results, "section"), results,
                        advisor.status(), ablation=ablation)
    report.regressions = check_thresholds(report.metrics)
    return report


RETRIEVERS = {"dense": (1.0, 0.0), "bm25": (0.0, 1.0), "fused": None}


def _ablation(
    advisor: Advisor, relevant: dict[str, set[str]], languages: dict[str, str],
) -> dict[str, dict[str, dict[str, float]]]:
    """Ranking metrics of dense only, BM25 only and the fusion, overall and per language."""
    questions = {q.id: q.question for q in load_questions() if q.id in relevant}
    table: dict[str, dict[str, dict[str, float]]] = {}
    for name, weights in RETRIEVERS.items():
        extra = {"weights": weights} if weights else {}
        ranked = {qid: [p.id for p in advisor.retriever.search(text, k=RETRIEVE_K, **extra)]
                  for qid, text in questions.items()}
        scores = ranking_scores(relevant, ranked)
        table[name] = {}
        for language in ("all", "ja", "en"):
            ids = [q for q in scores[RANKING_METRICS[0]] if language == "all" or languages[q] == language]
            table[name][language] = {m.replace("_rate", "").replace("@", "_at_"): _mean([scores[m][q] for q in ids])
                                     for m in RANKING_METRICS}
    return table


def _follow_up_metrics(advisor: Advisor, evidence: EvidenceIndex) -> dict[str, float]:
    """Follow-ups: is the rewritten question as good for retrieval as the reference rewrite?
    Overall, and on the held split the rewriting rules were never developed on."""
    metrics: dict[str, float] = {}
    for split in ("all", "held"):
        conversations = [c for c in load_conversations() if split in ("all", c.split)]
        scores = _follow_up_hits(advisor, evidence, conversations)
        suffix = "" if split == "all" else f"_{split}"
        metrics |= {f"{name}{suffix}": value for name, value in scores.items()}
    return metrics | _mid_conversation_declines(advisor)


def _mid_conversation_declines(advisor: Advisor) -> dict[str, float]:
    """What the user reads mid-conversation, on the held conversations and the scope set's validation
    split: a question that leaves the subject after a topical one is still declined (each paired
    with a held conversation's first question, in turn), and a held follow-up is not."""
    conversations = [c for c in load_conversations() if c.split == "held"]
    firsts = [c.turns[0].question for c in conversations]
    off = [q.question for q in load_scope() if q.outcome == "decline" and q.split == "validation"]
    # The verdict an answer is built on (``ask`` composes its text from it; the coverage is the verdict's).
    declined = [not advisor.judged_question(q, [firsts[n % len(firsts)]])[2].answerable for n, q in enumerate(off)]
    answered = []
    for conversation in conversations:
        history = [conversation.turns[0].question]
        for turn in conversation.turns[1:]:
            asked, _, verdict = advisor.judged_question(turn.question, history)
            answered.append(verdict.answerable)
            history.append(asked)
    return {"followup_off_subject_declined_held": _mean(declined), "followup_answered_held": _mean(answered)}


def _follow_up_hits(advisor: Advisor, evidence: EvidenceIndex, conversations: list[Conversation]) -> dict[str, float]:
    hits, reference_hits = [], []
    for conversation in conversations:
        # The answers themselves, as the app keeps them: a follow-up may point at what one listed.
        history: list[Answer] = []
        for turn in conversation.turns:
            if history and turn.standalone:
                relevant = evidence.relevant(turn.evidence)
                if relevant:
                    top = {p.id for p in advisor.retrieve(advisor.standalone(turn.question, history), k=5)}
                    ref = {p.id for p in advisor.retrieve(turn.standalone, k=5)}
                    hits.append(float(bool(top & relevant)))
                    reference_hits.append(float(bool(ref & relevant)))
            history.append(advisor.ask(turn.question, history))
    return {"followup_hit_at_5": _mean(hits), "followup_reference_hit_at_5": _mean(reference_hits),
            "followup_turns": len(hits)}


def load_thresholds(path: Path = THRESHOLDS, bound: str = "minimum") -> dict[str, float]:
    """The ``minimum`` (or ``maximum``) table of the thresholds file."""
    with path.open("rb") as handle:
        return {k: float(v) for k, v in tomllib.load(handle).get(bound, {}).items()}


def check_thresholds(metrics: dict[str, float], path: Path = THRESHOLDS) -> list[str]:
    """One line per metric below its minimum, or above its maximum, in the thresholds file."""
    low = [
        f"{name} {metrics.get(name, float('nan')):.3f} < {minimum:.3f}"
        for name, minimum in load_thresholds(path).items()
        if not metrics.get(name, float("-inf")) >= minimum
    ]
    high = [
        f"{name} {metrics.get(name, float('nan')):.3f} > {maximum:.3f}"
        for name, maximum in load_thresholds(path, "maximum").items()
        if not metrics.get(name, float("inf")) <= maximum
    ]
    return low + high
