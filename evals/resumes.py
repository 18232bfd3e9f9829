"""Synthetic résumés for the gap-analysis eval: specs in datasets/resumes.yaml rendered, in memory,
into the format each names (PDF with Japanese text, DOCX, TXT, Markdown). Nothing touches disk.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import yaml

from evals.datasets import DATASETS

RESUMES = DATASETS / "resumes.yaml"
FONT = "HeiseiKakuGo-W5"  # a CID font reportlab draws Japanese with, no font file needed
PAGE_WIDTH, MARGIN, FONT_SIZE, LEADING = 595, 40, 9, 13


def load_specs(path: Path = RESUMES) -> list[dict[str, Any]]:
    return list(yaml.safe_load(path.read_text(encoding="utf-8"))["resumes"])


def render(text: str, fmt: str) -> bytes:
    """The résumé ``text`` as a file of format ``fmt`` (pdf, docx, txt, md)."""
    if fmt == "pdf":
        return _pdf(text)
    if fmt == "docx":
        return _docx(text)
    return text.encode("utf-8")


def _wrap(line: str, width: float) -> list[str]:
    """Lines as a word processor wraps them: Japanese anywhere, English words whole."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    out, current = [], ""
    for piece in re.findall(r"[A-Za-z0-9][\w'.,:;/&()%+-]*\s*|\S\s*|\s+", line):
        if current and stringWidth(current + piece.rstrip(), FONT, FONT_SIZE) > width:
            out.append(current.rstrip())
            current = ""
        current += piece
    return [*out, current.rstrip()]


def _pdf(text: str) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    y = 800
    pdf.setFont(FONT, FONT_SIZE)
    for line in text.splitlines():
        for piece in _wrap(line, PAGE_WIDTH - 2 * MARGIN) if line.strip() else [""]:
            if y < 50:
                pdf.showPage()
                pdf.setFont(FONT, FONT_SIZE)
                y = 800
            pdf.drawString(MARGIN, y, piece)
            y -= LEADING
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.splitlines():
        if line.strip():
            document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
