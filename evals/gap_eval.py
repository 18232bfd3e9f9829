"""Gap-analysis eval: synthetic résumés with labelled skills and levels, scored through the facade.

Skill precision/recall/F1 (a skill counts as shown when rated strong or some), the level within
each résumé's acceptable range (and within one of the expected level), a level withheld exactly
when the résumé holds too little — over all résumés and over the held-back half (``_held``) the
level model was never fitted on — and evidence faithfulness: every quote must appear verbatim in the
résumé's own text (whitespace aside) — anything below 100% is a bug.
"""

from __future__ import annotations

import re
import statistics
import time
from typing import Any

from advisor.corpus import LEVEL_IDS
from advisor.documents import extract_text
from advisor.facade import Advisor
from evals.resumes import RESUMES, load_specs, render

_SPACE = re.compile(r"\s+")


def _score(advisor: Advisor, spec: dict[str, Any]) -> dict[str, Any]:
    """One résumé through the facade: predicted skills, level (None: withheld), quotes checked."""
    name = f"{spec['id']}.{spec['format']}"
    data = render(spec["text"], spec["format"])
    started = time.perf_counter()
    report = advisor.analyze_resume(data, name=name)
    seconds = time.perf_counter() - started
    source = _SPACE.sub("", extract_text(data, name).text)
    quotes = [e["quote"] for s in report.skills for e in s.evidence]
    low, high = spec.get("acceptable_levels") or [spec["expected_level"]] * 2
    return {"predicted": {s.id for s in report.skills if s.status in ("strong", "some")},
            "truth": set(spec.get("shown") or []), "seconds": seconds,
            "level": report.level_estimate.level if report.level_estimate else None,
            "range": (LEVEL_IDS.index(low), LEVEL_IDS.index(high)), "expected": spec["expected_level"],
            "too_little": bool(spec.get("too_little")), "quotes": len(quotes),
            "faithful": sum(_SPACE.sub("", q) in source for q in quotes)}


def _metrics(rows: list[dict[str, Any]], suffix: str = "") -> dict[str, float]:
    tp = sum(len(r["predicted"] & r["truth"]) for r in rows)
    fp = sum(len(r["predicted"] - r["truth"]) for r in rows)
    fn = sum(len(r["truth"] - r["predicted"]) for r in rows)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    rated = [r for r in rows if not r["too_little"]]
    placed = [(LEVEL_IDS.index(r["level"]), r) for r in rated if r["level"] is not None]
    return {
        f"gap_skill_precision{suffix}": round(precision, 4),
        f"gap_skill_recall{suffix}": round(recall, 4),
        f"gap_skill_f1{suffix}": round(2 * precision * recall / (precision + recall) if precision + recall else 0.0, 4),
        f"gap_level_within_range{suffix}": round(sum(r["range"][0] <= i <= r["range"][1] for i, r in placed)
                                                 / max(len(rated), 1), 4),
        f"gap_level_within_one{suffix}": round(sum(abs(i - LEVEL_IDS.index(r["expected"])) <= 1 for i, r in placed)
                                               / max(len(rated), 1), 4),
        f"gap_level_withheld_correctly{suffix}": round(sum((r["level"] is None) == r["too_little"] for r in rows)
                                                       / max(len(rows), 1), 4),
    }


def run_gap_eval(advisor: Advisor) -> dict[str, float]:
    """Skill and level figures over all dev résumés and over the held-back half (never fitted on)."""
    if not RESUMES.is_file():
        return {}
    specs = load_specs()
    rows = [dict(_score(advisor, spec), split=spec.get("split", "train")) for spec in specs]
    quotes = sum(r["quotes"] for r in rows)
    metrics = _metrics(rows)
    metrics.update(_metrics([r for r in rows if r["split"] == "held"], "_held"))
    metrics.update({
        "gap_evidence_faithfulness": round(sum(r["faithful"] for r in rows) / quotes, 4) if quotes else 1.0,
        "gap_median_ms": round(1000 * statistics.median(r["seconds"] for r in rows), 1),
        "gap_resumes": len(specs),
    })
    return metrics


def details(advisor: Advisor) -> list[dict[str, Any]]:
    """Per-résumé predictions against labels (for reading the misses)."""
    rows = []
    for spec in load_specs():
        report = advisor.analyze_resume(render(spec["text"], spec["format"]), name=f"{spec['id']}.{spec['format']}")
        predicted = {s.id for s in report.skills if s.status in ("strong", "some")}
        truth = set(spec.get("shown") or [])
        level = report.level_estimate.level if report.level_estimate else None
        rows.append({"id": spec["id"], "level": level, "expected": spec["expected_level"],
                     "missed": sorted(truth - predicted), "extra": sorted(predicted - truth)})
    return rows
