"""``Advisor``: the one object the app, the CLI, the evals and the tests call.

A question flows: ``ask`` → clean and rewrite the follow-up (``answer.rewrite``) → ``retrieve``
(``retrieval.retriever``, shaped by the mode) → scope check and extractive answer
(``answer.extractive``) → with an LLM configured, a streamed, validated LLM answer
(``answer.generative``) that falls back to the extractive one.
"""

from __future__ import annotations

import copy
import logging
import re
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from advisor.answer.coverage import Vocabulary
from advisor.answer.extractive import extractive_answer
from advisor.answer.modes import (
    Mode,
    asks_about_interviews,
    boosts_for,
    get_mode,
    with_bank_entries,
    with_catalogue_entries,
)
from advisor.answer.rewrite import MAX_HISTORY_TURNS, FollowUpRewriter, Rewrite
from advisor.answer.scope import ScopeJudge, ScopeVerdict
from advisor.answer.shapes import GuideOutline, asks_about_the_role
from advisor.answer.shown import Shown, points, shown_by
from advisor.answer.story import asking_part
from advisor.corpus import Corpus, load_corpus
from advisor.embedders import make_embedder
from advisor.embedders.base import AdvisorEmbeddings
from advisor.errors import BackendUnavailable, BadInput, IndexMismatch
from advisor.feedback import AnswerJudge
from advisor.gap.analysis import analyse_resume
from advisor.gap.evidence import SkillMatcher
from advisor.gap.posting import Posting, read_posting
from advisor.gap.report import GapReport
from advisor.interview import BankList, Feedback, InterviewCoach
from advisor.language import detect_language
from advisor.llm import describe, make_chat_model
from advisor.retrieval import index as idx
from advisor.retrieval import published
from advisor.retrieval.glossary import Glossary
from advisor.retrieval.retriever import Filters, HybridRetriever
from advisor.settings import Settings
from advisor.types import Answer, Passage, Passages

log = logging.getLogger("tpm_advisor")
MAX_QUESTION_CHARS = 2000
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

History = Sequence[str | Answer | dict[str, Any]]


def clean_question(question: str) -> str:
    """``question`` without control characters and surrounding space.

    Raises:
        BadInput: it is empty, or longer than ``MAX_QUESTION_CHARS``.
    """
    text = _CONTROL.sub(" ", question or "").strip()
    if not text:
        raise BadInput("the question is empty", "質問が空です")
    if len(text) > MAX_QUESTION_CHARS:
        raise BadInput(
            f"the question is too long ({len(text)} characters; the limit is {MAX_QUESTION_CHARS})",
            f"質問が長すぎます（{len(text)} 文字。上限は {MAX_QUESTION_CHARS} 文字）",
        )
    return text


def _previous_questions(history: History | None) -> list[str]:
    """The user's earlier standalone questions, oldest first, bounded."""
    questions: list[str] = []
    for turn in history or []:
        if isinstance(turn, Answer):
            questions.append(turn.standalone_question or turn.question)
        elif isinstance(turn, dict):
            if turn.get("role", "user") == "user" and turn.get("content"):
                questions.append(str(turn["content"]))
        elif isinstance(turn, str) and turn.strip():
            questions.append(turn.strip())
    return questions[-MAX_HISTORY_TURNS:]


