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


@pytest.mark.parametrize(("question", "lead"), [
    ("今TPMやって3年目。一個上のレベルに上がるには?",
     "ガイドのキャリアパスの表のTechnical Program Manager (TPM)と、その次の段階のSenior TPM"),
    ("I'm a TPM at a mid-size SaaS company and my manager says I'm ready for the next level. What changes?",
     "On the guide's career ladder, Technical Program Manager (TPM) and the stage after it, Senior TPM"),
    ("未経験からTPMに転職する場合、どのレベルからスタートするのが普通?",
     "ガイドのキャリアパスの表のAssociate TPMと、その次の段階のTechnical Program Manager (TPM)"),
    ("Switching in from QA — which level would I probably start at, and what's the job there?",
     "On the guide's career ladder, Associate TPM and the stage after it, Technical Program Manager (TPM)"),
])
def test_a_rung_told_without_a_level_name_gets_that_row_and_the_next(advisor: Advisor, question: str,
                                                                     lead: str) -> None:
    # "I'm a TPM" names the user's rung by the role's own name; coming in starts at the first rung.
    answer = advisor.ask(question)
    # The guide says nothing of where a newcomer starts: an honest answer may say so first.
    assert lead in answer.answer.split("\n")[int(answer.coverage == "partial")]
    assert _sections(answer)[0].startswith("5.") and _sections(answer)[1].startswith("5.")


def test_reading_told_of_is_no_request_for_study_material(advisor: Advisor) -> None:
    # "I've read…" tells a story; "what should I read" asks: the guide leads.
    answer = advisor.ask("I've read that TPMs don't write code anymore. How technical does a TPM need to be?")
    assert answer.citations and not answer.citations[0].source.endswith("resources.yaml")


def test_a_step_from_a_level_named_in_everyday_words_is_answered_by_the_ladder(advisor: Advisor) -> None:
    # 「ふつうのTPM」 is the TPM rung; one up, the question keeps its words and the Senior row answers it.
    first = advisor.ask("ふつうのTPMってどこまでの範囲を見るの?チーム1個?")
    second = advisor.ask("ひとつ上になると?", history=[first])
    assert second.answer.startswith("ガイドのキャリアパスの表のSenior TPM")


def test_a_word_of_rank_about_a_skill_is_no_ladder_answer(advisor: Advisor) -> None:
    answer = advisor.ask("What level of Python does a TPM need?")
    assert "career ladder" not in answer.answer.split("\n")[0]


@pytest.mark.parametrize("question", ["I'm ready to lead bigger programs. What does a Senior TPM do?",
                                      "基本的なTPMの仕事は?"])
def test_ready_or_a_kanji_word_with_hon_in_it_asks_for_no_study_material(advisor: Advisor, question: str) -> None:
    # "ready" is no "read", 基本 no 本 (book): no catalogue entry is quoted for them.
    answer = advisor.ask(question)
    assert answer.citations and not any(c.source.endswith("resources.yaml") for c in answer.citations)


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
     "How does a TPM work with finance and procurement?"),
    (["学習ステップの2番目では何を学びますか?"], "5番目は?",
     "学習ステップの5番目(コミュニケーションとリーダーシップの訓練)では何を学びますか?"),
    (["Which books cover Terraform and Ansible?"], "and for Kubernetes?", "Which books cover Kubernetes?"),
    (["RTOとRPOはどう決める?"], "じゃあSLOは?", "SLOはどう決める?"),
])
def test_follow_ups_carry_the_topic_and_swap_the_facet(advisor: Advisor, history: list[str], question: str,
                                                        expected: str) -> None:
    assert advisor.standalone(question, history) == expected


@pytest.mark.parametrize(("previous", "question", "wanted", "left"), [
    ("シニアTPMとプリンシパルTPMの違いは?", "その上は?", "プログラム管理ディレクター", "プリンシパル"),
    ("compare senior and principal TPMs", "and the one below?", "Technical Program Manager", "senior"),
])
def test_a_step_on_the_ladder_is_from_the_highest_level_named_or_the_lowest_going_down(
        advisor: Advisor, previous: str, question: str, wanted: str, left: str) -> None:
    asked = advisor.standalone(question, [previous])
    assert wanted in asked and left not in asked


