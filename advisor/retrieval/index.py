"""The index: its recipe (``Manifest``), the vector store (Chroma) and where snapshots are cached.

The store is the one source of truth (``published``): the vectors, each chunk's record and
tokens, the manifest and the snapshot's chunk ids all live in Chroma — under
``<data_dir>/index/chroma`` (embedded) or on a Chroma server. The data directory holds caches:
``snapshots/<key>/`` (chunks.jsonl + the BM25 index) and ``manifest.json``, a copy of the last
manifest this directory published or opened, so a start can tell without opening the store
whether an embedded index exists.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from advisor.embedders.base import AdvisorEmbeddings
from advisor.errors import BackendUnavailable, BadInput, IndexMismatch
from advisor.settings import Settings

COLLECTION = "tpm_advisor"
TOKENIZER_ID = "fugashi-unidic-lite-content-v2"
REINDEX_HINT_EN = "re-index with: advisor ingest --rebuild"
REINDEX_HINT_JA = "再インデックスしてください: advisor ingest --rebuild"


@dataclass(frozen=True)
class Manifest:
    """How the index was built; reopening checks it against the current settings."""

    embedder_id: str
    dimension: int
    query_prefix: str
    passage_prefix: str
    tokenizer: str
    chunker_version: str
    snapshot: str
    chunks: int
    pages: int = 1  # records holding the snapshot's chunk ids
    # The registry of user folders: {"path", "owner" (the writer that added it), "documents"}.
    folders: list[dict[str, Any]] = field(default_factory=list)
    writer: str = ""  # who published this snapshot: host and data directory
    published_at: str = ""  # UTC, ISO 8601

    def check(self, embedder: AdvisorEmbeddings) -> None:
        """Raise ``IndexMismatch`` unless this index was built by ``embedder`` and our tokenizer."""
        built = (self.embedder_id, self.dimension, self.tokenizer)
        wanted = (embedder.embedder_id, embedder.dimension, TOKENIZER_ID)
        if built != wanted:
            raise IndexMismatch(
                f"the index was built with embedder {self.embedder_id} (dim {self.dimension}) but "
                f"{embedder.embedder_id} (dim {embedder.dimension}) is configured; {REINDEX_HINT_EN}",
                f"インデックスは {self.embedder_id}(次元 {self.dimension})で作られていますが、設定は "
                f"{embedder.embedder_id}(次元 {embedder.dimension})です。{REINDEX_HINT_JA}",
            )


def manifest_path(settings: Settings) -> Path:
    return settings.index_dir / "manifest.json"


def snapshot_dir(settings: Settings, key: str) -> Path:
    return settings.index_dir / "snapshots" / key


def cached_manifest(settings: Settings) -> dict[str, Any] | None:
    """This directory's copy of the last manifest it published or opened (a cache, not the truth)."""
    path = manifest_path(settings)
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def write_json_atomic(path: Path, payload: Any) -> None:
    """Write JSON so readers see the old file or the new one, never a torn one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(payload, handle, ensure_ascii=False, indent=2)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def cache_manifest(settings: Settings, manifest: Manifest) -> None:
    write_json_atomic(manifest_path(settings), asdict(manifest))


def chroma_client(settings: Settings) -> Any:
    """The embedded store under the data directory, or a Chroma server when one is configured.

    Telemetry is off either way. Raises ``BackendUnavailable`` if the server cannot be reached.
    """
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if not settings.chroma_url:
        (settings.index_dir / "chroma").mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(settings.index_dir / "chroma"), settings=chroma_settings)
    url = urlparse(settings.chroma_url if "://" in settings.chroma_url else f"http://{settings.chroma_url}")
    if not url.hostname:
        raise BadInput(
            f"invalid ADVISOR_CHROMA_URL: {settings.chroma_url}",
            f"ADVISOR_CHROMA_URL が不正です: {settings.chroma_url}",
        )
    try:
        client = chromadb.HttpClient(
            host=url.hostname, port=url.port or 8000, ssl=url.scheme == "https", settings=chroma_settings
        )
        client.heartbeat()
    except Exception as exc:
        raise chroma_down(settings) from exc
    return client


def chroma_down(settings: Settings) -> BackendUnavailable:
    return BackendUnavailable(
        f"the Chroma server at {settings.chroma_url} is not reachable; "
        "start it (chroma run) or unset ADVISOR_CHROMA_URL",
        f"Chroma サーバー {settings.chroma_url} に接続できません。起動するか ADVISOR_CHROMA_URL を外してください",
    )


def vector_store(settings: Settings, embedder: AdvisorEmbeddings, client: Any | None = None) -> Any:
    """The LangChain ``Chroma`` store with our embedder (Chroma's own default never runs)."""
    from langchain_chroma import Chroma

    return Chroma(
        collection_name=COLLECTION,
        client=client if client is not None else chroma_client(settings),
        embedding_function=embedder,
        collection_metadata={"hnsw:space": "cosine"},
    )


def query_collection(settings: Settings, client: Any | None = None) -> Any:
    """The published collection, opened for queries only (no LangChain wrapper on the query path).

    Queries send our own vectors, so no embedding function is attached: Chroma's default (which
    would download a model) can never run. Raises ``IndexMismatch`` when the collection is gone.
    """
    client = client if client is not None else chroma_client(settings)
    try:
        return client.get_collection(COLLECTION, embedding_function=None)
    except Exception as exc:
        if settings.chroma_url and not _answers(client):
            raise chroma_down(settings) from exc
        raise IndexMismatch(
            f"the vector collection '{COLLECTION}' is missing from the index; {REINDEX_HINT_EN}",
            f"インデックスにベクトルのコレクション '{COLLECTION}' がありません。{REINDEX_HINT_JA}",
        ) from exc


def _answers(client: Any) -> bool:
    try:
        client.heartbeat()
        return True
    except Exception:
        return False