class Advisor:
    """Grounded, cited answers over the TPM corpus. Safe to share between threads."""

    def __init__(
        self, settings: Settings, corpus: Corpus, embedder: AdvisorEmbeddings, retriever: HybridRetriever,
        manifest: idx.Manifest | None = None,
    ) -> None:
        self.settings = settings
        self.corpus = corpus
        self.embedder = embedder
        self.retriever = retriever
        self.manifest = manifest  # the published snapshot this advisor serves
        self._checked = time.monotonic()
        self._refreshing = False
        self.glossary = retriever.glossary  # built once, with the retriever
        self.scope = _scope_judge(retriever, embedder)
        self.rewriter = FollowUpRewriter.from_corpus(corpus)
        self.chat = make_chat_model(settings)
        self.answerer_label = describe(settings)
        self._lock = threading.Lock()
        self._matcher: SkillMatcher | None = None
        self._coach: InterviewCoach | None = None
        self._outline: tuple[HybridRetriever, GuideOutline] | None = None

    @classmethod
    def open(
        cls, data_dir: str | Path | None = None, settings: Settings | None = None,
        progress: Callable[[str, int, int], None] | None = None,
    ) -> Advisor:
        """Open the index published in the configured store (``data_dir`` holds only caches).

        The library never ingests: the CLI and the app run ``advisor ingest`` first when
        ``index_ready`` says there is nothing to open. ``progress(stage, done, total)`` hears
        "model" (the embedder loads) and "index" (the store and the snapshot open).

        Raises:
            IndexMismatch: no index is published (the message names ``advisor ingest``), or it was
                built by another embedder (the message says how to re-index).
            BackendUnavailable: the configured Chroma server cannot be reached.
            BadInput: a setting is invalid.
        """
        settings = settings or Settings.from_env()
        if data_dir is not None:
            settings = settings.model_copy(update={"data_dir": Path(data_dir).expanduser()})
        report = progress or (lambda stage, done, total: None)
        embedder = make_embedder(settings)
        report("model", 0, 1)
        getattr(embedder, "warm_up", lambda: None)()
        report("index", 0, 1)
        retriever, manifest = _open_retriever(settings, embedder)
        return cls(settings, load_corpus(settings.corpus_dir), embedder, retriever, manifest)

    def with_llm(self, llm: str, url: str = "", model: str = "", api_key: str = "") -> Advisor:
        """This advisor with another answerer (the app's LLM settings); the index is shared.

        Raises:
            BadInput: an invalid backend, or a backend without a model name.
        """
        values = {**self.settings.model_dump(), "llm": llm, "llm_url": url, "llm_model": model,
                  "llm_api_key": api_key}
        try:
            settings = Settings(**values)
        except ValueError as exc:
            raise BadInput(f"invalid LLM settings: {exc}", "LLM の設定が不正です") from None
        clone = copy.copy(self)
        clone.settings, clone.chat, clone.answerer_label = settings, make_chat_model(settings), describe(settings)
        return clone

    def check_llm(self) -> None:
        """Ask the configured LLM for one token.

        Raises:
            BackendUnavailable: it did not answer (the message says why, in one line).
        """
        if self.chat is None:
            return
        from langchain_core.messages import HumanMessage

        try:
            self.chat.invoke([HumanMessage("Reply with OK.")])
        except Exception as exc:
            reason = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
            raise BackendUnavailable(f"the LLM at {self.settings.llm_url or 'its default URL'} did not answer: "
                                     f"{reason}", f"LLM に接続できません: {reason}") from None

    def reload(self) -> None:
        """Serve the snapshot the store publishes now (after an ingest, here or by another replica).

        Raises:
            IndexMismatch, BackendUnavailable: as ``open``.
        """
        retriever, manifest = _open_retriever(self.settings, self.embedder, self.glossary)
        scope = _scope_judge(retriever, self.embedder)  # the vocabulary is the new snapshot's
        with self._lock:
            self.retriever, self.scope, self.manifest = retriever, scope, manifest
            self._checked = time.monotonic()

    def refresh_if_due(self) -> None:
        """At most every ``snapshot_check_seconds``, look for a newer published snapshot; a new one
        opens on a background thread while the current one keeps answering."""
        interval = self.settings.snapshot_check_seconds
        with self._lock:
            if interval < 0 or self._refreshing or time.monotonic() - self._checked < interval:
                return
            self._checked, self._refreshing = time.monotonic(), True
        threading.Thread(target=self._refresh, name="advisor-refresh", daemon=True).start()

    def _refresh(self) -> None:
        try:
            latest = published.current_manifest(self.settings)
            if latest is not None and (self.manifest is None or latest.snapshot != self.manifest.snapshot):
                self.reload()
        except Exception:  # a store that is down is reported by the next query itself
            log.warning("could not check for a newer snapshot", exc_info=True)
        finally:
            self._refreshing = False

    # -- retrieval ---------------------------------------------------------------------------
    def retrieve(
        self, question: str, k: int = 5, mode: str | None = None, kinds: Sequence[str] = (),
        sections: Sequence[str] = (),
    ) -> Passages:
        """The ``k`` most relevant passages, best first (optionally only these kinds or sections)."""
        text = clean_question(question)
        self.refresh_if_due()
        if not 1 <= k <= 50:
            raise BadInput(f"k must be between 1 and 50, not {k}", f"k は 1〜50 で指定してください（{k}）")
        chosen = get_mode(mode)
        if kinds or sections:
            return Passages(text, self.retriever.search(text, k=k, filters=Filters(tuple(kinds), tuple(sections)),
                                                        boosts=boosts_for(text, chosen)))
        return Passages(text, self._ranked(text, k, chosen)[1])

    def _ranked(self, question: str, k: int, mode: Mode) -> tuple[list[Passage], list[Passage]]:
        """The mode's ``k`` best passages as retrieval ranked them, and as shown: with the bank's
        entries for a question about interviews, the catalogue's for one asking what to study."""
        boosts = boosts_for(question, mode)
        ranked = self.retriever.search(question, k=k, boosts=boosts)
        # A question about interviews that names a skill is about the bank's questions on that skill.
        skills = tuple(m.entity.name_ja for m in self.rewriter.mentions(
            question, ("skill",))) if asks_about_interviews(question) else ()
        shown = with_bank_entries(question, ranked, lambda n, sections: self.retriever.search(
            question, k=n, filters=Filters(kinds=("interview",), sections=sections), boosts=boosts), skills)
        return ranked, with_catalogue_entries(question, shown, lambda n: self.retriever.search(
            question, k=n, filters=Filters(kinds=("resource",)), boosts=boosts))

    # -- answers -----------------------------------------------------------------------------
    def standalone(self, question: str, history: History | None = None) -> str:
        """``question`` rewritten to stand alone, given the conversation so far."""
        return self._standalone(question, history).text

    def _standalone(self, question: str, history: History | None) -> Rewrite:
        previous = _previous_questions(history)
        ruled = self.rewriter.rewritten(question, previous, self._shown(history))
        if not ruled.follow_up or self.chat is None:
            return ruled
        from advisor.answer.prompts import rewrite_messages

        try:
            rewritten = str(self.chat.invoke(rewrite_messages(question, previous)).content).strip()
            if 0 < len(rewritten) <= max(4 * len(question) + 200, 300):
                return ruled._replace(text=rewritten.splitlines()[0])
        except Exception:  # the rule-based rewrite is always there
            pass
        return ruled

    def _shown(self, history: History | None) -> Shown | None:
        """What the previous answer listed, when the history holds it (the app passes its answers)."""
        if not history or not isinstance(history[-1], Answer):
            return None
        answers = [turn for turn in history if isinstance(turn, Answer)]
        # "what about the second one?" after "is the first one in Japanese?": the list both point into.
        while len(answers) > 1 and points(answers[-1].question):
            answers.pop()
        return shown_by(answers[-1], self.corpus.resources)

    def ask(self, question: str, history: History | None = None, mode: str | None = None) -> Answer:
        """A cited answer (or a plain decline, ``grounded=False``) in the question's language."""
        final: Answer | None = None
        for item in self.ask_stream(question, history, mode):
            if isinstance(item, Answer):
                final = item
        assert final is not None  # ask_stream always ends with an Answer
        return final

    def ask_stream(
        self, question: str, history: History | None = None, mode: str | None = None,
    ) -> Iterator[str | Answer]:
        """Text deltas as the answer is written, then the final ``Answer`` (validated, cited)."""
        text = clean_question(question)
        chosen: Mode = get_mode(mode)
        language = detect_language(text)
        asked, passages, verdict = self.judged_question(text, history, chosen.id)
        extractive = extractive_answer(
            text, passages, self.glossary, verdict, standalone=asked, mode=chosen.id, language=language,
            outline=self.outline, levels=self.rewriter.levels(asked),
        )
        if self.chat is None or not extractive.grounded:
            # Declines stay deterministic: the LLM is never asked to answer from passages that do not hold it.
            yield extractive.answer
            yield extractive
            return
        from advisor.answer.declines import partial_line
        from advisor.answer.generative import GenerativeAnswerer  # chat-model code only with an LLM

        base: dict[str, object] = {"language": language, "question": text, "standalone_question": asked,
                                   "mode": chosen.id, "coverage": extractive.coverage}
        # A partial answer says first, deterministically, what the guide does not give.
        lead = partial_line(verdict, language) if extractive.coverage == "partial" else ""
        answerer = GenerativeAnswerer(self.chat, self.answerer_label)
        yield from answerer.stream(asked, passages, language, lambda: extractive, base, lead=lead)

    @property
    def outline(self) -> GuideOutline:
        """The guide's structure in the snapshot served now (answer shapes are built from it)."""
        retriever = self.retriever
        if self._outline is None or self._outline[0] is not retriever:
            self._outline = (retriever, GuideOutline(retriever.chunks, retriever.passage, self.corpus.ladder,
                                                        retriever.similarities, retriever.vocabulary(),
                                                        self.rewriter.names_topic))
        return self._outline[1]

    def answer_passages(self, question: str, mode: str | None = None) -> list[Passage]:
        """The passages an answer to the standalone ``question`` draws on."""
        self.refresh_if_due()
        chosen = get_mode(mode)
        return self._ranked(question, chosen.k, chosen)[1]

    def judged_question(self, question: str, history: History | None = None,
                        mode: str | None = None) -> tuple[str, list[Passage], ScopeVerdict]:
        """What an answer is built from: the standalone question, its passages and the scope verdict."""
        rewrite = self._standalone(question, history)
        asked = rewrite.text
        passages, verdict = self.judged_passages(asked, mode)
        part = asking_part(asked) if not rewrite.follow_up else ""
        if not verdict.answerable and part and self.rewriter.mentions(part):
            # A story's own words (a former employer, 「ベンダーコントロール」) are no ask of the guide:
            # what the message asks, judged alone, may be one it answers.
            part_passages, part_verdict = self.judged_passages(part, mode)
            if part_verdict.answerable:
                return asked, part_passages, part_verdict
        if verdict.off_topic and asks_about_the_role(question, self.outline):
            # What the role is or does is the guide's own subject (its first chapter, its main duties),
            # whatever the scope model made of the wording (「正直なにしてる人なのか全然わからん」); asked by
            # the user, not by a rewrite that carried the role into "what does a patent attorney do all day?".
            return asked, passages, ScopeVerdict("full")
        if asked != question and verdict.answerable and rewrite.own_topic:
            # "what about the weather tomorrow?" after a FinOps question: the previous topic must not
            # carry words the guide never uses (or a task such as a poem) into an answer.
            own_passages, own = self.judged_passages(question, mode)
            # "the legal folks" names a function of the guide; "the weather tomorrow" names nothing in it.
            strays = own.off_terms and not self.rewriter.mentions(question)
            if not own.answerable and (own.task or strays):
                return question, own_passages, own
        return asked, passages, verdict

    def judged_passages(self, question: str, mode: str | None = None) -> tuple[list[Passage], ScopeVerdict]:
        """``answer_passages`` and the scope verdict over them (over what retrieval ranked: the scope
        model was fitted on those, before bank entries joined a question about interviews)."""
        self.refresh_if_due()
        chosen = get_mode(mode)
        ranked, shown = self._ranked(question, chosen.k, chosen)
        return shown, self.scope.judge(question, ranked)

    # -- résumé gap analysis ----------------------------------------------------------------
    def analyze_resume(
        self, file_or_bytes: bytes | str | Path | IO[bytes], target_level: str | None = None,
        name: str | None = None, job: bytes | str | Path | IO[bytes] | None = None, job_name: str | None = None,
    ) -> GapReport:
        """The gap report for a résumé (PDF, DOCX, TXT, Markdown), processed in memory only; with
        ``job`` (a posting's text, or a PDF, DOCX, TXT or HTML file) it adds the match to it.

        Raises:
            BadInput: a file cannot be read (empty, encrypted, damaged, image-only, too large), the
                posting holds no requirement, or ``target_level`` is not a ladder level.
        """
        return analyse_resume(file_or_bytes, self.corpus, self.retriever, self._skill_matcher(), target_level,
                              name, self.chat, job, job_name)

    def read_posting(self, job: bytes | str | Path | IO[bytes], name: str | None = None) -> Posting:
        """A job posting's requirements (verbatim, skills, required, years) and the level it implies.

        Raises:
            BadInput: the file cannot be read, or it holds no requirement.
        """
        return read_posting(job, self._skill_matcher(), self.corpus.ladder, name)

    # -- interview practice ---------------------------------------------------------------
    @property
    def coach(self) -> InterviewCoach:
        # One judge per corpus: it keeps the key points' vectors between answers.
        if self._coach is None or self._coach.corpus is not self.corpus:
            judge = AnswerJudge(self.embedder, self.glossary, self.corpus.questions)
            self._coach = InterviewCoach(self.corpus, self.retriever, judge)
        self._coach.retriever = self.retriever
        return self._coach

    def interview_questions(self, topic: str | None = None, level: str | None = None,
                            language: str = "ja") -> BankList:
        """Bank questions (id, question, key_points, topic, level, section), by topic and up to a level."""
        return self.coach.questions(topic, level, language)

    def interview_feedback(self, question: str, answer: str) -> Feedback:
        """Point-by-point feedback on ``answer`` to a bank question (its id or its text)."""
        return self.coach.feedback(question, answer)

    def model_answer(self, question: str, language: str | None = None) -> Answer:
        """A model answer outline from the question's key points, each cited to the guide (or the
        configured LLM's answer over the same passages, validated like any other answer)."""
        coach = self.coach
        q = coach.find(question)
        language = language or (detect_language(question) if question != q.id else "ja")
        if self.chat is None:
            return coach.outline(q.id, language)
        return self.ask(q.question_ja if language == "ja" else q.question_en, mode="interview")

    def _skill_matcher(self) -> SkillMatcher:
        with self._lock:
            if self._matcher is None:
                self._matcher = SkillMatcher(self.corpus.skills, self.embedder)
            return self._matcher

    def status(self) -> dict[str, Any]:
        """What the app's sidebar shows: embedder, index size, answerer, storage."""
        manifest = self.manifest
        return {
            "embedder": self.embedder.embedder_id,
            "dimension": self.embedder.dimension,
            "chunks": manifest.chunks if manifest else 0,
            "snapshot": manifest.snapshot if manifest else "",
            "answerer": self.answerer_label,
            "storage": self.settings.chroma_url or str(self.settings.index_dir),
        }


