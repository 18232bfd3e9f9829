"""The guide's English edition: aligned unit by unit with the original, one passage in two languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from advisor import Advisor
from advisor.corpus import SECTION_TITLES, SECTION_TITLES_EN, load_corpus
from ingest.chunk import chunk_markdown
from ingest.editions import alignment_problems, guide_units, latin_names, numbers, paired_chunks

ROOT = Path(__file__).resolve().parents[1] / "corpus"
JA = (ROOT / "guide" / "tpm_guide.ja.md").read_text(encoding="utf-8")
EN = (ROOT / "guide" / "tpm_guide.en.md").read_text(encoding="utf-8")
KANA = re.compile(r"[\u3040-\u30ff]")
KANA_OR_KANJI = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def _without_titles(text: str) -> str:
    """A line with its 『Japanese titles』 (kept beside English book titles) taken out."""
    return re.sub(r"『[^』]*』|「[^」]*」", "", text)


def test_every_unit_has_exactly_one_counterpart_both_ways() -> None:
    ja, en = guide_units(JA), guide_units(EN)
    assert len(ja) > 150 and list(ja) == list(en)  # the same ids, in the same order
    for unit_id, original in ja.items():
        translation = en[unit_id]
        assert translation.kind == original.kind, unit_id
        # Translated, except a line with nothing Japanese in it (a #hashtag).
        assert translation.text and (translation.text != original.text or not KANA_OR_KANJI.search(original.text))
    assert alignment_problems(JA, EN) == []


def test_each_unit_pair_states_the_same_numbers_and_latin_names() -> None:
    en = guide_units(EN)
    for unit_id, original in guide_units(JA).items():
        translation = en[unit_id]
        assert numbers(original.line) == numbers(translation.line), unit_id
        kept = translation.line.lower()
        assert all(name.lower() in kept for name in latin_names(original.line)), unit_id
        assert not KANA.search(_without_titles(translation.line)), f"{unit_id}: {translation.line[:60]}"


def test_english_section_names_are_the_editions_own_headings() -> None:
    headings = [u.text for u in guide_units(EN).values() if u.kind == "heading" and u.line.startswith("## ")]
    assert headings == [f"{n}. {SECTION_TITLES_EN[ja]}" for n, ja in enumerate(SECTION_TITLES, start=1)]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda en: en.replace("99.9%", "99.5%", 1), "numbers"),
        (lambda en: en.replace("Jira, ", "", 1), "names ['Jira']"),
        (lambda en: en.replace("\n## 2. Main responsibilities\n", "\n2. Main responsibilities\n", 1), "heading2"),
        (lambda en: en.replace("| Associate TPM |", "| Associate TPM | extra |", 1), "table"),
        (lambda en: en.replace("\n\n", "\n", 1), "lines in the original"),
    ],
)
def test_a_translation_that_drops_or_changes_a_unit_is_refused(change, problem: str) -> None:
    edited = change(EN)
    assert edited != EN
    problems = alignment_problems(JA, edited)
    assert problems and any(problem in p for p in problems), problems


def test_every_guide_chunk_has_one_english_twin_carrying_its_original() -> None:
    chunks = chunk_markdown(JA, source="guide/ja", kind="guide", title="ja", language="ja")
    paired = paired_chunks(chunks, JA, EN, source="guide/en", title="en")
    originals = [c for c in paired if c.language == "ja"]
    twins = {c.unit: c for c in paired if c.language == "en"}
    assert len(originals) == len(chunks) == len(twins)
    for chunk in originals:
        twin = twins[chunk.unit]
        assert twin.extra["original_section"] == chunk.section
        # Line for line: each English line has its Japanese original at the same position.
        assert len(twin.text.splitlines()) == len(twin.extra["original_text"].splitlines())
        assert numbers(twin.extra["original_text"]) == numbers(twin.text), twin.text[:80]


def test_the_corpus_ships_both_editions() -> None:
    corpus = load_corpus(ROOT)
    assert corpus.guide_path.is_file() and corpus.guide_en_path.is_file()


@pytest.mark.parametrize(
    "question",
    ["How does a TPM work with finance teams?", "What does a Senior TPM do?", "How should a TPM manage technical debt?",
     "Which companies in Japan hire TPMs?"],
)
def test_an_english_question_reads_the_english_edition_with_the_original_beside_it(
    advisor: Advisor, question: str,
) -> None:
    passages = advisor.retrieve(question, k=5)
    guide = [p for p in passages if p.kind == "guide"]
    assert guide and all(p.language == "en" and p.source.endswith("tpm_guide.en.md") for p in guide)
    assert all(KANA.search(p.original_text) and not KANA.search(_without_titles(p.text)) for p in guide)
    assert len({p.unit for p in passages}) == len(passages)  # two editions never take two slots


def test_a_japanese_question_reads_the_original(advisor: Advisor) -> None:
    passages = advisor.retrieve("TPMは財務部門とどう連携しますか?", k=5)
    guide = [p for p in passages if p.kind == "guide"]
    assert guide and all(p.language == "ja" and p.original_text == "" for p in guide)
    assert any("財務" in p.section for p in guide)


def test_the_two_editions_of_a_passage_never_take_two_slots(advisor: Advisor) -> None:
    for question in ("リスク管理 risk management", "SLO", "Director", "FinOps 財務"):
        for k in (5, 10):
            passages = advisor.retrieve(question, k=k)
            assert len({p.unit for p in passages}) == len(passages), question


def test_an_english_answer_quotes_english_and_attaches_the_japanese_original(advisor: Advisor) -> None:
    answer = advisor.ask("How does a TPM work with finance and procurement?")
    assert answer.grounded and answer.language == "en"
    assert "translated from the Japanese original" in answer.answer.splitlines()[0]
    guide = [c for c in answer.citations if c.source.endswith("tpm_guide.en.md")]
    assert guide, answer.citations
    for citation in guide:
        assert citation.language == "en" and KANA.search(citation.original_text)
        assert not KANA.search(_without_titles(citation.quote))
        assert all(line in citation.text for line in citation.quote.splitlines())
    assert "finops" in answer.answer.lower() or "budget" in answer.answer.lower()
    assert answer.to_dict()["citations"][0]["original_text"] == answer.citations[0].original_text


def test_a_japanese_answer_is_unchanged_by_the_edition(advisor: Advisor) -> None:
    answer = advisor.ask("TPMは財務部門とどう連携しますか?")
    assert answer.grounded and answer.language == "ja"
    assert answer.answer.startswith("ガイドの協業スタイルの章では、財務・調達部門との連携")  # no translation note
    assert "English" not in answer.answer and "translated" not in answer.answer
    assert all(c.language != "en" and c.original_text == "" for c in answer.citations)
    assert any("財務" in c.section and "予算管理" in c.quote for c in answer.citations)


def _guide_citations_in(citations: list[dict], language: str) -> None:
    assert citations
    for citation in citations:
        assert citation["language"] == language
        if language == "en":
            assert citation["source"].endswith("tpm_guide.en.md") and KANA.search(citation["original_text"])
            assert not KANA.search(_without_titles(citation["text"]))
        else:
            assert citation["source"].endswith("tpm_guide.ja.md") and citation["original_text"] == ""


@pytest.mark.parametrize(
    ("answer", "language"),
    [("Round robin sends requests to each server in turn.", "en"), ("ラウンドロビンで順番に振り分けます。", "ja")],
)
def test_interview_feedback_quotes_the_guide_in_the_answers_language(
    advisor: Advisor, answer: str, language: str,
) -> None:
    feedback = advisor.interview_feedback("iq-load-balancing", answer)
    assert feedback.language == language and feedback.missed
    for missed in feedback.missed:
        _guide_citations_in(missed["citations"], language)
    assert (KANA.search(feedback.suggestion) is None) == (language == "en")


def test_an_english_model_answer_cites_the_english_edition(advisor: Advisor) -> None:
    outline = advisor.model_answer("iq-load-balancing", language="en")
    assert outline.language == "en" and outline.answer.startswith("Model answer outline:")
    assert not KANA.search(outline.answer)
    _guide_citations_in([c.to_dict() for c in outline.citations], "en")


def test_an_english_resume_report_quotes_the_english_edition(advisor: Advisor) -> None:
    resume = ("Technical Program Manager, Acme Corp, 2019 - present. Led a program across 4 teams to migrate "
              "12 services to Kubernetes. Reported risks to the VP of Engineering every month.")
    report = advisor.analyze_resume(resume.encode(), name="cv.txt")
    assert report.language == "en"
    cited = [c for skill in report.skills for c in skill.citations]
    _guide_citations_in(cited, "en")
    japanese_resume = "バックエンドエンジニアとして5チームのクラウド移行を主導しました。"
    japanese = advisor.analyze_resume(japanese_resume.encode(), name="cv.txt")
    _guide_citations_in([c for skill in japanese.skills for c in skill.citations], "ja")


def test_catalogue_sections_read_in_the_readers_language(advisor: Advisor) -> None:
    english = advisor.retrieve("Which certification should a TPM get?", k=5)
    japanese = advisor.retrieve("TPMにおすすめの資格は?", k=5)
    assert any(p.kind == "resource" for p in english) and any(p.kind == "resource" for p in japanese)
    assert all(p.section.startswith("Learning resources > ") for p in english if p.kind == "resource")
    assert all(p.section.startswith("学習リソース > ") for p in japanese if p.kind == "resource")