@pytest.mark.parametrize(("previous", "question", "expected"), [
    # The user is a TPM and asked for the next step: the conversation is at Senior TPM.
    ("I'm a TPM at a SaaS company. What's the next step up from here?", "and after that one?",
     "What are the role and responsibilities of a Principal TPM on the career ladder?"),
    ("未経験からTPMになる場合、どのレベルから始まる?", "その次は?",
     "キャリアパスのテクニカルプログラムマネージャーの役割と責任は?"),
])
def test_a_step_after_a_rung_told_without_a_level_name_moves_from_it(advisor: Advisor, previous: str,
                                                                     question: str, expected: str) -> None:
    assert advisor.standalone(question, [previous]) == expected


@pytest.mark.parametrize(("previous", "question", "wanted", "left"), [
    # The role by its bare name stands on the TPM rung.
    ("ふつうのTPMってどこまでの範囲を見るの?チーム1個?", "ひとつ上になると?", "シニアTPM", "TPMについて"),
    # A longer follow-up steps when it names a rung or the level again, or says where one goes from there.
    ("hey I'm a backend engineer, no TPM title yet. which level would I start at?",
     "ok and once I'm there? what's the rung after that look like", "Technical Program Manager", "backend"),
    ("whats a principal TPM supposed to be doing all day??",
     "the step before tho — like what are ppl doing right before they make principal", "Senior TPM", "principal"),
    ("Director of Program Management - still a TPM job or people management?", "where does one go from there tho",
     "career outlook after Director of Program Management", "tho"),
    # A user's own rung told without an article, and rank in a learner's or a polite word.
    ("hi, I am from Pune, working in Tokyo as TPM in e-commerce. what is my level's scope?",
     "ok understood. what is the scope for the next post?", "Senior TPM", "Pune"),
    ("キャリアパスのテクニカルプログラムマネージャーの役割と責任は?", "さらにもう一段上がると、いかがでしょうか。",
     "シニアTPM", "テクニカル"),
    # A step down in words, 「その上」 in a longer message, and a remark with a topic before the step.
    ("Sales engineer here. what does a Principal TPM do?",
     "one step down from there? thats more realistic for me w/ 8 yrs of presales", "Senior TPM", "presales"),
    ("戦略コンサルに5年いて、シニアTPMって何を任される?",
     "さらにその上ってどうなってます?コンサルでいうパートナーみたいな感じなのかなって",
     "プリンシパルTPM", "パートナー"),
    ("Principal TPMのポジを開けようと思ってるんだけど、そのレベルの人に何を期待すればいい?",
     "予算的にきついかも。一個下のグレードで採ったら何まで任せられる?", "シニアTPM", "予算"),
    # Moving up as a purpose stays on the rung.
    ("What does an associate TPM usually handle?", "And what should they learn to move up?", "Associate", "Technical"),
])
def test_a_step_on_the_ladder_in_everyday_words(advisor: Advisor, previous: str, question: str, wanted: str,
                                                left: str) -> None:
    asked = advisor.standalone(question, [previous])
    assert wanted in asked and left not in asked


@pytest.mark.parametrize(("previous", "question", "wanted"), [
    ("how do i get better at system design + non-functional requirements stuff", "cool. what comes after that in "
     "the learning path", "Data Analysis and Metrics-Driven Decision-Making"),
    ("the data-driven decision step?", "hmm what about one back from that", "System Design"),
    ("the industry-specific knowledge step, how do I do that for fintech", "remind me what the very first step was",
     "Building a Technical Foundation"),
    ("学習ステップのシステム設計のところは何をやればいい?", "ひとつ前のステップは?",
     "プロジェクト・プログラム管理手法の習得"),
])
def test_a_learning_step_beside_one_named_by_its_title(advisor: Advisor, previous: str, question: str,
                                                      wanted: str) -> None:
    assert wanted in advisor.standalone(question, [previous])


