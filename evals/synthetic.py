"""Synthetic corpora for scale tests: corpus sentences recombined into N chunks, Japanese and English."""

from __future__ import annotations

import random

from advisor.corpus import Corpus
from advisor.language import split_sentences
from advisor.retrieval.chunks import Chunk


def sentence_pool(corpus: Corpus) -> list[str]:
    guide = corpus.guide_path.read_text(encoding="utf-8")
    japanese = [s for line in guide.splitlines() for s in split_sentences(line.strip("#*-| ")) if len(s) > 15]
    english = [s for r in corpus.resources for s in split_sentences(r.description_en)]
    english += [q.answer_en for q in corpus.questions]
    return japanese + english


def synthetic_chunks(corpus: Corpus, count: int, seed: int = 0) -> list[Chunk]:
    """``count`` distinct chunks of 2-5 recombined sentences each, in sections like the guide's."""
    rng = random.Random(seed)
    pool = sentence_pool(corpus)
    sections = [f"synthetic {n // 50}" for n in range(count)]
    chunks = []
    for n in range(count):
        text = " ".join(rng.sample(pool, rng.randint(2, 5))) + f" (#{n})"
        chunks.append(Chunk(text=text, source=f"synthetic/{n // 1000}.md", section=sections[n], kind="user",
                            language="mixed", start=0, end=len(text)))
    return chunks
