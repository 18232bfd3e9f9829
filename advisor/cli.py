"""The ``advisor`` command line: parse, call the library, render. No logic of its own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import traceback
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from advisor.errors import AdvisorError
from advisor.settings import PROJECT_ROOT, Settings

app = typer.Typer(
    help="TPM Career Advisor: grounded, cited answers about the Technical Program Manager career.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
F = TypeVar("F", bound=Callable[..., Any])
JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]
DataDir = Annotated[Path | None, typer.Option("--data-dir", help="Data directory (default: ADVISOR_DATA_DIR).")]


def _user_language() -> str:
    lang = os.environ.get("LANG", "") + os.environ.get("LC_ALL", "")
    return "ja" if "ja" in lang.lower() else "en"


def handle_errors(func: F) -> F:
    """One place that turns library errors into one line and an exit code (2 bad input, 1 internal)."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except typer.Exit:
            raise
        except AdvisorError as exc:
            if os.environ.get("ADVISOR_DEBUG"):
                traceback.print_exc()
            typer.echo(f"error: {exc.message(_user_language())}", err=True)
            raise typer.Exit(2) from None
        except KeyboardInterrupt:
            typer.echo("interrupted", err=True)
            raise typer.Exit(130) from None
        except Exception as exc:  # the one catch-all: no traceback reaches the user
            if os.environ.get("ADVISOR_DEBUG"):
                traceback.print_exc()
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            typer.echo(f"internal error: {reason} (set ADVISOR_DEBUG=1 for details)", err=True)
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


def render(result: Any, as_json: bool) -> None:
    """Print a result as JSON (its ``to_dict()``) or as readable text (its ``to_text()``)."""
    if as_json:
        payload = result.to_dict() if hasattr(result, "to_dict") else result
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        typer.echo(result.to_text() if hasattr(result, "to_text") else str(result))


def settings_from(data_dir: Path | None) -> Settings:
    return Settings.from_env(data_dir=data_dir)


def open_advisor(data_dir: Path | None) -> Any:
    """The advisor over the published index, ingesting the corpus first when there is none."""
    from advisor.facade import Advisor  # heavy imports only for commands that need them
    from ingest.pipeline import ensure_index

    settings = settings_from(data_dir)
    with _progress_bar(enabled=sys.stderr.isatty()) as progress:
        ensure_index(settings, progress)
    return Advisor.open(settings=settings)


@app.command("ingest")
@handle_errors
def ingest_command(
    data_dir: DataDir = None,
    add_docs: Annotated[
        Path | None, typer.Option("--add-docs", help="A folder of your own documents (md, txt, pdf, docx, html).")
    ] = None,
    remove_docs: Annotated[
        Path | None, typer.Option("--remove-docs", help="A registered folder whose documents leave the index.")
    ] = None,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Drop the index and build it again.")] = False,
    wait: Annotated[float, typer.Option("--wait", help="Seconds to wait while another ingest writes.")] = 0.0,
    as_json: JsonFlag = False,
) -> None:
    """Load, chunk, embed and index the corpus (incremental: unchanged chunks are not re-embedded).

    On a shared Chroma server one ingest writes at a time; folders another writer added keep
    their documents unless --remove-docs or --rebuild says otherwise.
    """
    from ingest.pipeline import run

    settings = settings_from(data_dir)
    if add_docs is not None and not add_docs.is_dir():
        from advisor.errors import BadInput

        raise BadInput(f"not a folder: {add_docs}", f"フォルダーではありません: {add_docs}")
    with _progress_bar(enabled=not as_json) as progress:
        report = run(settings, add_docs=add_docs, rebuild=rebuild, progress=progress, remove_docs=remove_docs,
                     wait=wait)
    render(report, as_json)


@app.command("retrieve")
@handle_errors
def retrieve_command(
    question: Annotated[str, typer.Argument(help="The question, in Japanese or English.")],
    k: Annotated[int, typer.Option("-k", help="How many passages.")] = 5,
    mode: Annotated[str | None, typer.Option(help="general, career, skills or interview.")] = None,
    data_dir: DataDir = None,
    as_json: JsonFlag = False,
) -> None:
    """Show the passages the advisor would answer from, with their scores."""
    render(open_advisor(data_dir).retrieve(question, k=k, mode=mode), as_json)


