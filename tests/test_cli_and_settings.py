"""The command line and the settings: subcommands, JSON output, one-line errors, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from advisor.errors import BadInput
from advisor.settings import Settings

ADVISOR = str(Path(sys.executable).with_name("advisor"))


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("ADVISOR_")} | (env or {})
    return subprocess.run([ADVISOR, *args], capture_output=True, text=True, env=full_env, timeout=300)


def test_help_lists_the_subcommands() -> None:
    result = _run("--help")
    assert result.returncode == 0
    for command in ("ingest", "retrieve", "ask", "app"):
        assert command in result.stdout


def test_ask_prints_json_with_the_contract_fields(shared_data_dir: Path, advisor: object) -> None:
    result = _run("ask", "シニアTPMの役割は?", "--json", "--data-dir", str(shared_data_dir))
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert {"answer", "citations", "grounded", "language"} <= set(answer)
    assert answer["grounded"] and answer["language"] == "ja"
    assert {"n", "id", "source", "section", "text"} <= set(answer["citations"][0])


def test_retrieve_prints_passages(shared_data_dir: Path, advisor: object) -> None:
    result = _run("retrieve", "How do TPMs work with finance?", "-k", "3", "--json", "--data-dir", str(shared_data_dir))
    assert result.returncode == 0, result.stderr
    passages = json.loads(result.stdout)["passages"]
    assert len(passages) == 3 and all({"id", "text", "source", "section", "score"} <= set(p) for p in passages)


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (["ask", "   "], {}, "the question is empty"),
        (["ask", "x", "--mode", "poetry"], {}, "unknown mode 'poetry'"),
        (["ask", "x"], {"ADVISOR_LLM": "gpt"}, "invalid setting ADVISOR_LLM"),
        (["ask", "x"], {"ADVISOR_EMBEDDER": "word2vec"}, "unknown embedder 'word2vec'"),
        (["ingest", "--add-docs", "/no/such/folder"], {}, "not a folder"),
    ],
)
def test_bad_input_is_one_line_and_exit_code_2(
    args: list[str], env: dict[str, str], message: str, shared_data_dir: Path, advisor: object,
) -> None:
    result = _run(*args, "--data-dir", str(shared_data_dir), env=env)
    assert result.returncode == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_errors_follow_the_users_language(shared_data_dir: Path, advisor: object) -> None:
    result = _run("ask", "   ", "--data-dir", str(shared_data_dir), env={"LANG": "ja_JP.UTF-8"})
    assert result.returncode == 2 and "質問が空です" in result.stderr


def test_settings_read_environment_and_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    file = tmp_path / "advisor.toml"
    file.write_text('llm = "ollama"\nllm_model = "qwen3"\nembedder = "hf"\n', encoding="utf-8")
    monkeypatch.setenv("ADVISOR_SETTINGS_FILE", str(file))
    monkeypatch.setenv("ADVISOR_EMBEDDER", "use")  # the environment wins over the file
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(tmp_path / "d"))
    settings = Settings.from_env()
    assert (settings.llm, settings.llm_model, settings.embedder) == ("ollama", "qwen3", "use")
    assert settings.index_dir == tmp_path / "d" / "index"


def test_missing_settings_file_is_bad_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADVISOR_SETTINGS_FILE", "/no/such/file.toml")
    with pytest.raises(BadInput, match="settings file not found"):
        Settings.from_env()
