"""Answers: hybrid retrieval, cited extractive answers, declines, follow-ups, modes, and the LLM path."""

from __future__ import annotations

import copy
import re
import time
from pathlib import Path
from typing import Any

import pytest
from langchain_core.language_models import BaseChatModel
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatResult
from servers import free_port, silent_server

from advisor.answer.generative import validate_citations
from advisor.errors import BadInput
from advisor.facade import Advisor
from advisor.settings import Settings
from advisor.types import Answer


def _with_chat(advisor: Advisor, chat: BaseChatModel) -> Advisor:
    clone = copy.copy(advisor)
    clone.chat, clone.answerer_label = chat, "fake-llm"
    return clone


def _fake(text: str) -> GenericFakeChatModel:
    return GenericFakeChatModel(messages=iter([AIMessage(content=text)]))


class _DownChatModel(BaseChatModel):
    """A chat model whose server refuses the connection."""

    @property
    def _llm_type(self) -> str:
        return "down"

    def _generate(self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None,
                  **kwargs: Any) -> ChatResult:
        raise ConnectionError("Connection refused")


@pytest.mark.parametrize(
    ("question", "section"),
    [
        ("シニアTPMになると何を任されますか?", "5. キャリアパス"),
        ("TPMとプロダクトマネージャーはどう役割分担するの?", "4. Technical Program Managerの協業スタイル"),
        ("TPMを目指すのにおすすめの勉強法は?", "7. Technical Program Managerになるための学習方法"),
        ("What does a Senior TPM do?", "5. Career path"),  # English questions read the English edition
        ("How does a TPM work with the security team?", "4. How a Technical Program Manager collaborates"),
        ("Which companies in Japan hire TPMs?", "8. Employers in Japan"),
    ],
)
def test_retrieval_finds_the_section_in_japanese_and_english(advisor: Advisor, question: str, section: str) -> None:
    passages = advisor.retrieve(question, k=5)
    assert any(p.section.startswith(section) for p in passages), [p.section for p in passages]
    assert all(0.0 <= p.score <= 1.0 for p in passages)


def test_top_passages_are_not_near_duplicates(advisor: Advisor) -> None:
    passages = advisor.retrieve("技術的負債の管理", k=5)
    assert len({p.text[:60] for p in passages}) == 5


def test_filters_restrict_kind_and_section(advisor: Advisor) -> None:
    only_resources = advisor.retrieve("クラウドの勉強", k=5, kinds=["resource"])
    assert only_resources and all(p.kind == "resource" for p in only_resources)
    only_9 = advisor.retrieve("リスク", k=3, sections=["9."])
    assert only_9 and all(p.section.startswith("9.") for p in only_9)


def test_extractive_answer_quotes_cited_passages_in_japanese(advisor: Advisor) -> None:
    answer = advisor.ask("シニアTPMの役割と責任を教えてください")
    assert answer.grounded and answer.language == "ja" and answer.answerer == "extractive"
    numbers = {int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)}
    assert numbers == {c.n for c in answer.citations}
    for citation in answer.citations:
        assert citation.quote and all(line in citation.text for line in citation.quote.splitlines())
    assert any("Senior TPM" in c.text for c in answer.citations)


def test_english_question_gets_an_english_lead_in_and_english_quotes(advisor: Advisor) -> None:
    answer = advisor.ask("How should a TPM manage technical debt?")
    assert answer.grounded and answer.language == "en"
    first_line = answer.answer.splitlines()[0]
    assert first_line.startswith("From “")
    assert not re.search(r"[\u3040-\u30ff]", answer.answer)
    assert "technical debt" in answer.answer.lower()


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("Google JapanのTPMの年収はいくらですか?", "ja"),
        ("How much does a senior TPM earn at Mercari?", "en"),
        ("PMP試験の受験料はいくら?", "ja"),
        ("Can a TPM job in Tokyo sponsor my work visa?", "en"),
        ("美味しいカレーの作り方を教えて", "ja"),
        ("What's the weather in Osaka tomorrow?", "en"),
    ],
)
def test_questions_the_guide_cannot_answer_are_declined_plainly(advisor: Advisor, question: str, language: str) -> None:
    answer = advisor.ask(question)
    assert not answer.grounded and not answer.citations and answer.language == language
    assert answer.coverage == "none" and answer.to_dict()["coverage"] == "none"
    expected = "ガイドはこの質問を扱っていません" if language == "ja" else "does not cover"
    assert expected in answer.answer


