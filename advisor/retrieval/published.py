"""What ingest publishes, kept in the store itself, so every replica serves the same index.

Beside the vector collection (each record: the embedding, and in its metadata the chunk's full
record and its keyword tokens) a small control collection holds ``manifest`` (the recipe, the
registry of user folders, the current snapshot key and who wrote it), ``snapshot:<key>:<n>``
(the snapshot's chunk ids, in pages) and ``lease`` (the one writer, see ``ingest.lease``).
Ingest writes vectors, then the snapshot's pages, then the manifest — one record, so the switch
is atomic — and only then deletes what left. Readers follow the manifest: they see the old
snapshot or the new one, never a mix.

The data directory only caches a snapshot (its chunk records and BM25 index) under its key, so a
replica with an empty one builds the cache from the store once, and a warm one opens as fast as
it always did.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

from advisor.errors import IndexMismatch
from advisor.retrieval import index as idx
from advisor.retrieval.chunks import Chunk, write_chunks
from advisor.retrieval.keyword import KeywordIndex
from advisor.retrieval.tokenize_ja import tokenize
from advisor.settings import Settings

CONTROL = "tpm_advisor_control"
MANIFEST_ID = "manifest"
PAGE = 2000  # chunk ids per snapshot record (~50 KB)
UNIT_VECTOR = [1.0]  # control records mean nothing in vector space, but Chroma wants a vector
TOKEN_SEPARATOR = "\x1f"  # a token holding it (a stray control character) is left out


def control_collection(client: Any, create: bool = False) -> Any | None:
    """The control collection; ``None`` when it does not exist and ``create`` is off."""
    if create:
        return client.get_or_create_collection(CONTROL, embedding_function=None)
    try:
        return client.get_collection(CONTROL, embedding_function=None)
    except Exception:  # chromadb raises NotFoundError (a ValueError in older versions)
        return None


def read_manifest(client: Any) -> idx.Manifest | None:
    """The published manifest, or ``None`` when nothing was published yet.

    Raises:
        IndexMismatch: the record exists but is unreadable.
    """
    control = control_collection(client)
    if control is None:
        return None
    stored = control.get(ids=[MANIFEST_ID], include=["documents"])
    if not stored["ids"]:
        return None
    try:
        return idx.Manifest(**json.loads(stored["documents"][0]))
    except (ValueError, TypeError) as exc:
        raise IndexMismatch(
            f"the published index manifest is unreadable; {idx.REINDEX_HINT_EN}",
            f"公開済みインデックスのマニフェストが読めません。{idx.REINDEX_HINT_JA}",
        ) from exc


def current_manifest(settings: Settings) -> idx.Manifest | None:
    """The manifest the configured store publishes (opens the client)."""
    return read_manifest(idx.chroma_client(settings))


def write_manifest(client: Any, manifest: idx.Manifest) -> None:
    """Publish ``manifest``: from now on readers open its snapshot."""
    control = control_collection(client, create=True)
    control.upsert(ids=[MANIFEST_ID], embeddings=[UNIT_VECTOR], documents=[json.dumps(asdict(manifest))],
                   metadatas=[{"kind": "manifest", "snapshot": manifest.snapshot}])


def _page_id(key: str, page: int) -> str:
    return f"snapshot:{key}:{page}"


def write_snapshot_ids(client: Any, key: str, ids: list[str]) -> int:
    """Store the snapshot's chunk ids (before the manifest names it); returns the page count."""
    control = control_collection(client, create=True)
    pages = [ids[start : start + PAGE] for start in range(0, len(ids), PAGE)] or [[]]
    control.upsert(ids=[_page_id(key, n) for n in range(len(pages))], embeddings=[UNIT_VECTOR] * len(pages),
                   documents=[json.dumps(page) for page in pages],
                   metadatas=[{"kind": "snapshot", "snapshot": key} for _ in pages])
    return len(pages)


