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


def test_off_topic_answer_scores_low_and_says_what_the_question_asks(advisor: Advisor) -> None:
    off = advisor.interview_feedback("iq-load-balancing", "I like to keep my team motivated with regular 1on1s.")
    assert off.score <= 0.2 and not off.covered
    assert "the main algorithms" in off.suggestion and off.unaddressed


@pytest.mark.parametrize(("answer", "language", "lead"), [
    ("round robin, least connections, IP hash, sticky sessions, load skew", "en", "A list of terms earns no credit"),
    ("ラウンドロビン、最小接続数、IPハッシュ、セッション維持、負荷の偏り", "ja", "用語を並べただけでは評価されません"),
    ("- round robin\n- least connections\n- IP hash\n- session persistence", "en", "A list of terms earns no credit"),
])
def test_a_list_of_the_right_terms_earns_no_credit_and_is_told_so(advisor: Advisor, answer: str, language: str,
                                                                  lead: str) -> None:
    listed = advisor.interview_feedback("iq-load-balancing", answer)
    assert listed.form == "term_list" and listed.score == 0.0 and not listed.covered
    assert listed.language == language and listed.suggestion.startswith(lead)
    said = advisor.interview_feedback("iq-load-balancing", GOOD_JA if language == "ja" else GOOD_EN)
    assert said.form == "sentences" and said.score > listed.score


def test_an_answer_around_the_topic_that_does_not_answer_scores_low_and_names_the_question(
        advisor: Advisor) -> None:
    around = advisor.interview_feedback(
        "iq-dr-rto-rpo", "I would set up a DR working group, buy a backup tool and report the DR readiness to "
                         "the steering committee every month.")
    assert around.score <= 0.34 and around.on_topic
    assert "the definitions of RTO and RPO" in around.unaddressed
    assert around.suggestion.startswith("Your answer stays on the topic but does not answer")


def test_feedback_names_the_part_of_the_question_left_unaddressed(advisor: Advisor) -> None:
    half = advisor.interview_feedback(
        "iq-dr-rto-rpo", "RTO is how long the service may be down before it hurts the business, say four hours. "
                         "RPO is how much data we can afford to lose, for example the last fifteen minutes.")
    assert {c["index"] for c in half.covered} == {0, 1}
    assert half.unaddressed == ["how the values are decided"]
    assert half.suggestion.startswith("You did not address: how the values are decided")


def test_points_said_in_plain_words_without_their_terms_are_credited(advisor: Advisor) -> None:
    plain_en = advisor.interview_feedback(
        "iq-dr-rto-rpo", "We would agree on how many hours checkout may stay dark before it really hurts, and how many "
                         "minutes of recent orders we could stand to lose. We pick both numbers with the business "
                         "owners by pricing what an hour of outage costs against what the faster setup costs.")
    assert {c["index"] for c in plain_en.covered} == {0, 1, 2} and plain_en.score == 1.0
    plain_ja = advisor.interview_feedback(
        "iq-dr-rto-rpo", "サービスが止まっていいのは最大何時間か、失ってもいいデータは直近何分ぶんか、"
                         "の二つを決めます。どちらも業務部門と一緒に、一時間止まったときの損失額と対策の費用を"
                         "比べて決めます。")
    assert plain_ja.language == "ja" and {c["index"] for c in plain_ja.covered} == {0, 1, 2}


def test_several_points_in_one_sentence_are_each_credited(advisor: Advisor) -> None:
    risks = advisor.interview_feedback(
        "iq-database-migration", "心配なのは三つで、利用者がサービスを使えない時間が延びること、"
                                 "レコードが消えたり壊れたりすること、既存アプリが新しいエンジンで動かなくなる"
                                 "ことです。")
    assert {c["index"] for c in risks.covered} == {0, 1, 2}  # the three risks, none of the mitigations
    assert risks.unaddressed == ["リスクの軽減策"] and risks.suggestion.startswith("質問のうち「リスクの軽減策」")


def test_the_next_step_is_a_point_of_the_part_left_unaddressed(advisor: Advisor) -> None:
    algorithms_only = advisor.interview_feedback(
        "iq-load-balancing", "ラウンドロビンは順番に配るだけなので簡単です。"
                             "今つながっている数が一番少ないサーバーに送る方式もあります。")
    assert algorithms_only.unaddressed == ["アルゴリズム間のトレードオフ(セッション維持・負荷の偏り)"]
    # IP hash (an algorithm) is missed too, but the step names a trade-off: the part not addressed.
    assert "セッション維持" in algorithms_only.suggestion.split("」に触れていません。")[1]


STORY_EN = ("Last year at a fintech, our payments migration slipped by three weeks because a vendor API was late. "
            "As the TPM I owned the launch date. I noticed it in the weekly burndown, re-planned with the teams, "
            "cut two features and told the VP the new date with the reasons.")


def test_behavioural_answers_are_read_for_star_and_the_missing_part_is_named(advisor: Advisor) -> None:
    bank = {q.id: q for q in advisor.corpus.questions}
    assert bank["iq-bq-program-slip"].kind == "behavioural"
    without_result = advisor.interview_feedback("iq-bq-program-slip", STORY_EN)
    assert without_result.star is not None and without_result.star["result"] is None
    assert all(without_result.star[part] for part in ("situation", "task", "action"))
    assert "the result" in without_result.suggestion
    whole = advisor.interview_feedback("iq-bq-program-slip",
                                       STORY_EN + " We shipped on the new date and the VP signed off.")
    assert whole.star is not None and all(whole.star.values()) and "STAR" not in whole.suggestion
    ja = advisor.interview_feedback(
        "iq-bq-program-slip", "去年、前の会社で決済基盤の移行がベンダーAPIの遅れで3週間遅れそうになりました。"
        "私はTPMとしてリリース日に責任を持っていました。週次のバーンダウンで気づき、チームと計画を組み直して機能を2つ削り、"
        "新しい日付と理由をVPに説明しました。")
    assert ja.language == "ja" and ja.star is not None and ja.star["result"] is None
    assert "結果" in ja.suggestion
    technical = advisor.interview_feedback("iq-load-balancing", GOOD_EN)
    assert technical.star is None and "STAR" not in technical.to_text()


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


def test_graded_answer_set_has_every_kind_in_both_languages_split_by_question(advisor: Advisor) -> None:
    from collections import Counter

    from evals.datasets import load_interview_answers, load_star_sentences

    rows = load_interview_answers()
    bank = {q.id: q for q in advisor.corpus.questions}
    assert len(rows) >= 150 and len({r.question_id for r in rows}) >= 30
    assert all(r.question_id in bank and set(r.covered) <= set(range(len(bank[r.question_id].key_points)))
               for r in rows)
    kinds = Counter((r.grade, r.language) for r in rows)
    for grade in ("good", "partial", "off_question", "keyword_list", "off_topic"):
        assert kinds[(grade, "ja")] >= 5 and kinds[(grade, "en")] >= 5, grade
    halves = {r.question_id: r.split for r in rows}
    assert all(r.split == halves[r.question_id] for r in rows)  # never one question in both halves
    assert min(Counter(halves.values()).values()) >= 15
    behavioural = [r for r in rows if bank[r.question_id].kind == "behavioural"]
    assert len(behavioural) >= 40 and all(r.parts for r in behavioural)
    sentences = load_star_sentences()
    assert len(sentences) >= 300 and {s.part for s in sentences} == {"situation", "task", "action", "result", "other"}
