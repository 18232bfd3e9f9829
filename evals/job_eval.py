"""Job-posting eval: fictional postings (evals/datasets/postings.yaml) with labelled requirements and
résumé pairs with a labelled status per requirement, scored through the same code the facade runs.

- requirement precision / recall: the requirements read from the posting against the labelled
  ones (a match is the same text, whitespace and bullets aside, or one containing the other);
- required-flag accuracy, skill precision / recall, and the implied level, over matched ones;
- status accuracy: per résumé pair, the status of each labelled requirement (an unread one counts
  as wrong); company facts read as requirements (should be none).
Postings alternate train / held by id within each language; ``_held`` figures come from postings the
status decision was never fitted on.
"""

from __future__ import annotations

import re
import statistics
import time
import unicodedata
from pathlib import Path
from typing import Any

import yaml

from advisor.errors import BadInput
from advisor.facade import Advisor
from advisor.gap.job import JobModel, Scorer, profile_status
from advisor.gap.posting import Posting
from advisor.gap.resume import read_resume
from evals.datasets import DATASETS
from evals.resumes import load_specs, render

POSTINGS = DATASETS / "postings.yaml"
_NOISE = re.compile(r"[\s・\-•*●◆■□▪︎【】\[\]()（）:：、。,.;!?\"'“”]+")


def load_postings(path: Path = POSTINGS) -> list[dict[str, Any]]:
    return list(yaml.safe_load(path.read_text(encoding="utf-8"))["postings"]) if path.is_file() else []


def posting_file(spec: dict[str, Any]) -> tuple[bytes, str]:
    """The posting rendered into its format, in memory (HTML and text as written)."""
    fmt = spec["format"]
    data = spec["text"].encode("utf-8") if fmt in ("txt", "html") else render(spec["text"], fmt)
    return data, f"{spec['id']}.{fmt}"


def _key(text: str) -> str:
    return _NOISE.sub("", unicodedata.normalize("NFKC", text).lower())


def same_requirement(read: str, labelled: str) -> bool:
    a, b = _key(read), _key(labelled)
    return bool(a and b) and (a == b or (min(len(a), len(b)) >= 8 and (a in b or b in a)))


def align(posting: Posting, spec: dict[str, Any]) -> list[int | None]:
    """For each labelled requirement, the index of the requirement read for it (or None)."""
    taken: set[int] = set()
    out: list[int | None] = []
    for labelled in spec["requirements"]:
        index = next((i for i, r in enumerate(posting.requirements)
                      if i not in taken and same_requirement(r.text, labelled["text"])), None)
        if index is not None:
            taken.add(index)
        out.append(index)
    return out


def read_all(advisor: Advisor) -> list[dict[str, Any]]:
    """Each posting read once, with its alignment to the labels and its résumé pairs analysed."""
    scorer = Scorer(advisor.embedder)
    resumes = {s["id"]: s for s in load_specs()}
    rows = []
    for spec in load_postings():
        data, name = posting_file(spec)
        started = time.perf_counter()
        try:
            posting = advisor.read_posting(data, name)
        except BadInput:  # nothing read: every labelled requirement counts as missed, every status as wrong
            posting = Posting(name, spec["language"], "", (), "", "")
        seconds = time.perf_counter() - started
        pairs = []
        for pair in spec.get("pairs") or [] if posting.requirements else []:
            resume = resumes[pair["resume"]]
            started = time.perf_counter()
            report = advisor.analyze_resume(render(resume["text"], resume["format"]),
                                            name=f"{resume['id']}.{resume['format']}", job=data, job_name=name)
            seconds_taken = time.perf_counter() - started
            read = read_resume(render(resume["text"], resume["format"]), f"{resume['id']}.{resume['format']}")
            closest = scorer.closest([r.text for r in posting.requirements], read)
            estimate = report.level_estimate
            profiles = [profile_status(r, read, estimate.lead_years[1] if estimate else 0,
                                       estimate.years_range[1] if estimate else 0) for r in posting.requirements]
            pairs.append({"report": report, "labels": pair["status"], "seconds": seconds_taken, "closest": closest,
                          "profiles": profiles})
        rows.append({"spec": spec, "posting": posting, "aligned": align(posting, spec), "pairs": pairs,
                     "split": split_of(spec["id"]), "read_seconds": seconds})
    return rows