@pytest.mark.parametrize(("previous", "question", "expected"), [
    # A list joined by 「とか」 is one slot.
    ("お金周りの人たち(財務とか調達とか)とTPMって絡むことある?", "セキュリティ周りは?",
     "お金周りの人たち(セキュリティ周りとか)とTPMって絡むことある?"),
    # A reason or an aside after the new name asks nothing more.
    ("what do TPMs use Confluence for?", "how about Notion, since that's what my company uses",
     "what do TPMs use Notion for?"),
    ("Confluenceって何に使うの?", "Notionだと、うちの会社それだから", "Notionって何に使うの?"),
    # 「そのうち」 narrows the previous topic; 「2こ目」 is an ordinal typed in kana.
    ("マイクロサービスを入れるときの技術的な課題は?", "そのうち監視とログのとこだけもう少し掘って",
     "マイクロサービスのうち監視とログのとこだけもう少し掘って"),
    ("学習ステップの一番最初って、何をどのくらいやればいいんでしょう", "ok 2こ目は",
     "「Technical Program Managerになるための学習方法」の2番目(プロジェクト・プログラム管理手法の習得)"
     "について教えてください。"),
    # "this job" is the role, not the facet the previous question asked about.
    ("backend dev here at a fintech. would I be a good TPM?", "ok and where's this job heading in like 5-10 yrs?",
     "where's the TPM job heading in like 5-10 yrs?"),
    ("FinOpsってTPMに関係ある?", "この仕事って将来なくならない?", "TPMの仕事って将来なくならない?"),
])
def test_a_swap_with_a_remark_after_it(advisor: Advisor, previous: str, question: str, expected: str) -> None:
    assert advisor.standalone(question, [previous]) == expected


def test_where_a_level_leads_is_its_own_outlook_and_a_book_is_no_guide_item(advisor: Advisor) -> None:
    asked = advisor.standalone("and long term?? where do senior ppl usually head after, like whats the outlook",
                               ["How does a senior TPM prepare for interviews?"])
    assert "senior" in asked and "Principal" not in asked
    asked = advisor.standalone("2つ目の本って英語版ある?", ["人を巻き込む力をつけるには何を読めばいい?"])
    assert "item 2" not in asked and "2番目" not in asked


def test_an_adverb_of_order_is_no_pointer_into_a_list(advisor: Advisor) -> None:
    # "what do I set up first?" asks what to do first, not for item 1 (nor "set up" for the next item).
    first = advisor.ask("what's a TPM's role in the whole cloud cost / FinOps thing?")
    second = advisor.ask("ok but concretely what do I set up first?", history=[first])
    assert "item" not in second.standalone_question and "FinOps" in second.standalone_question


@pytest.mark.parametrize(("turns", "topic"), [
    # Interviews, books and courses are an aspect of any topic: asking for one keeps the topic.
    (["グリーンITってTPMに関係ある話?", "面接で聞かれたらなんて答えればいいのか全然わからん"], "Green IT"),
    (["why would a TPM care about the CAP theorem?", "does it actually come up in interviews or is it trivia",
      "which book explains it properly?"], "CAP theorem"),
    (["is FinOps really a TPM job or is it the finance team's problem?", "interview angle?"], "FinOps"),
])
def test_asking_for_interviews_or_reading_keeps_the_topic(advisor: Advisor, turns: list[str], topic: str) -> None:
    history: list[Answer] = []
    for question in turns:
        history.append(advisor.ask(question, history=history))
    last = history[-1]
    assert topic in last.standalone_question and last.coverage != "none"
    assert any(topic in c.section or topic in c.quote for c in last.citations[:3])


