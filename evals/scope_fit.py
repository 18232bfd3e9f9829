"""Fit the scope decision on the training split; report it on the validation split it never saw.

    python -m evals.scope_fit            # fit, print the figures
    python -m evals.scope_fit --write    # ... and save advisor/answer/scope_model.json

The model is a multinomial logistic regression (scikit-learn) over the signals of
``advisor.answer.scope`` (standardised). Its regularisation strength is chosen by 10-fold
cross-validated log loss on the training split; the decline stage counts partial questions as
not-declines at a weight (``PARTIAL_WEIGHTS``) chosen there too. The decline threshold is the
lowest P(none) at which, in those cross-validated predictions, at most ``MAX_FALSE_DECLINES`` of the
answerable questions are declined (declining a good question costs more than answering a bad
one with a plain quote). The partial threshold maximises the right full/partial outcomes there,
among the questions not labelled for a decline (the partial stage's own job).
Validation questions are only ever predicted, after everything is fixed.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from advisor import Advisor
from advisor.answer.scope import (
    MODEL_PATH,
    NEIGHBOUR_FEATURE,
    NEIGHBOURS_PATH,
    TOPIC_FEATURE,
    ScopeModel,
    decide_outcome,
    neighbour_scores,
)
from evals.datasets import ScopeQuestion, load_questions, load_scope
from evals.fitting import fitter_setup
from evals.scope_eval import EXPECTED, breakdown, by_kind, scope_metrics

MAX_FALSE_DECLINES = 0.02
# How much a partial question counts as "not a decline" in the decline stage. At 0 the stage
# never sees one, and a figure asked beside a question the guide answers is declined like a
# figure asked alone; at 1 partials pull the stage off the declines it should catch. Chosen
# by the most right outcomes out of fold on the training split.
PARTIAL_WEIGHTS = (0.0, 0.1, 0.2, 0.35, 0.5)
C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0)
FOLDS = 10
Target = Callable[[np.ndarray], np.ndarray]  # labels → the binary target of one stage


def signal_rows(advisor: Advisor, questions: Sequence[str]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Feature names, one row of signal values per question (over the passages ``ask`` uses), and
    the questions' embeddings."""
    rows: list[dict[str, float]] = []
    for question in questions:
        passages = advisor.answer_passages(question)
        rows.append(advisor.scope.signals(question, passages).values)
    names = list(rows[0])
    vectors = np.array([advisor.embedder.embed_query(q) for q in questions], dtype=float)
    return names, np.array([[row[n] for n in names] for row in rows], dtype=float), vectors


def _decide(p_decline: np.ndarray, p_partial: np.ndarray, thresholds: tuple[float, float],
            tasks: np.ndarray) -> list[str]:
    """Outcomes from the two probabilities (the rule ``ScopeModel.decide`` applies)."""
    return [decide_outcome(d, p, *thresholds, bool(t)) for d, p, t in zip(p_decline, p_partial, tasks, strict=True)]


def _thresholds(p_decline: np.ndarray, p_partial: np.ndarray, y: list[str],
                tasks: np.ndarray) -> tuple[float, float]:
    """Decline: the lowest threshold at which at most ``MAX_FALSE_DECLINES`` of the answerable
    questions are declined. Partial: the most right full/partial outcomes among the questions not
    labelled for a decline (the partial stage's own job)."""
    answerable = sorted((p for p, label in zip(p_decline, y, strict=True) if label == "full"), reverse=True)
    allowed = int(MAX_FALSE_DECLINES * len(answerable))
    decline_threshold = float(min(answerable[allowed] + 1e-6, 0.999)) if len(answerable) > allowed else 0.5

    def right(t: float) -> tuple[int, float]:
        decided = _decide(p_decline, p_partial, (decline_threshold, t), tasks)
        return sum(d == label for d, label in zip(decided, y, strict=True) if label != "none"), t  # ties: higher

    return decline_threshold, max((float(t) for t in np.linspace(0.05, 0.95, 91)), key=right)


