"""``python -m advisor.serve [streamlit options]``: the Streamlit app, with the advisor opening at once.

Streamlit runs ``app.py`` only when a visitor connects; started this way, the advisor begins to
open (ingesting on first run, through ``ingest.child``) while the web server itself starts, in the same process, so the
first visitor usually finds it ready. ``advisor app`` runs this.
"""

from __future__ import annotations

import contextlib
import importlib
import sys

from advisor import startup
from advisor.settings import PROJECT_ROOT, Settings
from ingest.child import ingest_in_child  # the entry points run the ingest; the library never does

# What app.py imports before its first element: loaded before the server listens, not on a visit.
PAGE_MODULES = ("streamlit", "advisor.corpus", "advisor.markdown", "advisor.types", "advisor.ui_text")


def main(argv: list[str]) -> int:
    for module in PAGE_MODULES:
        importlib.import_module(module)
    with contextlib.suppress(Exception):  # a bad setting: the app shows it, in the visitor's language
        startup.shared(Settings.from_env(), prepare=ingest_in_child)
    from streamlit.web import cli as streamlit_cli

    sys.argv = ["streamlit", "run", str(PROJECT_ROOT / "app.py"), *argv]
    return int(streamlit_cli.main() or 0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
