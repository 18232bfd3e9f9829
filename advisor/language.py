"""Which language a text is in, for answering and messaging in the user's language."""

from __future__ import annotations

import re

_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]")


def detect_language(text: str) -> str:
    """Return "ja" when the text holds any kana or kanji, else "en".

    Japanese questions routinely mix in English terms ("TPMとPMのdifferenceは?"); a single
    Japanese character is a far better signal of the reader's language than a majority vote.
    """
    return "ja" if _JAPANESE.search(text) else "en"


_SENTENCE_END = re.compile(r"(?<=[。！？!?])|(?<=\.)(?=\s)")


def split_sentences(text: str) -> list[str]:
    """Sentences on Japanese and English sentence ends (。！？.!?), stripped, none empty."""
    return [s for s in (p.strip() for p in _SENTENCE_END.split(text)) if s]
