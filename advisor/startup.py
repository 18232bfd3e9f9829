"""Opening the advisor in the background, so a user interface can show progress meanwhile.

The app shows its title and a progress bar with the current stage at once, while this thread
ingests the corpus (first run only), loads the embedder and opens the index. ``shared`` keeps one
per index and process: ``advisor app`` starts it before the web server (``advisor.serve``), so
the first visitor usually finds the advisor ready. No UI code here: the app polls
``stage``/``fraction`` and renders them in the user's language.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from advisor.errors import AdvisorError
from advisor.settings import PROJECT_ROOT

if TYPE_CHECKING:
    from advisor.facade import Advisor
    from advisor.settings import Settings

# The stages a user may see, in order (the app has a label for each).
STAGES = ("start", "load", "embed", "snapshot", "model", "index", "ready")
_SHARED: dict[str, Startup] = {}
_SHARED_LOCK = threading.Lock()


def index_key(settings: Settings) -> str:
    """What makes two advisors different: the index, the embedder and the answerer."""
    return "|".join(str(v) for v in (settings.data_dir, settings.chroma_url, settings.embedder,
                                      settings.embedder_model, settings.llm, settings.llm_url, settings.llm_model))


def shared(settings: Settings) -> Startup:
    """The process's one startup for these settings, begun on first call; a failed one starts over."""
    key = index_key(settings)
    with _SHARED_LOCK:
        startup = _SHARED.get(key)
        if startup is None or startup.failed:
            startup = _SHARED[key] = Startup.begin(settings)
        return startup


class Startup:
    """``Advisor.open`` on a thread of its own, with the stage it is in."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.stage = "start"
        self.fraction = 0.0
        self._advisor: Advisor | None = None
        self._error: BaseException | None = None
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, name="advisor-startup", daemon=True)

    @classmethod
    def begin(cls, settings: Settings) -> Startup:
        startup = cls(settings)
        startup._thread.start()
        return startup

    def _progress(self, stage: str, done: int, total: int) -> None:
        self.stage, self.fraction = stage, min(done / max(total, 1), 1.0)

    def _run(self) -> None:
        from advisor.facade import Advisor, index_ready

        try:
            if not index_ready(self.settings):
                ingest_in_child(self.settings, self._progress)
            self._advisor = Advisor.open(settings=self.settings, progress=self._progress)
            self._progress("ready", 1, 1)
        except BaseException as exc:  # handed to the caller of result(), in its thread
            self._error = exc
        finally:
            self._done.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Whether the advisor is ready (or failed) within ``timeout`` seconds."""
        return self._done.wait(timeout)

    @property
    def failed(self) -> bool:
        return self._done.is_set() and self._error is not None

    def result(self) -> Advisor:
        """The open advisor, waiting for it if need be.

        Raises:
            AdvisorError: what ``Advisor.open`` raised (a bad setting, a server that is down, …).
        """
        self._done.wait()
        if self._error is not None:
            if isinstance(self._error, AdvisorError):
                raise self._error
            raise RuntimeError(str(self._error) or type(self._error).__name__) from self._error
        assert self._advisor is not None
        return self._advisor


def ingest_in_child(settings: Settings, progress: Callable[[str, int, int], None]) -> None:
    """The first-run ingest in a process of its own, its progress relayed here.

    Ten seconds of chunking and embedding on a thread of the web server's process would hold the
    interpreter lock the server needs to send pages; in a child process (at a lower priority) they
    do not.

    Raises:
        AdvisorError: what the ingest raised, with both of its messages.
    """
    values = settings.model_dump(mode="json") | {"llm_api_key": settings.llm_api_key.get_secret_value()}
    # ``ingest.child`` by name, not by import: the library does not depend on its ingest.
    child = subprocess.Popen([sys.executable, "-m", "ingest.child"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True, encoding="utf-8", cwd=PROJECT_ROOT)
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write(json.dumps(values))
    child.stdin.close()
    outcome: list[Any] = ["failed", "the ingest stopped"]
    for line in child.stdout:
        message = json.loads(line)
        if message[0] == "progress":
            progress(*message[1:])
        else:
            outcome = message
    code_ = child.wait()
    if outcome[0] == "error":
        raise AdvisorError(outcome[1], outcome[2])
    if outcome[0] != "done":
        raise RuntimeError(f"{outcome[1]} (exit code {code_})")
