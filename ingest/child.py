"""``python -m ingest.child``: the ingest as a child process of the app (``advisor.startup``).

Settings arrive as JSON on stdin; progress and the outcome leave as one JSON message a line on
stdout: ``["progress", stage, done, total]``, then ``["done"]``, ``["error", en, ja]`` or
``["failed", reason]``.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from typing import Any

from advisor.errors import AdvisorError
from advisor.settings import Settings
from ingest.pipeline import run


def say(*message: Any) -> None:
    sys.stdout.write(json.dumps(message, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def main() -> None:
    with contextlib.suppress(OSError):
        os.nice(10)  # the web server's pages first; the ingest takes what is left
    try:
        settings = Settings(**json.loads(sys.stdin.read()))
        run(settings, progress=lambda stage, done, total: say("progress", stage, done, total))
        say("done")
    except AdvisorError as exc:
        say("error", exc.message("en"), exc.message("ja"))
    except Exception as exc:
        say("failed", str(exc).splitlines()[0] if str(exc) else type(exc).__name__)


if __name__ == "__main__":
    main()
