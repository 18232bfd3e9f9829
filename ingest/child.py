"""The first-run ingest as a child process of the app: ``ingest_in_child`` (the parent side, handed
to ``advisor.startup`` as its ``prepare``) and ``python -m ingest.child`` (the child).

Ten seconds of chunking and embedding on a thread of the web server's process would hold the
interpreter lock the server needs to send pages; in a child process (at a lower priority) they
do not. Settings go to the child as JSON on stdin; progress and the outcome come back as one JSON
message a line on stdout: ``["progress", stage, done, total]``, then ``["done"]``,
``["error", en, ja]`` or ``["failed", reason]``.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from typing import Any

from advisor.errors import AdvisorError
from advisor.settings import PROJECT_ROOT, Settings

# Replicas starting together on an empty shared server: one ingests, the others wait for its
# lease and then find the index published.
FIRST_RUN_WAIT_SECONDS = 600.0


def ingest_in_child(settings: Settings, progress: Callable[[str, int, int], None]) -> None:
    """The first-run ingest in a process of its own, its progress relayed here.

    Raises:
        AdvisorError: what the ingest raised, with both of its messages.
    """
    values = settings.model_dump(mode="json") | {"llm_api_key": settings.llm_api_key.get_secret_value()}
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
    code = child.wait()
    if outcome[0] == "error":
        raise AdvisorError(outcome[1], outcome[2])
    if outcome[0] != "done":
        raise RuntimeError(f"{outcome[1]} (exit code {code})")


def say(*message: Any) -> None:
    sys.stdout.write(json.dumps(message, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def main() -> None:
    with contextlib.suppress(OSError):
        os.nice(10)  # the web server's pages first; the ingest takes what is left
    try:
        from ingest.pipeline import run

        settings = Settings(**json.loads(sys.stdin.read()))
        run(settings, progress=lambda stage, done, total: say("progress", stage, done, total),
            wait=FIRST_RUN_WAIT_SECONDS, only_if_missing=True)
        say("done")
    except AdvisorError as exc:
        say("error", exc.message("en"), exc.message("ja"))
    except Exception as exc:
        say("failed", str(exc).splitlines()[0] if str(exc) else type(exc).__name__)


if __name__ == "__main__":
    main()