@pytest.mark.parametrize(("first", "second"), [
    ("any good course to learn cloud basics for a TPM?", "is it free?"),
    ("is the google SRE book worth reading if i wanna be a TPM?", "それって日本語で読める?あとタダ?"),
])
def test_it_asked_about_an_edition_or_a_price_is_the_resource_listed(advisor: Advisor, first: str,
                                                                      second: str) -> None:
    # Only a resource has an edition or a price: "it" is the one the answer listed, and it leads.
    answer = advisor.ask(first)
    listed = [c.section.rsplit(" > ", 1)[-1] for c in answer.citations if c.source.endswith("resources.yaml")]
    follow = advisor.ask(second, history=[answer])
    assert any(title in follow.standalone_question for title in listed)
    assert follow.citations[0].source.endswith("resources.yaml")
    assert follow.citations[0].section.rsplit(" > ", 1)[-1] in follow.standalone_question


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


@pytest.mark.parametrize(("question", "lead"), [
    ("友達にTPMやってる人がいるんだけど、正直なにしてる人なのか全然わからん。普段の仕事ってどんな感じ?",
     "ガイドはTPMの主な業務を6つ挙げています"),
    ("My daughter just became a Technical Program Manager. What does she actually do at work every day?",
     "The guide names 6 main responsibilities of a TPM"),
    ("TPMの仕事って何?", "ガイドはTPMの主な業務を6つ挙げています"),  # the work asked for by its noun
])
def test_what_a_tpm_does_is_answered_with_the_guides_main_duties_in_order(advisor: Advisor, question: str,
                                                                         lead: str) -> None:
    # Retrieval ranks the collaboration chapter or an interview question first for these; the duties
    # are the answer. "Technical Program Manager" is the role here, not the ladder's middle rung.
    answer = advisor.ask(question)
    assert answer.answer.startswith(lead) and answer.grounded
    duties = [s.split(" > ")[-1] for s in _guide_citations(answer) if s.startswith("2.") and " > " in s]
    assert [int(d.split(".")[0]) for d in duties] == [1, 2, 3, 4, 5, 6]
    assert answer.citations[0].section.startswith("2.")


@pytest.mark.parametrize(("question", "lead", "words"), [
    ("TPMとは何ですか?", "ガイドの「1. Technical Program Managerとは?」の章は、TPMを次のように説明しています",
     ("技術プログラムの総指揮官", "現場の総監督", "ビジネスの言語で戦略を語る")),
    ("来年から社会人です。配属先にTPMというチームがあると聞きました。正直よく分からないので、TPMという職種がそもそも何なのか"
     "教えてください。", "ガイドの「1. Technical Program Managerとは?」の章は", ("技術プログラムの総指揮官",)),
    ("what even is a technical program manager anyway?",
     "The guide's chapter “1. What is a Technical Program Manager?” describes the role like this",
     ("commander-in-chief", "on-site general supervisor", "language of the business")),
    ("My grandson says he is a TPM now. I am 80 and not good with computers. What kind of job is that?",
     "The guide's chapter", ("commander-in-chief",)),
])
def test_what_the_role_is_is_answered_with_the_guides_first_chapter_whole(
        advisor: Advisor, question: str, lead: str, words: tuple[str, ...]) -> None:
    # Retrieval ranked the PM collaboration subsection, a learning step or the employers first for these.
    answer = advisor.ask(question)
    assert answer.grounded and answer.answer.startswith(lead)
    assert {c.section.split(" > ")[0][:2] for c in answer.citations} == {"1."}
    assert len(answer.citations) == 2  # both of the chapter's passages, its analogy and quoted questions untruncated
    assert all(word in answer.answer for word in words)


def test_what_the_role_is_is_in_scope_whatever_the_scope_model_made_of_the_wording(advisor: Advisor) -> None:
    question = "tpm tte nani? sensei ni kikaretemo kotaerarenai"  # romaji: the scope model reads no topic in it
    assert not advisor.judged_passages(question, None)[1].answerable
    answer = advisor.ask(question)
    assert answer.grounded and answer.coverage == "full" and answer.citations[0].section.startswith("1.")