@app.command("ask")
@handle_errors
def ask_command(
    question: Annotated[str, typer.Argument(help="The question, in Japanese or English.")],
    mode: Annotated[str | None, typer.Option(help="general, career, skills or interview.")] = None,
    data_dir: DataDir = None,
    as_json: JsonFlag = False,
) -> None:
    """Answer a question with [n] citations to the passages used (extractive, or the configured LLM)."""
    render(open_advisor(data_dir).ask(question, mode=mode), as_json)


@app.command("gap")
@handle_errors
def gap_command(
    file: Annotated[Path, typer.Argument(help="The résumé: PDF, DOCX, TXT or Markdown.")],
    target: Annotated[str | None, typer.Option("--target", help="Target level (default: the next one up).")] = None,
    markdown: Annotated[Path | None, typer.Option("--markdown", help="Also write the report as Markdown.")] = None,
    job: Annotated[str | None, typer.Option(
        "--job", help="A job posting to match: a PDF, DOCX, TXT or HTML file, or its text (- reads stdin).")] = None,
    data_dir: DataDir = None,
    as_json: JsonFlag = False,
) -> None:
    """Analyse a résumé against the TPM ladder (and a job posting): skills with evidence, level, plan, questions."""
    posting = sys.stdin.read() if job == "-" else (Path(job) if job and Path(job).is_file() else job)
    report = open_advisor(data_dir).analyze_resume(file, target_level=target, job=posting)
    if markdown is not None:
        markdown.write_text(report.to_markdown(), encoding="utf-8")
    render(report, as_json)


interview_app = typer.Typer(help="Interview practice: the question bank and feedback on your answers.",
                            no_args_is_help=True)
app.add_typer(interview_app, name="interview")


@interview_app.command("list")
@handle_errors
def interview_list(
    topic: Annotated[str | None, typer.Option(help="A skill id or words, e.g. cloud or リスク.")] = None,
    level: Annotated[str | None, typer.Option(help="Up to this ladder level.")] = None,
    language: Annotated[str, typer.Option(help="ja or en.")] = "ja",
    data_dir: DataDir = None,
    as_json: JsonFlag = False,
) -> None:
    """List bank questions (id, question, key points, topic, level, section)."""
    render(open_advisor(data_dir).interview_questions(topic=topic, level=level, language=language), as_json)


@interview_app.command("feedback")
@handle_errors
def interview_feedback(
    question: Annotated[str, typer.Argument(help="A bank question id, or the question's text.")],
    answer: Annotated[str, typer.Option("--answer", help="Your answer (use - to read it from stdin).")],
    data_dir: DataDir = None,
    as_json: JsonFlag = False,
) -> None:
    """Score your answer point by point: covered (with your sentence), missed (with the guide), a tip."""
    text = sys.stdin.read() if answer == "-" else answer
    render(open_advisor(data_dir).interview_feedback(question, text), as_json)


@interview_app.command("answer")
@handle_errors
def interview_answer(
    question: Annotated[str, typer.Argument(help="A bank question id, or the question's text.")],
    language: Annotated[str, typer.Option(help="ja or en.")] = "ja",
    data_dir: DataDir = None,
    as_json: JsonFlag = False,
) -> None:
    """A model answer outline from the question's key points, cited to the guide."""
    render(open_advisor(data_dir).model_answer(question, language=language), as_json)


@interview_app.command("practice")
@handle_errors
def interview_practice(
    topic: Annotated[str | None, typer.Option(help="A skill id or words.")] = None,
    count: Annotated[int, typer.Option(help="How many questions.")] = 3,
    language: Annotated[str, typer.Option(help="ja or en.")] = "ja",
    data_dir: DataDir = None,
) -> None:
    """A practice session: random questions, your answers (end each with an empty line), a summary."""
    import random

    from advisor.interview import PracticeSession

    advisor = open_advisor(data_dir)
    bank = advisor.interview_questions(topic=topic, language=language)
    session = PracticeSession()
    for item in random.sample(list(bank), min(count, len(bank))):
        typer.echo(f"\nQ: {item.question}")
        lines = []
        while (line := sys.stdin.readline()) and line.strip():
            lines.append(line)
        if not lines:
            break
        feedback = advisor.interview_feedback(item.id, "".join(lines))
        session.add(feedback)
        typer.echo(feedback.to_text())
    typer.echo("\nsession summary:\n" + json.dumps(session.summary(), ensure_ascii=False, indent=2))


