"""The few typed errors the library raises; the CLI and the app turn them into one line."""

from __future__ import annotations


class AdvisorError(Exception):
    """Base class: an error the user can act on. Carries a Japanese and an English message."""

    def __init__(self, message_en: str, message_ja: str | None = None) -> None:
        super().__init__(message_en)
        self.message_en = message_en
        self.message_ja = message_ja or message_en

    def message(self, language: str = "en") -> str:
        """The one-line message in the user's language ("ja" or "en")."""
        return self.message_ja if language == "ja" else self.message_en


class BadInput(AdvisorError):
    """The user's input (a question, a file, a setting) cannot be used."""


class IndexMismatch(AdvisorError):
    """The index on disk was built by another embedder or chunker, or is missing."""


class BackendUnavailable(AdvisorError):
    """A server the advisor depends on (Chroma, an LLM) cannot be reached."""


class IndexBusy(AdvisorError):
    """Another ingest holds the shared index's write lease."""