@pytest.mark.parametrize(
    "question",
    ["エンジニア出身でTPMになりたいのですが、何から始めればいいですか?", "what skills should i pick up to become a tpm",
     "面接で技術的な判断について聞かれたらどう答える?"],
)
def test_loosely_phrased_answerable_questions_are_not_declined(advisor: Advisor, question: str) -> None:
    assert advisor.ask(question).grounded


def test_follow_up_is_rewritten_from_history_rule_based(advisor: Advisor) -> None:
    first = advisor.ask("シニアTPMの役割は?")
    follow = advisor.ask("じゃあプリンシパルは?", history=[first])
    assert "プリンシパル" in follow.standalone_question and "役割" in follow.standalone_question
    assert any("Principal" in c.text for c in follow.citations)
    english = advisor.ask("then what about Director?", history=["What does a Senior TPM do?"])
    assert english.standalone_question.lower().startswith("what does a director")


def test_history_is_bounded(advisor: Advisor) -> None:
    history = [f"質問{n}" for n in range(50)] + ["シニアTPMの役割は?"]
    assert "プリンシパル" in advisor.standalone("じゃあプリンシパルは?", history)


def test_modes_shape_retrieval(advisor: Advisor) -> None:
    interview = advisor.ask("リスク管理について", mode="interview")
    assert any(c.section.startswith(("9.", "面接質問バンク")) for c in interview.citations)
    skills = advisor.retrieve("クラウドを学びたい", mode="skills", k=6)
    assert any(p.kind == "resource" for p in skills)
    with pytest.raises(BadInput, match="choose one of: general, career, skills, interview"):
        advisor.ask("x", mode="nonsense")


@pytest.mark.parametrize("question", ["", "   \n\t", "\x00\x01"])
def test_empty_questions_are_bad_input(advisor: Advisor, question: str) -> None:
    with pytest.raises(BadInput) as caught:
        advisor.ask(question)
    assert caught.value.message("ja") == "質問が空です"


def test_huge_question_is_refused_in_one_line(advisor: Advisor) -> None:
    with pytest.raises(BadInput, match="too long"):
        advisor.ask("TPM " * 30_000)


def test_llm_answer_streams_and_keeps_only_valid_citations(advisor: Advisor) -> None:
    reply = "Senior TPMs lead multi-year programs [1]. They also mentor TPMs [1][9]. Made up [42]."
    llm = _with_chat(advisor, _fake(reply))
    items = list(llm.ask_stream("What does a Senior TPM do?"))
    deltas, final = items[:-1], items[-1]
    assert len(deltas) > 3 and all(isinstance(d, str) for d in deltas)
    assert isinstance(final, Answer) and final.answerer == "fake-llm" and final.grounded
    assert "[9]" not in final.answer and "[42]" not in final.answer and "[1]" in final.answer
    assert [c.n for c in final.citations] == [1]
    assert final.citations[0].quote


def test_llm_answer_without_citations_falls_back_with_notice(advisor: Advisor) -> None:
    answer = _with_chat(advisor, _fake("Senior TPMs do many things.")).ask("What does a Senior TPM do?")
    assert answer.answerer == "extractive" and answer.citations and "cited no passage" in answer.notice


def test_llm_down_falls_back_with_notice_in_the_users_language(advisor: Advisor) -> None:
    answer = _with_chat(advisor, _DownChatModel()).ask("シニアTPMの役割は?")
    assert answer.answerer == "extractive" and answer.grounded
    assert "言語モデルが応答しませんでした" in answer.notice and "Connection refused" in answer.notice


def test_llm_is_not_asked_when_the_guide_does_not_cover_it(advisor: Advisor) -> None:
    answer = _with_chat(advisor, _DownChatModel()).ask("TPMの平均年収は?")
    assert not answer.grounded and not answer.notice


def test_citation_validation_can_fail() -> None:
    text, cited = validate_citations("A [1]. B [2, 7]. C [0].", count=2)
    assert cited == [1, 2] and text == "A [1]. B [2]. C ."


