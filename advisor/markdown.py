"""Safe Markdown for the app: user and corpus text is escaped, then only our own markup is added.

Streamlit renders Markdown (never raw HTML unless asked), but a question like ``![x](http://…)``
or ``**[click](javascript:…)**`` would still become live Markdown if shown as is.
"""

from __future__ import annotations

import re
import unicodedata

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


# A table row's first line names the row ("スキル: 戦略的思考", "Career stage: Senior TPM"): a short
# header, a short value that is not a sentence. Longer first lines are prose fields ("目的: …").
_ROW_KEY = re.compile(r"^(?![(（])([^:：\n]{1,24})[:：]\s*([^\n]{1,48})$")
_LEADING_SYMBOLS = re.compile(r"^[^\w(（『「]+")
CHIP_SECTION_WIDTH = 16  # display columns; a chip is a third of the answer's width
CHIP_ITEM_WIDTH = 24


def citation_label(section: str, text: str) -> str:
    """A citation chip's short title: the section and the item it quotes, clipped to fit a chip.

    The item is the row a table passage is ("Senior TPM", 戦略的思考), else the deepest heading of
    the section path; the section is the heading above it ("組織・管理スキル(ソフト… › 戦略的思考",
    "4. How a TPM collaborate… › Finance and procurement").
    """
    # The guide's headings spell the role out; a chip has room for its usual short form.
    path = [_LEADING_SYMBOLS.sub("", part).replace("Technical Program Manager", "TPM").strip()
            for part in section.split(" > ") if part.strip()]
    first_line = text.strip().split("\n", 1)[0]
    # A catalogue entry's first line is its title (the section's last part), whatever colon it holds.
    titled = bool(path) and first_line.startswith(path[-1][:12])
    row = _ROW_KEY.match(first_line) if "\n" in text.strip() and not titled else None
    if row and not row.group(2).rstrip().endswith(("。", ".")):
        parts = [path[-1] if path else "", row.group(2).strip()]
    else:
        parts = [path[0], path[-1]] if len(path) > 1 else path[:1]
    parts = [part for part in parts if part]
    if len(parts) < 2:
        return _clip("".join(parts), CHIP_SECTION_WIDTH + CHIP_ITEM_WIDTH)
    return f"{_clip(parts[0], CHIP_SECTION_WIDTH)} › {_clip(parts[1], CHIP_ITEM_WIDTH)}"


def _clip(text: str, width: int) -> str:
    """``text`` cut to ``width`` columns (a full-width character takes two), ending in an ellipsis."""
    used = 0
    for position, char in enumerate(text):
        used += 2 if unicodedata.east_asian_width(char) in "WF" else 1
        if used > width:
            return text[:position].rstrip() + "…"
    return text
