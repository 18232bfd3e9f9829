"""Gap-analysis eval: synthetic résumés with labelled skills and levels, scored through the facade.

Skill precision/recall/F1 (a skill counts as shown when rated strong or some), level accuracy
(exact, and within one level), and evidence faithfulness: every quote must appear verbatim in the
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


def run_gap_eval(advisor: Advisor) -> dict[str, float]:
    if not RESUMES.is_file():
        return {}
    tp = fp = fn = 0
    exact = near = 0
    quotes = faithful = 0
    seconds: list[float] = []
    specs = load_specs()
    for spec in specs:
        name = f"{spec['id']}.{spec['format']}"
        data = render(spec["text"], spec["format"])
        started = time.perf_counter()
        try:
            report = advisor.analyze_resume(data, name=name)
        except Exception:  # an unreadable résumé scores as finding nothing
            predicted: set[str] = set()
            level = None
        else:
            predicted = {s.id for s in report.skills if s.status in ("strong", "some")}
            level = report.level_estimate.level
            source = _SPACE.sub("", extract_text(data, name).text)
            for skill in report.skills:
                for item in skill.evidence:
                    quotes += 1
                    faithful += _SPACE.sub("", item["quote"]) in source
        seconds.append(time.perf_counter() - started)
        truth = set(spec.get("shown") or [])
        tp, fp, fn = tp + len(predicted & truth), fp + len(predicted - truth), fn + len(truth - predicted)
        if level is not None:
            exact += level == spec["expected_level"]
            near += abs(LEVEL_IDS.index(level) - LEVEL_IDS.index(spec["expected_level"])) <= 1
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return {
        "gap_skill_precision": round(precision, 4),
        "gap_skill_recall": round(recall, 4),
        "gap_skill_f1": round(2 * precision * recall / (precision + recall) if precision + recall else 0.0, 4),
        "gap_level_accuracy": round(exact / len(specs), 4),
        "gap_level_within_one": round(near / len(specs), 4),
        "gap_evidence_faithfulness": round(faithful / quotes, 4) if quotes else 1.0,
        "gap_median_ms": round(1000 * statistics.median(seconds), 1),
        "gap_resumes": len(specs),
    }


def details(advisor: Advisor) -> list[dict[str, Any]]:
    """Per-résumé predictions against labels (for reading the misses)."""
    rows = []
    for spec in load_specs():
        report = advisor.analyze_resume(render(spec["text"], spec["format"]), name=f"{spec['id']}.{spec['format']}")
        predicted = {s.id for s in report.skills if s.status in ("strong", "some")}
        truth = set(spec.get("shown") or [])
        rows.append({"id": spec["id"], "level": report.level_estimate.level, "expected": spec["expected_level"],
                     "missed": sorted(truth - predicted), "extra": sorted(predicted - truth)})
    return rows
