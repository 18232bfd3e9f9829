"""TPM Career Advisor in the browser. UI only: every computation is a call on ``advisor.Advisor``.

The first thing a visitor sees is the title and a progress bar with the current stage: the
advisor opens on a background thread (``advisor.startup``), and the heavy modules (the library's
facade, plotly) are imported only once the page is already on screen.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import streamlit as st

from advisor import startup as advisor_startup
from advisor.corpus import LEVEL_IDS
from advisor.errors import AdvisorError
from advisor.gap.labels import STATUS_ORDER, label, percent, status_name
from advisor.markdown import answer_markdown, citation_label, escape, highlight
from advisor.settings import Settings
from advisor.types import Answer, Citation
from advisor.ui_text import EXAMPLES, t
from ingest.child import ingest_in_child

if TYPE_CHECKING:
    from advisor import Advisor
    from advisor.gap.report import GapReport
    from advisor.interview import Feedback, PracticeSession

log = logging.getLogger("tpm_advisor.app")
st.set_page_config(page_title="TPM Career Advisor", page_icon="🧭", layout="wide")
PAGES = ("chat", "resume", "interview")
BADGE_COLOUR = {"strong": "green", "some": "orange", "none": "gray"}
JOB_COLOUR = {"met": "green", "partial": "orange", "missing": "gray"}
POLL_SECONDS = 0.2
CHIPS_PER_ROW = 3


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
    # One advisor per index and server process, shared by every session (it is thread-safe).
    startup = advisor_startup.shared(settings, prepare=ingest_in_child)  # ingests on first run
    if not startup.wait(0):
        lang = language()
        slot = st.empty()
        with slot.container():
            bar = st.progress(0.0, text=t("stage_start", lang))
            st.chat_input(t("preparing", lang), disabled=True, key="chat_waiting")
        shown = ("start", 0.0)
        while not startup.wait(POLL_SECONDS):
            if (startup.stage, startup.fraction) != shown:  # an unchanged bar costs the browser nothing
                shown = (startup.stage, startup.fraction)
                bar.progress(shown[1], text=t(f"stage_{shown[0]}", lang))
        slot.empty()
    base = friendly(startup.result)  # after a failure the next rerun starts over (e.g. the server is back)
    if base is None:
        return None
    # An admin session may pick another LLM in the sidebar; the index stays shared.
    override = st.session_state.get("llm_override")
    if override and settings.admin:
        return friendly(lambda: base.with_llm(**override)) or base
    return base


# -- sidebar ---------------------------------------------------------------------------------
def sidebar(advisor: Advisor | None) -> tuple[str, str]:
    from advisor.answer.modes import MODES

    lang = language()
    with st.sidebar:
        st.radio(t("language", lang), ["ja", "en"], key="lang", horizontal=True,
                 format_func=lambda code: "日本語" if code == "ja" else "English")
        lang = language()
        page = st.radio(t("page", lang), PAGES, key="page", format_func=lambda p: t(f"page_{p}", lang))
        mode = "general"
        if page == "chat":
            mode = st.radio(t("mode", lang), list(MODES), key="mode", format_func=lambda m: t(f"mode_{m}", lang))
            if st.button(t("clear", lang), width="stretch"):
                st.session_state["turns"] = []
        if advisor is not None:
            settings_panel(advisor, lang)
    return page, mode


def settings_panel(advisor: Advisor, lang: str) -> None:
    status = advisor.status()
    if status["answerer"] == "extractive":
        st.caption(f":green-badge[{t('answerer_extractive', lang)}]")
    else:
        st.caption(f":violet-badge[{t('answerer_llm', lang)}: {escape(status['answerer'])}]")
    st.caption(f"{t('index_status', lang)}: {status['chunks']} {t('chunks', lang)} · "
               f"{t('embedder', lang)}: {escape(status['embedder'])}")
    if not advisor.settings.admin:  # a shared deployment: the server's LLM and index are not a visitor's to change
        return
    with st.expander(t("settings", lang)):
        backend = st.selectbox(t("llm_backend", lang), ["none", "ollama", "openai"], key="llm_backend")
        url = st.text_input(t("llm_url", lang), key="llm_url", placeholder="http://127.0.0.1:11434")
        model = st.text_input(t("llm_model", lang), key="llm_model")
        if st.button(t("llm_apply", lang), width="stretch"):
            override = {"llm": backend, "url": url, "model": model}
            candidate = friendly(lambda: advisor.with_llm(**override))
            if candidate is not None and friendly(lambda: candidate.check_llm() or True):
                st.session_state["llm_override"] = override if backend != "none" else None
                st.success(t("llm_ok", lang))
            else:
                st.session_state["llm_override"] = None
                st.warning(t("llm_failed", lang))
        if st.button(t("reingest", lang), width="stretch"):
            bar = st.progress(0.0)
            report = friendly(lambda: reingest(advisor, lambda s, d, n: bar.progress(d / max(n, 1))))
            if report is not None:
                st.success(f"{t('reingest_done', lang)}: {report.chunks} {t('chunks', lang)}")


def reingest(advisor: Advisor, progress: Callable[[str, int, int], None]) -> Any:
    """Ingest again (corpus and user-folder changes) and serve the new snapshot."""
    from ingest.pipeline import run

    report = run(advisor.settings, progress=progress)
    advisor.reload()
    return report


# -- chat ------------------------------------------------------------------------------------
def show_answer(answer: Answer) -> None:
    lang = language()
    if not answer.grounded:
        st.info(escape(answer.answer), icon=":material/search_off:")
        return
    text = answer.answer
    if answer.coverage == "partial":  # the first line says what the guide does not give
        note, _, text = text.partition("\n")
        st.warning(escape(note), icon=":material/info:")
    st.markdown(answer_markdown(text.strip()))
    if answer.notice:
        st.warning(escape(answer.notice))
    if any(c.original_text for c in answer.citations):
        st.caption(t("translation_note", lang))
    for row in range(0, len(answer.citations), CHIPS_PER_ROW):  # a chip wide enough to read its title
        for column, citation in zip(st.columns(CHIPS_PER_ROW), answer.citations[row:row + CHIPS_PER_ROW],
                                    strict=False):
            show_citation(column, citation, lang)
    with st.expander(t("sources", lang)):
        for citation in answer.citations:
            st.markdown(f"**[{citation.n}] {escape(citation.section)}**  \n{highlight(citation.text, citation.quote)}")
            show_original(citation.original_text, lang)


def show_citation(column: Any, citation: Citation, lang: str) -> None:
    """One citation chip: its section and item; it opens the passage with the quoted sentences marked."""
    with column.popover(f"[{citation.n}] {citation_label(citation.section, citation.text)}", width="stretch"):
        st.caption(f"{t('passage_section', lang)}: {escape(citation.section)}")
        st.markdown(highlight(citation.text, citation.quote))
        show_original(citation.original_text, lang)
        st.caption(f"{t('passage_source', lang)}: {escape(citation.source)}")


def show_original(original: str, lang: str) -> None:
    """The Japanese original of a passage quoted from the guide's English edition."""
    if original:
        st.caption(f"{t('japanese_original', lang)}:  \n{escape(original)}")