def split_of(posting_id: str) -> str:
    """Alternate ids within each language block of the dev set: odd numbers train, even ones held."""
    return "train" if int(re.sub(r"\D", "", posting_id)) % 2 else "held"


def statuses(row: dict[str, Any], pair: dict[str, Any], scorer: Scorer) -> list[str | None]:
    """The status each labelled requirement gets under ``scorer`` (None: the requirement was not read)."""
    report = pair["report"]
    skills = {s.id: s for s in report.skills}
    years = report.level_estimate.years_range[1] if report.level_estimate else 0
    requirements = row["posting"].requirements
    predicted = [scorer.status(r, skills, years, c, p)[0]
                 for r, c, p in zip(requirements, pair["closest"], pair["profiles"], strict=True)]
    return [predicted[i] if i is not None else None for i in row["aligned"]]


def metrics(rows: list[dict[str, Any]], advisor: Advisor, model: JobModel | None = None,
            suffix: str = "") -> dict[str, float]:
    scorer = Scorer(advisor.embedder, model)
    read = sum(len(r["posting"].requirements) for r in rows)
    labelled = sum(len(r["aligned"]) for r in rows)
    found = sum(sum(i is not None for i in r["aligned"]) for r in rows)
    flags = skill_tp = skill_fp = skill_fn = 0
    for row in rows:
        for labels, index in zip(row["spec"]["requirements"], row["aligned"], strict=True):
            if index is None:
                continue
            got = row["posting"].requirements[index]
            flags += got.required == labels["required"]
            truth = set(labels.get("skills") or [])
            skill_tp += len(set(got.skills) & truth)
            skill_fp += len(set(got.skills) - truth)
            skill_fn += len(truth - set(got.skills))
    right = total = 0
    for row in rows:
        for pair in row["pairs"]:
            for predicted, label in zip(statuses(row, pair, scorer), pair["labels"], strict=True):
                total += 1
                right += predicted == label
    facts = sum(any(same_requirement(r.text, fact) for fact in row["spec"].get("company_facts") or []
                    for r in row["posting"].requirements) for row in rows)
    return {
        f"job_requirement_precision{suffix}": round(found / max(read, 1), 4),
        f"job_requirement_recall{suffix}": round(found / max(labelled, 1), 4),
        f"job_required_flag_accuracy{suffix}": round(flags / max(found, 1), 4),
        f"job_skill_precision{suffix}": round(skill_tp / max(skill_tp + skill_fp, 1), 4),
        f"job_skill_recall{suffix}": round(skill_tp / max(skill_tp + skill_fn, 1), 4),
        f"job_status_accuracy{suffix}": round(right / max(total, 1), 4),
        f"job_level_accuracy{suffix}": round(sum(r["posting"].level == r["spec"]["expected_level"] for r in rows)
                                             / max(len(rows), 1), 4),
        f"job_company_facts_read{suffix}": facts,
    }


def run_job_eval(advisor: Advisor) -> dict[str, float]:
    if not POSTINGS.is_file():
        return {}
    rows = read_all(advisor)
    out = metrics(rows, advisor)
    out.update(metrics([r for r in rows if r["split"] == "held"], advisor, suffix="_held"))
    seconds = [p["seconds"] for r in rows for p in r["pairs"]]
    out.update({"job_gap_median_ms": round(1000 * statistics.median(seconds), 1) if seconds else 0.0,
                "job_postings": len(rows), "job_pairs": len(seconds)})
    return out
