"""Many replicas, one shared index: advisor processes with their own empty data directories on one
real ``chroma run`` server, writing one at a time and answering alike."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from servers import chroma_server

from advisor.retrieval import published
from advisor.settings import Settings

ADVISOR = str(Path(sys.executable).with_name("advisor"))
QUESTION = "ゼブラ計画のリリース判定会議はいつ?"
# One replica's load: ``sessions`` threads, each asking every question, answers as JSON.
LOAD = """
import json, sys
from concurrent.futures import ThreadPoolExecutor
from advisor.facade import Advisor
from evals.datasets import load_questions

sessions = int(sys.argv[1])
questions = [q.question for q in load_questions()][:20]
advisor = Advisor.open()
def session(n):
    out, errors = {}, 0
    for q in questions[n % 20:] + questions[:n % 20]:
        try:
            a = advisor.ask(q)
            out[q] = [a.answer, [c.id for c in a.citations]]
        except Exception as exc:
            errors += 1
            print(repr(exc), file=sys.stderr)
    return out, errors
with ThreadPoolExecutor(sessions) as pool:
    results = list(pool.map(session, range(sessions)))
print(json.dumps({"answers": [r[0] for r in results], "errors": sum(r[1] for r in results)}, ensure_ascii=False))
"""


def _env(url: str, data: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADVISOR_")}
    return env | {"ADVISOR_CHROMA_URL": url, "ADVISOR_DATA_DIR": str(data), "HF_HUB_OFFLINE": "1", **extra}


def _cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([ADVISOR, *args], env=env, capture_output=True, text=True, timeout=600)


def _json(result: subprocess.CompletedProcess[str]) -> dict:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _documents(folder: Path, count: int, words: str) -> Path:
    folder.mkdir()
    for n in range(count):
        paragraphs = [f"{words} {n}-{p}: 移行計画の段階{p}では依存関係を確認し、リスク登録簿を更新する。"
                      for p in range(12)]
        (folder / f"doc{n:03}.md").write_text(f"# 資料{n}\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return folder


def _lease_pid(url: str) -> int | None:
    import chromadb

    host, port = url.removeprefix("http://").split(":")
    control = published.control_collection(chromadb.HttpClient(host=host, port=int(port)))
    if control is None:
        return None
    stored = control.get(ids=["lease"], include=["metadatas"])
    return int(stored["metadatas"][0]["pid"]) if stored["ids"] else None


def _until_leased(url: str, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 120
    while _lease_pid(url) != process.pid:
        assert process.poll() is None and time.monotonic() < deadline, "the ingest never took the lease"
        time.sleep(0.1)


def test_replicas_with_empty_data_directories_share_one_index(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    onboarding = "# 社内オンボーディング\n\nゼブラ計画ではリリース判定会議を毎週木曜に行います。\n"
    (docs / "onboarding.md").write_text(onboarding, encoding="utf-8")
    a, b, c = (tmp_path / name for name in "abc")
    with chroma_server(tmp_path / "chroma") as url:
        added = _json(_cli(_env(url, a), "ingest", "--add-docs", str(docs), "--json"))
        assert added["embedded"] == added["chunks"] and added["documents"] == 4
        manifest = published.current_manifest(Settings(chroma_url=url, data_dir=a))
        assert manifest is not None and manifest.writer.endswith(str(a))
        # B and C open the shared index without ingesting: no store of their own, the writer unchanged.
        for replica in (b, c):
            top = _json(_cli(_env(url, replica), "retrieve", QUESTION, "-k", "3", "--json"))
            assert "ゼブラ計画" in top["passages"][0]["text"]
            assert not (replica / "index" / "chroma").exists()
        assert published.current_manifest(Settings(chroma_url=url, data_dir=b)).writer == manifest.writer
        # A plain ingest from B keeps the folder A added (it used to delete it: "removed: 1").
        plain = _json(_cli(_env(url, b), "ingest", "--json"))
        assert (plain["removed"], plain["embedded"], plain["chunks"]) == (0, 0, added["chunks"])
        top = _json(_cli(_env(url, c), "retrieve", QUESTION, "-k", "3", "--json"))
        assert "ゼブラ計画" in top["passages"][0]["text"]
        registry = published.current_manifest(Settings(chroma_url=url, data_dir=c)).folders
        assert [(f["path"], f["owner"]) for f in registry] == [(str(docs.resolve()), manifest.writer)]

        # A killed writer on this host frees the lease at once.
        big = _documents(tmp_path / "big", 40, "カワウソ計画")
        killed = subprocess.Popen([ADVISOR, "ingest", "--add-docs", str(big)], env=_env(url, c),
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True)
        _until_leased(url, killed)
        killed.kill()
        killed.wait()
        started = time.monotonic()
        after_kill = _json(_cli(_env(url, b), "ingest", "--json"))
        assert after_kill["chunks"] == added["chunks"]  # what the killed run may have added is not published
        assert time.monotonic() - started < 60

        # A hung writer (another host's, or a stopped one) holds it until the lease expires.
        hung = subprocess.Popen([ADVISOR, "ingest", "--add-docs", str(big)], env=_env(url, c,
                                ADVISOR_INGEST_LEASE_SECONDS="4"), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)
        _until_leased(url, hung)
        hung.send_signal(signal.SIGSTOP)
        try:
            busy = _cli(_env(url, b), "ingest")
            errors = [line for line in busy.stderr.splitlines() if line.startswith("error:")]
            assert busy.returncode == 2 and len(errors) == 1 and "Traceback" not in busy.stderr
            assert "another ingest is writing the shared index" in errors[0] and str(hung.pid) in errors[0]
            waited = _json(_cli(_env(url, b), "ingest", "--wait", "60", "--json"))
            assert waited["chunks"] == added["chunks"]
        finally:
            hung.send_signal(signal.SIGCONT)
        _, stderr = hung.communicate(timeout=300)
        assert hung.returncode == 2 and "lost its lease" in stderr  # it published nothing
        assert published.current_manifest(Settings(chroma_url=url, data_dir=b)).writer.endswith(str(b))

        # 3 replicas × 10 sessions × 20 questions at once: no error, the answers of a single process.
        single = _load(url, tmp_path / "single", sessions=1)
        loads = [subprocess.Popen([sys.executable, "-c", LOAD, "10"], env=_env(url, replica), text=True,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE) for replica in (a, b, c)]
        for load in loads:
            out, err = load.communicate(timeout=600)
            assert load.returncode == 0, err
            result = json.loads(out)
            assert result["errors"] == 0
            assert all(answers == single for answers in result["answers"])


def _load(url: str, data: Path, sessions: int) -> dict[str, list]:
    out = subprocess.run([sys.executable, "-c", LOAD, str(sessions)], env=_env(url, data), text=True,
                         capture_output=True, timeout=600, check=True).stdout
    result = json.loads(out)
    assert result["errors"] == 0
    return result["answers"][0]


@pytest.mark.parametrize("missing", ["server", "embedded"])
def test_opening_without_a_published_index_names_the_ingest(tmp_path: Path, missing: str) -> None:
    from advisor.errors import IndexMismatch
    from advisor.facade import Advisor

    if missing == "server":
        with chroma_server(tmp_path / "chroma") as url, pytest.raises(IndexMismatch) as caught:
            Advisor.open(settings=Settings(data_dir=tmp_path / "data", chroma_url=url))
    else:
        with pytest.raises(IndexMismatch) as caught:
            Advisor.open(settings=Settings(data_dir=tmp_path / "data"))
    assert "advisor ingest" in caught.value.message("en") and "advisor ingest" in caught.value.message("ja")


def test_the_library_never_imports_the_ingest(shared_data_dir: Path, advisor: object) -> None:
    code = ("import sys\nfrom advisor.facade import Advisor\nimport advisor.startup, advisor.interview\n"
            f"Advisor.open(data_dir={str(shared_data_dir)!r}).ask('シニアTPMの役割は?')\n"
            "print(sorted(m for m in sys.modules if m == 'ingest' or m.startswith('ingest.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "HF_HUB_OFFLINE": "1"}).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_a_chunk_deleted_under_a_replica_leaves_its_candidates_and_a_new_snapshot_is_picked_up(
    index_copy: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from advisor.facade import Advisor
    from advisor.retrieval import index as idx
    from advisor.retrieval import vectors
    from ingest.pipeline import run

    monkeypatch.setattr(vectors, "IN_MEMORY_MAX", 0)  # Chroma's own index: vectors are fetched per query
    settings = index_copy.model_copy(update={"snapshot_check_seconds": 0.0})
    replica = Advisor.open(settings=settings)
    question = "ステークホルダー管理"
    found = replica.retrieve(question, k=5)
    gone = found[0].id
    # Another replica's ingest removed this chunk after this one opened its snapshot (it used to
    # fail every such query with "internal error: '<chunk id>'", a KeyError in fusion).
    idx.query_collection(settings).delete(ids=[gone])
    answer = replica.ask(question)
    assert answer.citations and gone not in {c.id for c in answer.citations}
    assert gone not in {p.id for p in replica.retrieve(question, k=10)}

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "note.md").write_text("# メモ\n\nペンギン計画の週次レビューは金曜に行う。\n", encoding="utf-8")
    before = replica.manifest.snapshot
    run(settings, add_docs=docs)
    deadline = time.monotonic() + 60
    while replica.manifest.snapshot == before:  # the check runs on the next query, the reload in the background
        assert time.monotonic() < deadline, "the new snapshot was never picked up"
        replica.retrieve("ペンギン計画", k=1)
        time.sleep(0.2)
    assert "ペンギン計画" in replica.retrieve("ペンギン計画の週次レビュー", k=3)[0].text
