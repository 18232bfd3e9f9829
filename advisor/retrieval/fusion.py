"""Fusion of several scored rankings (convex combination), and MMR-style diversity over the result."""

from __future__ import annotations

from collections.abc import Callable, Sequence


def diversify(
    ranked: Sequence[str],
    relevance: dict[str, float],
    similarity: Callable[[str, str], float],
    k: int,
    lambda_: float = 0.7,
) -> list[str]:
    """Maximal marginal relevance: pick k ids trading relevance against similarity to those picked."""
    if not ranked:
        return []
    top = max(relevance[d] for d in ranked) or 1.0
    chosen: list[str] = []
    pool = list(ranked)
    # Each candidate's redundancy is its highest similarity to anything chosen so far; updating it
    # with the newest pick alone keeps the similarity calls to one per candidate per pick.
    redundancy = dict.fromkeys(pool, 0.0)
    while pool and len(chosen) < k:
        best = max(pool, key=lambda doc: lambda_ * relevance[doc] / top - (1 - lambda_) * redundancy[doc])
        chosen.append(best)
        pool.remove(best)
        if len(chosen) < k:
            for doc in pool:
                redundancy[doc] = max(redundancy[doc], similarity(doc, best))
    return chosen


def convex_fusion(
    scored: Sequence[Sequence[tuple[str, float]]], weights: Sequence[float],
) -> dict[str, float]:
    """score(d) = Σ_i w_i · norm_i(d), each retriever's scores min-max normalised over its candidates.

    Unlike RRF it keeps how much better the best match is: a rare exact keyword (a project
    code name in a user document) that only BM25 finds can still win.
    """
    scores: dict[str, float] = {}
    for ranking, weight in zip(scored, weights, strict=True):
        if not ranking:
            continue
        values = [s for _, s in ranking]
        low, high = min(values), max(values)
        span = (high - low) or 1.0
        for doc_id, value in ranking:
            scores[doc_id] = scores.get(doc_id, 0.0) + weight * (value - low) / span
    return scores
