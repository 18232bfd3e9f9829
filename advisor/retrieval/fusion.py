"""Reciprocal rank fusion of several rankings, and MMR-style diversity over the fused list."""

from __future__ import annotations

from collections.abc import Callable, Sequence

# k = 60 is the constant of Cormack et al. (2009): it damps the head of each ranking so that a
# passage ranked well by both retrievers beats one ranked first by only one of them.
RRF_K = 60


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[str]], weights: Sequence[float] | None = None, k: int = RRF_K
) -> dict[str, float]:
    """score(d) = Σ_i w_i / (k + rank_i(d)), ranks starting at 1; absent documents add nothing."""
    weights = weights or [1.0] * len(rankings)
    scores: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, doc_id in enumerate(ranking, start=1):
            scores[doc_id] = scores.get(doc_id, 0.0) + weight / (k + rank)
    return scores


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
    while pool and len(chosen) < k:
        def mmr(doc: str) -> float:
            redundancy = max((similarity(doc, c) for c in chosen), default=0.0)
            return lambda_ * relevance[doc] / top - (1 - lambda_) * redundancy

        best = max(pool, key=mmr)
        chosen.append(best)
        pool.remove(best)
    return chosen