def guide_caption(prefix: str, citation: dict[str, Any], lang: str) -> None:
    """One guide passage in brief under a judgement (a skill, a requirement, a missed point)."""
    st.caption(f"{prefix} [{citation['n']}] {escape(citation['section'])}: {escape(citation['text'][:160])}…")
    if citation.get("original_text"):
        st.caption(f"{t('japanese_original', lang)}: {escape(citation['original_text'][:100])}…")


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


# -- résumé ----------------------------------------------------------------------------------
def resume_page(advisor: Advisor) -> None:
    lang = language()
    st.caption(f"🔒 {t('resume_privacy', lang)}")
    upload = st.file_uploader(t("resume_upload", lang), type=["pdf", "docx", "txt", "md"], key="resume_file")
    levels = ["auto", *LEVEL_IDS]
    names = {lv.id: (lv.name_ja if lang == "ja" else lv.name_en) for lv in advisor.corpus.ladder.levels}
    target = st.selectbox(t("target_level", lang), levels, key="target_level",
                          format_func=lambda lv: t("target_auto", lang) if lv == "auto" else names[lv])
    with st.expander(label("posting", lang)):
        pasted = st.text_area(label("posting", lang), key="posting_text", height=160, label_visibility="collapsed")
        posting_file = st.file_uploader(label("posting_upload", lang), type=["pdf", "docx", "txt", "html", "htm"],
                                        key="posting_file")
    job, job_name = ((posting_file.getvalue(), posting_file.name) if posting_file is not None
                     else (pasted, None) if pasted.strip() else (None, None))
    clicked = upload is not None and st.button(t("analyze", lang), type="primary")
    # The report belongs to one upload, target and posting: a change (or no file) replaces it at once.
    posting_key = posting_file.file_id if posting_file is not None else hash(pasted.strip())
    key = (upload.file_id, target, posting_key) if upload is not None else None
    if key != st.session_state.get("gap_key") or clicked:
        st.session_state["gap_key"], st.session_state["gap_report"] = key, None
        if upload is not None:
            with st.spinner(t("analyzing", lang)):
                st.session_state["gap_report"] = friendly(lambda: advisor.analyze_resume(
                    upload.getvalue(), None if target == "auto" else target, name=upload.name,
                    job=job, job_name=job_name))
    report = st.session_state.get("gap_report")
    if report is not None:
        show_report(report, names)


