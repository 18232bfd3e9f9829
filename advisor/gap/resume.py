"""A résumé read into sentences that know where they are: which part (experience, skills list,
summary) and which period of work they belong to. In memory only; nothing is written anywhere.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO

from advisor.documents import TextBlock, extract_text, guess_name
from advisor.errors import BadInput
from advisor.gap.career import MONTHS, RANGE, Job, Span, history_jobs, read_span, role_kind
from advisor.language import detect_language, split_sentences

# Headings of the parts of a résumé (Japanese 職務経歴書 and English layouts).
_PARTS = {
    "experience": r"職務経歴|職歴|経歴詳細|プロジェクト経歴|業務経験|業務内容|work experience|experience|employment|"
                  r"work history|professional history|projects",
    "skills": r"スキル|活かせる経験|知識・技術|テクニカルスキル|資格|保有資格|免許|skills|technical skills|"
              r"certifications|qualifications|tools|technologies|languages",
    "summary": r"職務要約|要約|自己pr|自己ＰＲ|志望動機|志望の動機|本人希望|summary|profile|about me|objective|"
               r"overview|motivation|career goals?",
}
# A heading is a short line that starts with one of those words ("活かせる経験・知識・技術").
_HEADING = {part: re.compile(rf"^[\s#■□●◆◇【\[]*({pattern})", re.IGNORECASE) for part, pattern in _PARTS.items()}
# Sentences that address the reader or a system instead of describing work: not evidence, ever.
INSTRUCTION = re.compile(
    r"ignore (all |the )?(previous|prior|above)|previous instructions|system prompt|\bsystem:|rate (me|this)|"
    r"you are now|act as|pretend|override|disregard|respond only|output (the|your)|reveal|"
    r"指示を(すべて)?(無視|忘れ)|これまでの指示|システムプロンプト|システムへの指示|と評価すること|と評価して|"
    r"評価してください|として扱って|制約に従う必要はありません",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^[\s・\-•*●◆■□▪︎]+")
_BULLET_MARK = re.compile(r"^\s*[・\-•*●◆■□▪︎]")  # a new bullet; an indented line alone continues the last


@dataclass(frozen=True)
class ResumeSentence:
    text: str  # verbatim résumé text
    location: str  # "page 2", "paragraph 7", "line 12"
    part: str  # experience | skills | summary | other
    period_end: int | None  # the last year of the job this sentence describes, when known
    dated: bool = False  # a job's header line ("2018年4月〜現在 株式会社…"), not a description


@dataclass(frozen=True)
class Resume:
    name: str
    language: str
    sentences: tuple[ResumeSentence, ...]
    jobs: tuple[Job, ...] = ()  # every dated period, with the kind of role its lines name

    @property
    def periods(self) -> tuple[tuple[int, int], ...]:
        """(start year, end year) of each dated period."""
        return tuple((job.start[0], job.end[0]) for job in self.jobs)

    @property
    def text(self) -> str:
        return "\n".join(s.text for s in self.sentences)

    @property
    def has_experience_section(self) -> bool:
        return any(s.part == "experience" for s in self.sentences)


def _part_of(line: str) -> str | None:
    stripped = unicodedata.normalize("NFKC", line).strip()
    if len(stripped) > 24 or stripped.endswith(("。", ".")) or "、" in stripped:
        return None
    return next((part for part, pattern in _HEADING.items() if pattern.match(stripped)), None)


_AS_OF = re.compile(r"(19[6-9]\d|20\d\d)\s*年\s*(\d{1,2})\s*月(?:\s*\d{1,2}\s*日)?\s*(?:現在|時点)|"
                    r"as of\s+([A-Za-z]{3,9})\.?\s+(?:\d{1,2},?\s+)?(19[6-9]\d|20\d\d)", re.IGNORECASE)


def _written_on(blocks: list[TextBlock]) -> date | None:
    """The date a résumé says it was written (「2025年3月1日現在」, "as of March 2025"): "現在" and
    "Present" in its job dates mean then, not today."""
    for block in blocks[:8]:
        match = _AS_OF.search(unicodedata.normalize("NFKC", block.text))
        if match and RANGE.search(unicodedata.normalize("NFKC", block.text)) is None:
            if match.group(1):
                return date(int(match.group(1)), min(max(int(match.group(2)), 1), 12), 1)
            month = MONTHS.get(match.group(3).lower()[:3])
            if month:
                return date(int(match.group(4)), month, 1)
    return None


def _job(span: Span, context: str) -> Job:
    """The period as a job: its kind from its own line, else from the lines just after it."""
    kind = role_kind(span.quote)
    return Job(span.start, span.end, span.quote, span.location, kind if kind != "other" else role_kind(context))


def read_resume(source: bytes | str | Path | IO[bytes], name: str | None = None, today: date | None = None) -> Resume:
    """Read a résumé (PDF, DOCX, TXT or Markdown) from bytes, a path or an uploaded file.

    Raises:
        BadInput: empty, encrypted, damaged, image-only, too large or unsupported (one line, both languages).
    """
    data, name = _bytes_and_name(source, name)
    extracted = extract_text(data, name)
    blocks = _unwrap(extracted.blocks, page_wrapped=extracted.kind == "pdf")
    today = today or _written_on(blocks) or date.today()
    part, period_end = "other", None
    sentences: list[ResumeSentence] = []
    jobs: list[Job] = []
    for index, block in enumerate(blocks):
        heading = _part_of(block.text)
        if heading:
            part = heading
            if not re.search(r"[:：]\s*\S", block.text):  # "Tools: Jira, Confluence" keeps its list
                continue
        span = read_span(block.text, block.location, today)
        if span:
            jobs.append(_job(span, " ".join(b.text for b in blocks[index + 1: index + 3])))
            period_end = span.end[0]
            if part == "other":
                part = "experience"  # a dated line is a job, whatever the heading said
        body = _BULLET.sub("", block.text).strip()
        for sentence in split_sentences(body):
            if INSTRUCTION.search(sentence) or sentence.rstrip().endswith(("?", "？")):
                continue  # questions and instructions claim no experience
            sentences.append(ResumeSentence(sentence, block.location, part, period_end, dated=bool(span)))
    if not sentences:
        raise BadInput(f"{name}: the résumé holds no readable text", f"{name}: 履歴書に読み取れる文字がありません")
    if not jobs:  # a 履歴書 lists its jobs as dated rows, one event each
        jobs = history_jobs([(b.text, b.location) for b in blocks], today)
    return Resume(name, detect_language(extracted.text), tuple(sentences), tuple(jobs))


def _width(text: str) -> int:
    """Display width: a full-width (Japanese) character takes two columns, as on the page."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