@pytest.mark.parametrize(("question", "section"), [
    # Asked what it is and what it does: the work. Asked what kind of role it is: the chapter.
    ("TPMって何?普段なにしてるの?", "2."),
    ("TPMとはどのような役割なのですか?", "1."),
    # A level, a term, becoming one: their own sections, though they ask "what is".
    ("What is a Principal TPM?", "5."),
    ("what's FinOps and why should a TPM care?", "6."),
    ("TPMになる意味ある?", "7."),
])
def test_what_is_asked_of_something_narrower_than_the_role_is_not_the_definition(
        advisor: Advisor, question: str, section: str) -> None:
    assert advisor.ask(question).citations[0].section.startswith(section)


@pytest.mark.parametrize(("question", "section"), [
    # A level, a function, an area (here told in the sentence before, "there"), a rung word: their own sections.
    ("What does a Senior TPM do day to day?", "5."),
    ("財務とか調達の人たちと一緒にやるとき、TPMって実際なにするの?", "4."),
    ("does a TPM have any part to play in green IT? what would they even be doing there", "6."),
    ("未経験で入るとしたら、最初のレベルではどんな仕事を任されるの?", "5."),
    # Tools asked with a word of daily work: the tool table, not the duties.
    ("what tools does a TPM use day to day?", "3."),
    ("TPMが普段使ってるツールって何?", "3."),
])
def test_a_question_about_a_narrower_part_of_the_work_is_not_answered_with_the_duties(
        advisor: Advisor, question: str, section: str) -> None:
    assert advisor.ask(question).citations[0].section.startswith(section)


@pytest.mark.parametrize(("first", "follow_up", "expected"), [
    ("what does a TPM actually do all day?", "expand on the second thing", "Cross-Functional Coordination"),
    ("TPMって普段なにしてるの?", "3つ目のやつもっと詳しく", "技術的リスク管理と課題解決の促進"),
])
def test_an_ordinal_after_the_duties_points_into_the_list_the_answer_showed(
        advisor: Advisor, first: str, follow_up: str, expected: str) -> None:
    shown = advisor.ask(first)
    answer = advisor.ask(follow_up, [shown])
    assert expected in answer.standalone_question
    # That duty in full (its details too), not its first sentence among other sections' quotes.
    assert [c.section.split(" > ")[-1] for c in answer.citations] == [
        c.section.split(" > ")[-1] for c in shown.citations if expected in c.section]
    assert answer.citations[0].quote.count("\n") >= 1


@pytest.mark.parametrize(("first", "follow_up", "expected", "heading"), [
    # The party swapped in by an everyday name, the first question's setting left behind: "on big cloud
    # programs" drew retrieval to cloud migrations, 「SREが常に燃えてて」 to SRE.
    ("how do TPMs deal with 財務・調達 on big cloud programs", "what about the security team tho",
     "How does a TPM work with legal, compliance, and security?", "Legal, compliance, and security"),
    ("インフラとかSREのチームとTPMってどう絡むの?うちSREが常に燃えてて🔥", "経営陣相手だと?",
     "TPMはビジネスリーダー/エグゼクティブとどのように連携しますか?", "ビジネスリーダー/エグゼクティブ"),
])
def test_another_party_after_a_question_about_working_with_one_asks_about_that_party(
        advisor: Advisor, first: str, follow_up: str, expected: str, heading: str) -> None:
    answer = advisor.ask(follow_up, [advisor.ask(first)])
    assert answer.standalone_question == expected
    assert answer.citations[0].section.endswith(heading)


def test_a_remark_after_the_previous_question_is_not_carried_into_a_swap(advisor: Advisor) -> None:
    previous = "what do TPMs even use confluence for?? in my company its a wiki graveyard nobody reads"
    asked = advisor.standalone("how about ms teams, since thats what the corporate side forces on us", [previous])
    assert asked == "what do TPMs even use ms teams for??"


