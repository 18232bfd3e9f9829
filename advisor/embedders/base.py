"""What every embedder adds to LangChain's ``Embeddings``: a stable id and its dimension.

The index manifest records both, so an index is never queried with vectors from another model.
"""

from __future__ import annotations

from abc import abstractmethod

from langchain_core.embeddings import Embeddings


class AdvisorEmbeddings(Embeddings):
    """LangChain ``Embeddings`` plus the recipe facts the index manifest records."""

    @property
    @abstractmethod
    def embedder_id(self) -> str:
        """A stable name that changes whenever the vectors would change."""

    @property
    @abstractmethod
    def dimension(self) -> int:
        """Length of every vector."""

    @property
    def query_prefix(self) -> str:
        return ""

    @property
    def passage_prefix(self) -> str:
        return ""
