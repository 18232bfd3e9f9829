"""``advisor bench``: latency, throughput and memory of every user-facing step, side by side with
the pipeline a user would otherwise write (LangChain HuggingFaceEmbeddings + all-MiniLM-L6-v2 +
Chroma.similarity_search), and optionally at 10k / 100k synthetic chunks.
"""

from __future__ import annotations

import gc
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from advisor.embedders import make_embedder
from advisor.facade import Advisor
from advisor.retrieval import index as idx
from advisor.retrieval.retriever import HybridRetriever
from advisor.settings import PROJECT_ROOT, Settings
from evals.datasets import EvidenceIndex, load_questions

COLD_START_CODE = (
    "import time; t = time.perf_counter(); from advisor import Advisor; "
    "a = Advisor.open(data_dir={data!r}); a.ask('シニアTPMの役割は?'); print(time.perf_counter() - t)"
)


def _stats(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {"median_ms": round(1000 * statistics.median(ordered), 3),
            "p95_ms": round(1000 * ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 3),
            "n": len(ordered)}


def _time(fn: Callable[[Any], Any], items: list[Any], repeats: int = 1) -> dict[str, float]:
    samples = []
    for _ in range(repeats):
        for item in items:
            started = time.perf_counter()
            fn(item)
            samples.append(time.perf_counter() - started)
    return _stats(samples)


def _rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


@dataclass
class BenchReport:
    results: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return self.results

    def to_text(self) -> str:
        lines = []
        for name, value in self.results.items():
            if isinstance(value, dict) and "median_ms" in value:
                lines.append(f"{name:<34} median {value['median_ms']:>9.3f} ms   p95 {value['p95_ms']:>9.3f} ms")
            elif isinstance(value, dict):
                lines.append(f"{name}:")
                lines += [f"  {k:<32} {v}" for k, v in value.items()]
            else:
                lines.append(f"{name:<34} {value}")
        return "\n".join(lines)


def run_bench(settings: Settings, scales: tuple[int, ...] = (), naive: bool = True) -> BenchReport:
    report = BenchReport()
    r = report.results
    work = Path(tempfile.mkdtemp(prefix="advisor-bench-"))
    try:
        bench_settings = settings.model_copy(update={"data_dir": work / "data"})
        from ingest.pipeline import run

        started = time.perf_counter()
        full = run(bench_settings)
        r["ingest_full_s"] = round(time.perf_counter() - started, 3)
        r["ingest_chunks"] = full.chunks
        r["ingest_no_change_s"] = round(statistics.median(
            [run(bench_settings).seconds for _ in range(3)]), 3)
        r["cold_start_to_first_answer_s"] = round(statistics.median([
            float(subprocess.run([sys.executable, "-c", COLD_START_CODE.format(data=str(bench_settings.data_dir))],
                                 capture_output=True, text=True, check=True, cwd=PROJECT_ROOT).stdout.strip())
            for _ in range(3)]), 3)

        advisor = Advisor.open(settings=bench_settings)
        questions = [q.question for q in load_questions()]
        encoder = advisor.embedder._encode  # type: ignore[attr-defined]
        r["query_embedding_uncached"] = _time(lambda q: encoder([q]), questions, repeats=2)
        r["query_embedding_cached"] = _time(advisor.embedder.embed_query, questions, repeats=2)
        r["retrieval"] = _time(lambda q: advisor.retriever.search(f"{q} ", k=5), questions)  # uncached queries
        r["extractive_answer"] = _time(lambda q: advisor.ask(q + " "), questions)
        r["gap_analysis_3_page_pdf"] = _time(lambda data: advisor.analyze_resume(data, name="resume.pdf"),
                                             [_three_page_resume()] * 5)
        ours_hit5 = _hit_at_5(advisor, lambda q: [p.id for p in advisor.retriever.search(q, k=5)])
        r["hit_at_5"] = {"ours": ours_hit5}
        if naive:
            r.update(_naive_pipeline(advisor, work, questions))
            r["hit_at_5"]["naive"] = r.pop("naive_hit_at_5")
            r["ratios"] = {
                "retrieval_naive_over_ours": round(r["naive_retrieval"]["median_ms"] / r["retrieval"]["median_ms"], 2),
                "hit_at_5_ours_minus_naive": round(r["hit_at_5"]["ours"] - r["hit_at_5"]["naive"], 3),
            }
        r["peak_rss_mb"] = _rss_mb()  # the corpus (and the naive pipeline's model, when compared)
        for count in scales:
            r[f"scale_{count}"] = _scale(advisor, bench_settings, count, questions[:50])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return report


def _three_page_resume() -> bytes:
    from evals.resumes import load_specs, render

    specs = {s["id"]: s for s in load_specs()}
    return render("\n".join(specs[i]["text"] for i in ("r05", "r06", "r07", "r08")), "pdf")


def _hit_at_5(advisor: Advisor, ranked: Callable[[str], list[str]]) -> float:
    evidence = EvidenceIndex(advisor.retriever.chunks, PROJECT_ROOT)
    hits = []
    for q in load_questions():
        relevant = evidence.relevant(q.evidence) if q.answerable else set()
        if relevant:
            hits.append(bool(set(ranked(q.question)) & relevant))
    return round(sum(hits) / len(hits), 3)


def _naive_pipeline(advisor: Advisor, work: Path, questions: list[str]) -> dict[str, Any]:
    """What a user would write: HuggingFaceEmbeddings(all-MiniLM-L6-v2) + Chroma.similarity_search."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from langchain_chroma import Chroma
    from langchain_huggingface import HuggingFaceEmbeddings

    from advisor.embedders.hf import resolve_model

    embeddings = HuggingFaceEmbeddings(model_name=resolve_model("all-MiniLM-L6-v2"))
    client = chromadb.PersistentClient(path=str(work / "naive"), settings=ChromaSettings(anonymized_telemetry=False))
    chunks = advisor.retriever.chunks
    started = time.perf_counter()
    store = Chroma.from_texts([c.text for c in chunks], embeddings, ids=[c.id for c in chunks], client=client,
                              collection_name="naive")
    ingest_s = time.perf_counter() - started
    search = lambda q: [d.id for d in store.similarity_search(q, k=5)]  # noqa: E731
    return {
        "naive_ingest_s": round(ingest_s, 3),
        "naive_retrieval": _time(lambda q: store.similarity_search(q + " ", k=5), questions),
        "naive_hit_at_5": _hit_at_5(advisor, search),
    }


def _scale(advisor: Advisor, settings: Settings, count: int, questions: list[str]) -> dict[str, Any]:
    """Ingest ``count`` synthetic chunks (embed, Chroma, BM25 snapshot) and query them."""
    from evals.synthetic import synthetic_chunks
    from ingest.index import embed_missing, publish_snapshot

    scaled = settings.model_copy(update={"data_dir": settings.data_dir.parent / f"scale-{count}"})
    chunks = synthetic_chunks(advisor.corpus, count)
    embedder = make_embedder(scaled)
    store = idx.vector_store(scaled, embedder, idx.chroma_client(scaled))
    started = time.perf_counter()
    embed_missing(store, chunks, set(), None)
    publish_snapshot(idx.snapshot_dir(scaled, "bench"), chunks)
    seconds = time.perf_counter() - started
    retriever = HybridRetriever.load(idx.snapshot_dir(scaled, "bench"), store._collection, embedder, advisor.glossary)
    retrieval = _time(lambda q: retriever.search(f"{q}  ", k=5), questions, repeats=2)
    rss = _rss_mb()
    del store
    gc.collect()
    return {"chunks": count, "ingest_s": round(seconds, 1), "chunks_per_s": round(count / seconds, 1),
            "retrieval_median_ms": retrieval["median_ms"], "retrieval_p95_ms": retrieval["p95_ms"],
            "peak_rss_mb": rss}
