"""Text out of user files (PDF, DOCX, TXT/Markdown, HTML), in memory, within hard limits.

Used for résumés (never written anywhere) and for the user's own documents at ingest. Every
failure is a ``BadInput`` with a one-line message in Japanese and English.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path, PurePath
from typing import IO, ClassVar

from advisor.errors import BadInput

MAX_BYTES = 10 * 1024 * 1024
MAX_PAGES = 50
MAX_CHARS = 300_000
MAX_DOCX_UNZIPPED = 50 * 1024 * 1024  # a zip bomb inflates far past this
SUPPORTED = (".pdf", ".docx", ".txt", ".md", ".markdown", ".html", ".htm")


@dataclass(frozen=True)
class TextBlock:
    """A paragraph-sized piece of a document and where it sits ("page 2", "paragraph 7")."""

    text: str
    location: str


@dataclass(frozen=True)
class ExtractedText:
    name: str
    kind: str  # pdf | docx | text | html
    blocks: tuple[TextBlock, ...]

    @property
    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)


def _bad(en: str, ja: str) -> BadInput:
    return BadInput(en, ja)


def _split_blocks(text: str, unit: str) -> list[TextBlock]:
    blocks: list[TextBlock] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            blocks.append(TextBlock(line.rstrip(), f"{unit} {number}"))
    return blocks


def _decode(data: bytes, name: str) -> str:
    for encoding in ("utf-8-sig", "cp932", "euc-jp"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    raise _bad(f"{name}: not a readable text file", f"{name}: テキストファイルとして読めません")


def _read_pdf(data: bytes, name: str) -> list[TextBlock]:
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.CRITICAL)  # malformed files are reported once, by us
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise _bad(f"{name}: the PDF is password-protected", f"{name}: PDF がパスワードで保護されています")
        if len(reader.pages) > MAX_PAGES:
            raise _bad(
                f"{name}: the PDF has {len(reader.pages)} pages; the limit is {MAX_PAGES}",
                f"{name}: PDF が {len(reader.pages)} ページあります(上限 {MAX_PAGES} ページ)",
            )
        blocks: list[TextBlock] = []
        for number, page in enumerate(reader.pages, start=1):
            page_text = page.extract_text() or ""
            blocks += [TextBlock(b.text, f"page {number}") for b in _split_blocks(page_text, "line")]
    except BadInput:
        raise
    except Exception as exc:  # pypdf raises many kinds on malformed files (fuzzing found loop-limit errors)
        raise _bad(f"{name}: the PDF is damaged or unreadable", f"{name}: PDF が壊れているか読めません") from exc
    if not blocks:
        raise _bad(
            f"{name}: the PDF has no text layer (scanned image?)",
            f"{name}: PDF に文字データがありません(画像のみのスキャンでは?)",
        )
    return blocks


def _read_docx(data: bytes, name: str) -> list[TextBlock]:
    import docx

    damaged = _bad(f"{name}: the DOCX is damaged, encrypted or not a DOCX",
                   f"{name}: DOCX が壊れているか、暗号化されているか、DOCX ではありません")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_DOCX_UNZIPPED:
                raise _bad(f"{name}: the DOCX expands too large", f"{name}: DOCX の展開後のサイズが大きすぎます")
        document = docx.Document(io.BytesIO(data))
        blocks = [
            TextBlock(p.text.strip(), f"paragraph {i}")
            for i, p in enumerate(document.paragraphs, start=1)
            if p.text.strip()
        ]
        for t, table in enumerate(document.tables, start=1):
            for r, row in enumerate(table.rows, start=1):
                cells = [c.text.strip() for c in row.cells if c.text.strip()]
                if cells:
                    blocks.append(TextBlock(" | ".join(dict.fromkeys(cells)), f"table {t} row {r}"))
    except BadInput:
        raise
    except Exception as exc:  # python-docx raises many kinds on malformed XML/zips
        raise damaged from exc
    return blocks


class _HTMLText(HTMLParser):
    _SKIP: ClassVar[set[str]] = {"script", "style", "noscript", "template"}
    _BREAK: ClassVar[set[str]] = {
        "p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BREAK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self._skipping:
            self._skipping -= 1
        elif tag in self._BREAK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def _read_html(data: bytes, name: str) -> list[TextBlock]:
    parser = _HTMLText()
    parser.feed(_decode(data, name))
    text = re.sub(r"[ \t]+", " ", "".join(parser.parts))
    return _split_blocks(text, "line")


def guess_name(data: bytes) -> str:
    """A file name for unnamed bytes, from their magic numbers (a PDF, a DOCX zip, HTML, or text)."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "document.pdf"
    if head.startswith(b"PK\x03\x04"):
        return "document.docx"
    if head.lstrip().lower().startswith((b"<!doctype html", b"<html")):
        return "document.html"
    return "document.txt"


def extract_text(data: bytes, name: str) -> ExtractedText:
    """Read ``data`` (the bytes of a file called ``name``) into text blocks with locations.

    Raises:
        BadInput: empty, too large, unsupported, encrypted, damaged, or holding no text.
    """
    suffix = PurePath(name).suffix.lower()
    if suffix not in SUPPORTED:
        raise _bad(
            f"{name}: unsupported file type; use one of: {', '.join(SUPPORTED)}",
            f"{name}: 対応していない形式です。次の形式を使ってください: {', '.join(SUPPORTED)}",
        )
    if not data:
        raise _bad(f"{name}: the file is empty", f"{name}: ファイルが空です")
    if len(data) > MAX_BYTES:
        raise _bad(
            f"{name}: the file is larger than {MAX_BYTES // (1024 * 1024)} MB",
            f"{name}: ファイルが {MAX_BYTES // (1024 * 1024)} MB を超えています",
        )
    if suffix == ".pdf":
        kind, blocks = "pdf", _read_pdf(data, name)
    elif suffix == ".docx":
        kind, blocks = "docx", _read_docx(data, name)
    elif suffix in (".html", ".htm"):
        kind, blocks = "html", _read_html(data, name)
    else:
        kind, blocks = "text", _split_blocks(_decode(data, name), "line")
    if not any(b.text.strip() for b in blocks):
        raise _bad(f"{name}: the file holds no text", f"{name}: ファイルに文字がありません")
    if sum(len(b.text) for b in blocks) > MAX_CHARS:
        raise _bad(
            f"{name}: the text is longer than {MAX_CHARS:,} characters",
            f"{name}: 文字数が上限({MAX_CHARS:,} 文字)を超えています",
        )
    return ExtractedText(name=name, kind=kind, blocks=tuple(blocks))


def source_bytes(source: bytes | str | Path | IO[bytes], name: str | None) -> tuple[bytes, str]:
    """A user file's bytes and a name that says its format (sniffed from the bytes if unnamed):
    ``source`` is bytes, a path, an uploaded file, or — with a newline or over 1 KB — the text itself."""
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        return data, name or guess_name(data)
    if isinstance(source, str) and ("\n" in source or len(source) > 1024):
        return source.encode("utf-8"), name or "document.txt"  # the document's text itself, not a path
    if isinstance(source, str | Path):
        path = Path(source)
        if not path.is_file():
            raise BadInput(f"file not found: {path}", f"ファイルが見つかりません: {path}")
        return path.read_bytes(), name or path.name
    reader = getattr(source, "getvalue", None) or source.read  # Streamlit's UploadedFile, or any binary file
    data = reader()
    return data, name or getattr(source, "name", None) or guess_name(data)
