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
from advisor.language import detect_language, split_sentences

# Headings of the parts of a résumé (Japanese 職務経歴書 and English layouts).
_PARTS = {
    "experience": r"職務経歴|職歴|経歴詳細|プロジェクト経歴|業務経験|業務内容|work experience|experience|employment|"
                  r"work history|professional history|projects",
    "skills": r"スキル|活かせる経験|知識・技術|テクニカルスキル|資格|保有資格|免許|skills|technical skills|"
              r"certifications|qualifications|tools|technologies|languages",
    "summary": r"職務要約|要約|自己pr|自己ＰＲ|summary|profile|about me|objective|overview",
}
# A heading is a short line that starts with one of those words ("活かせる経験・知識・技術").
_HEADING = {part: re.compile(rf"^[\s#■□●◆◇【\[]*({pattern})", re.IGNORECASE) for part, pattern in _PARTS.items()}
_YEAR = r"(19[6-9]\d|20\d\d)"
_RANGE = re.compile(
    rf"{_YEAR}\s*(?:年|[./-]\d{{1,2}}|\s*\w*)?.{{0,12}}?[〜~\-–—至to]+\s*(?:{_YEAR}|現在|現職|在職中|present|current|now)",
    re.IGNORECASE,
)
# Sentences that address the reader or a system instead of describing work: not evidence, ever.
INSTRUCTION = re.compile(
    r"ignore (all |the )?(previous|prior|above)|previous instructions|system prompt|\bsystem:|rate (me|this)|"
    r"you are now|act as|pretend|override|disregard|respond only|output (the|your)|reveal|"
    r"指示を(すべて)?(無視|忘れ)|これまでの指示|システムプロンプト|システムへの指示|と評価すること|と評価して|"
    r"評価してください|として扱って|制約に従う必要はありません",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^[\s・\-•*●◆■□▪︎]+")


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
    periods: tuple[tuple[int, int], ...]  # (start year, end year) of each job found

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


def _period(line: str, this_year: int) -> tuple[int, int] | None:
    match = _RANGE.search(unicodedata.normalize("NFKC", line))
    if not match:
        return None
    start = int(match.group(1))
    end = int(match.group(2)) if match.group(2) else this_year
    return (start, end) if start <= end <= this_year + 1 else None


def read_resume(source: bytes | str | Path | IO[bytes], name: str | None = None, today: date | None = None) -> Resume:
    """Read a résumé (PDF, DOCX, TXT or Markdown) from bytes, a path or an uploaded file.

    Raises:
        BadInput: empty, encrypted, damaged, image-only, too large or unsupported (one line, both languages).
    """
    data, name = _bytes_and_name(source, name)
    extracted = extract_text(data, name)
    blocks = _unwrap(extracted.blocks) if extracted.kind == "pdf" else list(extracted.blocks)
    this_year = (today or date.today()).year
    part, period_end = "other", None
    sentences: list[ResumeSentence] = []
    periods: list[tuple[int, int]] = []
    for block in blocks:
        heading = _part_of(block.text)
        if heading:
            part = heading
            if not re.search(r"[:：]\s*\S", block.text):  # "Tools: Jira, Confluence" keeps its list
                continue
        period = _period(block.text, this_year)
        if period:
            periods.append(period)
            period_end = period[1]
            if part == "other":
                part = "experience"  # a dated line is a job, whatever the heading said
        body = _BULLET.sub("", block.text).strip()
        for sentence in split_sentences(body):
            if INSTRUCTION.search(sentence) or sentence.rstrip().endswith(("?", "？")):
                continue  # questions and instructions claim no experience
            sentences.append(ResumeSentence(sentence, block.location, part, period_end, dated=bool(period)))
    if not sentences:
        raise BadInput(f"{name}: the résumé holds no readable text", f"{name}: 履歴書に読み取れる文字がありません")
    return Resume(name, detect_language(extracted.text), tuple(sentences), tuple(periods))


def _width(text: str) -> int:
    """Display width: a full-width (Japanese) character takes two columns, as on the page."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


_TERMINAL = ("。", ".", "!", "?", "！", "？", ":", "：")


def _unwrap(blocks: tuple[TextBlock, ...]) -> list[TextBlock]:
    """Join the lines a PDF wrapped: a line as long as the page allows that does not end a
    sentence continues on the next one (unless that starts a bullet or a dated job)."""
    widest: dict[str, int] = {}
    for block in blocks:
        widest[block.location] = max(widest.get(block.location, 0), _width(block.text))
    out: list[TextBlock] = []
    for block in blocks:
        previous = out[-1] if out else None
        if (
            previous is not None and previous.location == block.location
            and _width(previous.text) >= 0.85 * widest[block.location] and len(previous.text) > 30
            and not previous.text.rstrip().endswith(_TERMINAL)
            and not _BULLET.match(block.text) and not _RANGE.search(block.text)
        ):
            joiner = "" if detect_language(previous.text[-1] + block.text[:1]) == "ja" else " "
            out[-1] = TextBlock(previous.text.rstrip() + joiner + block.text.lstrip(), previous.location)
        else:
            out.append(block)
    return out


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
