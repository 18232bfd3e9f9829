"""The shared-index configuration: a real Chroma server on 127.0.0.1, and a clear error when it is down."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from servers import chroma_server, free_port

from advisor.errors import BackendUnavailable
from advisor.facade import Advisor
from advisor.retrieval import vectors
from advisor.settings import Settings
from ingest.pipeline import run


def test_ingest_and_answer_through_a_chroma_server(make_settings: Callable[..., Settings], tmp_path: Path) -> None:
    port = free_port()
    with chroma_server(tmp_path / "chroma", port) as url:
        settings = make_settings(chroma_url=url)
        report = run(settings)
        assert report.embedded == report.chunks
        assert run(settings).embedded == 0
        advisor = Advisor.open(settings=settings)
        answer = advisor.ask("シニアTPMの主な役割は?")
        assert answer.grounded and answer.citations
    # The server is gone mid-session: a corpus-sized snapshot holds its vectors in memory, so
    # answers keep coming; opening the index again says plainly that the server is down.
    assert advisor.ask("シニアTPMの主な役割は?").citations == answer.citations
    with pytest.raises(BackendUnavailable) as caught:
        advisor.reload()
    assert url in caught.value.message("en") and "Chroma" in caught.value.message("ja")


def test_a_large_index_queries_the_server_and_reports_it_down(
    make_settings: Callable[..., Settings], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(vectors, "IN_MEMORY_MAX", 0)  # every snapshot "too large" to hold: Chroma's own index
    port = free_port()
    with chroma_server(tmp_path / "chroma", port) as url:
        settings = make_settings(chroma_url=url)
        run(settings)
        advisor = Advisor.open(settings=settings)
        assert advisor.ask("シニアTPMの主な役割は?").grounded
    # The server is gone mid-session: one clear error, no traceback-worthy exception type.
    with pytest.raises(BackendUnavailable) as caught:
        advisor.ask("シニアTPMの主な役割は?")
    assert url in caught.value.message("en") and "Chroma" in caught.value.message("ja")
    # ...and it recovers when the server is back on the same address.
    with chroma_server(tmp_path / "chroma", port):
        assert advisor.ask("シニアTPMの主な役割は?").grounded


def test_a_server_that_is_down_at_start_is_reported(make_settings: Callable[..., Settings]) -> None:
    settings = make_settings(chroma_url=f"http://127.0.0.1:{free_port()}")
    with pytest.raises(BackendUnavailable, match="not reachable"):
        Advisor.open(settings=settings)