def test_interviews_on_a_skill_bring_the_banks_questions_on_it(advisor: Advisor) -> None:
    # The bank files two questions under FinOps; a follow-up about interviews finds both among the five.
    first = advisor.ask("FinOpsってTPMの仕事とどう関係あるの?うちクラウド費が毎月爆上がりしてて")
    asked = advisor.standalone("面接だとどう聞かれる?", [first])
    bank = [p for p in advisor.retrieve(asked, k=5) if p.kind == "interview"]
    assert len(bank) == 2 and all(p.section.endswith("FinOps・予算・調達") for p in bank)


@pytest.mark.parametrize("question", [
    "面接でよく聞かれるシステム設計の質問ってどんなの?",
    "how do TPM interviews test cloud knowledge?",
])
def test_an_interview_question_is_quoted_once_though_the_bank_holds_the_guides_questions_too(
        advisor: Advisor, question: str) -> None:
    # The bank entry of a guide question was quoted beside the guide's own row: the same question twice
    # (in English, in two translations: "uses multiple cloud providers" and "uses several").
    asked = re.compile(r"^(?:面接質問|質問|Interview question|Question)\s*:\s*(.+)$", re.MULTILINE)
    answer = advisor.ask(question)
    questions = [" ".join(m.group(1).split()[:8]) if answer.language == "en" else m.group(1)[:30]
                 for c in answer.citations for m in asked.finditer(c.text)]
    assert len(questions) >= 1 and answer.citations[0].section.startswith("9.")
    assert len(questions) == len(set(questions)), questions


@pytest.mark.parametrize(("question", "lead", "sections"), [
    # Beside a project manager: the first chapter, which sets the TPM beyond project administration.
    ("TPMとプロマネって何が違うの?SIerでPMやってるけどイマイチ分からない",
     "ガイドの「1. Technical Program Managerとは?」の章は、単なるプロジェクト管理者を超えた役割として"
     "TPMを説明しています",
     ["1.", "1."]),
    ("What's the difference between a TPM and a project manager?",
     "The guide's chapter “1. What is a Technical Program Manager?” describes the TPM as a role beyond a mere "
     "project administrator", ["1.", "1."]),
    # Beside the product manager: the first chapter's analogy, then the division of the work (What; How, When).
    ("TPMとPdMの違いは?", "ガイドは、TPMとプロダクトマネージャー(PM)の違いを次のように説明しています", ["1.", "4."]),
    ("is a TPM just a glorified PM?", "The guide sets the TPM beside product managers (PM) like this", ["1.", "4."]),
    # Beside a role the guide never compares: it says so, then what the role is.
    ("TPMとスクラムマスターの違いは?", "ガイドはスクラムマスターとTPMを直接は比べていません", ["1.", "1."]),
    ("how is a TPM different from an engineering manager?",
     "The guide does not compare the TPM with an engineering manager directly", ["1.", "1."]),
])
def test_the_tpm_set_beside_another_role_is_answered_with_the_guides_own_account(
        advisor: Advisor, question: str, lead: str, sections: list[str]) -> None:
    # Before, 「TPMとプロマネって何が違うの?」 led with the product manager's subsection (the guide's "PM"),
    # and the English project-manager question quoted a line of the learning path's course list.
    answer = advisor.ask(question)
    assert answer.grounded and answer.answer.startswith(lead)
    assert [c.section[:2] for c in answer.citations][:2] == sections
    if sections[1] == "4.":
        assert all("(PM)" in c.section for c in answer.citations[1:])
        assert "What" in answer.answer and "How" in answer.answer


