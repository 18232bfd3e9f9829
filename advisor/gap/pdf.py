"""The gap report as a PDF the user can keep (Japanese text drawn with a CID font, no font files)."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from advisor.gap.report import GapReport

FONT = "HeiseiKakuGo-W5"
PAGE_W, PAGE_H, MARGIN = 595, 842, 48


class _Writer:
    """Wraps lines to the page width and breaks pages, so long Japanese lines stay readable."""

    def __init__(self) -> None:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont
        from reportlab.pdfgen import canvas

        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
        self.buffer = io.BytesIO()
        self.pdf = canvas.Canvas(self.buffer, pagesize=(PAGE_W, PAGE_H))
        self.y = PAGE_H - MARGIN

    def line(self, text: str, size: float = 9.5, indent: float = 0, gap: float = 3) -> None:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        width = PAGE_W - 2 * MARGIN - indent
        current = ""
        pieces = []
        for char in text:
            if current and stringWidth(current + char, FONT, size) > width:
                pieces.append(current)
                current = ""
            current += char
        pieces.append(current)
        for piece in pieces:
            if self.y < MARGIN + size:
                self.pdf.showPage()
                self.y = PAGE_H - MARGIN
            self.pdf.setFont(FONT, size)
            self.pdf.drawString(MARGIN + indent, self.y, piece)
            self.y -= size + gap

    def space(self, points: float = 6) -> None:
        self.y -= points

    def bytes(self) -> bytes:
        self.pdf.showPage()
        self.pdf.save()
        return self.buffer.getvalue()


def report_pdf(report: GapReport) -> bytes:
    """A PDF of the report: level and reasons, area scores, per-skill evidence, plan, questions."""
    ja = report.language == "ja"
    out = _Writer()
    out.line("TPM スキルギャップ分析" if ja else "TPM skill gap report", size=16, gap=8)
    out.line(report.summary)
    if report.narrative:
        out.line(report.narrative)
    out.space()
    estimate = report.level_estimate
    out.line(("推定レベル: " if ja else "Estimated level: ") + f"{estimate.level} → "
             + ("目標: " if ja else "target: ") + report.target_level, size=12)
    for reason in estimate.reasons_ja if ja else estimate.reasons:
        out.line(f"・{reason}", indent=10)
    out.space()
    out.line("スキル領域" if ja else "Skill areas", size=12)
    for area in report.areas:
        bar = "■" * round(area["score"] * 10) + "□" * (10 - round(area["score"] * 10))
        out.line(f"{area['name_ja' if ja else 'name_en']}  {bar}  {area['score']:.2f}", indent=10)
    out.space()
    out.line("スキルと根拠" if ja else "Skills and evidence", size=12)
    for skill in sorted(report.skills, key=lambda s: ("strong", "some", "none").index(s.status)):
        out.line(f"{skill.name_ja if ja else skill.name_en} — {skill.status}", size=10, indent=4)
        for item in skill.evidence[:2]:
            out.line(f"“{item['quote']}” ({item['location']})", size=8.5, indent=16)
    out.space()
    out.line("学習計画" if ja else "Learning plan", size=12)
    for item in report.learning_plan:
        out.line(f"{item.priority}. {item.name_ja if ja else item.name_en} ({item.status})", indent=4)
        for resource in item.resources:
            out.line(f"- {resource['title']} — {resource['provider']}", size=8.5, indent=16)
    out.space()
    out.line("練習すべき面接質問" if ja else "Interview questions to practise", size=12)
    for question in report.interview_questions:
        out.line(f"・{question['question']}", indent=4)
    return out.bytes()