def index_ready(settings: Settings) -> bool:
    """Whether ``Advisor.open`` can start at once (False: run ``advisor ingest`` first).

    An embedded index is looked up in the data directory's manifest copy, without opening the
    store: an ingest in a child process is about to write it. A server's is read from the server.
    """
    if not settings.chroma_url:
        cached = idx.cached_manifest(settings)
        # A manifest without "pages" predates the published store: the ingest migrates it.
        return cached is not None and "pages" in cached
    try:
        return published.current_manifest(settings) is not None
    except (IndexMismatch, BackendUnavailable):
        return True  # open() will report it


def _scope_judge(retriever: HybridRetriever, embedder: AdvisorEmbeddings) -> ScopeJudge:
    return ScopeJudge(Vocabulary.of(retriever.vocabulary(), retriever.glossary), retriever.token_set,
                      retriever.glossary, embedder.embed_query, embedder.embedder_id)


def _open_retriever(
    settings: Settings, embedder: AdvisorEmbeddings, glossary: Glossary | None = None,
) -> tuple[HybridRetriever, idx.Manifest]:
    """The retriever over the snapshot the store publishes (cached locally on first open)."""
    client = idx.chroma_client(settings)
    manifest = published.read_manifest(client)
    if manifest is None:
        where = settings.chroma_url or str(settings.data_dir)
        raise IndexMismatch(f"no index is published in {where}; build it with: advisor ingest",
                            f"{where} にインデックスがありません。作成してください: advisor ingest")
    manifest.check(embedder)
    collection = idx.query_collection(settings, client)
    down = idx.chroma_down(settings) if settings.chroma_url else None
    try:
        snapshot = published.cached_snapshot(settings, client, collection, manifest)
    except IndexMismatch:
        raise
    except Exception as exc:  # the server went away between two reads
        if down is not None:
            raise down from exc
        raise
    idx.cache_manifest(settings, manifest)
    glossary = glossary or Glossary.from_corpus(load_corpus(settings.corpus_dir))
    return HybridRetriever.load(snapshot, collection, embedder, glossary, on_error=down), manifest
