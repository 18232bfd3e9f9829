"""The Streamlit app, headless (AppTest): chat, citations, declines, follow-ups, language, errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from advisor.facade import Advisor
from advisor.settings import PROJECT_ROOT

APP = str(PROJECT_ROOT / "app.py")


@pytest.fixture
def app(shared_data_dir: Path, advisor: Advisor, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(shared_data_dir))
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    assert not at.exception
    return at


def _texts(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_first_visit_shows_examples_mode_badge_and_index_status(app: AppTest) -> None:
    labels = [b.label for b in app.button]
    assert "シニアTPMとプリンシパルTPMの違いは?" in labels
    captions = "\n".join(c.value for c in app.caption)
    assert "抽出型" in captions and "チャンク数" in captions


def test_a_question_gets_a_cited_answer_with_highlighted_sources(app: AppTest) -> None:
    app.chat_input[0].set_value("シニアTPMの役割は?").run()
    assert not app.exception and not app.error
    assert len(app.chat_message) == 2
    text = _texts(app)
    assert ":blue-badge[1]" in text and "Senior TPM" in text
    assert ":orange-background[" in text  # the cited sentences are highlighted in the sources


def test_follow_up_uses_the_history_and_clear_resets_it(app: AppTest) -> None:
    app.chat_input[0].set_value("シニアTPMの役割は?").run()
    app.chat_input[0].set_value("じゃあプリンシパルは?").run()
    assert len(app.chat_message) == 4
    assert "Principal TPM" in "\n".join(m.value for m in app.chat_message[3].markdown)
    next(b for b in app.button if b.label == "会話をクリア").click().run()
    assert len(app.chat_message) == 0


def test_out_of_scope_question_is_declined_plainly(app: AppTest) -> None:
    app.chat_input[0].set_value("TPMの平均年収は?").run()
    assert any("ガイドはこの質問を扱っていません" in i.value for i in app.info)


def test_partial_answer_says_first_what_the_guide_does_not_give(app: AppTest) -> None:
    app.chat_input[0].set_value("Director of Program Managementの仕事内容と、何人くらいのTPMを抱えるのか知りたい").run()
    assert any("記載はありません" in w.value for w in app.warning)
    assert "[1]" in _texts(app)


def test_english_ui_and_english_answer(app: AppTest) -> None:
    app.radio(key="lang").set_value("en").run()
    assert "How do I move from software engineer to TPM?" in [b.label for b in app.button]
    app.chat_input[0].set_value("What does a Senior TPM do?").run()
    assert "On the guide's career ladder, Senior TPM and the stage after it, Principal TPM" in _texts(app)
    captions = [c.value for c in app.caption]
    assert "The English text is a translation of the Japanese guide; the original is shown beside it." in captions
    originals = [c for c in captions if c.startswith("Japanese original:")]
    assert originals and all(re.search(r"[\u3040-\u30ff]", c) for c in originals)


def test_switching_the_language_keeps_the_page_the_mode_and_the_conversation(app: AppTest) -> None:
    app.sidebar.radio(key="mode").set_value("career").run()
    app.chat_input[0].set_value("シニアTPMの役割は?").run()
    app.radio(key="lang").set_value("en").run()
    assert not app.exception
    assert app.sidebar.radio(key="page").value == "chat" and app.sidebar.radio(key="mode").value == "career"
    assert len(app.chat_message) == 2 and "シニアTPMの役割は?" in app.chat_message[0].markdown[0].value
    assert "Clear conversation" in [b.label for b in app.button]
    app.sidebar.radio(key="page").set_value("interview").run()
    app.radio(key="lang").set_value("ja").run()
    assert app.sidebar.radio(key="page").value == "interview"


def test_citation_chips_name_the_section_and_the_item() -> None:
    from advisor.markdown import citation_label

    ladder_row = "キャリア段階: Senior TPM\n主な役割と責任: 複数のTPMを指導"
    assert citation_label("5. キャリアパスと成長の方向性", ladder_row) == "5. キャリアパス… › Senior TPM"
    assert citation_label("3. Required skills and tools > 🤝 Organizational and management skills (soft skills)",
                          "Skill: Strategic thinking\nDetailed description: Linking business goals") == (
        "Organizational a… › Strategic thinking")
    # A prose field's first line is no row title: the deepest heading names the item.
    assert citation_label("4. How a Technical Program Manager collaborates > Finance and procurement",
                          "Collaboration and purpose: The TPM works with finance.\nMore.") == (
        "4. How a TPM col… › Finance and procurement")
    assert citation_label("7. How to learn to become a Technical Program Manager", "To become a TPM, …") == (
        "7. How to learn to become a TPM")
    # A catalogue entry's title holds a colon but is no table row.
    assert citation_label("Learning resources > Influence: The Psychology of Persuasion",
                          "Influence: The Psychology of Persuasion(『影響力の武器』)\nbook") == (
        "Learning resourc… › Influence: The Psycholog…")


def test_a_japanese_answer_has_no_translation_note(app: AppTest) -> None:
    app.chat_input[0].set_value("シニアTPMの役割は?").run()
    captions = [c.value for c in app.caption]
    assert "[1]" in _texts(app)
    assert not any("英訳" in c or c.startswith("日本語原文") for c in captions)


def test_user_text_is_never_live_markdown_or_html(app: AppTest) -> None:
    app.chat_input[0].set_value("<script>alert(1)</script> ![x](http://example.com/x.png) **TPM**とは?").run()
    question = app.chat_message[0].markdown[0].value
    assert "\\<script\\>" in question and "\\!\\[x\\]" in question and "\\*\\*TPM\\*\\*" in question


def test_bad_question_shows_one_friendly_error(app: AppTest) -> None:
    app.chat_input[0].set_value("x" * 5000).run()
    assert not app.exception
    assert any("質問が長すぎます" in e.value for e in app.error)


RESUME = ["職務経歴書", "■職務経歴", "2018年4月〜現在 株式会社サンプルテック",
          "・5チーム・40名が関わる決済基盤のクラウド移行プログラムを主導し、AWSへの移行を完了。",
          "・四半期ごとに経営層へ進捗とリスクを報告。"]


def _click(at: AppTest, label: str) -> AppTest:
    return next(b for b in at.button if b.label == label).click().run()


def test_resume_page_shows_level_chart_evidence_plan_and_download(app: AppTest) -> None:
    from docs_factory import make_pdf

    app.sidebar.radio(key="page").set_value("resume").run()
    assert any("保存・記録されません" in c.value for c in app.caption)
    app.file_uploader[0].set_value(("cv.pdf", make_pdf([RESUME]), "application/pdf")).run()
    _click(app, "分析する")
    assert not app.exception and not app.error
    names = ["アソシエイトTPM", "テクニカルプログラムマネージャー", "シニアTPM", "プリンシパルTPM",
             "プログラム管理ディレクター"]
    estimated, target = (m.value for m in app.metric)
    assert estimated in ("テクニカルプログラムマネージャー", "シニアTPM")
    assert names.index(target) == names.index(estimated) + 1  # the target defaults to the next level
    assert any("推定の根拠" in m.value for m in app.markdown)
    assert len(app.get("plotly_chart")) == 1
    assert any("5チーム・40名" in m.value for m in app.markdown)  # an evidence quote
    assert len(app.get("download_button")) == 2  # Markdown and PDF


def test_a_new_upload_replaces_the_old_report_at_once(app: AppTest) -> None:
    from docs_factory import make_pdf

    app.sidebar.radio(key="page").set_value("resume").run()
    app.file_uploader[0].set_value(("cv.pdf", make_pdf([RESUME]), "application/pdf")).run()
    assert any("5チーム・40名" in m.value for m in app.markdown)  # analysed on upload
    short = "山田 太郎\nyamada@example.com\n現職:株式会社サンプル 営業\n".encode()
    app.file_uploader[0].set_value(("short.txt", short, "text/plain")).run()
    assert not any("5チーム・40名" in m.value for m in app.markdown)  # nothing of the previous résumé
    assert app.metric[0].value == "—"
    assert any("レベルを推定できません" in i.value for i in app.info)
    text = " ".join(m.value for m in app.markdown) + " ".join(e.label for e in app.expander)
    assert "strong" not in text and "risk_management" not in text and "associate" not in text


def test_a_pasted_job_posting_adds_the_match_with_a_chart(app: AppTest) -> None:
    from docs_factory import make_pdf

    app.sidebar.radio(key="page").set_value("resume").run()
    app.file_uploader[0].set_value(("cv.pdf", make_pdf([RESUME]), "application/pdf")).run()
    app.text_area(key="posting_text").set_value(
        "【募集職種】テクニカルプログラムマネージャー\n【必須要件】\n・AWSなどのクラウドを用いたシステム移行の経験\n"
        "・機械学習プロダクトの開発経験\n【会社概要】\n従業員数:約1,200名\n").run()
    assert not app.exception and not app.error
    assert any("求人との照合" in h.value for h in app.subheader)
    assert len(app.get("plotly_chart")) == 2  # the requirement chart beside the skill-area chart
    labels = [e.label for e in app.expander]
    assert any("AWSなどのクラウド" in label and "満たしている" in label for label in labels)
    assert not any("従業員数" in label for label in labels)


def test_resume_page_reports_a_bad_upload_in_one_line(app: AppTest) -> None:
    from docs_factory import make_pdf

    app.sidebar.radio(key="page").set_value("resume").run()
    app.file_uploader[0].set_value(("locked.pdf", make_pdf([["x"]], password="pw"), "application/pdf")).run()
    _click(app, "分析する")
    assert not app.exception and [e.value for e in app.error] == ["locked.pdf: PDF がパスワードで保護されています"]


def test_interview_page_gives_feedback_and_keeps_a_session_score(app: AppTest) -> None:
    app.sidebar.radio(key="page").set_value("interview").run()
    app.selectbox(key="question_id").set_value("iq-load-balancing").run()
    app.text_area(key="interview_answer").set_value("ラウンドロビンで順番に振り分けます。").run()
    _click(app, "フィードバックを受ける")
    assert not app.exception
    assert app.metric[0].value == "20%"
    assert any("トレードオフ" in i.value and "触れていません" in i.value for i in app.info)
    assert len(app.dataframe) == 1  # the session table, in the reader's language, scores as percentages
    table = app.dataframe[0].value
    assert list(table.columns) == ["質問", "スコア"] and table["スコア"].tolist() == ["20%"]


def test_interview_page_says_a_term_list_earns_nothing_and_reads_a_story_for_star(app: AppTest) -> None:
    app.sidebar.radio(key="page").set_value("interview").run()
    app.selectbox(key="question_id").set_value("iq-load-balancing").run()
    app.text_area(key="interview_answer").set_value("ラウンドロビン、最小接続数、IPハッシュ、セッション維持").run()
    _click(app, "フィードバックを受ける")
    assert not app.exception and app.metric[0].value == "0%"
    assert any("用語を並べただけでは評価されません" in w.value for w in app.warning)
    app.selectbox(key="question_id").set_value("iq-bq-program-slip").run()
    app.text_area(key="interview_answer").set_value(
        "去年、前の会社で決済基盤の移行がベンダーAPIの遅れで3週間遅れそうになりました。私はTPMとしてリリース日に"
        "責任を持っていました。週次のバーンダウンで気づき、チームと計画を組み直して機能を2つ削り、新しい日付と理由を"
        "VPに説明しました。").run()
    _click(app, "フィードバックを受ける")
    assert not app.exception
    shown = [m.value for m in app.markdown]
    assert any(m.startswith("**STAR構成") for m in shown)
    assert any(m.startswith(":material/cancel: 結果") and "なし" in m for m in shown)


def test_llm_settings_that_cannot_connect_fall_back_with_a_warning(app: AppTest) -> None:
    from servers import free_port

    app.sidebar.selectbox(key="llm_backend").set_value("openai").run()
    app.sidebar.text_input(key="llm_url").set_value(f"http://127.0.0.1:{free_port()}/v1").run()
    app.sidebar.text_input(key="llm_model").set_value("any").run()
    _click(app, "適用して接続テスト")
    assert not app.exception
    assert any("接続できません" in e.value for e in app.error)
    assert any("抽出型" in w.value for w in app.warning)


def _controls(at: AppTest) -> dict[str, int]:
    return {"llm_backend": len([s for s in at.sidebar.selectbox if s.key == "llm_backend"]),
            "llm_url": len([t for t in at.sidebar.text_input if t.key == "llm_url"]),
            "reingest": len([b for b in at.sidebar.button if b.label == "再インデックス"])}


def test_visitors_of_a_shared_deployment_get_no_llm_or_reingest_controls(
    shared_data_dir: Path, advisor: Advisor, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(shared_data_dir))
    local = AppTest.from_file(APP, default_timeout=180)
    local.run()
    assert _controls(local) == {"llm_backend": 1, "llm_url": 1, "reingest": 1}  # a local index: the user is admin
    monkeypatch.setenv("ADVISOR_ADMIN_UI", "0")
    shared = AppTest.from_file(APP, default_timeout=180)
    shared.run()
    assert not shared.exception and _controls(shared) == {"llm_backend": 0, "llm_url": 0, "reingest": 0}
    captions = "\n".join(c.value for c in shared.caption)
    assert "チャンク数" in captions  # the index status still shows


def test_an_llm_url_outside_the_allowed_hosts_is_refused_in_one_line(
    shared_data_dir: Path, advisor: Advisor, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(shared_data_dir))
    monkeypatch.setenv("ADVISOR_LLM_ALLOWED_HOSTS", "llm.internal")
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    for url, said in [("http://169.254.169.254/v1", "許可されていません"), ("file:///etc/passwd", "http://")]:
        at.sidebar.selectbox(key="llm_backend").set_value("openai").run()
        at.sidebar.text_input(key="llm_url").set_value(url).run()
        at.sidebar.text_input(key="llm_model").set_value("any").run()
        _click(at, "適用して接続テスト")
        assert not at.exception
        errors = [e.value for e in at.error]
        assert len(errors) == 1 and said in errors[0] and "\n" not in errors[0], errors
        assert at.session_state["llm_override"] is None
        assert any("抽出型" in c.value for c in at.sidebar.caption)


def test_upload_limit_matches_the_library() -> None:
    import tomllib

    from advisor.documents import MAX_BYTES

    config = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] * 1024 * 1024 == MAX_BYTES


def test_first_run_ingests_with_progress_then_answers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(tmp_path / "fresh"))
    at = AppTest.from_file(APP, default_timeout=240)
    at.run()
    # The progress bar and the disabled input gave way to the real chat input once the index was built.
    assert not at.exception and (tmp_path / "fresh" / "index" / "manifest.json").is_file()
    assert len(at.chat_input) == 1 and not at.chat_input[0].disabled
    at.chat_input[0].set_value("シニアTPMの役割は?").run()  # the rerun must not replay the ingest's elements
    assert not at.exception and not at.error and len(at.chat_message) == 2
