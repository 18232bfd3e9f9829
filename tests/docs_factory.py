"""Real documents built in memory for tests: PDFs (with Japanese text), DOCX, encrypted and broken files."""

from __future__ import annotations

import io

FONT_JA = "HeiseiKakuGo-W5"  # a CID font reportlab knows without font files


def make_pdf(pages: list[list[str]], password: str | None = None) -> bytes:
    """A PDF with one text line per string (Japanese included) on each page."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(FONT_JA))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    for lines in pages:
        pdf.setFont(FONT_JA, 10)
        for number, line in enumerate(lines):
            pdf.drawString(40, 800 - 16 * number, line)
        pdf.showPage()
    pdf.save()
    data = buffer.getvalue()
    return encrypt_pdf(data, password) if password else data


def encrypt_pdf(data: bytes, password: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=password, owner_password=password + "-owner")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_image_only_pdf() -> bytes:
    """A PDF whose page holds a drawing and no text layer (like a scan)."""
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.rect(50, 50, 300, 300, fill=1)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def make_docx(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, cell in enumerate(row):
                grid.cell(r, c).text = cell
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