def read_snapshot_ids(client: Any, manifest: idx.Manifest) -> list[str]:
    """The chunk ids of the manifest's snapshot, in chunk order."""
    control = control_collection(client)
    wanted = [_page_id(manifest.snapshot, n) for n in range(manifest.pages)]
    stored = control.get(ids=wanted, include=["documents"]) if control is not None else {"ids": []}
    pages = dict(zip(stored["ids"], stored.get("documents") or [], strict=True))
    if set(pages) != set(wanted):
        raise IndexMismatch(
            f"the published snapshot {manifest.snapshot} is incomplete; {idx.REINDEX_HINT_EN}",
            f"公開済みスナップショット {manifest.snapshot} が不完全です。{idx.REINDEX_HINT_JA}",
        )
    return [chunk_id for page in wanted for chunk_id in json.loads(pages[page])]


def prune_snapshot_ids(client: Any, keep: str) -> None:
    """Drop the pages of every snapshot but ``keep`` (after the manifest moved on)."""
    control = control_collection(client)
    if control is not None:
        control.delete(where={"$and": [{"kind": "snapshot"}, {"snapshot": {"$ne": keep}}]})


def keyword_tokens(chunk: Chunk) -> list[str]:
    """The chunk's BM25 tokens, as stored beside its vector and as indexed."""
    return [t for t in tokenize(chunk.search_text) if TOKEN_SEPARATOR not in t]


def chunk_metadata(chunk: Chunk, tokens: list[str]) -> dict[str, str]:
    """A vector record's metadata: filterable fields, the whole chunk record and its BM25 tokens."""
    return {"source": chunk.source, "section": chunk.section or "-", "kind": chunk.kind,
            "chunk": json.dumps(chunk.to_record(), ensure_ascii=False), "tokens": TOKEN_SEPARATOR.join(tokens)}


def has_record(metadata: dict[str, Any] | None) -> bool:
    """Whether a vector record carries its chunk and tokens (records from before they did do not)."""
    return bool(metadata) and "chunk" in metadata and "tokens" in metadata


def read_stored_chunks(collection: Any, ids: list[str]) -> tuple[list[Chunk], list[list[str]]]:
    """The chunks ``ids`` and their keyword tokens, in that order, from the vector records.

    Raises:
        IndexMismatch: a record is missing or holds no chunk record.
    """
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), 5000):
        stored = collection.get(ids=ids[start : start + 5000], include=["metadatas"])
        found.update(zip(stored["ids"], stored["metadatas"], strict=True))
    lacking = [i for i in ids if not has_record(found.get(i))]
    if lacking:
        raise IndexMismatch(
            f"{len(lacking)} chunks of the published snapshot are missing from the store; {idx.REINDEX_HINT_EN}",
            f"公開済みスナップショットのチャンク {len(lacking)} 件がストアにありません。{idx.REINDEX_HINT_JA}",
        )
    chunks = [Chunk.from_record(json.loads(found[i]["chunk"])) for i in ids]
    tokens = [found[i]["tokens"].split(TOKEN_SEPARATOR) if found[i]["tokens"] else [] for i in ids]
    return chunks, tokens


def write_snapshot_cache(folder: Path, chunks: list[Chunk], tokens: list[list[str]]) -> None:
    """Write the chunk records and the BM25 index to ``folder`` whole, or not at all."""
    if (folder / "chunks.jsonl").is_file():
        return  # same key, same content: already there
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=".staging-"))
    try:
        write_chunks(staging / "chunks.jsonl", chunks)
        KeywordIndex.from_tokens(tokens).save(staging / "bm25")
        try:
            staging.rename(folder)
        except OSError:  # another process of this data directory published the same key first
            if not (folder / "chunks.jsonl").is_file():
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def cached_snapshot(settings: Settings, client: Any, collection: Any, manifest: idx.Manifest) -> Path:
    """The local cache of the manifest's snapshot, built from the store when this directory lacks it."""
    folder = idx.snapshot_dir(settings, manifest.snapshot)
    if not (folder / "chunks.jsonl").is_file():
        chunks, tokens = read_stored_chunks(collection, read_snapshot_ids(client, manifest))
        write_snapshot_cache(folder, chunks, tokens)
    return folder


def prune_cache(settings: Settings, keep: str) -> None:
    """Drop cached snapshots other than ``keep``."""
    snapshots = settings.index_dir / "snapshots"
    for entry in snapshots.iterdir() if snapshots.is_dir() else []:
        if entry.name != keep and not entry.name.startswith(".staging-"):
            shutil.rmtree(entry, ignore_errors=True)