def test_llm_that_times_out_over_http_falls_back_quickly(shared_data_dir: Path, advisor: Advisor) -> None:
    with silent_server() as url:
        settings = Settings(data_dir=shared_data_dir, llm="openai", llm_url=url, llm_model="any", llm_timeout=1.5)
        slow = Advisor.open(settings=settings)
        started = time.perf_counter()
        answer = slow.ask("What does a Senior TPM do?")
        elapsed = time.perf_counter() - started
    assert answer.answerer == "extractive" and answer.grounded and answer.citations
    assert "did not answer" in answer.notice
    assert elapsed < 10  # one timeout, no retries


def test_llm_that_is_down_over_http_falls_back(shared_data_dir: Path, advisor: Advisor) -> None:
    settings = Settings(data_dir=shared_data_dir, llm="openai", llm_url=f"http://127.0.0.1:{free_port()}/v1",
                        llm_model="any")
    answer = Advisor.open(settings=settings).ask("シニアTPMの役割は?")
    assert answer.answerer == "extractive" and answer.grounded and "言語モデルが応答しませんでした" in answer.notice


@pytest.mark.parametrize(
    ("question", "previous", "expected"),
    [
        ("それを専門にするキャリアってありますか?", "AI/MLプログラムを担当するTPMには何が必要?",
         "AI/MLを専門に"),  # the topic as the user wrote it
        ("面接ではどんなことを聞かれそう?", "技術的負債の管理について教えて", "技術的負債の管理について、"),
        ("How are those decided in practice?", "What is technical debt management about?",
         "How are technical debt management decided"),
        ("What is a good book on Python?", "What does a Senior TPM do?", "What is a good book on Python?"),
        # An ordinal word in place of a numbered one, in either language: the number it stands for in
        # the guide's list, with that item's title.
        ("いちばん最初のは?", "学習ステップの3番目では何を学ぶ?",
         "学習ステップの1番目(技術基盤(クラウドとアーキテクチャ)の確立)"),
        ("and the final one?", "What do I study in the 2nd step of the learning path?",
         "What do I study in the 7th (Acquiring Industry-Specific Expertise) step of the learning path?"),
        # The neighbouring number; 「次」 and "before" without a level to move along.
        ("その次のは", "将来展望の2番目ってどんな話?",
         "将来展望の3番目(グローバルかつ分散したチームの管理)ってどんな話?"),
        ("the one before that?", "What does step 5 of the learning path cover?",
         "What does step 4 (Data Analysis and Metrics-Driven Decision-Making) of the learning path cover?"),
        # A category noun the swapped name ended with stays; a kanji list is swapped as a whole.
        ("And for monitoring?", "Which CI/CD tools should a TPM be familiar with?",
         "Which monitoring tools should a TPM be familiar with?"),
        # Another party a TPM works with: the guide's question about working with it.
        ("what about the security team then?", "How do TPMs deal with 財務・調達 on large programs?",
         "How does a TPM work with legal, compliance, and security?"),
        # A request closer is not part of the phrase; a clause is not a phrase.
        ("コスト管理も教えて", "TPMに必要なネットワーク系のスキルは?", "TPMに必要なコスト管理系のスキルは?"),
        ("面接だとどう聞かれる?", "FinOpsってTPMにとってなんでそんなに大事なの?", "について、面接だとどう聞かれる?"),
        # A chat-length question that names nothing of the corpus leans on the conversation.
        ("勉強するならおすすめの本とか資格ってある?できれば日本語で", "SREってTPMにも関係ある?", "SRE"),
        # A list of names swapped as a whole, even where a name is none of the corpus's entities.
        ("what about Notion?", "How would a TPM use Jira or Linear day to day?", "How would a TPM use Notion day"),
        # The subject is never part of the list swapped.
        ("法務とは?", "TPMとデザイナーってどう役割分担するの?", "TPMと法務"),
    ],
)
def test_rule_based_rewrite_names_the_topic(advisor: Advisor, question: str, previous: str, expected: str) -> None:
    assert expected in advisor.standalone(question, [previous])


