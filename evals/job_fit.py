"""Fit the requirement-status decision on the training half of the posting dev set; report it on
the held half it never saw.

    python -m evals.job_fit            # fit, print the figures
    python -m evals.job_fit --write    # ... and save advisor/gap/job_model.json

Four parameters (``advisor.gap.job.JobModel``): whether "some" evidence meets a requirement; the
two cosines at which the closest work statement meets a requirement in full or in part; and
whether that meaning may raise a requirement its skills' evidence leaves short. Exhaustive search
over a small grid, maximising the status accuracy on training pairs (ties: the higher, stricter
thresholds).
"""

from __future__ import annotations

import itertools
import json
from dataclasses import replace
from typing import Any

from advisor import Advisor
from advisor.gap.job import MODEL_PATH, JobModel
from evals.fitting import fitter_setup
from evals.job_eval import metrics, read_all

GRID_MET = (0.45, 0.5, 0.55, 0.6, 0.65, 0.7)
GRID_PARTIAL = (0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55)


def fit(prior: JobModel, train: list[dict[str, Any]], advisor: Advisor) -> JobModel:
    """The grid point with the best status accuracy on the training pairs."""
    best: tuple[tuple[float, float, float], JobModel] | None = None
    for some_meets, for_skills, met, partial in itertools.product((True, False), (True, False), GRID_MET,
                                                                  GRID_PARTIAL):
        if partial > met:
            continue
        model = replace(prior, some_meets=some_meets, meaning_met=met, meaning_partial=partial,
                        meaning_for_skills=for_skills)
        accuracy = metrics(train, advisor, model)["job_status_accuracy"]
        key = (accuracy, met, partial)
        if best is None or key > best[0]:
            best = (key, model)
    assert best is not None
    return best[1]


def main(argv: list[str] | None = None) -> int:
    args, advisor = fitter_setup(__doc__ or "", MODEL_PATH, argv)
    rows = read_all(advisor)
    train = [r for r in rows if r["split"] == "train"]
    held = [r for r in rows if r["split"] == "held"]
    fitted = fit(JobModel.load(), train, advisor)
    measured = {"train": metrics(train, advisor, fitted), "held": metrics(held, advisor, fitted)}
    data = {"some_meets": fitted.some_meets, "meaning_met": fitted.meaning_met,
            "meaning_partial": fitted.meaning_partial, "meaning_for_skills": fitted.meaning_for_skills,
            "measured": measured}
    print(json.dumps(data, ensure_ascii=False, indent=1))
    if args.write:
        MODEL_PATH.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {MODEL_PATH}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