def show_report(report: GapReport, names: dict[str, str]) -> None:
    import plotly.graph_objects as go  # only the résumé page draws a chart

    lang = language()
    ja = lang == "ja"
    st.markdown(escape(report.summary))
    left, right = st.columns(2)
    estimate = report.level_estimate
    left.metric(label("level_estimate", lang), names[estimate.level] if estimate else "—")
    right.metric(label("target", lang), names[report.target_level])
    if estimate is None:
        st.info(report.level_note)
    else:
        st.markdown(f"**{label('level_reasons', lang)}**")
        for reason in report.reasons():
            st.markdown(f"- {escape(reason)}")
    if report.job is not None:
        show_job(report, go)
    areas = [a["name_ja" if ja else "name_en"] for a in report.areas]
    scores = [a["score"] for a in report.areas]
    hover = [f"{name}: {percent(score)}" for name, score in zip(areas, scores, strict=True)]
    figure = go.Figure(go.Scatterpolar(r=[*scores, scores[0]], theta=[*areas, areas[0]], fill="toself",
                                       text=[*hover, hover[0]], hoverinfo="text"))
    figure.update_layout(polar={"radialaxis": {"range": [0, 1], "tickformat": ".0%"}}, showlegend=False,
                         height=360, title=label("areas", lang), margin={"l": 40, "r": 40, "t": 50, "b": 30})
    st.plotly_chart(figure, width="stretch", key="area_chart")
    st.subheader(label("skills", lang))
    for skill in sorted(report.skills, key=lambda s: STATUS_ORDER.index(s.status)):
        title = f"{report.skill_name(skill)} :{BADGE_COLOUR[skill.status]}-badge[{status_name(skill.status, lang)}]"
        with st.expander(title):
            for item in skill.evidence[:4]:
                st.markdown(f"> {escape(item['quote'])}  \n:gray[{escape(item['location'])}]")
            if not skill.evidence:
                st.caption(label("no_evidence", lang))
            for item in skill.listed_only[:2]:
                st.caption(f"{label('listed_only', lang)}: {escape(item['quote'])}")
            expected = skill.expected_ja if ja else skill.expected_en
            st.markdown(f"**{label('expected_at_target', lang)}**: {escape(expected)}")
            for citation in skill.citations:
                guide_caption(label("why_it_matters", lang), citation, lang)
    st.subheader(label("learning_plan", lang))
    for item in report.learning_plan:
        resources = "; ".join(escape(r["title"]) for r in item.resources)
        st.markdown(f"{item.priority}. **{escape(report.skill_name(item))}** "
                    f":{BADGE_COLOUR[item.status]}-badge[{status_name(item.status, lang)}] — {resources}")
    st.subheader(label("practice_questions", lang))
    for question in report.interview_questions:
        st.markdown(f"- {escape(question['question'])}")
    left, right = st.columns(2)
    left.download_button(t("download_md", lang), report.to_markdown(), file_name="tpm-gap-report.md",
                         mime="text/markdown")
    pdf = friendly(report.to_pdf)
    if pdf is not None:
        right.download_button(t("download_pdf", lang), pdf, file_name="tpm-gap-report.pdf", mime="application/pdf")


def show_job(report: GapReport, go: Any) -> None:
    """The posting's requirements: a met / partial / missing chart (required first), then each one."""
    lang, job = language(), report.job
    st.subheader(f"{label('job_match', lang)}: {job.title}")
    st.caption(f"{label('job_level', lang)}: {report.level_name(job.level)}")
    counts = job.counts()
    kinds = [label("required", lang), label("preferred", lang)]
    figure = go.Figure([go.Bar(name=status_name(status, lang), y=kinds, x=[counts["required"][status],
                                                                          counts["preferred"][status]],
                               orientation="h", marker_color=colour)
                        for status, colour in (("met", "#2e7d32"), ("partial", "#f9a825"), ("missing", "#9e9e9e"))])
    figure.update_layout(barmode="stack", height=200, margin={"l": 70, "r": 30, "t": 20, "b": 20},
                         yaxis={"autorange": "reversed"}, legend={"orientation": "h"})
    st.plotly_chart(figure, width="stretch", key="job_chart")
    for item in sorted(job.requirements, key=lambda r: not r.required):
        kind = label("required" if item.required else "preferred", lang)
        with st.expander(f"{kind}: {item.text} :{JOB_COLOUR[item.status]}-badge[{status_name(item.status, lang)}]"):
            for evidence in item.evidence:
                st.markdown(f"> {escape(evidence['quote'])}  \n:gray[{escape(evidence['location'])}]")
            if not item.evidence:
                st.caption(label("no_evidence", lang))
            for citation in item.why:
                guide_caption(label("why_it_matters", lang), citation, lang)
            for resource in item.learn:
                st.markdown(f"{label('to_learn', lang)}: {escape(resource['title'])} — {escape(resource['provider'])}")


