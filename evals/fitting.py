"""What every fitter starts with: its command line (``--write``) and an advisor over a ready index."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from advisor import Advisor
from advisor.settings import Settings
from ingest.pipeline import ensure_index


def fitter_setup(doc: str, model_path: Path, argv: Sequence[str] | None) -> tuple[argparse.Namespace, Advisor]:
    """Parse ``--write`` (save the model to ``model_path``) and open the advisor, ingesting if needed."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"save the fitted model to {model_path}")
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    ensure_index(settings)
    return args, Advisor.open(settings=settings)