@pytest.mark.parametrize("question", [
    "クラウドコストの最適化について面接で聞かれることは?",
    "What might an interviewer ask me about cloud cost optimisation?",
])
def test_a_question_about_interviews_is_answered_with_the_banks_question_on_it(advisor: Advisor,
                                                                                question: str) -> None:
    # The guide's FinOps section and its interview chapter outrank the bank's own FinOps question.
    answer = advisor.ask(question)
    bank = [c for c in answer.citations if c.source.endswith("interview/questions.yaml")]
    assert bank and "FinOps" in bank[0].text and answer.citations[0].source.startswith("corpus/guide/")


@pytest.mark.parametrize(("question", "skill"), [
    # Another skill's bank entry ranks (Green IT's, by its cloud words): the one on FinOps is shown.
    ("FinOpsの話、面接でつっこまれたらどう返せばいい?", "FinOps・予算・調達"),
    # No DevOps entry is near the top of the bank's ranking: the skill's own best one is found.
    ("How should I answer if an interviewer asks about Terraform?", "DevOpsとSRE原則"),
])
def test_an_interview_question_on_a_skill_gets_the_banks_entry_on_that_skill(advisor: Advisor, question: str,
                                                                              skill: str) -> None:
    passages = advisor.retrieve(question, k=5)
    assert any(p.kind == "interview" and p.section.endswith(skill) for p in passages), [p.section for p in passages]


def test_interview_words_alone_do_not_bring_the_bank_into_a_decline(advisor: Advisor) -> None:
    answer = advisor.ask("面接に着ていく服はスーツがいい?")
    assert answer.coverage == "none" and not answer.citations


def _conversation(advisor: Advisor, first: str, *follow_ups: str) -> list[str]:
    """Each follow-up rewritten as the app does it: against the standalone questions before it."""
    history = [first]
    for question in follow_ups:
        history.append(advisor.standalone(question, history))
    return history[1:]


def test_a_chain_of_swaps_keeps_swapping_the_same_slot(advisor: Advisor) -> None:
    # "外部ベンダー" takes the place "モバイルチーム" took, not another word of the first question.
    mobile, vendors = _conversation(advisor, "大規模な移行で、TPMはインフラチームとどう足並みをそろえる?",
                                    "モバイルチームだと?", "外部ベンダーは?")
    assert mobile == "大規模な移行で、TPMはモバイルチームとどう足並みをそろえる?"
    assert vendors == "大規模な移行で、TPMは外部ベンダーとどう足並みをそろえる?"


@pytest.mark.parametrize(("story", "follow_up", "expected"), [
    ("I've been a QA lead for 8 years at a car maker and I coordinate releases with three teams. I'm thinking "
     "of becoming a TPM, probably starting at associate. What does an associate TPM actually do?", "and a senior?",
     "What does a Senior TPM actually do?"),
    ("組み込みエンジニアを6年やってきました。たぶんアソシエイトからだと思います。シニアTPMってどんな仕事をしているんですか?",
     "ディレクターは?", "プログラム管理ディレクターってどんな仕事をしているんですか?"),
])
def test_a_follow_up_swaps_what_a_long_message_asked_not_its_story(advisor: Advisor, story: str, follow_up: str,
                                                                    expected: str) -> None:
    assert advisor.standalone(follow_up, [story]) == expected


@pytest.mark.parametrize(("first", "follow_ups", "expected"), [
    # A step named by its title, then its neighbours, in either language.
    ("学習ステップの、データ分析とメトリクスのところって何をすればいい?", ("その次のステップは?",),
     ["5番目(コミュニケーションとリーダーシップの訓練)"]),
    ("TPMを目指す学習ステップで、データ分析のところは何をやればいい?", ("その一つ前のステップは?",),
     ["3番目(システム設計と非機能要件の深い理解)"]),
    # A level's name is no step's title: the top of the ladder, then "after that", names no step 2 but
    # where the top row leads.
    ("what does a director of program management do all day?", ("and what comes after that?",),
     ["career outlook after Director of Program Management"]),
    ("What should I do in the communication and leadership training step?", ("and the step before that?",),
     ["item 4 of", "(Data Analysis and Metrics-Driven Decision-Making)"]),
    # An ordinal word, then a move from the number it stood for.
    ("what should i learn first to become a TPM? i come from sales", ("最後のステップは?", "and the one before that?"),
     ["item 6 (Hands-On Experience and Rigorous Documentation)", "How to learn to become"]),
])
def test_a_step_named_by_title_or_word_moves_along_the_guides_list(advisor: Advisor, first: str,
                                                                   follow_ups: tuple[str, ...],
                                                                   expected: list[str]) -> None:
    last = _conversation(advisor, first, *follow_ups)[-1]
    assert all(part in last for part in expected), last