@app.command("eval")
@handle_errors
def eval_command(
    data_dir: DataDir = None,
    check: Annotated[bool, typer.Option("--check", help="Exit 1 below a threshold (evals/thresholds.toml).")] = False,
    report: Annotated[Path | None, typer.Option("--report", help="Write the Markdown report here.")] = None,
    record: Annotated[bool, typer.Option("--record/--no-record", help="Append this run to the history.")] = True,
    as_json: JsonFlag = False,
) -> None:
    """Run the eval suite: retrieval, answers, declines, follow-ups; per language and section."""
    from evals import report as reporting
    from evals.runner import run_suite

    result = run_suite(open_advisor(data_dir), PROJECT_ROOT)
    history = reporting.record(result, PROJECT_ROOT) if record else [*reporting.read_history(), {
        "metrics": result.metrics}]
    target = report or reporting.RESULTS / "reports" / "latest.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(reporting.markdown(result, history), encoding="utf-8")
    render(result, as_json)
    if not as_json:
        typer.echo(f"report: {target}")
    if check and result.regressions:
        raise typer.Exit(1)


@app.command("bench")
@handle_errors
def bench_command(
    scale: Annotated[list[int] | None, typer.Option("--scale", help="Also N synthetic chunks (repeatable).")] = None,
    naive: Annotated[bool, typer.Option("--naive/--no-naive", help="Compare with a plain LangChain pipeline.")] = True,
    runs: Annotated[int, typer.Option("--runs", min=1, help="Fresh processes per cold-start figure.")] = 3,
    compare: Annotated[Path | None, typer.Option(
        "--compare", help="Another checkout of this project: cold starts before → after, in the same run.")] = None,
    browser: Annotated[bool, typer.Option("--browser/--no-browser", help="The app's first visit in Chromium.")] = True,
    replicas: Annotated[int, typer.Option(
        "--replicas", help="Replica open time on a Chroma server: the corpus plus N synthetic chunks (-1: skip).",
    )] = 10_000,
    as_json: JsonFlag = False,
) -> None:
    """Benchmark latency, ingest, memory and cold start; side by side with a naive pipeline."""
    from evals.bench import run_bench

    if compare is not None and not (compare / "advisor" / "cli.py").is_file():
        from advisor.errors import BadInput

        raise BadInput(f"not a checkout of this project: {compare}",
                       f"このプロジェクトのチェックアウトではありません: {compare}")
    render(run_bench(Settings.from_env(), tuple(scale or ()), naive=naive, runs=runs, compare=compare,
                     browser=browser, replica_chunks=None if replicas < 0 else (replicas,) if replicas else ()),
           as_json)


class _progress_bar:
    """A tqdm bar on stderr for ingest, fed by the pipeline's (stage, done, total) callback."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bar: Any = None

    def __enter__(self) -> Any:
        return self.update if self.enabled else None

    def update(self, stage: str, done: int, total: int) -> None:
        from tqdm import tqdm

        if self.bar is None or self.bar.desc != stage:  # one bar per stage (load, embed, snapshot)
            if self.bar is not None:
                self.bar.close()
            self.bar = tqdm(total=total, desc=stage, unit="chunk" if stage == "embed" else "step",
                            file=sys.stderr, leave=False)
        self.bar.n = done
        self.bar.refresh()

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.close()


@app.command("app")
@handle_errors
def app_command(
    port: Annotated[int, typer.Option(help="Port to serve on.")] = 8501,
    address: Annotated[str, typer.Option(help="Address to bind.")] = "127.0.0.1",
) -> None:
    """Start the Streamlit app (it ingests the corpus on its first run)."""
    Settings.from_env()  # fail early, in one line, on a bad setting
    command = [
        sys.executable, "-m", "advisor.serve",
        "--server.port", str(port), "--server.address", address,
        "--browser.gatherUsageStats", "false", "--client.toolbarMode", "viewer",
    ]
    raise typer.Exit(subprocess.call(command, cwd=PROJECT_ROOT))


def main() -> None:
    app()
