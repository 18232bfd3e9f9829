"""``run(settings)``: the whole ingest, from corpus files to a published, queryable index.

The store (embedded or a Chroma server) is the one source of truth: the manifest read at the
start and written at the end lives there, so every replica on a shared server agrees on what
the index holds. Only one ingest writes at a time (``ingest.lease``), and an ingest re-reads
only the user folders its own writer added: folders another writer registered keep their
documents, unless ``--rebuild`` or ``--remove-docs`` says otherwise.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from advisor.corpus import load_corpus
from advisor.embedders import make_embedder
from advisor.errors import BadInput, IndexMismatch
from advisor.retrieval import index as idx
from advisor.retrieval import published
from advisor.retrieval.chunks import Chunk
from advisor.settings import Settings
from ingest.child import FIRST_RUN_WAIT_SECONDS
from ingest.chunk import CHUNKER_VERSION
from ingest.index import Progress, complete_records, embed_missing, existing_ids, snapshot_key
from ingest.lease import Lease
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


def writer_id(settings: Settings) -> str:
    """Who writes: this host and data directory (it owns the user folders it adds)."""
    return f"{socket.gethostname()}:{settings.data_dir.expanduser().resolve()}"


@dataclass
class Folders:
    """The registry of user folders, split into what this ingest reads and what it keeps as is."""

    read: list[dict[str, Any]] = field(default_factory=list)  # this writer's, present on disk
    kept: list[dict[str, Any]] = field(default_factory=list)  # other writers': their chunks carry over
    notes: list[str] = field(default_factory=list)


def plan_folders(
    registry: list[dict[str, Any]], me: str, add_docs: Path | None, remove_docs: Path | None,
) -> Folders:
    """Which registered folders to read again, which to keep, and what leaves (with a note why).

    Raises:
        BadInput: ``remove_docs`` is not a registered folder.
    """
    plan = Folders()
    added = add_docs.resolve() if add_docs is not None else None
    removed = remove_docs.expanduser().resolve() if remove_docs is not None else None
    if removed is not None and all(Path(e["path"]) != removed for e in registry):
        raise BadInput(f"not a registered folder: {remove_docs}", f"登録されていないフォルダーです: {remove_docs}")
    for entry in registry:
        path = Path(entry["path"])
        if path in (added, removed):
            continue
        if entry.get("owner", me) != me:
            plan.kept.append(entry)
        elif path.is_dir():
            plan.read.append(entry)
        else:
            plan.notes.append(f"user folder {path} is gone; its documents leave the index")
    if added is not None:
        plan.read.append({"path": str(added), "owner": me})
    return plan


def run(
    settings: Settings,
    add_docs: Path | None = None,
    rebuild: bool = False,
    progress: Progress | None = None,
    remove_docs: Path | None = None,
    wait: float = 0.0,
    only_if_missing: bool = False,
) -> IngestReport:
    """Ingest the corpus (and the registered user folders) into the configured store.

    ``wait``: seconds to wait for another writer's lease. ``only_if_missing``: stop at once when
    an index is already published (a replica's first start, racing another one).

    Raises:
        IndexMismatch: the existing index was built by another embedder and ``rebuild`` is off.
        IndexBusy: another ingest holds the lease (past ``wait``), or this one lost it.
        BadInput: ``add_docs`` is not a folder, ``remove_docs`` not a registered one, or the corpus is malformed.
    """
    started = time.perf_counter()
    if progress:
        progress("load", 0, 1)
    corpus = load_corpus(settings.corpus_dir)
    embedder = make_embedder(settings)
    client = idx.chroma_client(settings)
    with Lease(client, settings.ingest_lease_seconds).acquire(wait) as lease:
        try:
            previous = published.read_manifest(client)
        except IndexMismatch:
            if not rebuild:
                raise
            previous = None
        if only_if_missing and previous is not None and not rebuild:
            return IngestReport(documents=0, chunks=previous.chunks, embedded=0, removed=0,
                                seconds=time.perf_counter() - started,
                                skipped=[f"the index was published meanwhile by {previous.writer}"])
        if previous is not None and not rebuild:
            previous.check(embedder)
        me = writer_id(settings)
        plan = plan_folders(_registry(settings, previous, me), me, add_docs, remove_docs)
        carried = _carried_chunks(settings, client, previous, plan.kept)
        if rebuild:
            _reset(settings, client)
        loaded = load_all(corpus, [Path(e["path"]) for e in plan.read])
        chunks = list({c.id: c for c in [*loaded.chunks, *carried]}.values())
        tokens = {c.id: published.keyword_tokens(c) for c in chunks}

        store = idx.vector_store(settings, embedder, client)
        present = existing_ids(store._collection)
        embedded = embed_missing(store, chunks, present, tokens, progress, lease.renew)
        complete_records(store._collection, chunks, present, tokens)

        if progress:
            progress("snapshot", 0, 1)
        key = snapshot_key(chunks)
        pages = published.write_snapshot_ids(client, key, [c.id for c in chunks])
        published.write_snapshot_cache(idx.snapshot_dir(settings, key), chunks, [tokens[c.id] for c in chunks])
        manifest = idx.Manifest(
            embedder_id=embedder.embedder_id, dimension=embedder.dimension, query_prefix=embedder.query_prefix,
            passage_prefix=embedder.passage_prefix, tokenizer=idx.TOKENIZER_ID, chunker_version=CHUNKER_VERSION,
            snapshot=key, chunks=len(chunks), pages=pages, folders=_registered(plan, chunks), writer=me,
            published_at=datetime.now(UTC).isoformat(timespec="seconds"),
        )
        lease.renew()  # the last check before the switch: a writer that lost the lease publishes nothing
        published.write_manifest(client, manifest)
        idx.cache_manifest(settings, manifest)
        stale = sorted(present - {c.id for c in chunks})
        for start in range(0, len(stale), 5000):
            store._collection.delete(ids=stale[start : start + 5000])
        published.prune_snapshot_ids(client, keep=key)
        published.prune_cache(settings, keep=key)
    return IngestReport(
        documents=loaded.documents + sum(len(e.get("documents", [])) for e in plan.kept), chunks=len(chunks),
        embedded=embedded, removed=len(stale), seconds=time.perf_counter() - started,
        skipped=loaded.skipped + plan.notes,
    )


def _registry(settings: Settings, previous: idx.Manifest | None, me: str) -> list[dict[str, Any]]:
    """The published folder registry; before the store held one, the local manifest's folder list."""
    if previous is not None:
        return [dict(e) for e in previous.folders]
    legacy = idx.cached_manifest(settings) or {}
    return [{"path": str(p), "owner": me} for p in legacy.get("user_folders", [])]


def _under(source: str, folder: str) -> bool:
    return source.startswith(folder.rstrip("/") + "/")


def _carried_chunks(
    settings: Settings, client: Any, previous: idx.Manifest | None, kept: list[dict[str, Any]],
) -> list[Chunk]:
    """The published chunks of folders other writers own, as they are."""
    if previous is None or not kept:
        return []
    collection = idx.query_collection(settings, client)
    chunks, _ = published.read_stored_chunks(collection, published.read_snapshot_ids(client, previous))
    return [c for c in chunks if c.kind == "user" and any(_under(c.source, e["path"]) for e in kept)]


def _registered(plan: Folders, chunks: list[Chunk]) -> list[dict[str, Any]]:
    """The registry to publish: every folder with the documents it holds now."""
    def documents(path: str) -> list[str]:
        return sorted({c.source for c in chunks if c.kind == "user" and _under(c.source, path)})

    return [{"path": e["path"], "owner": e["owner"], "documents": documents(e["path"])}
            for e in [*plan.read, *plan.kept]]


def _reset(settings: Settings, client: Any) -> None:
    """Drop the vectors, the published records (not the lease) and the local caches (``--rebuild``)."""
    with contextlib.suppress(Exception):  # the collection did not exist yet
        client.delete_collection(idx.COLLECTION)
    control = published.control_collection(client)
    if control is not None:
        control.delete(where={"kind": {"$in": ["manifest", "snapshot"]}})
    shutil.rmtree(settings.index_dir / "snapshots", ignore_errors=True)
    idx.manifest_path(settings).unlink(missing_ok=True)


def ensure_index(settings: Settings, progress: Progress | None = None) -> None:
    """Ingest the corpus when no index is published yet ("ingests on first run" for the CLI and evals)."""
    from advisor.facade import index_ready

    if not index_ready(settings):
        run(settings, progress=progress, wait=FIRST_RUN_WAIT_SECONDS, only_if_missing=True)
