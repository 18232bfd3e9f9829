"""The Streamlit app, headless (AppTest): chat, citations, declines, follow-ups, language, errors."""

from __future__ import annotations

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
    assert any("ガイドにはこの質問" in i.value for i in app.info)


def test_english_ui_and_english_answer(app: AppTest) -> None:
    app.radio(key="lang").set_value("en").run()
    assert "How do I move from software engineer to TPM?" in [b.label for b in app.button]
    app.chat_input[0].set_value("What does a Senior TPM do?").run()
    assert "From “" in _texts(app)


def test_user_text_is_never_live_markdown_or_html(app: AppTest) -> None:
    app.chat_input[0].set_value("<script>alert(1)</script> ![x](http://example.com/x.png) **TPM**とは?").run()
    question = app.chat_message[0].markdown[0].value
    assert "\\<script\\>" in question and "\\!\\[x\\]" in question and "\\*\\*TPM\\*\\*" in question


def test_bad_question_shows_one_friendly_error(app: AppTest) -> None:
    app.chat_input[0].set_value("x" * 5000).run()
    assert not app.exception
    assert any("質問が長すぎます" in e.value for e in app.error)
