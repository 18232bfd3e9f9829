"""Write chunks into the vector store and a published snapshot, incrementally and safely.

Order matters for crash safety: (1) embed and add only chunks the store lacks, in small batches
(each batch is durable, so a killed run resumes where it stopped); (2) write the snapshot (chunk
records + BM25) into a temporary folder and rename it into place; (3) replace the manifest
atomically; (4) only then delete stale vectors. Readers follow the manifest, so they see the old
index or the new one, never a mix.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from advisor.retrieval.chunks import Chunk, write_chunks
from advisor.retrieval.keyword import KeywordIndex

Progress = Callable[[str, int, int], None]
BATCH = 32


def snapshot_key(chunks: list[Chunk]) -> str:
    digest = hashlib.sha256("\n".join(sorted(c.id for c in chunks)).encode())
    return digest.hexdigest()[:16]


def existing_ids(collection: Any) -> set[str]:
    ids: set[str] = set()
    offset, page = 0, 5000
    while True:
        batch = collection.get(include=[], limit=page, offset=offset)["ids"]
        ids.update(batch)
        if len(batch) < page:
            return ids
        offset += page


def embed_missing(store: Any, chunks: list[Chunk], present: set[str], progress: Progress | None) -> int:
    """Embed and add the chunks whose ids the store lacks; returns how many were embedded."""
    missing = [c for c in chunks if c.id not in present]
    for start in range(0, len(missing), BATCH):
        batch = missing[start : start + BATCH]
        store.add_texts(
            texts=[c.search_text for c in batch],
            metadatas=[{"source": c.source, "section": c.section or "-", "kind": c.kind} for c in batch],
            ids=[c.id for c in batch],
        )
        if progress:
            progress("embed", min(start + BATCH, len(missing)), len(missing))
    return len(missing)


def publish_snapshot(folder: Path, chunks: list[Chunk]) -> None:
    """Write chunk records and the BM25 index to ``folder`` whole, or not at all."""
    if folder.is_dir():
        return  # same content hash: already published
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=".staging-"))
    try:
        write_chunks(staging / "chunks.jsonl", chunks)
        KeywordIndex.build([c.search_text for c in chunks]).save(staging / "bm25")
        staging.rename(folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def prune_snapshots(snapshots: Path, keep: str) -> None:
    for entry in snapshots.iterdir() if snapshots.is_dir() else []:
        if entry.name != keep:
            shutil.rmtree(entry, ignore_errors=True)
