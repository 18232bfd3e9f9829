"""Write chunks into the vector store, incrementally and safely.

Order matters for crash safety: (1) embed and add only chunks the store lacks, in small batches,
each record carrying the chunk and its keyword tokens (each batch is durable, so a killed run
resumes where it stopped); (2) store the snapshot's chunk ids and cache it locally; (3) publish
the manifest (``advisor.retrieval.published``); (4) only then delete stale vectors. Readers
follow the manifest, so they see the old index or the new one, never a mix.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from advisor.retrieval.chunks import Chunk
from advisor.retrieval.published import chunk_metadata, has_record

Progress = Callable[[str, int, int], None]
BATCH = 32
PAGE = 5000


def snapshot_key(chunks: list[Chunk]) -> str:
    digest = hashlib.sha256("\n".join(sorted(c.id for c in chunks)).encode())
    return digest.hexdigest()[:16]


def existing_ids(collection: Any) -> set[str]:
    ids: set[str] = set()
    offset = 0
    while True:
        batch = collection.get(include=[], limit=PAGE, offset=offset)["ids"]
        ids.update(batch)
        if len(batch) < PAGE:
            return ids
        offset += PAGE


def embed_missing(
    store: Any, chunks: list[Chunk], present: set[str], tokens: dict[str, list[str]],
    progress: Progress | None, renew: Callable[[], None] = lambda: None,
) -> int:
    """Embed and add the chunks whose ids the store lacks; returns how many were embedded."""
    missing = [c for c in chunks if c.id not in present]
    for start in range(0, len(missing), BATCH):
        renew()
        batch = missing[start : start + BATCH]
        store.add_texts(texts=[c.search_text for c in batch], ids=[c.id for c in batch],
                        metadatas=[chunk_metadata(c, tokens[c.id]) for c in batch])
        if progress:
            progress("embed", min(start + BATCH, len(missing)), len(missing))
    return len(missing)


def complete_records(collection: Any, chunks: list[Chunk], present: set[str], tokens: dict[str, list[str]]) -> int:
    """Give vectors stored before records carried their chunk and tokens both (no re-embedding)."""
    ids = [c.id for c in chunks if c.id in present]
    by_id = {c.id: c for c in chunks}
    lacking: list[str] = []
    for start in range(0, len(ids), PAGE):
        stored = collection.get(ids=ids[start : start + PAGE], include=["metadatas"])
        lacking += [i for i, meta in zip(stored["ids"], stored["metadatas"], strict=True) if not has_record(meta)]
    for start in range(0, len(lacking), PAGE):
        page = lacking[start : start + PAGE]
        collection.update(ids=page, metadatas=[chunk_metadata(by_id[i], tokens[i]) for i in page])
    return len(lacking)
