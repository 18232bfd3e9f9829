"""Fit the interview-feedback decisions on the training half; report them on the held-apart half.

    python -m evals.feedback_fit            # fit, print the figures
    python -m evals.feedback_fit --write    # ... and save advisor/feedback/feedback_model.json

The graded answers are split by question (``GradedAnswer.split``), so the held-apart half is
judged on questions the fit never saw. Four logistic regressions (scikit-learn), each with its
regularisation chosen by cross-validated log loss on the training half (folds by question):
- points: does a unit of the answer state a key point? A point's label belongs to the answer,
  not to a unit, so the fit alternates: take each point's best unit under the current model,
  refit, repeat. Its threshold orders the most good > partial > off pairs of one question, out of fold.
- term_list: is the answer a list of terms? Besides the written lists, every training question's
  key-point keywords joined by the separators people paste with are added as lists. Threshold:
  the lowest at which no training answer written in sentences is taken for a list out of fold.
- on_topic: for answers that state no point, do they still talk about the question's topic
  (labels: on-topic-but-off-question and term lists vs off-topic)?
- star: which STAR part a sentence plays, from its embedding (multinomial), over the STAR
  sentence set's training half and the training answers' parts; each part's presence threshold
  maximises right present/absent calls on the training answers, out of fold.
"""

from __future__ import annotations

import itertools
import json
import random
import sys
from typing import Any

import numpy as np

from advisor import Advisor
from advisor.corpus import InterviewQuestion
from advisor.feedback.form import read_form
from advisor.feedback.judge import AnswerJudge, topic_signals
from advisor.feedback.model import MODEL_PATH, FeedbackModel
from advisor.feedback.points import POINT_FEATURES
from advisor.feedback.star import STAR_PARTS
from evals.datasets import GradedAnswer, load_interview_answers, load_star_sentences
from evals.fitting import fitter_setup
from evals.interview_eval import Judged, feedback_metrics

C_GRID = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
FOLDS = 5
ROUNDS = 3  # best-unit selection rounds for the point model
FORM_FEATURES = ("grammar", "predicate_share", "words_per_segment", "sentences")
TOPIC_FEATURES = ("closest_unit", "mean_unit", "best_point")
SEPARATORS = (" ", ", ", "、", " / ", "・", "\n- ", "\n", " #", "; ")
CLASSES = (*STAR_PARTS, "other")


