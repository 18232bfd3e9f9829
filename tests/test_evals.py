"""The eval suite: datasets stay valid, each metric can fail, the gate fails on a regression."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from advisor.facade import Advisor
from advisor.matching import TextMatcher
from advisor.settings import PROJECT_ROOT
from advisor.types import Answer, Citation
from evals.datasets import (
    EvidenceIndex,
    load_comparison_questions,
    load_conversations,
    load_definition_questions,
    load_duties_questions,
    load_questions,
    load_study_questions,
)
from evals.metrics import check_citations, decline_scores, key_point_recall, language_matches, ranking_scores
from evals.runner import check_thresholds

ADVISOR = str(Path(sys.executable).with_name("advisor"))


def test_datasets_meet_their_minimums_and_every_quote_resolves(advisor: Advisor) -> None:
    questions = load_questions()
    assert len(questions) >= 120
    assert sum(q.language == "en" for q in questions) >= 40
    assert sum(not q.answerable for q in questions) >= 15
    assert len({q.id for q in questions}) == len(questions)
    sections = {q.section for q in questions if q.section}
    assert sum(s[0].isdigit() for s in sections) == 10 and "resources" in sections
    evidence = EvidenceIndex(advisor.retriever.chunks, PROJECT_ROOT)
    unresolved = [q.id for q in questions if q.answerable and not evidence.relevant(q.evidence)]
    assert unresolved == []
    conversations = load_conversations()
    assert len(conversations) >= 10 and all(2 <= len(c.turns) <= 4 for c in conversations)
    # The role sets: half of each traps, a held writer; every quote of the definitions set is in the guide.
    role_sets = ((load_duties_questions(), "about_duties"), (load_definition_questions(), "about_definition"),
                 (load_comparison_questions(), "compares_role"))
    for role_set, asks in role_sets:
        assert len({q.id for q in role_set}) == len(role_set) >= 90
        assert {q.split for q in role_set} == {"train", "held"}
        assert 0.4 <= sum(getattr(q, asks) for q in role_set) / len(role_set) <= 0.6
    assert [q.id for q in load_definition_questions() if not evidence.relevant(q.evidence)] == []
    assert [q.id for q in load_comparison_questions() if not evidence.relevant(q.evidence)] == []
    assert all(bool(q.other_role) == q.compares_role for q in load_comparison_questions())
    # The study set: every id is a catalogue entry, and what an answer must list is fitting.
    study = load_study_questions()
    catalogue = {resource.id for resource in advisor.corpus.resources}
    assert len({q.id for q in study}) == len(study) >= 90 and {q.split for q in study} == {"train", "held"}
    assert [q.id for q in study if not set(q.best) <= set(q.acceptable) <= catalogue] == []


def test_ranking_scores_follow_the_definitions() -> None:
    scores = ranking_scores({"a": {"x"}, "b": {"y"}}, {"a": ["z", "x"], "b": ["q"]})
    assert scores["hit_rate@1"] == {"a": 0.0, "b": 0.0}
    assert scores["hit_rate@5"] == {"a": 1.0, "b": 0.0}
    assert scores["mrr@10"]["a"] == pytest.approx(0.5)


def _answer(text: str, citations: list[Citation], language: str = "ja") -> Answer:
    return Answer(text, citations, True, language)


def test_citation_check_catches_unsupported_and_unretrieved_citations(advisor: Advisor) -> None:
    matcher = TextMatcher(advisor.embedder, advisor.glossary)
    senior = advisor.retrieve("Senior TPM 主な役割と責任", k=1)[0]
    finance = advisor.retrieve("財務・調達部門との連携", k=1)[0]
    cite = lambda n, p: Citation(n, p.id, p.source, p.section, p.text)  # noqa: E731
    quote = senior.text.splitlines()[-1]
    good = _answer(f"- {quote} [1]", [cite(1, senior)])
    assert check_citations(good, {senior.id}, matcher).share == 1.0
    wrong_passage = _answer(f"- {quote} [1]", [cite(1, finance)])
    assert check_citations(wrong_passage, {finance.id}, matcher).share == 0.0
    not_retrieved = check_citations(good, {finance.id}, matcher)
    assert not_retrieved.share == 0.0 and "not retrieved" in not_retrieved.problems[0]
    dangling = check_citations(_answer("- something [3]", [cite(1, senior)]), {senior.id}, matcher)
    assert dangling.problems == ("[3] names no citation",)


def test_key_point_recall_counts_points_across_languages(advisor: Advisor) -> None:
    matcher = TextMatcher(advisor.embedder, advisor.glossary)
    answer = _answer("- 複数のTPMを指導し、組織の重要な戦略的プログラムを主導する。 [1]", [])
    assert key_point_recall(answer, ["複数のTPMを指導する"], matcher) == 1.0
    assert key_point_recall(answer, ["leads strategic programs and mentors other TPMs"], matcher) == 1.0
    assert key_point_recall(answer, ["クラウド利用料の最適化(FinOps)"], matcher) == 0.0


def test_language_match_and_decline_scores() -> None:
    assert language_matches(_answer("「5. キャリアパス」より:\n- ... [1]", []), "ja")
    assert not language_matches(_answer("From “Career path”:\n- ... [1]", [], "en"), "ja")
    scores = decline_scores([True, True, False, False], [True, False, True, False])
    assert (scores.precision, scores.recall) == (0.5, 0.5)


def test_thresholds_gate_reports_each_regression(tmp_path: Path) -> None:
    thresholds = tmp_path / "t.toml"
    thresholds.write_text("[minimum]\nhit_at_5 = 0.8\nmrr_at_10 = 0.5\n", encoding="utf-8")
    assert check_thresholds({"hit_at_5": 0.85, "mrr_at_10": 0.6}, thresholds) == []
    assert check_thresholds({"hit_at_5": 0.75, "mrr_at_10": 0.6}, thresholds) == ["hit_at_5 0.750 < 0.800"]
    assert check_thresholds({"mrr_at_10": 0.6}, thresholds) == ["hit_at_5 nan < 0.800"]


def test_eval_gate_passes_from_the_cli_and_fused_retrieval_beats_each_signal(
    shared_data_dir: Path, advisor: Advisor, tmp_path: Path,
) -> None:
    """What CI gates on: ``advisor eval --check`` on the default, offline configuration."""
    report_path = tmp_path / "report.md"
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADVISOR_")}
    result = subprocess.run(
        [ADVISOR, "eval", "--check", "--json", "--no-record", "--report", str(report_path),
         "--data-dir", str(shared_data_dir)], capture_output=True, text=True, env=env, timeout=1800,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    report = json.loads(result.stdout)
    assert report["metrics"]["questions"] == len(load_questions()) and report["regressions"] == []
    for language in ("ja", "en"):
        fused, dense, bm25 = (report["ablation"][r][language]["hit_at_5"] for r in ("fused", "dense", "bm25"))
        assert fused > dense and fused > bm25, language
    markdown = report_path.read_text(encoding="utf-8")
    assert "## By section" in markdown and "## Retrieval ablation" in markdown


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ('Scores: {"faithfulness": 0.9, "relevance": 0.5}', (0.9, 0.5)),
        ("I think it is fine.", None),
        ('{"faithfulness": 7, "relevance": 0.5}', None),
    ],
)
def test_llm_judge_scores_only_valid_replies(advisor: Advisor, reply: str, expected: tuple | None) -> None:
    from langchain_core.language_models.fake_chat_models import FakeListChatModel

    from evals.judge import judge

    passages = advisor.retrieve("シニアTPMの役割", k=2)
    verdict = judge(FakeListChatModel(responses=[reply]), "q", _answer("a [1]", []), passages)
    assert (None if verdict is None else (verdict.faithfulness, verdict.relevance)) == expected


def test_a_random_retriever_makes_the_gate_fail(advisor: Advisor, monkeypatch: pytest.MonkeyPatch) -> None:
    """Swap in a retriever that returns random passages: ``advisor eval --check`` must exit non-zero."""
    import copy
    import random

    from typer.testing import CliRunner

    from advisor import cli
    from advisor.retrieval.retriever import _passage

    broken = copy.copy(advisor)
    broken.retriever = copy.copy(advisor.retriever)
    rng = random.Random(0)

    def random_search(query: str, k: int = 5, **_: object) -> list:
        return [_passage(c, 0.5, {"dense": 0.5, "keyword": 5.0}, c.language)
                for c in rng.sample(advisor.retriever.chunks, k)]

    broken.retriever.search = random_search  # type: ignore[method-assign]
    monkeypatch.setattr(cli, "open_advisor", lambda data_dir: broken)
    result = CliRunner().invoke(cli.app, ["eval", "--check", "--no-record", "--report", os.devnull])
    assert result.exit_code == 1
    assert "REGRESSION: hit_at_5" in result.output


def test_scope_dev_set_is_large_mixed_and_split_by_a_stable_hash() -> None:
    from collections import Counter

    from evals.datasets import load_scope

    rows = load_scope()
    outcomes = Counter(r.outcome for r in rows)
    assert outcomes["answer"] >= 250 and outcomes["partial"] + outcomes["decline"] >= 250
    assert len({r.id for r in rows}) == len(rows) and len({r.question for r in rows}) == len(rows)
    out_of_scope = [r for r in rows if r.outcome != "answer"]
    assert sum(r.near_topic for r in out_of_scope) >= len(out_of_scope) / 2
    assert {r.language for r in rows} == {"ja", "en"}
    assert all(r.section is None for r in rows if r.outcome == "decline")
    assert all(r.section for r in rows if r.outcome != "decline")
    splits = Counter((r.split, r.outcome) for r in rows)
    for outcome in ("answer", "partial", "decline"):  # both halves hold every outcome
        assert splits[("train", outcome)] > 10 and splits[("validation", outcome)] > 10
    assert [r.split for r in load_scope()] == [r.split for r in rows]
