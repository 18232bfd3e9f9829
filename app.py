"""TPM Career Advisor in the browser. UI only: every computation is a call on ``advisor.Advisor``."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any

import streamlit as st

from advisor import Advisor, AdvisorError, Answer, Settings
from advisor.answer.modes import MODES
from advisor.facade import index_ready
from advisor.markdown import answer_markdown, escape, highlight
from advisor.ui_text import EXAMPLES, t

log = logging.getLogger("tpm_advisor.app")
st.set_page_config(page_title="TPM Career Advisor", page_icon="🧭", layout="wide")


@st.cache_resource(show_spinner=False)
def load_advisor(_progress: Callable[[str, int, int], None] | None = None) -> Advisor:
    """One advisor per server process, shared by every session (it is thread-safe)."""
    return Advisor.open(progress=_progress)


def language() -> str:
    return str(st.session_state.get("lang", "ja"))


def friendly(action: Callable[[], Any]) -> Any:
    """Run ``action``; any error becomes one friendly line in the user's language, never a traceback."""
    try:
        return action()
    except AdvisorError as exc:
        st.error(exc.message(language()))
    except Exception:
        log.exception("unexpected error in the app")
        st.error(t("internal_error", language()))
    return None


def open_advisor() -> Advisor | None:
    settings = friendly(Settings.from_env)
    if settings is None:
        return None
    if index_ready(settings):
        return friendly(load_advisor)
    with st.status(t("ingesting", language()), expanded=True) as status:
        bar = st.progress(0.0)
        advisor = friendly(lambda: load_advisor(lambda stage, done, total: bar.progress(done / max(total, 1))))
        status.update(label=t("ready", language()), state="complete", expanded=False)
    return advisor


def sidebar(advisor: Advisor | None) -> str:
    lang = language()
    with st.sidebar:
        st.radio(t("language", lang), ["ja", "en"], key="lang", horizontal=True,
                 format_func=lambda code: "日本語" if code == "ja" else "English")
        lang = language()
        mode = st.radio(t("mode", lang), list(MODES), key="mode", format_func=lambda m: t(f"mode_{m}", lang))
        if st.button(t("clear", lang), use_container_width=True):
            st.session_state["turns"] = []
        if advisor is not None:
            status = advisor.status()
            if status["answerer"] == "extractive":
                st.caption(f":green-badge[{t('answerer_extractive', lang)}]")
            else:
                st.caption(f":violet-badge[{t('answerer_llm', lang)}: {escape(status['answerer'])}]")
            st.caption(f"{t('index_status', lang)}: {status['chunks']} {t('chunks', lang)} · "
                       f"{t('embedder', lang)}: {escape(status['embedder'])}")
            if st.button(t("reingest", lang), use_container_width=True):
                bar = st.progress(0.0)
                report = friendly(lambda: advisor.reingest(lambda s, d, n: bar.progress(d / max(n, 1))))
                if report is not None:
                    st.success(f"{t('reingest_done', lang)}: {report.chunks} {t('chunks', lang)}")
    return mode


def show_answer(answer: Answer) -> None:
    lang = language()
    if not answer.grounded:
        st.info(escape(answer.answer), icon="🔎")
        return
    st.markdown(answer_markdown(answer.answer))
    if answer.notice:
        st.warning(escape(answer.notice))
    chips = st.columns(min(len(answer.citations), 6) or 1)
    for column, citation in zip(chips, answer.citations, strict=False):
        with column.popover(f"[{citation.n}] {citation.section.split(' > ')[-1][:28]}", use_container_width=True):
            st.caption(f"{t('passage_section', lang)}: {escape(citation.section)}")
            st.markdown(highlight(citation.text, citation.quote))
            st.caption(f"{t('passage_source', lang)}: {escape(citation.source)}")
    with st.expander(t("sources", lang)):
        for citation in answer.citations:
            st.markdown(f"**[{citation.n}] {escape(citation.section)}**  \n{highlight(citation.text, citation.quote)}")


def stream_answer(advisor: Advisor, question: str, history: list[Answer], mode: str) -> Answer | None:
    """Show the answer as it is written; return the final, validated one."""
    final: list[Answer] = []

    def deltas() -> Iterator[str]:
        for item in advisor.ask_stream(question, history=history, mode=mode):
            if isinstance(item, Answer):
                final.append(item)
            else:
                yield item

    placeholder = st.empty()

    def write() -> None:
        try:
            with placeholder.container():
                st.write_stream(deltas())
        finally:
            placeholder.empty()  # the streamed draft gives way to the validated answer (or the error)

    friendly(write)
    if final:
        show_answer(final[0])
        return final[0]
    return None


def chat_page(advisor: Advisor, mode: str) -> None:
    lang = language()
    turns: list[dict[str, Any]] = st.session_state.setdefault("turns", [])
    for turn in turns:
        with st.chat_message("user"):
            st.markdown(escape(turn["question"]))
        with st.chat_message("assistant"):
            show_answer(turn["answer"])
    question = st.chat_input(t("ask_placeholder", lang))
    if not turns and not question:
        st.caption(t("examples", lang))
        for number, example in enumerate(EXAMPLES[lang]):
            if st.button(example, key=f"example-{lang}-{number}"):
                question = example
    if question:
        with st.chat_message("user"):
            st.markdown(escape(question))
        with st.chat_message("assistant"):
            answer = stream_answer(advisor, question, [turn["answer"] for turn in turns], mode)
        if answer is not None:
            turns.append({"question": question, "answer": answer})


def main() -> None:
    st.session_state.setdefault("lang", "ja")
    advisor = open_advisor()
    mode = sidebar(advisor)
    st.title(t("title", language()))
    st.caption(t("tagline", language()))
    if advisor is not None:
        chat_page(advisor, mode)


main()
