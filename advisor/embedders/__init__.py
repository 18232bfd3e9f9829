"""Embedders: LangChain ``Embeddings`` picked by name from one registry.

Each backend is a small module; its heavy imports happen inside its factory, so importing
``advisor`` loads no model.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from advisor.errors import BadInput

if TYPE_CHECKING:
    from advisor.embedders.base import AdvisorEmbeddings
    from advisor.settings import Settings


def _use(settings: Settings) -> AdvisorEmbeddings:
    from advisor.embedders.use import USEEmbeddings

    return USEEmbeddings()


def _hf(settings: Settings) -> AdvisorEmbeddings:
    from advisor.embedders.hf import SentenceTransformerEmbeddings

    return SentenceTransformerEmbeddings(settings.embedder_model or "all-MiniLM-L6-v2")


def _fake(settings: Settings) -> AdvisorEmbeddings:
    from advisor.embedders.fake import HashEmbeddings

    return HashEmbeddings()


EMBEDDERS: dict[str, Callable[[Settings], AdvisorEmbeddings]] = {"use": _use, "hf": _hf, "fake": _fake}


def make_embedder(settings: Settings) -> AdvisorEmbeddings:
    """The embedder named by ``settings.embedder``.

    Raises:
        BadInput: the name is unknown (the message lists the valid ones).
    """
    try:
        factory = EMBEDDERS[settings.embedder]
    except KeyError:
        choices = ", ".join(EMBEDDERS)
        raise BadInput(
            f"unknown embedder '{settings.embedder}'; choose one of: {choices}",
            f"不明な埋め込みモデル '{settings.embedder}' です。次から選んでください: {choices}",
        ) from None
    return factory(settings)
