"""Fit the résumé level estimate on the training half of the résumé dev set; report it on the
held-back half it never saw.

    python -m evals.level_fit            # fit, print the figures
    python -m evals.level_fit --write    # ... and save advisor/gap/level_model.json

The estimate is a weighted average of each signal's ladder position (``advisor.gap.ladder``).
The typical values per level stay as written (ladder.yaml's years and teams, our reading of the
guide for the rest); what is fitted is the weight of each signal and the offset at which the
average rounds up to the next level, by exhaustive search over a small grid, maximising the share
of training résumés whose estimate falls in their acceptable range (ties: exact level, then the
most even weights). ``min_statements`` — below it, with no dated job, the estimate is withheld —
is the smallest count that withholds every "too little" training résumé and no other.
"""

from __future__ import annotations

import argparse
import itertools
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from advisor.corpus import LEVEL_IDS, load_corpus
from advisor.gap.ladder import DIMENSIONS, MODEL_PATH, LevelModel, keyword_level, placements
from advisor.gap.resume import Resume, read_resume
from advisor.gap.signals import Signals, read_signals
from evals.resumes import load_specs, render

WEIGHT_GRID = (0.5, 1.0, 1.5, 2.0)  # every signal counts for something: 20 résumés fit no zero
OFFSET_GRID = tuple(round(0.1 * n, 1) for n in range(0, 10))
CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def _rows(model: LevelModel) -> list[dict[str, Any]]:
    """Each dev résumé read once: its signals, ladder positions, labels and split."""
    ladder = load_corpus(CORPUS).ladder
    rows = []
    for spec in load_specs():
        resume: Resume = read_resume(render(spec["text"], spec["format"]), f"{spec['id']}.{spec['format']}")
        signals: Signals = read_signals(resume)
        keywords, _ = keyword_level(resume, ladder)
        low, high = spec.get("acceptable_levels") or [spec["expected_level"]] * 2
        rows.append({"id": spec["id"], "split": spec.get("split", "train"), "language": spec["language"],
                     "resume": resume, "signals": signals, "placed": placements(signals, keywords, model),
                     "expected": LEVEL_IDS.index(spec["expected_level"]),
                     "range": (LEVEL_IDS.index(low), LEVEL_IDS.index(high)),
                     "too_little": bool(spec.get("too_little"))})
    return rows


def evaluate(model: LevelModel, rows: list[dict[str, Any]]) -> dict[str, float]:
    """Within range, exact, within one level, and withheld-when-it-should among ``rows``."""
    from advisor.gap.ladder import too_little

    within = exact = near = withheld_right = rated = 0
    for row in rows:
        withheld = too_little(row["signals"], row["resume"], model)
        withheld_right += withheld == row["too_little"]
        if row["too_little"] or withheld:
            continue
        rated += 1
        index = model.level_index(model.combine(row["placed"]))
        within += row["range"][0] <= index <= row["range"][1]
        exact += index == row["expected"]
        near += abs(index - row["expected"]) <= 1
    return {"resumes": len(rows), "rated": rated, "level_within_range": round(within / max(rated, 1), 3),
            "level_exact": round(exact / max(rated, 1), 3), "level_within_one": round(near / max(rated, 1), 3),
            "withheld_correctly": round(withheld_right / max(len(rows), 1), 3)}


def fit(model: LevelModel, train: list[dict[str, Any]]) -> LevelModel:
    rated = [r for r in train if not r["too_little"]]
    best: tuple[tuple[float, ...], LevelModel] | None = None
    for weights in itertools.product(WEIGHT_GRID, repeat=len(DIMENSIONS)):
        if not any(weights):
            continue
        total = sum(weights)
        scores = [sum(w * r["placed"][d] for w, d in zip(weights, DIMENSIONS, strict=True)) / total for r in rated]
        for offset in OFFSET_GRID:
            indexes = [max(0, min(4, int(s + offset))) for s in scores]
            within = sum(r["range"][0] <= i <= r["range"][1] for r, i in zip(rated, indexes, strict=True))
            exact = sum(i == r["expected"] for r, i in zip(rated, indexes, strict=True))
            evenness = -max(weights) / (total / len(weights))
            key = (within, exact, evenness)
            if best is None or key > best[0]:
                best = (key, replace(model, weights=dict(zip(DIMENSIONS, weights, strict=True)), offset=offset))
    assert best is not None
    fitted = best[1]
    counts_little = [r["signals"].statements for r in train if r["too_little"] and not r["resume"].jobs]
    counts_rest = [r["signals"].statements for r in train if not r["too_little"] and not r["resume"].jobs]
    floor = max(counts_little, default=0) + 1
    if counts_rest and min(counts_rest) < floor:
        floor = max(counts_little, default=0) + 1  # the smallest that withholds every too-little one
    return replace(fitted, min_statements=floor)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="save the fitted model beside the estimator")
    args = parser.parse_args(argv)
    prior = LevelModel.load()
    rows = _rows(prior)
    train = [r for r in rows if r["split"] == "train"]
    held = [r for r in rows if r["split"] == "held"]
    fitted = fit(prior, train)
    even = replace(fitted, weights=dict.fromkeys(DIMENSIONS, 1.0), offset=0.3)  # the unfitted baseline
    measured = {"train": evaluate(fitted, train), "held": evaluate(fitted, held),
                "held_equal_weights": evaluate(even, held)}
    for language in ("ja", "en"):
        measured[f"held_{language}"] = evaluate(fitted, [r for r in held if r["language"] == language])
    print(json.dumps({"weights": fitted.weights, "offset": fitted.offset, "min_statements": fitted.min_statements,
                      "measured": measured}, ensure_ascii=False, indent=1))
    for row in held:
        if not row["too_little"]:
            index = fitted.level_index(fitted.combine(row["placed"]))
            if not row["range"][0] <= index <= row["range"][1]:
                print(f"  held miss {row['id']}: {LEVEL_IDS[index]} not in "
                      f"{LEVEL_IDS[row['range'][0]]}..{LEVEL_IDS[row['range'][1]]}  {row['placed']}")
    if args.write:
        data = {"points": fitted.points, "weights": fitted.weights, "offset": fitted.offset,
                "min_statements": fitted.min_statements, "measured": measured}
        MODEL_PATH.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {MODEL_PATH}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
