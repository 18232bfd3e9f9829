"""Questions asking what to study: does the answer list the catalogue entries a person would recommend?

"for the cloud and architecture foundation step, which books and courses you recommend?" or
「ネットワークの基礎から学べる本や資格があれば教えてください」 is answered with a short list of the
catalogue's entries on it. Each question of ``study.jsonl`` names the entries its writer said a good
answer must list (``best``) and every entry that would be a fitting recommendation (``acceptable``):

- ``study_best_recall``: the share of the ``best`` entries the answer lists, per question;
- ``study_on_topic``: the share of all listed entries that are acceptable (an entry on another skill
  is a wrong recommendation);
- ``study_answered``: the share of questions whose answer lists at least one acceptable entry.

Reported on both splits; the list's length and floor were fitted on ``train`` only, and the held
writer was never read.
"""

from __future__ import annotations

from advisor.answer.shown import ROW, shown_by
from advisor.facade import Advisor
from evals.datasets import load_study_questions


def run_study_eval(advisor: Advisor) -> dict[str, float]:
    resources = advisor.corpus.resources
    ids = {resource.title: resource.id for resource in resources}
    scores: dict[str, dict[str, list[float]]] = {}
    for question in load_study_questions():
        # What the answer showed, as a follow-up reads it: the catalogue entries it cites, in order.
        shown = shown_by(advisor.ask(question.question), resources)
        listed = [ids[item.title] for item in shown.items if item.kind != ROW and item.title in ids]
        split = scores.setdefault(question.split, {"recall": [], "on_topic": [], "answered": []})
        split["recall"].append(len(set(question.best) & set(listed)) / len(question.best))
        split["on_topic"] += [float(entry in question.acceptable) for entry in listed]
        split["answered"].append(float(any(entry in question.acceptable for entry in listed)))
    return {f"study_{name}_{split}": round(sum(values) / max(len(values), 1), 4)
            for split, by_name in scores.items()
            for name, values in (("best_recall", by_name["recall"]), ("on_topic", by_name["on_topic"]),
                                 ("answered", by_name["answered"]))}