@pytest.mark.parametrize(("previous", "follow_up", "expected"), [
    # An acknowledgement before the follow-up is not part of it.
    ("プロダクトマネージャーとTPMはどう協力する?", "なるほど、法務は?",
     "TPMは法務・コンプライアンス・セキュリティ部門とどのように連携しますか?"),
    # A number of the list the previous question named by its words.
    ("what are the six main responsibilities of a TPM?", "more on #2",
     'item 2 of "Main responsibilities" (Cross-Functional Coordination and Facilitation)'),
    ("TPMの主な業務って何がありますか?", "4番目をもう少し詳しく", "4番目(非機能要件(NFR)の定義と確保)"),
])
def test_a_follow_up_after_thanks_or_by_number_of_a_named_list(advisor: Advisor, previous: str, follow_up: str,
                                                               expected: str) -> None:
    assert expected in advisor.standalone(follow_up, [previous])


@pytest.mark.parametrize(("question", "section"), [
    ("TPMは上層部とどう関わる?", "ビジネスリーダー/エグゼクティブ"),
    ("how do TPMs keep execs informed?", "Business leaders and executives"),
])
def test_everyday_words_for_the_guides_terms_find_its_section(advisor: Advisor, question: str, section: str) -> None:
    assert any(section in c.section for c in advisor.ask(question).citations)


def test_a_count_of_years_is_not_an_ordinal(advisor: Advisor) -> None:
    rewritten = advisor.standalone("what's the one after that?",
                                   ["I've been a data analyst for 4 years; which TPM level would I start at?"])
    assert "5 years" not in rewritten and "4 years" not in rewritten


def test_a_bare_skill_after_a_question_swaps_into_it(advisor: Advisor) -> None:
    assert advisor.standalone("Terraformは?", ["どんな監視ツールをTPMは知っておくべき?"]) == \
        "どんなTerraform ツールをTPMは知っておくべき?"


@pytest.mark.parametrize(("previous", "question"), [
    ("AI/MLプログラムでTPMは何をするの?", "近くの美味しいラーメン屋は?"),
    ("FinOpsってTPMにとってなんでそんなに大事なの?", "tomorrow's weather in osaka?"),
    ("What does a Senior TPM do all day?", "and sushi places near shibuya?"),
])
def test_a_question_that_leaves_the_subject_mid_conversation_is_declined(advisor: Advisor, previous: str,
                                                                        question: str) -> None:
    # The previous topic would otherwise carry the new words into the guide ("ラーメン屋プログラム").
    answer = advisor.ask(question, history=[previous])
    assert answer.coverage == "none" and not answer.grounded and not answer.citations


def test_a_follow_up_in_chat_words_still_gets_its_answer(advisor: Advisor) -> None:
    answer = advisor.ask("ok and the legal people?", history=["How does a TPM work with finance and procurement?"])
    assert answer.coverage != "none" and answer.grounded


def _answers(advisor: Advisor, *questions: str) -> list[Answer]:
    """Each question answered as the app does it: with the answers before it as the history."""
    history: list[Answer] = []
    for question in questions:
        history.append(advisor.ask(question, history))
    return history


def _resource_titles(answer: Answer, advisor: Advisor, language: str) -> list[str]:
    """The catalogue entries an answer lists, by the title a rewrite names them with."""
    by_title = {r.title: r for r in advisor.corpus.resources}
    listed = [by_title[c.section.rsplit(" > ", 1)[-1]] for c in answer.citations if c.source.endswith("resources.yaml")]
    return [f"『{r.title_ja}』({r.title})" if language == "ja" and r.title_ja else r.title for r in listed]