# -- interview -------------------------------------------------------------------------------
def interview_page(advisor: Advisor) -> None:
    from advisor.interview import PracticeSession

    lang = language()
    topic = st.text_input(t("topic_filter", lang), key="topic")
    bank = friendly(lambda: advisor.interview_questions(topic=topic or None, language=lang)) or []
    if not bank:
        return
    ids = [item.id for item in bank]
    if st.button(t("draw", lang)):
        st.session_state["question_id"] = random.choice(ids)
    if st.session_state.get("question_id") not in ids:
        st.session_state["question_id"] = ids[0]
    by_id = {item.id: item for item in bank}
    question_id = st.selectbox(t("question", lang), ids, key="question_id", format_func=lambda i: by_id[i].question)
    with st.expander(t("model_outline", lang)):
        outline = friendly(lambda: advisor.model_answer(question_id, language=lang))
        if outline is not None:
            show_answer(outline)
    answer = st.text_area(t("your_answer", lang), key="interview_answer", height=160)
    if st.button(t("get_feedback", lang), type="primary") and answer.strip():
        feedback = friendly(lambda: advisor.interview_feedback(question_id, answer))
        if feedback is not None:
            st.session_state.setdefault("practice", PracticeSession()).add(feedback)
            st.session_state["last_feedback"] = feedback
    feedback = st.session_state.get("last_feedback")
    if feedback is not None and feedback.question_id == question_id:
        show_feedback(feedback)
    session: PracticeSession | None = st.session_state.get("practice")
    if session is not None and session.results:
        summary = session.summary()
        st.subheader(t("session", lang))
        st.dataframe([{t("question", lang): q["question"], t("score", lang): percent(q["score"])}
                      for q in summary["questions"]], width="stretch", hide_index=True)
        skill_name = {s.id: s.name_ja if lang == "ja" else s.name_en for s in advisor.corpus.skills}
        weakest = ", ".join(f"{skill_name.get(w['topic'], w['topic'])} ({w['score']:.0%})"
                            for w in summary["weakest_topics"])
        st.caption(f"{t('weakest', lang)}: {escape(weakest)}")


def show_feedback(feedback: Feedback) -> None:
    lang = language()
    st.metric(t("score", lang), f"{feedback.score:.0%}")
    # A list of terms, or an answer that leaves the question unanswered, is told so first.
    if feedback.form == "term_list" or not feedback.covered:
        st.warning(escape(feedback.suggestion), icon=":material/format_list_bulleted:")
    if feedback.unaddressed:
        st.markdown(f"**{t('unaddressed', lang)}**")
        for part in feedback.unaddressed:
            st.markdown(f":material/help: {escape(part)}")
    st.markdown(f"**{t('covered', lang)}**")
    for item in feedback.covered:
        st.markdown(f":material/check_circle: {escape(item['point'])}  \n> {escape(item['quote'])}")
    st.markdown(f"**{t('missed', lang)}**")
    for item in feedback.missed:
        st.markdown(f":material/cancel: {escape(item['point'])}")
        for citation in item["citations"]:
            guide_caption(t("from_the_guide", lang), citation, lang)
    if feedback.star is not None:
        st.markdown(f"**{t('star', lang)}**")
        for part, quote in feedback.star.items():
            mark = ":material/check_circle:" if quote else ":material/cancel:"
            st.markdown(f"{mark} {t('star_' + part, lang)}: {escape(quote or t('star_missing', lang))}")
    if feedback.form != "term_list" and feedback.covered:
        st.info(escape(feedback.suggestion), icon=":material/lightbulb:")


def main() -> None:
    st.session_state.setdefault("lang", "ja")
    # Title and explanation first: they are on screen before anything heavy loads.
    st.title(t("title", language()))
    st.caption(t("tagline", language()))
    advisor = open_advisor()
    page, mode = sidebar(advisor)
    if advisor is None:
        return
    {"chat": lambda: chat_page(advisor, mode), "resume": lambda: resume_page(advisor),
     "interview": lambda: interview_page(advisor)}[page]()


main()
