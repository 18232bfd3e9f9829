"""Opening the advisor in the background, so a user interface can show progress meanwhile.

The app shows its title and a progress bar with the current stage at once, while this thread
prepares the index when none is published (the caller's ``prepare``: the app hands in the
ingest, which the library itself never imports), loads the embedder and opens the index.
``shared`` keeps one per index and process: ``advisor app`` starts it before the web server
(``advisor.serve``), so the first visitor usually finds the advisor ready. No UI code here: the
app polls ``stage``/``fraction`` and renders them in the user's language.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from advisor.errors import AdvisorError

if TYPE_CHECKING:
    from advisor.facade import Advisor
    from advisor.settings import Settings

# The stages a user may see, in order (the app has a label for each).
STAGES = ("start", "load", "embed", "snapshot", "model", "index", "ready")
Progress = Callable[[str, int, int], None]
Prepare = Callable[["Settings", Progress], None]  # builds the index when none is published
_SHARED: dict[str, Startup] = {}
_SHARED_LOCK = threading.Lock()


def index_key(settings: Settings) -> str:
    """What makes two advisors different: any setting (the index, the embedder, the answerer, the
    admin and LLM-host policy); the API key is masked, as everywhere."""
    return settings.model_dump_json()


def shared(settings: Settings, prepare: Prepare | None = None) -> Startup:
    """The process's one startup for these settings, begun on first call; a failed one starts over."""
    key = index_key(settings)
    with _SHARED_LOCK:
        startup = _SHARED.get(key)
        if startup is None or startup.failed:
            startup = _SHARED[key] = Startup.begin(settings, prepare)
        return startup


class Startup:
    """``Advisor.open`` on a thread of its own, with the stage it is in."""

    def __init__(self, settings: Settings, prepare: Prepare | None = None) -> None:
        self.settings = settings
        self._prepare = prepare
        self.stage = "start"
        self.fraction = 0.0
        self._advisor: Advisor | None = None
        self._error: BaseException | None = None
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, name="advisor-startup", daemon=True)

    @classmethod
    def begin(cls, settings: Settings, prepare: Prepare | None = None) -> Startup:
        startup = cls(settings, prepare)
        startup._thread.start()
        return startup

    def _progress(self, stage: str, done: int, total: int) -> None:
        self.stage, self.fraction = stage, min(done / max(total, 1), 1.0)

    def _run(self) -> None:
        from advisor.facade import Advisor, index_ready

        try:
            if self._prepare is not None and not index_ready(self.settings):
                self._prepare(self.settings, self._progress)
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