def test_a_follow_up_pointing_at_a_listed_resource_names_it(advisor: Advisor) -> None:
    # "the first one" is the first resource the answer listed; "the second one" then swaps it.
    books, first, second = _answers(advisor, "any good books on negotiation for a TPM?",
                                    "is the first one available in Japanese?", "what about the second one?")
    titles = _resource_titles(books, advisor, "en")
    assert len(titles) >= 2
    assert first.standalone_question == f"is {titles[0]} available in Japanese?"
    assert second.standalone_question == f"is {titles[1]} available in Japanese?"
    assert any(titles[1] in c.section for c in second.citations)


@pytest.mark.parametrize(("question", "follow_up"), [("SREを学ぶのにいい本は?", "最初のやつは日本語版ある?"),
                                                  ("any book on site reliability engineering?",
                                                   "is the first one available in Japanese?")])
def test_asking_for_a_listed_books_edition_is_answered_by_that_book(advisor: Advisor, question: str,
                                                                     follow_up: str) -> None:
    # 「日本語版ある?」 asks about the book, not about Japan: its catalogue entry leads, not the employers.
    books, edition = _answers(advisor, question, follow_up)
    first_listed = next(c.section for c in books.citations if c.source.endswith("resources.yaml"))
    assert edition.citations[0].section == first_listed


def test_a_japanese_pointer_names_the_resource_of_its_kind(advisor: Advisor) -> None:
    certs, hard = _answers(advisor, "クラウドの資格でおすすめは?", "その資格は難しい?")
    by_title = {r.title: r for r in advisor.corpus.resources}
    first_cert = next(by_title[c.section.rsplit(" > ", 1)[-1]] for c in certs.citations
                      if c.source.endswith("resources.yaml")
                      and by_title[c.section.rsplit(" > ", 1)[-1]].kind == "certification")
    assert hard.standalone_question == f"『{first_cert.title_ja}』({first_cert.title})は難しい?"
    assert first_cert.title in hard.citations[0].section


@pytest.mark.parametrize(("question", "kind"), [("交渉力を鍛えるおすすめの本は?", "書籍 — "),
                                                ("any good books on negotiation?", "book — ")])
def test_a_listed_resource_says_what_it_is_in_the_readers_language(advisor: Advisor, question: str,
                                                                    kind: str) -> None:
    answer = advisor.ask(question)
    listed = [line for line in answer.answer.splitlines() if "Getting to Yes" in line]
    assert listed and kind in listed[0]
    assert ("book — " if kind == "書籍 — " else "書籍") not in answer.answer


def test_a_resource_pointed_at_by_a_word_of_its_name_or_as_the_next_one(advisor: Advisor) -> None:
    # 「AWSのやつ」: the one listed resource with AWS in its name; 「次のは?」: the one listed after it.
    certs, aws, following = _answers(advisor, "クラウド系の資格、何がいいかな", "AWSのやつって難しい?", "次のは?")
    titles = _resource_titles(certs, advisor, "ja")
    aws_titles = [t for t in titles if "AWS" in t]
    assert len(aws_titles) == 1
    assert aws.standalone_question == f"{aws_titles[0]}って難しい?"
    assert following.standalone_question == f"{titles[titles.index(aws_titles[0]) + 1]}って難しい?"


def test_a_pointer_is_a_place_on_the_list_the_conversation_goes_through(advisor: Advisor) -> None:
    # After a learning step, 「最後のは」 is the path's last step, not the last book the answer listed;
    # "after that one" after a ladder row is the next level, not a listed resource.
    step = _answers(advisor, "学習ステップの5番目は何をやるの?", "最後のは?")[-1]
    assert "7番目(業界特有の専門知識の獲得)" in step.standalone_question
    after = _answers(advisor, "What does a principal TPM own?", "and after that one?")[-1]
    assert "Director of Program Management" in after.standalone_question


@pytest.mark.parametrize(("previous", "follow_up", "expected"), [
    ("学習ステップの2番目は何をやるの?", "じゃあシステム設計の次のステップは?",
     "4番目(データ分析とメトリクス駆動の意思決定)"),
    ("What is step 2 of the learning path?", "and the one after system design and non-functional requirements?",
     "step 4 (Data Analysis and Metrics-Driven Decision-Making)"),
])
def test_a_step_named_by_title_moves_from_it_not_from_the_number_before(advisor: Advisor, previous: str,
                                                                        follow_up: str, expected: str) -> None:
    assert expected in advisor.standalone(follow_up, [previous])


