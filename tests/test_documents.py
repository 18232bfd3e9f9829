"""Reading user documents: real PDF/DOCX/HTML/text parsing, and one clear error for every bad file."""

from __future__ import annotations

import io
import zipfile

import pytest
from docs_factory import make_docx, make_image_only_pdf, make_pdf

from advisor.documents import MAX_BYTES, MAX_PAGES, extract_text
from advisor.errors import BadInput


def test_japanese_pdf_text_is_read_with_page_locations() -> None:
    data = make_pdf([["職務経歴書", "AWSへの移行を主導しました。"], ["Led a migration of 12 services."]])
    extracted = extract_text(data, "resume.pdf")
    assert [b.location for b in extracted.blocks] == ["page 1", "page 1", "page 2"]
    assert "AWSへの移行を主導しました。" in extracted.text


def test_docx_paragraphs_and_tables_are_read() -> None:
    table = [["期間", "業務"], ["2020", "移行計画"]]
    data = make_docx(["プロジェクト管理の経験", "Stakeholder reporting"], table=table)
    extracted = extract_text(data, "cv.docx")
    assert extracted.blocks[0].text == "プロジェクト管理の経験"
    assert any(b.location.startswith("table 1") and "移行計画" in b.text for b in extracted.blocks)


def test_html_drops_scripts_and_keeps_text() -> None:
    html = "<html><script>alert(1)</script><h1>見出し</h1><p>本文です。</p></html>".encode()
    assert extract_text(html, "page.html").text.splitlines() == ["見出し", "本文です。"]


def test_shift_jis_text_is_decoded() -> None:
    assert extract_text("技術的負債".encode("cp932"), "memo.txt").text == "技術的負債"


@pytest.mark.parametrize(
    ("data", "name", "english", "japanese"),
    [
        (b"", "a.pdf", "empty", "空"),
        (b"%PDF-1.7\n garbage that is not a pdf", "b.pdf", "damaged", "壊れて"),
        (make_pdf([["secret"]], password="pw"), "c.pdf", "password", "パスワード"),
        (make_image_only_pdf(), "d.pdf", "no text layer", "文字データ"),
        (b"PK\x03\x04 not really a zip", "e.docx", "damaged", "壊れて"),
        (b"hello", "f.exe", "unsupported", "対応していない"),
        (b"x" * (MAX_BYTES + 1), "g.txt", "larger than", "超えて"),
        (b"   \n\n  ", "h.txt", "no text", "文字がありません"),
    ],
)
def test_bad_files_give_one_clear_line_in_both_languages(data: bytes, name: str, english: str, japanese: str) -> None:
    with pytest.raises(BadInput) as caught:
        extract_text(data, name)
    assert english in caught.value.message("en") and name in caught.value.message("en")
    assert japanese in caught.value.message("ja")
    assert "\n" not in caught.value.message("en")


def test_too_many_pages_is_refused() -> None:
    data = make_pdf([["p"]] * (MAX_PAGES + 1))
    with pytest.raises(BadInput, match="pages"):
        extract_text(data, "long.pdf")


def test_docx_zip_bomb_is_refused_before_inflating() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (60 * 1024 * 1024))
    with pytest.raises(BadInput, match="expands"):
        extract_text(buffer.getvalue(), "bomb.docx")
