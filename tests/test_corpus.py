"""The corpus: the guide converted faithfully, and the curated data valid and cross-referenced."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
import yaml

from advisor.answer.rewrite import collaboration_headings
from advisor.corpus import LEVEL_IDS, SECTION_TITLES, load_corpus
from advisor.settings import PROJECT_ROOT

# The guide as it was delivered, kept beside its Markdown conversion for provenance and this test.
SEED = PROJECT_ROOT / "corpus" / "guide" / "source" / "tpm_guide.ja.txt"
GUIDE = PROJECT_ROOT / "corpus" / "guide" / "tpm_guide.ja.md"
_KEYCAP = re.compile(r"(\d)\ufe0f?\u20e3")


def _normalise(text: str) -> str:
    """NFKC, no whitespace, no Markdown markup, keycap digits as "N." (the Markdown numbers sections)."""
    text = _KEYCAP.sub(r"\1.", text.replace("\U0001f51f", "10."))
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s#*|>\-]", "", text)


def test_every_line_of_the_seed_guide_is_in_the_markdown() -> None:
    markdown = _normalise(GUIDE.read_text(encoding="utf-8"))
    lines = [line for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    missing = [line for line in lines if _normalise(line) not in markdown]
    assert len(lines) > 100
    assert missing == []


def test_guide_markdown_has_front_matter_and_the_ten_sections() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("---\n")[1])
    assert {"title", "language", "source"} <= set(front)
    assert front["language"] == "ja"
    headings = [line[3:].strip() for line in text.splitlines() if line.startswith("## ")]
    assert headings == list(SECTION_TITLES)
    assert sum(line.startswith("### ") for line in text.splitlines()) >= 30
    assert sum(line.startswith("|") for line in text.splitlines()) >= 10  # tables stayed tables


def test_corpus_validates_and_cross_references_resolve() -> None:
    corpus = load_corpus(PROJECT_ROOT / "corpus")
    skill_ids = {s.id for s in corpus.skills}
    assert len(corpus.resources) >= 40
    assert len({r.id for r in corpus.resources}) == len(corpus.resources)
    assert all(set(r.skills) <= skill_ids for r in corpus.resources)
    assert skill_ids == {s for r in corpus.resources for s in r.skills}, "every skill has a resource"
    assert {r.kind for r in corpus.resources} == {"book", "course", "certification", "documentation", "guide"}
    assert all(len(q.key_points) >= 2 for q in corpus.questions)
    assert sum(q.source == "authored" for q in corpus.questions) >= 16
    # Feedback compares an answer's sentences with whole statements of each point, in both languages.
    assert all(kp.says_ja and kp.says_en for q in corpus.questions for kp in q.key_points)
    assert len(corpus.glossary) >= 80
    assert [level.id for level in corpus.ladder.levels] == list(LEVEL_IDS)
    assert all(s.aliases_en and s.aliases_ja and set(s.levels) == set(LEVEL_IDS) for s in corpus.skills)


# How the guide names each book, course and certification -> the catalogue entry for it.
GUIDE_NAMED = {
    "『マイクロサービスアーキテクチャ』": "building_microservices",
    "『SRE サイトリライアビリティエンジニアリング』": "sre_book",
    "AWS Certified Solutions Architect – Associate": "aws_saa",
    "AssociateまたはProfessional": "aws_sap",
    "「クラウドコンピューティング入門」コース": "coursera_ibm_intro_cloud",
    "『スクラムガイド』": "scrum_guide",
    "『PMBOKガイド』": "pmbok_guide",
    "CSMまたはPSM I": "certified_scrummaster",
    "PSM I": "psm_i",
    "PMP": "pmp",
    "SAFe": "safe_framework",
    "『システム設計の面接対策』": "system_design_interview",
    "GoogleのSREワークショップ": "art_of_slos",
    "『Lean Analytics』": "lean_analytics",
    "『影響力の武器』": "influence_cialdini",
    "『ファシリテーションの技術』": "facilitation_nyumon",
    "PCI DSS": "pci_dss",
}


def test_every_party_of_a_collaboration_has_a_subsection_in_both_editions() -> None:
    # A follow-up naming another party ("and execs?") is rewritten to that subsection's heading.
    corpus = load_corpus(PROJECT_ROOT / "corpus")
    headings = collaboration_headings({"ja": corpus.guide_path.read_text(encoding="utf-8"),
                                       "en": corpus.guide_en_path.read_text(encoding="utf-8")})
    functions = {term.function for term in corpus.glossary if term.function}
    assert len(headings) == 5 and functions == set(headings)


def test_every_book_and_course_the_guide_names_is_in_the_catalogue() -> None:
    corpus = load_corpus(PROJECT_ROOT / "corpus")
    guide = GUIDE.read_text(encoding="utf-8")
    by_id = {r.id: r for r in corpus.resources}
    for wording, resource_id in GUIDE_NAMED.items():
        assert wording in guide, wording
        assert resource_id in by_id and by_id[resource_id].named_in_guide, resource_id
    assert set(re.findall(r"『[^』]+』", guide)) <= set(GUIDE_NAMED), "a book the guide names is not mapped"
    assert {r.id for r in corpus.resources if r.named_in_guide} == set(GUIDE_NAMED.values())


def test_schema_rejects_a_resource_naming_an_unknown_skill(tmp_path: Path, corpus_copy: Path) -> None:
    path = corpus_copy / "resources" / "resources.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["resources"][0]["skills"] = ["no_such_skill"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    load_corpus.cache_clear()
    with pytest.raises(Exception, match="no_such_skill"):
        load_corpus(corpus_copy)


def test_schema_rejects_an_interview_question_with_one_key_point(corpus_copy: Path) -> None:
    path = corpus_copy / "interview" / "questions.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["questions"][0]["key_points"] = data["questions"][0]["key_points"][:1]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    load_corpus.cache_clear()
    with pytest.raises(Exception, match="key_points"):
        load_corpus(corpus_copy)
