"""The gap report as a PDF the user can keep: the report's blocks drawn with an embedded Japanese
TrueType font, wrapped as a typesetter would — Japanese between any two characters (never
before 、。」), English only between words.

The font is IPAexGothic, which ships in the PyPI package ``japanize-matplotlib`` (a project
dependency), or any of the Debian TrueType Japanese fonts below. No font, no PDF: a one-line
error says how to get one, and the Markdown report still works.
"""

from __future__ import annotations

import importlib.util
import io
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from advisor.errors import BadInput
from advisor.gap.labels import LABELS

if TYPE_CHECKING:
    from advisor.gap.report import GapReport

FONT = "TPMAdvisorJapanese"
SYSTEM_FONTS = (  # Debian packages with TrueType outlines (reportlab cannot embed CFF-based .otf/.ttc)
    "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf",
    "/usr/share/fonts/truetype/fonts-japanese-gothic.ttf",
    "/usr/share/fonts/truetype/takao-gothic/TakaoPGothic.ttf",
    "/usr/share/fonts/opentype/ipafont-gothic/ipagp.ttf",
)
PAGE_W, PAGE_H, MARGIN = 595, 842, 48
STYLE = {"title": (16, 0, 8), "heading": (12.5, 0, 5), "subheading": (10.5, 4, 3), "paragraph": (9.5, 0, 3),
         "bullet": (9, 10, 2), "quote": (8.5, 16, 2), "note": (8.5, 16, 2)}  # size, indent, gap after
# A Latin word (with what sticks to it) stays whole; any other character is a break point, but
# closing punctuation stays with the character before it (禁則).
_PIECE = re.compile(r"[A-Za-z0-9][\w'’.,:;/&%+#@()\-]*\s*|\S[、。，．」』）)】！？!?・ー]*\s*|\s+")


@lru_cache(maxsize=1)
def font_path() -> Path | None:
    """A TrueType font with Japanese glyphs: the packaged IPAexGothic first, then the system's."""
    spec = importlib.util.find_spec("japanize_matplotlib")
    if spec and spec.origin:
        packaged = Path(spec.origin).parent / "fonts" / "ipaexg.ttf"
        if packaged.is_file():
            return packaged
    return next((Path(p) for p in SYSTEM_FONTS if Path(p).is_file()), None)


def wrap(text: str, width: float, size: float) -> list[str]:
    """``text`` in lines no wider than ``width`` points, broken only where a typesetter would."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines, current = [], ""
    for piece in _PIECE.findall(text):
        if current and stringWidth((current + piece).rstrip(), FONT, size) > width:
            lines.append(current.rstrip())
            current = piece.lstrip()
            while stringWidth(current.rstrip(), FONT, size) > width:  # one word wider than the line
                cut = max(1, int(len(current) * width / stringWidth(current, FONT, size)))
                lines.append(current[:cut])
                current = current[cut:]
        else:
            current += piece
    return [*lines, current.rstrip()]


class _Writer:
    def __init__(self) -> None:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont
        from reportlab.pdfgen import canvas

        path = font_path()
        if path is None:
            raise BadInput(LABELS["no_pdf_font"][1], LABELS["no_pdf_font"][0])
        if FONT not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(FONT, str(path)))
        self.buffer = io.BytesIO()
        self.pdf = canvas.Canvas(self.buffer, pagesize=(PAGE_W, PAGE_H))
        self.y = PAGE_H - MARGIN

    def draw(self, text: str, size: float, indent: float, gap: float) -> None:
        for piece in wrap(" ".join(text.split()), PAGE_W - 2 * MARGIN - indent, size):
            if self.y < MARGIN + size:
                self.pdf.showPage()
                self.y = PAGE_H - MARGIN
            self.pdf.setFont(FONT, size)
            self.pdf.drawString(MARGIN + indent, self.y, piece)
            self.y -= size + 2
        self.y -= gap

    def bytes(self) -> bytes:
        self.pdf.showPage()
        self.pdf.save()
        return self.buffer.getvalue()


def report_pdf(report: GapReport) -> bytes:
    """A PDF of the report's blocks, Japanese text embedded."""
    out = _Writer()
    for block in report.blocks():
        size, indent, gap = STYLE[block.kind]
        prefix = {"bullet": "・", "quote": "“"}.get(block.kind, "")
        suffix = "”" if block.kind == "quote" else ""
        if block.kind == "heading":
            out.y -= 6
        out.draw(prefix + block.text + suffix, size, indent + 10 * block.level, gap)
    return out.bytes()
