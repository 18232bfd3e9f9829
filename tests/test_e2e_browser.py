"""End to end in a real headless Chromium: start the app, ask in Japanese, open a citation,
upload a PDF résumé and see the chart. Screenshots land in test-artifacts/."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from docs_factory import make_pdf
from servers import free_port, wait_for

from advisor.facade import Advisor
from advisor.settings import PROJECT_ROOT

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (scripts/test.sh installs it)"),
]


@pytest.fixture(scope="module")
def app_url(shared_data_dir: Path, advisor: Advisor) -> Iterator[tuple[str, float]]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADVISOR_")}
    env |= {"ADVISOR_DATA_DIR": str(shared_data_dir), "HF_HUB_OFFLINE": "1"}
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(PROJECT_ROOT / "app.py"), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/_stcore/health", timeout=120)
        yield f"http://127.0.0.1:{port}", started
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_ask_open_citation_and_analyse_a_resume_in_chromium(app_url: tuple[str, float], tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    url, started = app_url
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--no-first-run", "--disable-sync"],
        )
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="ja-JP")
        page.goto(url)
        expect(page.get_by_text("TPM キャリアアドバイザー").first).to_be_visible(timeout=120_000)

        page.get_by_placeholder("質問を入力してください", exact=False).fill("シニアTPMに求められる役割は?")
        page.keyboard.press("Enter")
        chip = page.get_by_role("button", name="[1]", exact=False).first
        expect(chip).to_be_visible(timeout=120_000)
        first_answer_seconds = time.perf_counter() - started
        page.screenshot(path=str(ARTIFACTS / "e2e-chat.png"), full_page=True)
        chip.click()
        expect(page.get_by_text("セクション:", exact=False).first).to_be_visible(timeout=30_000)
        page.screenshot(path=str(ARTIFACTS / "e2e-citation.png"))

        page.get_by_text("履歴書分析").first.click()
        resume = tmp_path / "resume.pdf"
        resume.write_bytes(make_pdf([[
            "職務経歴書", "■職務経歴", "2018年4月〜現在 株式会社サンプルテック",
            "・5チーム・40名が関わる決済基盤のクラウド移行プログラムを主導し、AWSへの移行を完了。",
            "・四半期ごとに経営層へ進捗とリスクを報告。",
        ]]))
        page.locator("input[type=file]").set_input_files(str(resume))
        page.get_by_role("button", name="分析する").click()
        expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=120_000)
        expect(page.get_by_text("推定レベル").first).to_be_visible()
        page.screenshot(path=str(ARTIFACTS / "e2e-resume.png"), full_page=True)
        browser.close()
    (ARTIFACTS / "e2e-timing.txt").write_text(f"launch to first answer: {first_answer_seconds:.1f} s\n")
    assert first_answer_seconds < 120
