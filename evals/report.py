"""Rendering an eval report: terminal table, Markdown (with the history as sparklines), history file."""

from __future__ import annotations

import json
import math
import subprocess
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from evals.runner import EvalReport

RESULTS = Path(__file__).parent / "results"
HISTORY = RESULTS / "history.jsonl"
HEADLINE = ("hit_at_1", "hit_at_5", "mrr_at_10", "ndcg_at_10", "citation_validity", "key_point_recall",
            "answer_evidence_recall", "guide_first_rate", "english_share", "answers_mostly_english",
            "decline_precision", "decline_recall", "language_match")
OPTIONAL = ("llm_faithfulness", "llm_relevance")  # only with an LLM configured
FOLLOW_UPS = ("followup_hit_at_5", "followup_hit_at_5_held")
# The résumé, interview and scope sets (each its own dataset).
OTHER_SETS = (
    "gap_skill_precision", "gap_skill_recall", "gap_skill_f1", "gap_level_within_range", "gap_level_within_one",
    "gap_level_within_range_held", "gap_level_withheld_correctly", "gap_skill_precision_held",
    "gap_skill_recall_held", "gap_evidence_faithfulness", "gap_median_ms",
    "job_requirement_precision_held", "job_requirement_recall_held", "job_required_flag_accuracy_held",
    "job_skill_precision_held", "job_skill_recall_held", "job_status_accuracy_held", "job_level_accuracy_held",
    "job_company_facts_read", "job_gap_median_ms", "interview_point_precision", "interview_point_recall",
    "interview_point_f1", "interview_pairs_ordered", "interview_score_good", "interview_score_partial",
    "interview_score_off_question", "interview_score_keyword_list", "interview_score_off_topic",
    "interview_term_lists_caught", "interview_star_part_accuracy",
    "scope_decline_precision", "scope_decline_recall", "scope_answerable_declined", "scope_partial_recall",
    "scope_partial_declined", "ladder_rows_right", "ladder_rows_right_train", "ladder_rows_right_held",
    "duties_right_train", "duties_right_held", "definition_right_train", "definition_right_held",
    "comparison_right_train", "comparison_right_held",
)
_BARS = "▁▂▃▄▅▆▇█"


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return "n/a" if math.isnan(value) else f"{value:.3f}"
    return str(value)


def _table(rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows]


def terminal_table(report: EvalReport) -> str:
    columns = ["all", *report.by_language]
    rows = [["metric", *columns]]
    for name in (*HEADLINE, *OPTIONAL, *FOLLOW_UPS, "median_answer_ms", "questions", *OTHER_SETS):
        if name in (*OPTIONAL, *OTHER_SETS) and name not in report.metrics:
            continue
        values = [report.metrics.get(name)] + [report.by_language[c].get(name) for c in columns[1:]]
        rows.append([name, *("" if v is None else _fmt(v) for v in values)])
    lines = _table(rows)
    lines += ["", "by section (hit@5 / key points / questions):"]
    for section, metrics in report.by_section.items():
        lines.append(f"  {_fmt(metrics['hit_at_5'])}  {_fmt(metrics['key_point_recall'])}  "
                     f"{int(metrics['questions']):>3}  {section}")
    lines += ["", "retrieval ablation (hit@1 / hit@5 / MRR@10):"]
    lines += [f"  {row}" for row in _ablation_rows(report)]
    lines.append("")
    lines += [f"REGRESSION: {r}" for r in report.regressions] or ["all thresholds met"]
    return "\n".join(lines)


def _ablation_rows(report: EvalReport) -> list[str]:
    rows = [["retriever", "all", "ja", "en"]]
    for name, by_language in report.ablation.items():
        rows.append([name, *(" / ".join(_fmt(by_language[lang][m]) for m in ("hit_at_1", "hit_at_5", "mrr_at_10"))
                             for lang in ("all", "ja", "en"))])
    return _table(rows) if report.ablation else []


def sparkline(values: list[float]) -> str:
    clean = [v for v in values if not math.isnan(v)]
    if not clean:
        return ""
    low, high = min(clean), max(clean)
    span = (high - low) or 1.0
    return "".join(_BARS[min(int((v - low) / span * (len(_BARS) - 1)), len(_BARS) - 1)] for v in clean)


def markdown(report: EvalReport, history: list[dict[str, Any]]) -> str:
    columns = ["all", *report.by_language]
    lines = ["# Eval report", "", f"Configuration: `{json.dumps(report.config, ensure_ascii=False)}`", "",
             "| metric | " + " | ".join(columns) + " |", "|---" * (len(columns) + 1) + "|"]
    for name in (*HEADLINE, *OPTIONAL, *FOLLOW_UPS, "median_answer_ms", "questions", *OTHER_SETS):
        if name in (*OPTIONAL, *OTHER_SETS) and name not in report.metrics:
            continue
        values = [report.metrics.get(name)] + [report.by_language[c].get(name) for c in columns[1:]]
        lines.append(f"| {name} | " + " | ".join("" if v is None else _fmt(v) for v in values) + " |")
    lines += ["", "## By section", "", "| section | hit@5 | MRR@10 | key points | questions |", "|---|---|---|---|---|"]
    for section, m in report.by_section.items():
        lines.append(f"| {section} | {_fmt(m['hit_at_5'])} | {_fmt(m['mrr_at_10'])} | "
                     f"{_fmt(m['key_point_recall'])} | {int(m['questions'])} |")
    lines += ["", "## Retrieval ablation (hit@1 / hit@5 / MRR@10)", "", "```", *_ablation_rows(report), "```"]
    lines += ["", "## Over runs", "", "| metric | trend (oldest → newest) | latest |", "|---|---|---|"]
    for name in HEADLINE:
        series = [float(run["metrics"].get(name, math.nan)) for run in history]
        lines.append(f"| {name} | `{sparkline(series)}` | {_fmt(series[-1]) if series else ''} |")
    lines += ["", "## Regressions", ""]
    lines += [f"- {r}" for r in report.regressions] or ["None: all thresholds met."]
    problems = [(q.id, p) for q in report.questions for p in q.problems]
    if problems:
        lines += ["", "## Problems found", ""] + [f"- {qid}: {p}" for qid, p in problems]
    return "\n".join(lines) + "\n"


def git_commit(root: Path) -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True,
                              timeout=10).stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def record(report: EvalReport, root: Path, path: Path = HISTORY) -> list[dict[str, Any]]:
    """Append this run (commit, configuration, metrics) to the history; return the whole history."""
    entry = {"time": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "commit": git_commit(root), "config": report.config,
             "metrics": report.metrics}
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
    return read_history(path)


def read_history(path: Path = HISTORY) -> list[dict[str, Any]]:
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
