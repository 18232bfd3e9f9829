"""From rated skills to a plan: which gaps matter at the target level, what to study (cited
catalogue entries), which interview questions to practise, and the guide passages that say why.
"""

from __future__ import annotations

from typing import Any

from advisor.corpus import LEVEL_IDS, Corpus, Resource
from advisor.gap.evidence import SkillEvidence
from advisor.gap.ladder import TOO_LITTLE, LevelEstimate
from advisor.gap.report import STATUS_SCORE, GapReport, PlanItem, SkillReport
from advisor.retrieval.retriever import Filters, HybridRetriever

PLAN_SIZE = 8
QUESTIONS = 5
# At senior levels the program and people skills decide; early on, the technical base does.
AREA_WEIGHT = {
    "associate": {"technical": 1.0, "program": 0.8, "tools": 0.8, "soft": 0.6, "domain": 0.4},
    "tpm": {"technical": 0.9, "program": 1.0, "tools": 0.6, "soft": 0.8, "domain": 0.5},
    "senior": {"technical": 0.8, "program": 1.0, "tools": 0.4, "soft": 1.0, "domain": 0.6},
    "principal": {"technical": 0.7, "program": 1.0, "tools": 0.3, "soft": 1.0, "domain": 0.8},
    "director": {"technical": 0.5, "program": 1.0, "tools": 0.2, "soft": 1.0, "domain": 0.9},
}


def next_level(level: str) -> str:
    index = LEVEL_IDS.index(level)
    return LEVEL_IDS[min(index + 1, len(LEVEL_IDS) - 1)]


def guide_citations(
    retriever: HybridRetriever, rated: SkillEvidence, language: str, k: int = 2,
) -> list[dict[str, Any]]:
    """The guide passages that explain why this skill matters, in the reader's edition."""
    query = f"{rated.skill.name_ja} {rated.skill.name_en}"
    passages = retriever.search(query, k=k, filters=Filters(kinds=("guide",)), language=language)
    return [p.reference(n) for n, p in enumerate(passages, start=1)]


def resources_for(corpus: Corpus, skill_id: str, target: str, language: str) -> list[Resource]:
    fitting = [r for r in corpus.resources if skill_id in r.skills]
    # Guide-named first, then those suited to the target level, then the reader's language.
    fitting.sort(key=lambda r: (not r.named_in_guide, target not in r.levels, language not in r.languages))
    return fitting[:2]


def practice_questions(corpus: Corpus, gap_ids: list[str], target: str, language: str) -> list[dict[str, Any]]:
    """Bank questions on the gaps, most important gap first, up to the target level."""
    reachable = LEVEL_IDS[: LEVEL_IDS.index(target) + 1]
    questions = sorted(
        (q for q in corpus.questions if q.topic in gap_ids and q.level in reachable),
        key=lambda q: gap_ids.index(q.topic),
    )[:QUESTIONS]
    return [{"id": q.id, "question": q.question_ja if language == "ja" else q.question_en, "topic": q.topic,
             "level": q.level} for q in questions]


def build_report(
    corpus: Corpus, retriever: HybridRetriever, rated: list[SkillEvidence], estimate: LevelEstimate | None,
    target: str, language: str, resource_chunks: dict[str, str],
) -> GapReport:
    skills = [
        SkillReport(
            id=r.skill.id, name_en=r.skill.name_en, name_ja=r.skill.name_ja, area=r.skill.area, status=r.status,
            evidence=[e.to_dict() for e in r.evidence], citations=guide_citations(retriever, r, language), why=r.why,
            expected_en=r.skill.levels[target].en, expected_ja=r.skill.levels[target].ja,  # type: ignore[index]
            listed_only=[e.to_dict() for e in r.listed_only],
        )
        for r in rated
    ]
    weights = AREA_WEIGHT[target]
    gaps = sorted((s for s in skills if s.status != "strong"),
                  key=lambda s: -(weights[s.area] * (1.0 - STATUS_SCORE[s.status])))
    plan = [
        PlanItem(n, s.id, s.name_en, s.name_ja, s.status, [
            {"id": r.id, "title": r.title_ja if language == "ja" and r.title_ja else r.title, "kind": r.kind,
             "provider": r.provider, "url": r.url, "passage_id": resource_chunks.get(r.id, "")}
            for r in resources_for(corpus, s.id, target, language)
        ])
        for n, s in enumerate(gaps[:PLAN_SIZE], start=1)
    ]
    interview = practice_questions(corpus, [s.id for s in gaps[:PLAN_SIZE]], target, language)
    areas = []
    for area in corpus.areas:
        members = [s for s in skills if s.area == area.id]
        score = sum(STATUS_SCORE[s.status] for s in members) / max(len(members), 1)
        areas.append({"id": area.id, "name_en": area.name_en, "name_ja": area.name_ja, "score": round(score, 3)})
    names = {lv.id: lv.name_ja if language == "ja" else lv.name_en for lv in corpus.ladder.levels}
    note = "" if estimate else (TOO_LITTLE[1] if language == "ja" else TOO_LITTLE[0])
    return GapReport(language, estimate, target, skills, plan, interview, areas,
                     summary(skills, estimate, target, plan, language, corpus), level_note=note, level_names=names)


def summary(
    skills: list[SkillReport], estimate: LevelEstimate | None, target: str, plan: list[PlanItem], language: str,
    corpus: Corpus,
) -> str:
    """A deterministic summary: level (or why there is none), strengths, the first gaps to close."""
    goal = corpus.ladder.level(target)
    strong = [s for s in skills if s.status == "strong"]
    if language == "ja":
        strengths = "、".join(s.name_ja for s in strong[:4])
        has = f"強みは{strengths}です。" if strengths else "はっきりした強みはまだ履歴書から読み取れません。"
        first = "、".join(p.name_ja for p in plan[:3]) or "なし"
        said = f"推定レベルは{corpus.ladder.level(estimate.level).name_ja}です。" if estimate else f"{TOO_LITTLE[1]}。"
        return f"{said}目標の{goal.name_ja}に向けて、{has}優先して伸ばすべきスキルは{first}です。"
    strengths = ", ".join(s.name_en for s in strong[:4])
    has = f"your strengths are {strengths}" if strengths else "the résumé shows no clear strength yet"
    first = ", ".join(p.name_en for p in plan[:3]) or "none"
    said = (f"Estimated level: {corpus.ladder.level(estimate.level).name_en}." if estimate
            else f"There is {TOO_LITTLE[0]}.")
    return f"{said} Towards {goal.name_en}, {has}; the skills to develop first are {first}."