_TERMINAL = ("。", ".", "!", "?", "！", "？", ":", "：")


def _unwrap(blocks: tuple[TextBlock, ...], page_wrapped: bool) -> list[TextBlock]:
    """Join the lines a sentence was wrapped over, so a quote is the whole sentence: a line that
    does not end a sentence continues on the next when the next goes on in lower case ("…replacing
    a" / "legacy scheduler") or is indented under it, and — in a PDF, where the page wrapped it —
    when it ran to the page's edge. A bullet, a dated line or a heading starts afresh."""
    widest: dict[str, int] = {}
    for block in blocks:
        widest[block.location] = max(widest.get(block.location, 0), _width(block.text))
    out: list[TextBlock] = []
    for block in blocks:
        previous = out[-1] if out else None
        if previous is not None and _continues(previous, block, widest[block.location] if page_wrapped else None):
            joiner = "" if detect_language(previous.text[-1] + block.text.lstrip()[:1]) == "ja" else " "
            out[-1] = TextBlock(previous.text.rstrip() + joiner + block.text.lstrip(), previous.location)
        else:
            out.append(block)
    return out


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip())


def _continues(previous: TextBlock, block: TextBlock, widest: int | None) -> bool:
    before, after = previous.text.rstrip(), block.text.lstrip()
    if (not before or not after or before.endswith(_TERMINAL) or _BULLET_MARK.match(block.text)
            or RANGE.search(block.text) or _part_of(block.text)):
        return False
    if widest is not None and previous.location != block.location:
        return False  # a PDF page break ends the line's page
    full_line = widest is not None and _width(before) >= 0.8 * widest and len(before) > 20
    lower_case_goes_on = after[0].islower() and (before[-1].isalnum() or before[-1] in ",-")
    hanging = _indent(block.text) > _indent(previous.text) and _BULLET_MARK.match(previous.text) is not None
    return full_line or lower_case_goes_on or hanging


def _bytes_and_name(source: bytes | str | Path | IO[bytes], name: str | None) -> tuple[bytes, str]:
    """The résumé's bytes and a file name that says its format (sniffed from the bytes if unnamed)."""
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        return data, name or guess_name(data)
    if isinstance(source, str) and ("\n" in source or len(source) > 1024):
        return source.encode("utf-8"), name or "resume.txt"  # the résumé's text itself, not a path
    if isinstance(source, str | Path):
        path = Path(source)
        if not path.is_file():
            raise BadInput(f"file not found: {path}", f"ファイルが見つかりません: {path}")
        return path.read_bytes(), name or path.name
    reader = getattr(source, "getvalue", None) or source.read  # Streamlit's UploadedFile, or any binary file
    data = reader()
    return data, name or getattr(source, "name", None) or guess_name(data)
