"""Loaders: every source of the corpus (and the user's own folder) turned into chunks.

Each loader owns one kind of source; metadata (source path, title, language, kind, section)
travels on every chunk.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from advisor.corpus import INTERVIEW_SECTION, RESOURCES_SECTION, SECTION_TITLES_EN, Corpus
from advisor.documents import SUPPORTED, extract_text
from advisor.errors import BadInput
from advisor.retrieval.chunks import Chunk
from advisor.retrieval.glossary import Glossary
from ingest.chunk import chunk_markdown, chunk_plain
from ingest.editions import alignment_problems, paired_chunks

log = logging.getLogger(__name__)


@dataclass
class Loaded:
    """Chunks from all sources, how many documents they came from, and files skipped (with why)."""

    chunks: list[Chunk] = field(default_factory=list)
    documents: int = 0
    skipped: list[str] = field(default_factory=list)


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve().parent).as_posix()
    except ValueError:
        return path.resolve().as_posix()


def _title(text: str) -> str:
    return next((line[2:].strip() for line in text.splitlines() if line.startswith("# ")), "TPM guide")


def load_guide(corpus: Corpus) -> list[Chunk]:
    """The guide's chunks, each followed by its English edition when the corpus has one."""
    text = corpus.guide_path.read_text(encoding="utf-8")
    chunks = chunk_markdown(
        text, source=_relative(corpus.guide_path, corpus.root), kind="guide", title=_title(text), language="ja"
    )
    if not corpus.guide_en_path.is_file():
        return chunks
    edition = corpus.guide_en_path.read_text(encoding="utf-8")
    if problems := alignment_problems(text, edition):
        raise BadInput(
            f"the English guide is not aligned with the Japanese one: {problems[0]}",
            f"英語版ガイドが日本語版と対応していません: {problems[0]}",
        )
    return paired_chunks(chunks, text, edition, source=_relative(corpus.guide_en_path, corpus.root),
                         title=_title(edition))


def _data_file(corpus: Corpus, *parts: str) -> tuple[str, str]:
    """A corpus data file's raw text (to find each entry's offset) and its source path."""
    path = corpus.root.joinpath(*parts)
    return path.read_text(encoding="utf-8"), _relative(path, corpus.root)


def load_resources(corpus: Corpus) -> list[Chunk]:
    raw, source = _data_file(corpus, "resources", "resources.yaml")
    chunks = []
    for resource in corpus.resources:
        # Searchable but not shown: the skills a resource builds ("which book for risk management?").
        skills = " / ".join(f"{corpus.skill(s).name_ja} / {corpus.skill(s).name_en}" for s in resource.skills)
        title = f"{resource.title}(『{resource.title_ja}』)" if resource.title_ja else resource.title
        lines = [
            title,
            " — ".join([resource.kind, resource.provider, *filter(None, [", ".join(resource.authors)])]),
            resource.description_ja,
            resource.description_en,
        ]
        start = max(raw.find(f"id: {resource.id}"), 0)
        chunks.append(Chunk(
            text="\n".join(lines), source=source, section=f"{RESOURCES_SECTION} > {resource.title}", kind="resource",
            language="mixed", title=resource.title, start=start, end=start + len(resource.id) + 4,
            extra={"resource_id": resource.id}, keywords=f"{resource.kind} / {skills}",
        ))
    return chunks


def load_interview_bank(corpus: Corpus) -> list[Chunk]:
    raw, source = _data_file(corpus, "interview", "questions.yaml")
    chunks = []
    for question in corpus.questions:
        lines = [
            f"面接質問: {question.question_ja}",
            f"Interview question: {question.question_en}",
            "回答のポイント: " + " / ".join(kp.ja for kp in question.key_points),
            "Key points: " + " / ".join(kp.en for kp in question.key_points),
            f"模範解答: {question.answer_ja}",
            f"Model answer: {question.answer_en}",
        ]
        start = max(raw.find(f"id: {question.id}"), 0)
        chunks.append(Chunk(
            text="\n".join(lines), source=source,
            section=f"{INTERVIEW_SECTION} > {corpus.skill(question.topic).name_ja}",
            kind="interview", language="mixed", title=question.question_ja, start=start,
            end=start + len(question.id) + 4, extra={"question_id": question.id},
        ))
    return chunks


def load_user_documents(folder: Path) -> Loaded:
    """Every supported file under ``folder``; unreadable ones are skipped with a reason."""
    loaded = Loaded()
    if not folder.is_dir():
        raise BadInput(f"not a folder: {folder}", f"フォルダではありません: {folder}")
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if path.suffix.lower() not in SUPPORTED:
            continue
        source = path.resolve().as_posix()
        try:
            if path.suffix.lower() in (".md", ".markdown"):
                text = extract_text(path.read_bytes(), path.name).text  # validates size and encoding
                chunks = chunk_markdown(text, source=source, kind="user", title=path.stem)
            else:
                extracted = extract_text(path.read_bytes(), path.name)
                chunks = chunk_plain(extracted.text, source=source, kind="user", title=path.stem)
        except BadInput as exc:
            loaded.skipped.append(exc.message_en)
            log.warning("skipped %s", exc.message_en)
            continue
        loaded.chunks += chunks
        loaded.documents += 1
    return loaded


MAX_KEYWORDS = 24


def with_keywords(chunks: list[Chunk], glossary: Glossary) -> list[Chunk]:
    """Chunks carrying the other language's forms of their glossary terms, and English section titles.

    English questions then meet Japanese passages in BM25 and in the embedding alike; only
    glossary terms are added, so nothing is invented.
    """
    out = []
    for chunk in chunks:
        if chunk.kind in ("resource", "interview"):  # already bilingual
            out.append(chunk)
            continue
        # The section's name in the other language: an English edition's chunk gets the original's.
        top = chunk.original_section.split(" > ")[0]
        title = top if chunk.language == "en" else SECTION_TITLES_EN.get(top, "")
        forms = [title, *glossary.expansions(f"{chunk.section}\n{chunk.text}")]
        keywords = " / ".join(list(dict.fromkeys(f for f in forms if f))[:MAX_KEYWORDS])
        out.append(replace(chunk, keywords=keywords))
    return out


def load_all(corpus: Corpus, user_folders: Iterable[Path] = ()) -> Loaded:
    """The guide, the resource catalogue, the interview bank and any user folders, as chunks."""
    loaded = Loaded(chunks=load_guide(corpus) + load_resources(corpus) + load_interview_bank(corpus), documents=3)
    for folder in user_folders:
        user = load_user_documents(folder)
        loaded.chunks += user.chunks
        loaded.documents += user.documents
        loaded.skipped += user.skipped
    loaded.chunks = with_keywords(loaded.chunks, Glossary.from_corpus(corpus))
    # Identical passages (same source, section, text) would collide on id; keep the first.
    unique = {c.id: c for c in reversed(loaded.chunks)}
    loaded.chunks = [c for c in loaded.chunks if unique.get(c.id) is c]
    return loaded