@pytest.mark.parametrize(("question", "section"), [
    ("シニアTPMとプリンシパルTPMの違いは?", "5."),  # two levels: their ladder rows
    ("SLOとSLIの違いを教えて", "9."),  # the interview question that sets them apart
    ("PdMとロードマップのレビューを回すとき、TPMは何を準備すればいい?", "4."),  # working with the PdM
    # A role in the story, another comparison asked: nothing is set beside the TPM.
    ("PdMです。TPMの面接でシニアとプリンシパルの違いってどう見られる?", "5."),
    ("I'm a PM at an SIer. For a TPM, is AWS or GCP cert better?", ""),
])
def test_a_comparison_of_something_else_is_not_answered_as_one_of_roles(
        advisor: Advisor, question: str, section: str) -> None:
    answer = advisor.ask(question)
    assert answer.citations[0].section.startswith(section) and not answer.citations[0].section.startswith("1.")
    beside = ("ガイドは、TPMと", "The guide sets the TPM beside", "The guide does not compare")
    assert not answer.answer.startswith(beside)


RESOURCES = "corpus/resources/resources.yaml"


def _listed(answer: Answer) -> list[str]:
    """The catalogue entries an answer lists, by title."""
    return [c.section.rsplit(" > ", 1)[-1] for c in answer.citations if c.source == RESOURCES]


@pytest.mark.parametrize(("question", "fewest"), [
    ("any good books to learn networking basics? DNS and load balancers lose me in every meeting", 1),
    ("ネットワークの勉強におすすめの本ある?", 3),  # before: one entry, beside an SRE workbook
])
def test_a_question_asking_what_to_study_lists_the_catalogues_entries_on_it(
        advisor: Advisor, question: str, fewest: int) -> None:
    answer = advisor.ask(question)
    listed = _listed(answer)
    # The catalogue searched on its own: the most fitting entries, no more than three, the best first
    # (no entry far below it), with the guide's own row on networking.
    assert fewest <= len(listed) <= 3 and listed[0] == "Mastering TCP/IP: Introductory Edition"
    assert _guide_citations(answer)[:1] and _guide_citations(answer)[0].startswith("3.")


def test_a_step_named_with_a_study_question_keeps_the_step_and_lists_the_catalogue(advisor: Advisor) -> None:
    answer = advisor.ask("学習ステップ4でSQLを勉強したい。無料のコースある?")
    assert answer.answer.startswith("ガイドの学習方法のステップ4")
    listed = _listed(answer)
    # The book the step names first, then the catalogue's entries on what was asked (SQL).
    assert listed[0].startswith("Lean Analytics") and "Kaggle Learn: Intro to SQL and Pandas" in listed


@pytest.mark.parametrize(("question", "lead", "first"), [
    ("クラウドの基礎固めのステップ、おすすめの本とか講座ある?", "ガイドの学習方法のステップ1",
     "Building Microservices"),
    ("what books and courses would you suggest for the system design and non-functional requirements step?",
     "Step 3 of the guide's learning path", "System Design Interview – An Insider's Guide"),
])
def test_what_to_study_for_a_step_told_in_words_is_that_step_with_its_books_then_the_catalogue(
        advisor: Advisor, question: str, lead: str, first: str) -> None:
    answer = advisor.ask(question)
    assert answer.answer.startswith(lead)
    listed = _listed(answer)
    # The books the guide's step names lead; the catalogue's entries on the question follow.
    assert listed[0] == first and len(listed) >= 2


@pytest.mark.parametrize(("question", "lead"), [
    ("SIerのPMからTPMに転職したいです。何から勉強すればいいですか?", "ガイドの学習方法は7つのステップです"),
    ("backend dev, want to move into a TPM role. what should I study first, where do I start?",
     "The guide's learning path has 7 steps"),
])
def test_where_to_start_studying_for_the_role_is_the_learning_path(advisor: Advisor, question: str,
                                                                   lead: str) -> None:
    answer = advisor.ask(question)
    assert answer.answer.startswith(lead)
    assert answer.citations[0].source in (GUIDE_JA, GUIDE_EN)


def test_where_to_start_on_a_named_skill_is_a_list_of_the_catalogues_entries(advisor: Advisor) -> None:
    answer = advisor.ask("TPMを目指してます。IaC、何から勉強すればいいですか?")
    assert not answer.answer.startswith("ガイドの学習方法は")
    assert any("Terraform" in title or "Infrastructure as Code" in title for title in _listed(answer))
