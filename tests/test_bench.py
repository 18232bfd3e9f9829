"""The benchmark runs and reports every figure the performance goals need (no timing asserted)."""

from __future__ import annotations

from pathlib import Path

from advisor.corpus import load_corpus
from advisor.settings import PROJECT_ROOT, Settings
from evals.synthetic import synthetic_chunks


def test_synthetic_corpus_is_distinct_and_mixed() -> None:
    chunks = synthetic_chunks(load_corpus(PROJECT_ROOT / "corpus"), 2000)
    assert len({c.id for c in chunks}) == 2000
    assert any("TPM" in c.text for c in chunks) and any("。" in c.text for c in chunks)


def test_bench_reports_every_figure_before_and_after(tmp_path: Path) -> None:
    from evals.bench import run_bench

    # This checkout compared with itself: both columns are measured, alternating, in one run.
    report = run_bench(Settings(data_dir=tmp_path), scales=(1000,), naive=True, runs=1, compare=PROJECT_ROOT,
                       browser=False, replica_chunks=(1000,))
    data = report.to_dict()
    for key in ("ingest_no_change_s", "query_embedding_uncached", "retrieval", "extractive_answer", "scope_decision",
                "gap_analysis_3_page_pdf", "peak_rss_mb", "naive_retrieval", "ratios"):
        assert key in data, key
    assert set(data["fresh_processes"]) == {"ingest_full_s", "index_mb", "cli_help_s", "ask_cold_s", "gap_cold_s"}
    for figure in data["fresh_processes"].values():
        assert figure["after"] > 0 and figure["before"] > 0 and figure["n"] == 1
    assert data["retrieval"]["n"] == 186 and data["retrieval"]["p95_ms"] >= data["retrieval"]["median_ms"]
    assert data["naive_retrieval"]["n"] == 186
    assert data["hit_at_5"]["ours"] > data["hit_at_5"]["naive"]
    assert data["scale_1000"]["chunks"] == 1000 and data["scale_1000"]["chunks_per_s"] > 0
    assert data["scope_decision"]["n"] > 1000 and data["scope_decision"]["goal_p95_ms"] == 1.0
    assert data["interview_feedback"]["n"] > 300 and data["interview_feedback"]["goal_p95_ms"] == 300.0
    opened = sorted(data["replica_open"].values(), key=lambda f: f["chunks"])
    assert opened[0]["chunks"] == data["ingest_chunks"] and opened[1]["chunks"] > 1000
    assert all(f["cold_s"] > 0 and f["warm_s"] > 0 for f in opened)
    text = report.to_text()
    assert "ask_cold_s" in text and "→" in text and "goal ≤ 3.0" in text and "goal p95 ≤ 1.0 ms" in text
