"""Safe Markdown for the app: user and corpus text is escaped, then only our own markup is added.

Streamlit renders Markdown (never raw HTML unless asked), but a question like ``![x](http://…)``
or ``**[click](javascript:…)**`` would still become live Markdown if shown as is.
"""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~<:$])")


def escape(text: str) -> str:
    """``text`` with every Markdown control character escaped; line breaks kept."""
    return "  \n".join(_SPECIAL.sub(r"\\\1", line) for line in text.splitlines())


def highlight(text: str, quote: str) -> str:
    """``text`` escaped, with the sentences of ``quote`` that occur in it on a highlighted background."""
    parts = [p for p in re.split(r"\n|(?<=[。！？.!?])\s*", quote) if len(p.strip()) > 3]
    spans: list[tuple[int, int]] = []
    for part in parts:
        start = text.find(part.strip())
        if start >= 0:
            spans.append((start, start + len(part.strip())))
    out, cursor = [], 0
    for start, end in sorted(spans):
        if start < cursor:
            continue
        out.append(escape(text[cursor:start]))
        out.append(f":orange-background[{escape(text[start:end])}]")
        cursor = end
    out.append(escape(text[cursor:]))
    return "".join(out)


def answer_markdown(answer: str) -> str:
    """An answer's text for display: escaped, with its ``[n]`` markers kept readable as badges."""
    escaped = escape(answer)
    return re.sub(r"\\\[(\d+)\\\]", r":blue-badge[\1]", escaped).replace("  \n\\- ", "  \n• ").removeprefix("\\- ")
