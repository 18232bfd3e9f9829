"""Shared fixtures: real corpus, real packaged embedder, real Chroma, in temporary data directories."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from advisor.facade import Advisor
from advisor.settings import PROJECT_ROOT, Settings
from ingest.pipeline import ensure_index

CORPUS = PROJECT_ROOT / "corpus"


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads the developer's own ADVISOR_* settings."""
    for name in list(os.environ):
        if name.startswith("ADVISOR_"):
            monkeypatch.delenv(name)


@pytest.fixture(scope="session")
def shared_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("shared-index")


@pytest.fixture(scope="session")
def advisor(shared_data_dir: Path) -> Advisor:
    """One advisor over the real corpus, ingested once per test session (read-only use)."""
    settings = Settings(data_dir=shared_data_dir)
    ensure_index(settings)
    return Advisor.open(settings=settings)


@pytest.fixture
def index_copy(shared_data_dir: Path, advisor: Advisor, tmp_path: Path) -> Settings:
    """Settings over a private copy of the shared, ingested index, for a test that writes to it
    (adding documents re-embeds only those, not the whole corpus)."""
    target = tmp_path / "data"
    shutil.copytree(shared_data_dir, target)
    return Settings(data_dir=target)


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A private copy of the corpus that a test may edit."""
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target


@pytest.fixture
def make_settings(tmp_path: Path) -> Callable[..., Settings]:
    def make(**overrides: object) -> Settings:
        values: dict[str, object] = {"data_dir": tmp_path / "data"}
        values.update(overrides)
        return Settings(**values)  # type: ignore[arg-type]

    return make
