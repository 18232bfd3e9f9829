"""Ingest is incremental, removes what left, skips bad files with a reason, and guards its recipe."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from docs_factory import make_docx, make_pdf

from advisor.corpus import load_corpus
from advisor.errors import IndexMismatch
from advisor.facade import Advisor
from advisor.retrieval import index as idx
from advisor.retrieval import published
from advisor.retrieval.chunks import read_chunks
from advisor.settings import Settings
from ingest.pipeline import run

ADVISOR = str(Path(sys.executable).with_name("advisor"))


def _collection_ids(settings: Settings) -> set[str]:
    collection = idx.chroma_client(settings).get_collection(idx.COLLECTION)
    return set(collection.get(include=[])["ids"])


def test_second_ingest_embeds_nothing_and_the_index_matches_the_snapshot(
    make_settings: Callable[..., Settings], corpus_copy: Path,
) -> None:
    settings = make_settings(corpus_dir=corpus_copy)
    first = run(settings)
    assert first.embedded == first.chunks > 100
    second = run(settings)
    assert (second.embedded, second.removed, second.chunks) == (0, 0, first.chunks)
    manifest = published.current_manifest(settings)
    assert manifest is not None and manifest.chunks == first.chunks
    assert len(_collection_ids(settings)) == first.chunks


def test_editing_one_paragraph_reembeds_only_its_chunk(index_copy: Settings, corpus_copy: Path) -> None:
    settings = index_copy.model_copy(update={"corpus_dir": corpus_copy})
    assert run(settings).embedded == 0  # the copy of the shared index already holds every chunk
    guide = corpus_copy / "guide" / "tpm_guide.ja.md"
    text = guide.read_text(encoding="utf-8")
    needle = "現場の総監督です。"
    assert needle in text
    guide.write_text(text.replace(needle, "現場の総監督(プログラムの指揮者)です。"), encoding="utf-8")
    load_corpus.cache_clear()
    report = run(settings)
    assert report.embedded == 1 and report.removed == 1
    advisor = Advisor.open(settings=settings)
    top = advisor.retrieve("プログラムの指揮者", k=3)
    assert any("プログラムの指揮者" in p.text for p in top)


def test_user_documents_are_searchable_bad_ones_skipped_and_removed_ones_leave(
    index_copy: Settings, tmp_path: Path,
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    onboarding = "# 社内オンボーディング\n\nゼブラ計画ではリリース判定会議を毎週木曜に行います。\n"
    (docs / "onboarding.md").write_text(onboarding, encoding="utf-8")
    (docs / "postmortem.pdf").write_bytes(make_pdf([["Postmortem: the quokka outage lasted four hours."]]))
    (docs / "handbook.docx").write_bytes(make_docx(["カピバラ基盤の移行手順を定義する。"]))
    (docs / "broken.pdf").write_bytes(b"%PDF-1.4 this is not a real pdf")
    (docs / "secret.pdf").write_bytes(make_pdf([["x"]], password="pw"))
    settings = index_copy
    report = run(settings, add_docs=docs)
    assert report.documents == 3 + 3
    assert len(report.skipped) == 2 and any("broken.pdf" in s for s in report.skipped)
    advisor = Advisor.open(settings=settings)
    for query, word in [("ゼブラ計画のリリース判定会議はいつ?", "ゼブラ計画"), ("quokka outage", "quokka"),
                        ("カピバラ基盤の移行", "カピバラ")]:
        assert word in advisor.retrieve(query, k=3)[0].text, query

    (docs / "postmortem.pdf").unlink()
    report = run(settings)  # the folder is remembered; its deleted file leaves the index
    assert report.removed >= 1
    advisor.reload()
    assert all("quokka" not in p.text for p in advisor.retrieve("quokka outage", k=10))
    assert all("quokka" not in t for t in _documents(settings))


def _documents(settings: Settings) -> list[str]:
    collection = idx.chroma_client(settings).get_collection(idx.COLLECTION)
    return list(collection.get(include=["documents"])["documents"])


def test_opening_an_index_built_by_another_embedder_says_how_to_reindex(make_settings: Callable[..., Settings]) -> None:
    run(make_settings(embedder="fake"))
    settings = make_settings()  # the default, packaged USE embedder
    with pytest.raises(IndexMismatch) as caught:
        Advisor.open(settings=settings)
    assert "advisor ingest --rebuild" in caught.value.message("en")
    assert "advisor ingest --rebuild" in caught.value.message("ja")
    report = run(settings, rebuild=True)
    assert report.embedded == report.chunks
    assert Advisor.open(settings=settings).retrieve("シニアTPMの役割", k=1)


def test_an_ingest_killed_at_random_points_is_completed_by_the_next_run(
    make_settings: Callable[..., Settings],
) -> None:
    settings = make_settings()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADVISOR_")}
    rng = random.Random(7)
    for _ in range(10):
        process = subprocess.Popen([ADVISOR, "ingest", "--data-dir", str(settings.data_dir)], env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.5, 4.0))
        process.send_signal(signal.SIGKILL)
        process.wait()
        manifest = published.current_manifest(settings)
        if manifest is not None:  # whatever was published is complete and queryable meanwhile
            assert Advisor.open(settings=settings).retrieve("シニアTPMの役割", k=3)
    report = run(settings)
    manifest = published.current_manifest(settings)
    assert manifest is not None and report.chunks == manifest.chunks
    snapshot_ids = {c.id for c in read_chunks(idx.snapshot_dir(settings, manifest.snapshot) / "chunks.jsonl")}
    assert _collection_ids(settings) == snapshot_ids  # vector and keyword indexes agree, no orphans
    assert run(settings).embedded == 0
