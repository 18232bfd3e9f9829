"""``run(settings)``: the whole ingest, from corpus files to a published, queryable index."""

from __future__ import annotations

import contextlib
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from advisor.corpus import load_corpus
from advisor.embedders import make_embedder
from advisor.errors import IndexMismatch
from advisor.retrieval import index as idx
from advisor.settings import Settings
from ingest.chunk import CHUNKER_VERSION
from ingest.index import (
    Progress,
    embed_missing,
    existing_ids,
    prune_snapshots,
    publish_snapshot,
    snapshot_key,
)
from ingest.load import load_all


@dataclass(frozen=True)
class IngestReport:
    documents: int
    chunks: int
    embedded: int
    removed: int
    seconds: float
    skipped: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["seconds"] = round(self.seconds, 3)
        return data

    def to_text(self) -> str:
        lines = [
            f"documents: {self.documents}  chunks: {self.chunks}  embedded: {self.embedded}  "
            f"removed: {self.removed}  seconds: {self.seconds:.2f}"
        ]
        lines += [f"warning: skipped {reason}" for reason in self.skipped]
        return "\n".join(lines)


def run(
    settings: Settings,
    add_docs: Path | None = None,
    rebuild: bool = False,
    progress: Progress | None = None,
) -> IngestReport:
    """Ingest the corpus (and remembered user folders) into ``settings.data_dir``.

    Raises:
        IndexMismatch: the existing index was built by another embedder and ``rebuild`` is off.
        BadInput: ``add_docs`` is not a folder, or the corpus is malformed.
    """
    started = time.perf_counter()
    if progress:
        progress("load", 0, 1)
    corpus = load_corpus(settings.corpus_dir)
    embedder = make_embedder(settings)
    try:
        previous = idx.read_manifest(settings)
    except IndexMismatch:
        if not rebuild:
            raise
        previous = None
    if previous is not None and not rebuild:
        previous.check(embedder)
    folders = [Path(f) for f in previous.user_folders] if previous else []
    if add_docs is not None and add_docs.resolve() not in folders:
        folders.append(add_docs.resolve())
    present_folders = [f for f in folders if f.is_dir() or f == add_docs]
    loaded = load_all(corpus, present_folders)
    gone = [f for f in folders if f not in present_folders]
    loaded.skipped += [f"user folder {f} is gone; its documents leave the index" for f in gone]

    client = idx.chroma_client(settings)
    if rebuild:
        _reset(settings, client)
    store = idx.vector_store(settings, embedder, client)
    present = existing_ids(store._collection)
    embedded = embed_missing(store, loaded.chunks, present, progress)

    key = snapshot_key(loaded.chunks)
    if progress:
        progress("snapshot", 0, 1)
    publish_snapshot(idx.snapshot_dir(settings, key), loaded.chunks)
    idx.write_manifest(settings, idx.Manifest(
        embedder_id=embedder.embedder_id, dimension=embedder.dimension, query_prefix=embedder.query_prefix,
        passage_prefix=embedder.passage_prefix, tokenizer=idx.TOKENIZER_ID, chunker_version=CHUNKER_VERSION,
        snapshot=key, chunks=len(loaded.chunks), user_folders=[str(f) for f in present_folders],
    ))
    stale = sorted(present - {c.id for c in loaded.chunks})
    for start in range(0, len(stale), 5000):
        store._collection.delete(ids=stale[start : start + 5000])
    prune_snapshots(settings.index_dir / "snapshots", keep=key)
    return IngestReport(
        documents=loaded.documents, chunks=len(loaded.chunks), embedded=embedded, removed=len(stale),
        seconds=time.perf_counter() - started, skipped=loaded.skipped,
    )


def _reset(settings: Settings, client: object) -> None:
    """Drop the collection and snapshots (``--rebuild``); the manifest goes last."""
    with contextlib.suppress(Exception):  # the collection did not exist yet
        client.delete_collection(idx.COLLECTION)  # type: ignore[attr-defined]
    shutil.rmtree(settings.index_dir / "snapshots", ignore_errors=True)
    idx.manifest_path(settings).unlink(missing_ok=True)
