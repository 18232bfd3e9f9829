"""Interview practice: the bank, matching a typed question, point-by-point feedback, sessions."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from advisor.errors import BadInput
from advisor.facade import Advisor
from advisor.interview import PracticeSession

ADVISOR = str(Path(sys.executable).with_name("advisor"))
GOOD_JA = ("まずラウンドロビンで、リクエストを順番に各サーバーへ配ります。負荷が偏る場合は、接続数が最も少ない"
           "サーバーへ送る最小接続数方式を使います。クライアントIPのハッシュで振り分け先を固定すれば、"
           "スティッキーセッションのようにセッションを維持できますが、負荷の偏りが出やすいです。")
GOOD_EN = ("Round robin sends each request to the next server in turn. Least connections picks the server "
           "with the fewest open connections. IP hash pins a client to one server, which keeps sessions sticky.")


def test_bank_lists_items_with_the_contract_fields(advisor: Advisor) -> None:
    items = advisor.interview_questions()
    assert len(items) == len(advisor.corpus.questions)
    first = items[0]
    assert {"id", "question", "key_points", "topic", "level", "section"} <= set(first.to_dict())
    assert first["id"] == first.id  # readable as a record or a mapping
    cloud = advisor.interview_questions(topic="cloud", level="tpm", language="en")
    assert cloud and all(q.level in ("associate", "tpm") for q in cloud)
    wanted = {q.id for q in advisor.corpus.questions if q.topic == "cloud" and q.level in ("associate", "tpm")}
    assert wanted <= {q.id for q in cloud} and len(cloud) < len(items)
    with pytest.raises(BadInput, match="unknown level"):
        advisor.interview_questions(level="ceo")


def test_feedback_in_japanese_quotes_the_covering_sentences(advisor: Advisor) -> None:
    feedback = advisor.interview_feedback("iq-load-balancing", GOOD_JA)
    assert feedback.score >= 0.6 and feedback.language == "ja"
    assert all(c["quote"] in GOOD_JA for c in feedback.covered)
    assert feedback.suggestion
    for missed in feedback.missed:
        assert missed["citations"] and missed["citations"][0]["section"][0].isdigit()


def test_feedback_across_languages_and_by_question_text(advisor: Advisor) -> None:
    by_text = advisor.interview_feedback("Explain the main load-balancing algorithms and their trade-offs.", GOOD_EN)
    assert by_text.question_id == "iq-load-balancing" and by_text.language == "en"
    assert {c["index"] for c in by_text.covered} >= {0, 1, 2}
    assert by_text.suggestion.startswith(("Next, cover", "You covered"))


def test_off_topic_answer_scores_low_and_gets_a_concrete_suggestion(advisor: Advisor) -> None:
    off = advisor.interview_feedback("iq-load-balancing", "I like to keep my team motivated with regular 1on1s.")
    assert off.score <= 0.2
    assert off.suggestion.startswith("Next, cover:") and "example" in off.suggestion


@pytest.mark.parametrize(("question", "answer", "message"), [
    ("no such question about gardening", "x", "not in the interview bank"),
    ("iq-load-balancing", "   ", "the answer is empty"),
    ("iq-load-balancing", "a" * 9000, "too long"),
])
def test_bad_practice_input_is_one_clear_error(advisor: Advisor, question: str, answer: str, message: str) -> None:
    with pytest.raises(BadInput, match=message):
        advisor.interview_feedback(question, answer)


def test_session_summary_names_the_weakest_topics(advisor: Advisor) -> None:
    session = PracticeSession()
    session.add(advisor.interview_feedback("iq-load-balancing", GOOD_JA))
    bank = advisor.interview_questions()
    other = next(q for q in bank if q.topic != "network_security")
    session.add(advisor.interview_feedback(other.id, "わかりません。"))
    summary = session.summary()
    assert len(summary["questions"]) == 2 and summary["weakest_topics"][0]["topic"] == other.topic


def test_model_answer_outline_is_cited(advisor: Advisor) -> None:
    answer = advisor.model_answer("iq-load-balancing")
    assert answer.grounded and answer.citations


def test_cli_interview_list_and_feedback(shared_data_dir: Path, advisor: Advisor) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADVISOR_")}
    base = ["--data-dir", str(shared_data_dir), "--json"]
    listed = subprocess.run([ADVISOR, "interview", "list", *base], capture_output=True, text=True, env=env,
                            timeout=300)
    assert listed.returncode == 0 and len(json.loads(listed.stdout)["questions"]) == len(advisor.corpus.questions)
    fed = subprocess.run([ADVISOR, "interview", "feedback", "iq-load-balancing", "--answer", GOOD_EN, *base],
                         capture_output=True, text=True, env=env, timeout=300)
    assert fed.returncode == 0, fed.stderr
    result = json.loads(fed.stdout)
    assert {"score", "covered", "missed", "suggestion"} <= set(result)
    assert all({"point", "quote"} <= set(c) for c in result["covered"])
    assert all({"point", "citations"} <= set(m) for m in result["missed"])


def test_cli_practice_session_reads_answers_and_summarises(shared_data_dir: Path, advisor: Advisor) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADVISOR_")}
    answers = f"{GOOD_EN}\n\nI am not sure.\n\n"
    result = subprocess.run([ADVISOR, "interview", "practice", "--topic", "network_security", "--count", "2",
                             "--language", "en", "--data-dir", str(shared_data_dir)],
                            input=answers, capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("Q: ") == 2 and "Score:" in result.stdout
    summary = json.loads(result.stdout.split("session summary:\n")[1])
    assert len(summary["questions"]) == 2 and summary["weakest_topics"]