@pytest.mark.parametrize(("previous", "follow_up", "expected"), [
    # A contrast asks about the other side: the previous topic is not carried into it.
    ("AI/MLプログラムに特化したTPMってキャリアとしてどうなの?", "逆に、マネジメント寄りのルートだとどこまで上がれる?",
     "マネジメント寄りのルートだとどこまで上がれる?"),
    ("how do TPMs handle technical debt?", "conversely, what changes when you manage people instead of programs?",
     "what changes when you manage people instead of programs?"),
])
def test_a_contrast_follow_up_leaves_the_previous_topic(advisor: Advisor, previous: str, follow_up: str,
                                                        expected: str) -> None:
    assert advisor.standalone(follow_up, [previous]) == expected


@pytest.mark.parametrize(("story", "follow_ups", "expected"), [
    # The level is in the story, and the question points at it (「この段階」): one up is asked about
    # by its name, not by retelling the story with another title in it.
    ("メーカーの情シスで8年。この春からアソシエイトTPMとして働いてます。この段階で身につけるべきことは?",
     ("一個上がると何が変わる?", "さらにその上は?"),
     ["キャリアパスのテクニカルプログラムマネージャーの役割と責任は?", "キャリアパスのシニアTPMの役割と責任は?"]),
    ("I moved from SRE into a Senior TPM role this year. I run two programs. What should I focus on at this stage?",
     ("and the level after that?",),
     ["What are the role and responsibilities of a Principal TPM on the career ladder?"]),
])
def test_a_level_told_in_a_story_moves_up_by_its_name(advisor: Advisor, story: str, follow_ups: tuple[str, ...],
                                                       expected: list[str]) -> None:
    assert _conversation(advisor, story, *follow_ups) == expected
    assert advisor.ask(expected[0]).citations[0].section.startswith("5. ")  # the ladder's section


@pytest.mark.parametrize(("story", "section"), [
    # 「ベンダーコントロール」 holds コント, a comedy sketch: no request to write one.
    ("メーカーの情シスで8年、オフショア開発のベンダーコントロールを担当してきました。TPMに転職するとしたら、"
     "アソシエイトTPMってどんな仕事をするんですか?", "5. キャリアパスと成長の方向性"),
    # A story's own words (a web agency, a job hunt) are no ask of the guide: the question is.
    ("受託のWeb制作会社で6年ディレクターやってました。日本でTPMを採用してるのってどんな会社?求人探し中で",
     "8. 日本での就職可能な企業"),
    ("ゲーム会社でQAリードを5年。JTCに転職するか迷ってる。TPMに必要なスキルって何?", "Technical Program Manager"),
])
def test_a_question_told_with_a_story_is_answered_not_declined(advisor: Advisor, story: str, section: str) -> None:
    answer = advisor.ask(story)
    assert answer.grounded and answer.coverage != "none", answer.answer
    assert section in answer.citations[0].section
    assert answer.standalone_question == story  # the story stays the conversation's, for a follow-up


def test_a_pointer_at_a_listed_table_row_or_at_all_of_them_names_them(advisor: Advisor) -> None:
    # The answer quotes rows of the guide's tables: 「2つ目のやつ」 is the second, 「それら」 all of them.
    tools, second = _answers(advisor, "TPMってどんなツールを使いこなせばいい?", "2つ目のやつは何から覚えればいい?")
    rows = [c.quote.split("\n", 1)[0].split(": ", 1)[1] for c in tools.citations]
    assert second.standalone_question == f"{rows[1]}は何から覚えればいい?"
    skills, train = _answers(advisor, "Which people skills matter most for a TPM?", "ok, how do I get better at them?")
    names = [c.quote.split("\n", 1)[0].split(": ", 1)[1] for c in skills.citations]
    assert len(names) >= 2 and all(name in train.standalone_question for name in names)
    assert any(c.source.endswith("resources.yaml") or "Communication" in c.section for c in train.citations)
