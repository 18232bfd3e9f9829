"""The LLM answerer: streamed, cited, validated, and never the last line of defence.

The model sees numbered passages and must cite them as ``[n]``. Afterwards citations to passages
that were not given are removed; an answer left with no citation, an empty or runaway answer, or
any error or timeout from the server falls back to the extractive answer with a notice.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace

from langchain_core.language_models import BaseChatModel

from advisor.answer.extractive import best_units
from advisor.answer.prompts import ANSWER_SYSTEM, answer_messages
from advisor.language import split_sentences
from advisor.types import Answer, Citation, Passage

MAX_ANSWER_CHARS = 6000
_CITATION = re.compile(r"\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]")
_LEAK_MARKERS = tuple(line.strip()[:40] for line in ANSWER_SYSTEM.splitlines()[1:] if len(line.strip()) > 20)

NOTICES = {
    "failed": ("The language model did not answer ({reason}); showing the extractive answer.",
               "言語モデルが応答しませんでした（{reason}）。抽出型の回答を表示しています。"),
    "uncited": ("The language model's answer cited no passage; showing the extractive answer.",
                "言語モデルの回答に出典がなかったため、抽出型の回答を表示しています。"),
    "invalid": ("The language model's answer failed validation; showing the extractive answer.",
                "言語モデルの回答が検証を通らなかったため、抽出型の回答を表示しています。"),
}


def notice(key: str, language: str, **values: str) -> str:
    en, ja = NOTICES[key]
    return (ja if language == "ja" else en).format(**values)


def validate_citations(text: str, count: int) -> tuple[str, list[int]]:
    """``text`` with citations to passages outside 1..count removed, and the valid numbers cited."""
    cited: list[int] = []

    def keep(match: re.Match[str]) -> str:
        numbers = [int(n) for n in re.split(r"\s*,\s*", match.group(1))]
        valid = [n for n in numbers if 1 <= n <= count]
        cited.extend(valid)
        return "".join(f"[{n}]" for n in valid)

    cleaned = _CITATION.sub(keep, text)
    return re.sub(r"[ \t]+\n", "\n", cleaned).strip(), sorted(set(cited))


def cited_quote(answer: str, n: int, passage: Passage) -> str:
    """The passage sentences closest to the answer's sentences that cite ``[n]``."""
    claims = " ".join(s for s in split_sentences(answer) if f"[{n}]" in s) or answer
    return "\n".join(best_units(claims, passage, limit=2))


class GenerativeAnswerer:
    """Answers with a LangChain chat model; falls back to ``fallback()`` on any failure."""

    def __init__(self, chat: BaseChatModel, label: str) -> None:
        self.chat = chat
        self.label = label

    def stream(
        self, question: str, passages: list[Passage], language: str, fallback: Callable[[], Answer],
        base: dict[str, object], lead: str = "",
    ) -> Iterator[str | Answer]:
        """Yield text deltas as they arrive, then the final validated ``Answer`` (or the fallback).

        ``lead``, when given, opens the answer (a partial answer's note of what the guide lacks).
        """
        parts: list[str] = []
        if lead:
            yield lead + "\n\n"
        try:
            for chunk in self.chat.stream(answer_messages(question, passages, language)):
                delta = chunk.content if isinstance(chunk.content, str) else ""
                if delta:
                    parts.append(delta)
                    yield delta
                if sum(map(len, parts)) > MAX_ANSWER_CHARS:
                    break
        except Exception as exc:  # any server failure (down, timeout, HTTP error) means: fall back
            reason = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
            yield _fallback(fallback, notice("failed", language, reason=reason))
            return
        raw = "".join(parts).strip()
        if not raw or len(raw) > MAX_ANSWER_CHARS or any(m in raw for m in _LEAK_MARKERS):
            yield _fallback(fallback, notice("invalid", language))
            return
        text, cited = validate_citations(raw, len(passages))
        if not cited:
            yield _fallback(fallback, notice("uncited", language))
            return
        citations = [
            Citation.of(n, p, cited_quote(text, n, p))
            for n in cited
            for p in [passages[n - 1]]
        ]
        text = f"{lead}\n\n{text}" if lead else text
        yield Answer(text, citations, True, answerer=self.label, **base)  # type: ignore[arg-type]


def _fallback(fallback: Callable[[], Answer], message: str) -> Answer:
    answer = fallback()
    return replace(answer, notice=message)
