"""Answers shaped by the guide's structure, the guide before the catalogue, honest partial answers,
and follow-ups that hold, in both languages. None of these questions is in a dev set."""

from __future__ import annotations

import re

import pytest

from advisor.facade import Advisor
from advisor.types import Answer

GUIDE_JA = "corpus/guide/tpm_guide.ja.md"
GUIDE_EN = "corpus/guide/tpm_guide.en.md"


def _sections(answer: Answer) -> list[str]:
    return [c.section for c in answer.citations]


def _guide_citations(answer: Answer) -> list[str]:
    return [c.section for c in answer.citations if c.source in (GUIDE_JA, GUIDE_EN)]


@pytest.mark.parametrize(("question", "lead"), [
    ("社内SEからTPMを目指したいのですが、何から手をつければいいですか?", "ガイドの学習方法は7つのステップです"),
    ("I'm a QA lead and want to switch careers to a TPM role. Where do I start?",
     "The guide's learning path has 7 steps"),
])
def test_a_goal_of_becoming_a_tpm_gets_the_learning_path_in_order(advisor: Advisor, question: str, lead: str) -> None:
    answer = advisor.ask(question)
    assert answer.answer.startswith(lead) and answer.coverage == "full"
    steps = [s for s in _guide_citations(answer) if s.startswith("7.") and " > " in s]
    numbers = [int(re.match(r"(\d+)\.", s.split(" > ")[-1]).group(1)) for s in steps]  # type: ignore[union-attr]
    assert numbers == [1, 2, 3, 4, 5, 6, 7]
    # The first citation is the guide (the path's opening), never a catalogue blurb.
    assert answer.citations[0].source in (GUIDE_JA, GUIDE_EN)
    # The lead names the steps that the question's context ranks first, and they are quoted in full.
    named = [int(n) for n in re.findall(r"\d+", answer.answer.split("\n")[0])[1:]]
    assert 1 <= len(named) <= 2


@pytest.mark.parametrize(("question", "lead", "step"), [
    ("学習ステップの5つ目ってなにを勉強するんでしたっけ?", "ガイドの学習方法のステップ5:", "5. コミュニケーション"),
    ("Which books go with the 4th step of the learning path?", "Step 4 of the guide's learning path",
     "4. Data Analysis"),
])
def test_a_step_named_by_number_is_answered_with_that_step(advisor: Advisor, question: str, lead: str,
                                                           step: str) -> None:
    # 学習 / "books" ask for study material, yet the step the question names leads, with its books after it.
    answer = advisor.ask(question)
    assert answer.answer.startswith(lead)
    guide = _guide_citations(answer)
    assert len(guide) == 1 and guide[0].split(" > ")[-1].startswith(step)
    assert answer.citations[0].source in (GUIDE_JA, GUIDE_EN)


def test_the_apps_first_example_is_answered_from_the_guide_not_by_book_blurbs(advisor: Advisor) -> None:
    answer = advisor.ask("エンジニアからTPMになるには何から始めればいいですか?")
    assert answer.citations[0].source == GUIDE_JA
    assert "技術基盤(クラウドとアーキテクチャ)の確立" in answer.answer
    study = answer.answer.split("学ぶには:")
    assert all(c.source == GUIDE_JA for c in answer.citations[: len(answer.citations) - (len(study) > 1)])


@pytest.mark.parametrize(("question", "first", "second"), [
    ("シニアTPMとプリンシパルTPMって何が違うの?", "Senior TPM", "Principal TPM"),
    ("principal vs director of program management - what's the difference", "Principal TPM",
     "Director of Program Management"),
])
def test_two_levels_compared_stand_side_by_side(advisor: Advisor, question: str, first: str, second: str) -> None:
    answer = advisor.ask(question)
    rows = answer.answer.split("\n")[1:3]
    assert first in rows[0] and second in rows[1]
    assert _sections(answer)[0].startswith("5.") and _sections(answer)[1].startswith("5.")


@pytest.mark.parametrize(("question", "lead"), [
    ("アソシエイトTPMって普段どんな仕事をするの?",
     "ガイドのキャリアパスの表のAssociate TPMと、その次の段階のTechnical Program Manager (TPM)"),
    ("What does a principal TPM actually do all day?",
     "On the guide's career ladder, Principal TPM and the stage after it, Director of Program Management"),
])
def test_a_level_gets_its_ladder_row_and_the_next_one(advisor: Advisor, question: str, lead: str) -> None:
    answer = advisor.ask(question)
    assert answer.answer.startswith(lead)


def test_the_top_of_the_ladder_is_not_followed_by_the_specialist_track(advisor: Advisor) -> None:
    answer = advisor.ask("What does a Director of Program Management do?")
    assert "Specialist" not in answer.answer.split("\n")[0]


@pytest.mark.parametrize(("question", "lead", "tool"), [
    ("ログ監視ってどんなツール使うの?", "ガイドの「必要なスキルとツール」の表から:", "Datadog"),
    ("which tools do TPMs use to track tasks and dependencies", "From the guide's tables of skills and tools:",
     "Jira"),
])
def test_skills_and_tools_get_the_matching_table_rows(advisor: Advisor, question: str, lead: str, tool: str) -> None:
    answer = advisor.ask(question)
    assert answer.answer.startswith(lead.removesuffix(":")) and tool in answer.answer


