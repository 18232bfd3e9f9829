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


def test_bench_reports_every_figure(tmp_path: Path) -> None:
    from evals.bench import run_bench

    report = run_bench(Settings(data_dir=tmp_path), scales=(1000,), naive=True).to_dict()
    for key in ("ingest_full_s", "ingest_no_change_s", "cold_start_to_first_answer_s", "query_embedding_uncached",
                "retrieval", "extractive_answer", "gap_analysis_3_page_pdf", "peak_rss_mb", "naive_retrieval"):
        assert key in report, key
    assert report["retrieval"]["n"] == 186 and report["retrieval"]["p95_ms"] >= report["retrieval"]["median_ms"]
    assert report["hit_at_5"]["ours"] > report["hit_at_5"]["naive"]
    assert report["scale_1000"]["chunks"] == 1000 and report["scale_1000"]["chunks_per_s"] > 0
