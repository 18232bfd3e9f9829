"""Lines a document wrapped, joined back into the sentences that were written, so that a quote
is a whole sentence ("…replacing a" / "legacy scheduler" is one line of work)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from advisor.documents import TextBlock
from advisor.language import detect_language

TERMINAL = ("。", ".", "!", "?", "！", "？", ":", "：")
# A new bullet or numbered item ("2) …", "(3) …", "③"); an indented line alone continues the last.
BULLET_MARK = re.compile(r"^\s*(?:[・\-•*●◆■□▪︎]|\(?\d{1,2}[).](?:\s|$)|[①-⑳])")


def width(text: str) -> int:
    """Display width: a full-width (Japanese) character takes two columns, as on the page."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def unwrap(blocks: tuple[TextBlock, ...], page_wrapped: bool, fresh: Callable[[str], bool]) -> list[TextBlock]:
    """Join the lines a sentence was wrapped over: a line that does not end a sentence continues on
    the next when the next goes on in lower case or is indented under its bullet, and — in a PDF,
    where the page wrapped it — when it ran to the page's edge. A bullet, or a line ``fresh`` says
    starts something (a heading, a dated job), starts afresh."""
    widest: dict[str, int] = {}
    for block in blocks:
        widest[block.location] = max(widest.get(block.location, 0), width(block.text))
    out: list[TextBlock] = []
    last: TextBlock | None = None  # the last physical line: its width says whether the page wrapped it
    for block in blocks:
        if out and last is not None and _continues(last, block, widest[block.location] if page_wrapped else None,
                                                   fresh):
            previous = out[-1]
            joiner = "" if detect_language(previous.text[-1] + block.text.lstrip()[:1]) == "ja" else " "
            out[-1] = TextBlock(previous.text.rstrip() + joiner + block.text.lstrip(), previous.location)
        else:
            out.append(block)
        last = block
    return out


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip())


def _continues(previous: TextBlock, block: TextBlock, widest: int | None, fresh: Callable[[str], bool]) -> bool:
    before, after = previous.text.rstrip(), block.text.lstrip()
    if not before or not after or before.endswith(TERMINAL) or BULLET_MARK.match(block.text) or fresh(block.text):
        return False
    if widest is not None and previous.location != block.location:
        return False  # a PDF page break ends the line's page
    full_line = widest is not None and width(before) >= 0.8 * widest and len(before) > 20
    lower_case_goes_on = after[0].islower() and (before[-1].isalnum() or before[-1] in ",-")
    hanging = _indent(block.text) > _indent(previous.text) and BULLET_MARK.match(previous.text) is not None
    return full_line or lower_case_goes_on or hanging