def _logistic(x: np.ndarray, y: np.ndarray, groups: np.ndarray, names: tuple[str, ...]) -> tuple[dict, np.ndarray]:
    """A standardised logistic regression with C by grouped CV log loss; its out-of-fold P(yes)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import log_loss
    from sklearn.model_selection import GroupKFold

    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale = np.where(scale < 1e-9, 1.0, scale)
    z = (x - mean) / scale
    folds = list(GroupKFold(n_splits=min(FOLDS, len(set(groups)))).split(z, y, groups))

    def out_of_fold(c: float) -> np.ndarray:
        p = np.zeros(len(y))
        for train, test in folds:
            model = LogisticRegression(C=c, max_iter=2000, class_weight="balanced").fit(z[train], y[train])
            p[test] = model.predict_proba(z[test])[:, 1]
        return p

    scored = {c: out_of_fold(c) for c in C_GRID}
    best = min(C_GRID, key=lambda c: log_loss(y, np.clip(scored[c], 1e-6, 1 - 1e-6)))
    model = LogisticRegression(C=best, max_iter=2000, class_weight="balanced").fit(z, y)
    data = {"features": list(names), "mean": mean.tolist(), "scale": scale.tolist(),
            "coef": model.coef_[0].tolist(), "bias": float(model.intercept_[0]), "C": best}
    return data, scored[best]


def _best_f1_threshold(p: np.ndarray, y: np.ndarray) -> float:
    def f1(t: float) -> float:
        tp = float(((p >= t) & (y == 1)).sum())
        fp, fn = float(((p >= t) & (y == 0)).sum()), float(((p < t) & (y == 1)).sum())
        return 2 * tp / (2 * tp + fp + fn) if tp else 0.0

    return max((float(t) for t in np.linspace(0.05, 0.95, 91)), key=f1)


def fit_points(judge: AnswerJudge, questions: dict[str, InterviewQuestion],
               rows: list[GradedAnswer]) -> tuple[dict, list[np.ndarray]]:
    rows = [r for r in rows if r.grade != "keyword_list"]  # the term-list decision handles those
    signals = [judge.points.signals(questions[r.question_id], read_form(r.answer)) for r in rows]
    labels = np.array([int(i in r.covered) for r in rows for i in range(len(questions[r.question_id].key_points))])
    groups = np.array([r.question_id for r in rows for _ in questions[r.question_id].key_points])
    names = list(POINT_FEATURES)
    centred, distinct = names.index("centred"), names.index("distinct_words")
    pick = [s[:, :, centred] + s[:, :, distinct] for s in signals]  # first round: a plain closeness
    for _ in range(ROUNDS):
        x = np.array([s[int(score[:, p].argmax()), p] for s, score in zip(signals, pick, strict=True)
                      for p in range(s.shape[1])])
        data, out_of_fold = _logistic(x, labels, groups, POINT_FEATURES)
        coef, mean, scale = np.array(data["coef"]), np.array(data["mean"]), np.array(data["scale"])
        pick = [((s - mean) / scale) @ coef for s in signals]
    data["threshold"] = _best_order_threshold(out_of_fold, rows, questions)
    return data, signals


def _best_order_threshold(p: np.ndarray, rows: list[GradedAnswer], questions: dict[str, InterviewQuestion]) -> float:
    """The threshold whose scores (out of fold) order the most good > partial > off pairs of one question
    (what a candidate reads); ties broken by point F1."""
    from evals.interview_eval import RANK

    counts = [len(questions[r.question_id].key_points) for r in rows]
    starts = np.cumsum([0, *counts])

    def ordered(t: float) -> tuple[int, float]:
        scores = [float((p[a:b] >= t).mean()) for a, b in itertools.pairwise(starts)]
        wins = sum(sa > sb for ra, sa in zip(rows, scores, strict=True) for rb, sb in zip(rows, scores, strict=True)
                   if ra.question_id == rb.question_id and RANK[ra.grade] > RANK[rb.grade])
        labels = np.array([int(i in r.covered) for r in rows for i in range(len(questions[r.question_id].key_points))])
        tp = float(((p >= t) & (labels == 1)).sum())
        f1 = 2 * tp / (tp + float((p >= t).sum()) + float(labels.sum())) if tp else 0.0
        return wins, f1

    return max((float(t) for t in np.linspace(0.2, 0.9, 71)), key=ordered)


def _term_list_rows(questions: list[InterviewQuestion], seed: int = 7) -> list[str]:
    """Key-point keywords joined as people paste them, one list per training question."""
    rng = random.Random(seed)
    lists = []
    for q in questions:
        words = [k for kp in q.key_points for k in kp.keywords[:2]]
        rng.shuffle(words)
        lists.append(rng.choice(SEPARATORS).join(words[: rng.randint(3, 8)]))
    return lists


def fit_term_list(rows: list[GradedAnswer], questions: list[InterviewQuestion]) -> dict:
    texts = [r.answer for r in rows] + _term_list_rows(questions)
    y = np.array([int(r.grade == "keyword_list") for r in rows] + [1] * len(questions))
    groups = np.array([r.question_id for r in rows] + [q.id for q in questions])
    x = np.array([read_form(t).signals() for t in texts])
    data, out_of_fold = _logistic(x, y, groups, FORM_FEATURES)
    sentences = out_of_fold[y == 0]
    data["threshold"] = float(min(max(sentences.max() + 1e-6, 0.5), 0.99))  # never a sentence answer
    return data


def fit_on_topic(judge: AnswerJudge, questions: dict[str, InterviewQuestion], rows: list[GradedAnswer]) -> dict:
    rows = [r for r in rows if not r.covered]
    x, y = [], []
    for r in rows:
        q, form = questions[r.question_id], read_form(r.answer)
        vectors = judge.points.unit_vectors(form)
        verdicts = judge.points.judge(q, form, judge.model.points, vectors)
        x.append(topic_signals(judge.points, q, form, vectors, verdicts))
        y.append(int(r.grade in ("off_question", "keyword_list")))
    data, out_of_fold = _logistic(np.array(x), np.array(y), np.array([r.question_id for r in rows]),
                                  TOPIC_FEATURES)
    data["threshold"] = _best_f1_threshold(out_of_fold, np.array(y))
    return data


def fit_star(advisor: Advisor, rows: list[GradedAnswer]) -> dict:
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    sentences = [s for s in load_star_sentences() if s.split == "train"]
    spoken = [(r, p) for r in rows if r.parts for p in r.parts]
    texts = [s.text for s in sentences] + [p.text for _, p in spoken]
    y = np.array([CLASSES.index(s.part) for s in sentences] + [CLASSES.index(p.part) for _, p in spoken])
    groups = np.array([s.id for s in sentences] + [r.question_id for r, _ in spoken])
    x = np.asarray(advisor.embedder.embed_documents(texts), dtype=float)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    best_c, best_accuracy, out_of_fold = 1.0, -1.0, np.zeros((len(y), len(CLASSES)))
    for c in (0.3, 1.0, 3.0, 10.0, 30.0):
        p = np.zeros((len(y), len(CLASSES)))
        for train, test in GroupKFold(n_splits=FOLDS).split(x, y, groups):
            model = LogisticRegression(C=c, max_iter=3000).fit(x[train], y[train])
            p[np.ix_(test, model.classes_)] = model.predict_proba(x[test])
        accuracy = float((p.argmax(axis=1) == y).mean())
        if accuracy > best_accuracy:
            best_c, best_accuracy, out_of_fold = c, accuracy, p
    model = LogisticRegression(C=best_c, max_iter=3000).fit(x, y)
    # Presence thresholds from the training answers' out-of-fold sentence probabilities.
    offset = len(sentences)
    per_answer: dict[str, list[int]] = {}
    for i, (r, _) in enumerate(spoken):
        per_answer.setdefault(r.id, []).append(offset + i)
    answers = {r.id: r for r in rows if r.parts and r.grade != "keyword_list"}
    thresholds = {}
    for part in STAR_PARTS:
        column = CLASSES.index(part)
        held = [(out_of_fold[idx, column].max(), bool((out_of_fold[idx].argmax(axis=1) == column).any()),
                 part in answers[rid].star) for rid, idx in per_answer.items() if rid in answers]

        def balanced(t: float, held: list[tuple[float, bool, bool]] = held) -> tuple[float, float]:
            said = [(best >= t or top) == truth for best, top, truth in held]
            present = [ok for ok, (_, _, truth) in zip(said, held, strict=True) if truth]
            absent = [ok for ok, (_, _, truth) in zip(said, held, strict=True) if not truth]
            rate = lambda oks: sum(oks) / len(oks) if oks else 1.0  # noqa: E731
            return (rate(present) + rate(absent)) / 2, t
        thresholds[part] = float(max(np.linspace(0.1, 0.95, 86), key=lambda t: balanced(float(t))))
    return {"parts": list(CLASSES), "coef": model.coef_.tolist(), "bias": model.intercept_.tolist(),
            "thresholds": thresholds, "embedder": advisor.embedder.embedder_id, "C": best_c,
            "sentence_accuracy_out_of_fold": round(best_accuracy, 4)}


def evaluate(judge: AnswerJudge, questions: dict[str, InterviewQuestion], rows: list[GradedAnswer]) -> dict:
    judged = []
    for r in rows:
        judgement = judge.judge(questions[r.question_id], r.answer)
        covered = {v.index for v in judgement.covered}
        missing = None if judgement.star is None else set(judgement.star.missing)
        judged.append(Judged(r, covered, round(len(covered) / len(judgement.points), 3), judgement.term_list,
                             missing))
    return feedback_metrics(judged)


def star_sentence_accuracy(advisor: Advisor, star: dict) -> float:
    held = [s for s in load_star_sentences() if s.split == "validation"]
    from advisor.feedback.model import StarModel

    model = StarModel.from_data(star)
    vectors = np.asarray(advisor.embedder.embed_documents([s.text for s in held]), dtype=float)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    predicted = model.probabilities(vectors).argmax(axis=1)
    return round(float(np.mean([model.parts[p] == s.part for p, s in zip(predicted, held, strict=True)])), 4)


def main(argv: list[str] | None = None) -> int:
    args, advisor = fitter_setup(__doc__ or "", MODEL_PATH, argv)
    questions = {q.id: q for q in advisor.corpus.questions}
    rows = load_interview_answers()
    train = [r for r in rows if r.split == "train"]
    validation = [r for r in rows if r.split == "validation"]
    judge = AnswerJudge(advisor.embedder, advisor.glossary, advisor.corpus.questions, model=_placeholder())
    points, _ = fit_points(judge, questions, train)
    trained_questions = [questions[q] for q in sorted({r.question_id for r in train})]
    data: dict[str, Any] = {"points": points, "term_list": fit_term_list(train, trained_questions),
                            "star": fit_star(advisor, train)}
    judge.model = FeedbackModel.from_data({**data, "on_topic": _placeholder_logistic(TOPIC_FEATURES)})
    data["on_topic"] = fit_on_topic(judge, questions, train)
    judge = AnswerJudge(advisor.embedder, advisor.glossary, advisor.corpus.questions,
                        model=FeedbackModel.from_data(data))
    data["report"] = {
        "split": "by question (sha256 of the question id); figures from the held-apart half",
        "train_answers": len(train), "validation_answers": len(validation),
        "train_questions": len({r.question_id for r in train}),
        "validation_questions": len({r.question_id for r in validation}),
        "train": evaluate(judge, questions, train),
        "validation": evaluate(judge, questions, validation),
        "star_sentence_accuracy_validation": star_sentence_accuracy(advisor, data["star"]),
    }
    print(json.dumps({k: v for k, v in data["report"].items()}, ensure_ascii=False, indent=2))
    print(json.dumps({name: {"C": data[name].get("C"), "threshold": data[name].get("threshold", data[name].get(
        "thresholds"))} for name in ("points", "term_list", "on_topic", "star")}, indent=2))
    if args.write:
        MODEL_PATH.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {MODEL_PATH}", file=sys.stderr)
    return 0


def _placeholder_logistic(names: tuple[str, ...]) -> dict:
    """A decision that never fires, for the stages fitted after the ones that need it."""
    return {"features": list(names), "mean": [0.0] * len(names), "scale": [1.0] * len(names),
            "coef": [0.0] * len(names), "bias": -50.0, "threshold": 0.5}


def _placeholder() -> FeedbackModel:
    star = {"parts": list(CLASSES), "coef": [[0.0]] * len(CLASSES), "bias": [0.0] * len(CLASSES),
            "thresholds": dict.fromkeys(STAR_PARTS, 1.0), "embedder": ""}
    return FeedbackModel.from_data({"points": _placeholder_logistic(POINT_FEATURES),
                                    "term_list": _placeholder_logistic(FORM_FEATURES),
                                    "on_topic": _placeholder_logistic(TOPIC_FEATURES), "star": star})


if __name__ == "__main__":
    sys.exit(main())
