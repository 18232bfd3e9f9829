"""The one entry point of résumé gap analysis: read the résumé, find the evidence, place it on the
ladder, plan the gap, and (with an LLM) add a cited narrative. In memory only."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import IO

from langchain_core.language_models import BaseChatModel

from advisor.corpus import Corpus
from advisor.gap.evidence import SkillMatcher
from advisor.gap.job import Scorer, match_posting
from advisor.gap.ladder import estimate_level
from advisor.gap.plan import build_report, next_level
from advisor.gap.posting import read_posting
from advisor.gap.report import GapReport
from advisor.gap.resume import read_resume
from advisor.gap.vectors import TextVectors
from advisor.retrieval.retriever import HybridRetriever

DEFAULT_TARGET = "tpm"  # with no level to step up from, the role the product is about


def analyse_resume(
    source: bytes | str | Path | IO[bytes], corpus: Corpus, retriever: HybridRetriever, matcher: SkillMatcher,
    target_level: str | None = None, name: str | None = None, chat: BaseChatModel | None = None,
    job: bytes | str | Path | IO[bytes] | None = None, job_name: str | None = None,
) -> GapReport:
    """The gap report for a résumé (PDF, DOCX, TXT, Markdown), matched to a job posting (text or a
    PDF, DOCX, TXT, HTML file) when one is given; the posting's level is then the default target.

    Raises:
        BadInput: a file cannot be read, the posting holds no requirement, or ``target_level`` is
            not a ladder level.
    """
    if target_level is not None:
        corpus.ladder.level(target_level)  # a clear error before any work
    vectors = TextVectors(matcher.embedder) if matcher.embedder is not None else None
    posting = read_posting(job, matcher, corpus.ladder, job_name, vectors) if job is not None else None
    resume = read_resume(source, name)
    rated = matcher.analyse(resume, date.today().year, vectors)
    estimate = estimate_level(resume, corpus.ladder)
    target = (target_level or (posting.level if posting else None)
              or (next_level(estimate.level) if estimate else DEFAULT_TARGET))
    resource_chunks = {c.extra["resource_id"]: c.id for c in retriever.chunks if "resource_id" in c.extra}
    report = build_report(corpus, retriever, rated, estimate, target, resume.language, resource_chunks)
    if posting is not None:
        report.job = match_posting(posting, report, resume, corpus, Scorer(matcher.embedder), vectors)
        report.interview_questions = report.job.interview_questions or report.interview_questions
    if chat is not None:
        from advisor.gap.narrative import narrative

        report.narrative = narrative(chat, report)
    return report