def fit(names: list[str], x: np.ndarray, vectors: np.ndarray, y: list[str], embedder: str,
        extra: tuple[np.ndarray, np.ndarray, list[str]], in_scope_vectors: np.ndarray) -> dict:
    """The fitted model as ``ScopeModel.load`` reads it, with its cross-validated training figures.

    ``extra`` (signals, vectors, labels) are more training rows that are never predicted out of
    fold (the older eval set); ``in_scope_vectors`` are questions the corpus answers by
    construction (the interview bank's), used for the embedding direction only.
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import log_loss, roc_auc_score
    from sklearn.model_selection import StratifiedKFold
    from sklearn.preprocessing import StandardScaler

    labels = np.array(y)
    x_extra, v_extra, y_extra = extra[0], extra[1], np.array(extra[2])
    folds = list(StratifiedKFold(FOLDS, shuffle=True, random_state=0).split(x, labels))

    def model(c: float) -> LogisticRegression:
        return LogisticRegression(C=c, max_iter=5000, class_weight="balanced")

    # The embedding's direction of "out of scope", fitted on declines vs answers (partials sit
    # between). Its values on training rows come out of fold, so the stages weigh it as it
    # behaves on questions it has not seen.
    def topic_fit(c: float, rows: np.ndarray) -> LogisticRegression:
        keep = rows[labels[rows] != "partial"]
        vs = np.vstack([vectors[keep], v_extra, in_scope_vectors])
        targets = np.concatenate([labels[keep] == "none", y_extra == "none", np.zeros(len(in_scope_vectors), bool)])
        return model(c).fit(vs, targets)

    def topic_out_of_fold(c: float) -> np.ndarray:
        values = np.zeros(len(y))
        for train, test in folds:
            values[test] = topic_fit(c, train).decision_function(vectors[test])
        return values

    judged = labels != "partial"
    topic_cv = {c: topic_out_of_fold(c) for c in C_GRID}
    topic_c = max(C_GRID, key=lambda c: roc_auc_score(labels[judged] == "none", topic_cv[c][judged]))
    topic = topic_fit(topic_c, np.arange(len(y)))
    names = [*names, TOPIC_FEATURE, NEIGHBOUR_FEATURE]
    near, near_extra, neighbours = _neighbour_values(vectors, labels, v_extra, y_extra, in_scope_vectors, folds)
    x = np.column_stack([x, topic_cv[topic_c], near])
    x_extra = np.column_stack([x_extra, topic.decision_function(v_extra), near_extra])

    scaler = StandardScaler().fit(np.vstack([x, x_extra]))
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    z, z_extra = (x - scaler.mean_) / scale, (x_extra - scaler.mean_) / scale

    def stage(positive: str, partial_weight: float = 0.0) -> tuple[LogisticRegression, np.ndarray, float]:
        """``positive`` vs answers (and partials at ``partial_weight``, for the decline stage): the
        best-regularised model and its out-of-fold P on every row."""
        negatives = ["full", "partial"] if partial_weight else ["full"]
        rows, rows_extra = np.isin(labels, [positive, *negatives]), np.isin(y_extra, [positive, *negatives])

        def fitted(c: float, train: np.ndarray) -> LogisticRegression:
            train = train[rows[train]]
            zs = np.vstack([z[train], z_extra[rows_extra]])
            ys = np.concatenate([labels[train], y_extra[rows_extra]])
            weights = np.where((ys == "partial") & (positive != "partial"), partial_weight, 1.0)
            return model(c).fit(zs, ys == positive, sample_weight=weights)

        def out_of_fold(c: float) -> np.ndarray:
            p = np.zeros(len(y))
            for train, test in folds:
                p[test] = fitted(c, train).predict_proba(z[test])[:, 1]
            return p

        cv = {c: out_of_fold(c) for c in C_GRID}
        best = min(C_GRID, key=lambda c: log_loss(labels[rows] == positive, cv[c][rows]))
        return fitted(best, np.arange(len(y))), cv[best], best

    partial, p_partial, partial_c = stage("partial")
    tasks = x[:, names.index("task")]

    def exact(fit: tuple[LogisticRegression, np.ndarray, float]) -> float:
        decided = _decide(fit[1], p_partial, _thresholds(fit[1], p_partial, y, tasks), tasks)
        return float(np.mean([d == label for d, label in zip(decided, y, strict=True)]))

    decline_fits = {w: stage("none", w) for w in PARTIAL_WEIGHTS}
    partial_weight = max(PARTIAL_WEIGHTS, key=lambda w: exact(decline_fits[w]))
    decline, p_decline, decline_c = decline_fits[partial_weight]
    thresholds = _thresholds(p_decline, p_partial, y, tasks)

    def part(fitted: LogisticRegression, threshold: float, c: float) -> dict:
        return {"coef": fitted.coef_[0].round(6).tolist(), "bias": round(float(fitted.intercept_[0]), 6),
                "threshold": round(threshold, 6), "C": c}

    return {
        "features": names,
        "mean": scaler.mean_.round(6).tolist(),
        "scale": scale.round(6).tolist(),
        "decline": {**part(decline, thresholds[0], decline_c), "partial_weight": partial_weight},
        "partial": part(partial, thresholds[1], partial_c),
        "topic": {"embedder": embedder, "weights": topic.coef_[0].round(6).tolist(),
                  "bias": round(float(topic.intercept_[0]), 6), "C": topic_c},
        "report": {"cv_predictions": _decide(p_decline, p_partial, thresholds, tasks),
                   "cv_decline": p_decline.round(4).tolist()},
        "neighbours": neighbours,
    }


def _unit(vectors: np.ndarray) -> np.ndarray:
    return (vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)).astype(np.float32)


def _neighbour_values(
    vectors: np.ndarray, labels: np.ndarray, v_extra: np.ndarray, y_extra: np.ndarray, in_scope: np.ndarray,
    folds: list[tuple[np.ndarray, np.ndarray]],
) -> tuple[np.ndarray, np.ndarray, tuple[np.ndarray, np.ndarray]]:
    """``NEIGHBOUR_FEATURE`` on the training rows (out of fold: a row never counts itself or its
    fold), on the extra rows (leaving each one out) and the reference sets saved with the model.
    Partials count as in scope: their topic is the corpus's."""
    train, extra, bank = _unit(vectors), _unit(v_extra), _unit(in_scope)
    out_train, out_extra = labels == "none", y_extra == "none"

    def references(train_rows: np.ndarray, extra_rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        out = np.vstack([train[train_rows & out_train], extra[extra_rows & out_extra]])
        inside = np.vstack([train[train_rows & ~out_train], extra[extra_rows & ~out_extra], bank])
        return out, inside

    near = np.zeros(len(labels))
    every_extra = np.ones(len(y_extra), bool)
    for fold_train, fold_test in folds:
        rows = np.zeros(len(labels), bool)
        rows[fold_train] = True
        near[fold_test] = neighbour_scores(train[fold_test], *references(rows, every_extra))
    every_train = np.ones(len(labels), bool)
    near_extra = np.array([neighbour_scores(extra[i:i + 1], *references(every_train, every_extra
                                                                        & (np.arange(len(y_extra)) != i)))[0]
                           for i in range(len(y_extra))])
    return near, near_extra, references(every_train, every_extra)


def _predict(model: dict, names: list[str], x: np.ndarray, vectors: np.ndarray, embedder: str) -> list[str]:
    """What the saved model decides for each row: the same code ``ask`` runs."""
    fitted = ScopeModel.from_data(model, model["neighbours"])
    outcomes = []
    for row, vector in zip(x, vectors, strict=True):
        values = {**dict(zip(names, row.tolist(), strict=True)), **fitted.embedding_values(vector.tolist(), embedder)}
        outcomes.append(fitted.decide(values)[0])
    return outcomes


def main(argv: Sequence[str] | None = None) -> int:
    args, advisor = fitter_setup(__doc__ or "", MODEL_PATH, argv)
    rows = load_scope()
    train = [q for q in rows if q.split == "train"]
    validation = [q for q in rows if q.split == "validation"]
    names, x_train, v_train = signal_rows(advisor, [q.question for q in train])
    # More training rows: the older eval set (answerable or not), and the bank's own questions
    # (answerable by construction) for the embedding direction.
    older = load_questions()
    _, x_old, v_old = signal_rows(advisor, [q.question for q in older])
    bank = [text for q in advisor.corpus.questions for text in (q.question_ja, q.question_en)]
    v_bank = np.array([advisor.embedder.embed_query(text) for text in bank], dtype=float)
    extra = (x_old, v_old, ["full" if q.answerable else "none" for q in older])
    model = fit(names, x_train, v_train, [EXPECTED[q.outcome] for q in train], advisor.embedder.embedder_id,
                extra, v_bank)
    cv_pairs: list[tuple[ScopeQuestion, str]] = list(zip(train, model["report"].pop("cv_predictions"), strict=True))
    cv_decline = model["report"].pop("cv_decline")
    closest = sorted((p, q.id, q.question) for p, q in zip(cv_decline, train, strict=True) if q.outcome == "answer")
    print("answerable questions closest to a decline (out of fold):", file=sys.stderr)
    for row in closest[-6:]:
        print("  ", *row, file=sys.stderr)
    _, x_val, v_val = signal_rows(advisor, [q.question for q in validation])
    val_pairs = list(zip(validation, _predict(model, names, x_val, v_val, advisor.embedder.embedder_id),
                         strict=True))
    model["report"].update({
        "fitted_on": f"train split of evals/datasets/scope.jsonl ({len(train)} questions), "
                     f"evals/datasets/questions.jsonl ({len(older)}), "
                     f"the bank's questions ({len(bank)}, embedding only)",
        "train_cross_validated": scope_metrics(cv_pairs),
        "validation": scope_metrics(val_pairs),
        "validation_by_language": breakdown(val_pairs, "language"),
        "validation_by_kind": by_kind(val_pairs),
        "weights": {part: dict(zip(model["features"], model[part]["coef"], strict=True))
                    for part in ("decline", "partial")},
    })
    print(json.dumps(model["report"], ensure_ascii=False, indent=1))
    # Development looks at the training split's out-of-fold errors only; validation is for the figures.
    errors = [(q.id, q.outcome, c, q.question) for q, c in cv_pairs if EXPECTED[q.outcome] != c]
    print(f"\ntraining errors, out of fold ({len(errors)}):", file=sys.stderr)
    for error in errors:
        print("  ", *error, file=sys.stderr)
    out_of_scope, in_scope = model.pop("neighbours")
    if args.write:
        Path(MODEL_PATH).write_text(json.dumps(model, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        # Half precision: similarities need three digits, and the file stays small.
        np.savez_compressed(NEIGHBOURS_PATH, out_of_scope=out_of_scope.astype(np.float16),
                            in_scope=in_scope.astype(np.float16))
        print(f"wrote {MODEL_PATH} and {NEIGHBOURS_PATH}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
