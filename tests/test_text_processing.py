"""Japanese tokenization, language detection and structure-aware chunking."""

from __future__ import annotations

import itertools

from advisor.language import detect_language, split_sentences
from advisor.retrieval.tokenize_ja import tokenize
from advisor.settings import PROJECT_ROOT
from ingest.chunk import TARGET_MAX, chunk_markdown, chunk_plain

GUIDE = (PROJECT_ROOT / "corpus" / "guide" / "tpm_guide.ja.md").read_text(encoding="utf-8")


def test_japanese_is_split_into_content_words_without_particles() -> None:
    tokens = tokenize("技術的負債を管理するためのスキルが必要です")
    assert {"技術", "負債", "管理", "スキル", "必要"} <= set(tokens)
    assert "を" not in tokens and "が" not in tokens and "です" not in tokens


def test_tokens_are_normalised_full_width_and_case() -> None:
    assert tokenize("ＡＷＳとKubernetes") == tokenize("awsとkubernetes")
    assert "aws" in tokenize("ＡＷＳ")


def test_verbs_are_reduced_to_dictionary_form() -> None:
    assert set(tokenize("調整した")) & set(tokenize("調整する")) == {"調整"}
    assert "書く" in tokenize("書きました") or "書く" in tokenize("書いた")


def test_language_detection_and_sentence_split() -> None:
    assert detect_language("TPMとPMの違いは?") == "ja"
    assert detect_language("What does a TPM do?") == "en"
    expected = ["一つ目です。", "二つ目！", "Third one.", "Fourth?"]
    assert split_sentences("一つ目です。二つ目！ Third one. Fourth?") == expected


def test_table_rows_become_self_contained_chunks_with_headers() -> None:
    chunks = chunk_markdown(GUIDE, source="guide.md", kind="guide")
    rows = [c for c in chunks if "Senior TPM" in c.text and c.section.startswith("5.")]
    assert len(rows) == 1
    row = rows[0]
    assert row.text.startswith("キャリア段階: Senior TPM")
    assert "主な役割と責任:" in row.text
    # The chunk is exactly one table row of the source: offsets point at it.
    source_row = GUIDE[row.start : row.end]
    assert source_row.startswith("|") and source_row.count("\n") == 0 and "Senior TPM" in source_row


def test_every_guide_chunk_keeps_its_offsets_and_section_path() -> None:
    chunks = chunk_markdown(GUIDE, source="guide.md", kind="guide")
    assert len(chunks) > 50
    for chunk in chunks:
        span = GUIDE[chunk.start : chunk.end]
        first_words = chunk.text.split(":")[-1].strip()[:8] if chunk.text.count("\n") else chunk.text[:8]
        assert first_words.replace("**", "")[:4] in span.replace("**", ""), chunk.text[:40]
        assert chunk.section.split(" > ")[0][:2] in {f"{n}." for n in range(1, 10)} | {"10"}
    assert max(len(c.text) for c in chunks) <= 2 * TARGET_MAX


def test_headed_items_stay_with_their_heading() -> None:
    chunks = chunk_markdown(GUIDE, source="guide.md", kind="guide")
    sections = {c.section for c in chunks}
    assert any(s.startswith("3. 必要なスキルとツール > ") for s in sections)
    assert any(" > " in s for s in sections if s.startswith("4."))


def test_long_prose_is_split_on_sentence_ends_with_overlap() -> None:
    sentences = [f"これは{n}番目の文で、長い説明を続けるためのものです。" * 3 for n in range(30)]
    text = "\n".join(sentences)
    chunks = chunk_plain(text, source="long.txt", kind="user")
    assert len(chunks) > 3
    assert all(len(c.text) <= TARGET_MAX + 150 for c in chunks)
    assert all(c.text.endswith("。") for c in chunks)
    shared = [set(a.text.splitlines()) & set(b.text.splitlines()) for a, b in itertools.pairwise(chunks)]
    assert any(shared), "consecutive chunks share a sentence of overlap"


def test_run_on_text_without_sentence_ends_is_still_bounded() -> None:
    chunks = chunk_plain("あ" * 5000, source="x.txt", kind="user")
    assert max(len(c.text) for c in chunks) <= TARGET_MAX
    assert sum(len(c.text) for c in chunks) >= 5000
