"""``advisor bench`` → ``replica_open``: how long a replica takes to open a shared index.

A real ``chroma run`` server on 127.0.0.1 holds the index, published once by ``advisor ingest``
(the corpus, and the corpus plus a user folder of synthetic documents for a larger index). Each
figure is the median over fresh processes of ``Advisor.open`` with ``ADVISOR_CHROMA_URL`` set:
``cold_s`` with an empty data directory (the snapshot's records and tokens come from the server
and the BM25 index is built from them), ``warm_s`` with the cache that first open left.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

from advisor.settings import Settings
from evals.browser import free_port, running

OPEN = ("import json, time\nstarted = time.perf_counter()\nfrom advisor.facade import Advisor\n"
        "advisor = Advisor.open()\n"
        "print(json.dumps({'open_s': time.perf_counter() - started, 'chunks': advisor.manifest.chunks}))")


def _open_seconds(url: str, data: Path) -> tuple[float, int]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADVISOR_")}
    env |= {"ADVISOR_CHROMA_URL": url, "ADVISOR_DATA_DIR": str(data), "HF_HUB_OFFLINE": "1"}
    out = subprocess.run([sys.executable, "-c", OPEN], env=env, capture_output=True, text=True, check=True).stdout
    figures = json.loads(out.strip().splitlines()[-1])
    return figures["open_s"], figures["chunks"]


def _synthetic_folder(settings: Settings, folder: Path, count: int) -> Path:
    """``count`` synthetic passages as Markdown documents, 100 paragraphs each (one chunk a paragraph)."""
    from advisor.corpus import load_corpus
    from evals.synthetic import synthetic_chunks

    folder.mkdir(parents=True, exist_ok=True)
    texts = [c.text.replace("\n", " ") for c in synthetic_chunks(load_corpus(settings.corpus_dir), count)]
    for start in range(0, len(texts), 100):
        body = "\n\n".join(texts[start : start + 100])
        (folder / f"doc{start // 100:04}.md").write_text(f"# 資料 {start // 100}\n\n{body}\n", encoding="utf-8")
    return folder


def replica_open(settings: Settings, work: Path, extra_chunks: tuple[int, ...], runs: int) -> dict[str, Any]:
    """Cold and warm open of the corpus index, then with each of ``extra_chunks`` synthetic passages added."""
    from ingest.pipeline import run

    chroma = Path(sys.executable).with_name("chroma")
    port = free_port()
    results: dict[str, Any] = {}
    command = [str(chroma), "run", "--path", str(work / "replica-chroma"), "--host", "127.0.0.1", "--port", str(port)]
    with running(command, f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=60):
        url = f"http://127.0.0.1:{port}"
        writer = settings.model_copy(update={"chroma_url": url, "data_dir": work / "replica-writer"})
        for extra in (0, *extra_chunks):
            if extra:
                run(writer, add_docs=_synthetic_folder(settings, work / f"replica-docs-{extra}", extra))
            else:
                run(writer)
            cold, warm, chunks = [], [], 0
            for attempt in range(runs):
                data = work / f"replica-{extra}-{attempt}"
                seconds, chunks = _open_seconds(url, data)
                cold.append(seconds)
                warm.append(_open_seconds(url, data)[0])
            results[str(chunks)] = {"chunks": chunks, "cold_s": round(statistics.median(cold), 3),
                                    "warm_s": round(statistics.median(warm), 3), "n": runs}
    return results