def test_a_skill_question_naming_a_function_word_still_gets_the_skill_row(advisor: Advisor) -> None:
    answer = advisor.ask("What security skills does a TPM need?")
    first = answer.answer.split("\n")[1]
    assert answer.answer.startswith("From the guide's tables of skills and tools (the guide's English edition")
    assert "Networking and security" in first and "firewalls" in first  # the whole row, not its first cell


def test_a_row_of_the_ladder_is_no_ladder_answer_unless_a_level_is_named(advisor: Advisor) -> None:
    answer = advisor.ask("AI/MLの分野でTPMの需要は伸びる?")
    assert "キャリアパスの表" not in answer.answer.split("\n")[0]


@pytest.mark.parametrize(("question", "function"), [
    ("How does a TPM work with finance teams?", "Finance and procurement"),
    ("How does a TPM work with finance?", "Finance and procurement"),  # a step mentions finance too
    ("調達や予算の部署とはどう連携するんですか", "財務・調達部門"),
    ("What does a TPM do with the security folks?", "Legal, compliance, and security"),
])
def test_working_with_a_function_gets_that_collaboration_section(advisor: Advisor, question: str,
                                                                  function: str) -> None:
    answer = advisor.ask(question)
    assert function in answer.answer.split("\n")[0]
    assert _sections(answer)[0].endswith(function)


@pytest.mark.parametrize(("question", "lead"), [
    ("面接でCAP定理を聞かれたらどう答える?", "面接質問と回答のポイント:"),
    ("How would I answer an interview question on load-balancing algorithms?",
     "The interview question and the key points of an answer:"),
])
def test_an_interview_question_gets_its_key_points(advisor: Advisor, question: str, lead: str) -> None:
    answer = advisor.ask(question)
    assert answer.answer.startswith(lead.removesuffix(":"))  # an English lead adds that it is a translation
    assert re.search(r"回答のポイント|Key points", answer.answer)


def test_a_question_for_study_material_is_answered_by_the_catalogue(advisor: Advisor) -> None:
    answer = advisor.ask("Any good books on monitoring and alerting?")
    assert answer.citations[0].source == "corpus/resources/resources.yaml"


def test_the_catalogue_follows_the_guide_under_to_study_this(advisor: Advisor) -> None:
    answer = advisor.ask("I'm a backend engineer in Tokyo. What skills do I need to become a TPM?")
    guide_lines, _, study = answer.answer.partition("To study this:")
    assert answer.citations[0].source == GUIDE_EN and "[1]" in guide_lines
    resources = [c for c in answer.citations if c.source == "corpus/resources/resources.yaml"]
    assert resources and all(f"[{c.n}]" in study for c in resources)


def test_a_figure_the_guide_does_not_give_is_said_first(advisor: Advisor) -> None:
    answer = advisor.ask("シニアTPMの役割と、だいたい何人くらいのチームを見るのか教えて")
    assert answer.coverage == "partial" and answer.grounded
    first, _, rest = answer.answer.partition("\n")
    assert "記載はありません" in first and "Senior TPM" in rest


@pytest.mark.parametrize(("history", "question", "expected"), [
    (["シニアTPMにはどんな役割が求められますか?"], "その次の段階は?", "プリンシパルTPMにはどんな役割が求められますか?"),
    (["What does an associate TPM work on?"], "and a Director?",
     "What does a Director of Program Management work on?"),
    (["Principal TPMの仕事は?"], "じゃあ一つ下は?", "シニアTPMの仕事は?"),
    (["How does a TPM work with legal teams?"], "what about procurement?",
     "How does a TPM work with procurement teams?"),
    (["学習ステップの2番目では何を学びますか?"], "5番目は?",
     "学習ステップの5番目(コミュニケーションとリーダーシップの訓練)では何を学びますか?"),
    (["Which books cover Terraform and Ansible?"], "and for Kubernetes?", "Which books cover Kubernetes?"),
    (["RTOとRPOはどう決める?"], "じゃあSLOは?", "SLOはどう決める?"),
])
def test_follow_ups_carry_the_topic_and_swap_the_facet(advisor: Advisor, history: list[str], question: str,
                                                        expected: str) -> None:
    assert advisor.standalone(question, history) == expected


def test_a_follow_up_in_a_conversation_stays_on_the_ladder(advisor: Advisor) -> None:
    first = advisor.ask("What does a Senior TPM do?")
    second = advisor.ask("and the next level up?", history=[first])
    assert second.standalone_question == "What does a Principal TPM do?"
    assert "Principal TPM" in second.answer.split("\n")[0]
    third = advisor.ask("じゃあ FinOps のところをもう少し", history=[first, second])
    assert any("FinOps" in c.text for c in third.citations)


def test_every_first_screen_example_is_answered_from_the_guide(advisor: Advisor) -> None:
    from advisor.ui_text import EXAMPLES

    for language, examples in EXAMPLES.items():
        for example in examples:
            answer = advisor.ask(example)
            assert answer.grounded and answer.citations[0].source in (GUIDE_JA, GUIDE_EN), (language, example)
