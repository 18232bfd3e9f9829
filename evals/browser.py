"""The app in a real headless Chromium, for the browser tests and ``advisor bench``.

``serve_app`` starts Streamlit on a free local port over a data directory; ``open_browser``
launches Debian's Chromium through Playwright (it cannot download its own browser here) with the
flags that keep it off the network.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from advisor.settings import PROJECT_ROOT

CHROMIUM = Path("/usr/bin/chromium")
SETTLE_SECONDS = 8.0  # the advisor opens while the server starts (advisor.serve); ~3 s here
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(url: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"{url} did not answer within {timeout}s")


def browser_available() -> bool:
    try:
        import playwright  # noqa: F401
    except ImportError:
        return False
    return CHROMIUM.exists()


@contextmanager
def running(command: list[str], ready_url: str, timeout: float = 120.0, **popen: Any) -> Iterator[None]:
    """A local server process, from the moment ``ready_url`` answers until the block ends."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **popen)
    try:
        wait_for(ready_url, timeout=timeout)
        yield
    finally:
        process.terminate()
        process.wait(timeout=20)


@contextmanager
def serve_app(data_dir: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """The app as ``advisor app`` serves it, on 127.0.0.1 over ``data_dir``; yields its URL once it answers."""
    port = free_port()
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("ADVISOR_")}
    full_env |= {"ADVISOR_DATA_DIR": str(data_dir), "HF_HUB_OFFLINE": "1", **(env or {})}
    command = [sys.executable, "-m", "advisor.serve", "--server.port", str(port), "--server.address", "127.0.0.1",
               "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    with running(command, f"http://127.0.0.1:{port}/_stcore/health", cwd=PROJECT_ROOT, env=full_env):
        yield f"http://127.0.0.1:{port}"


@contextmanager
def open_browser(locale: str = "ja-JP") -> Iterator[Any]:
    """A new Playwright page in headless Chromium (1400×1000)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser.new_page(viewport={"width": 1400, "height": 1000}, locale=locale)
        finally:
            browser.close()


def ask_in_page(
    page: Any, question: str, timeout_ms: float = 120_000, placeholder: str = "質問を入力してください",
) -> None:
    """Type ``question`` into the chat input once it is enabled and wait for the first citation chip."""
    from playwright.sync_api import expect

    box = page.get_by_placeholder(placeholder, exact=False)
    expect(box).to_be_enabled(timeout=timeout_ms)
    box.fill(question)
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="[1]", exact=False).first).to_be_visible(timeout=timeout_ms)


def first_visit_seconds(data_dir: Path) -> float:
    """Seconds from opening the page of an app started on an empty data directory (first run: it
    ingests) to its title and the progress bar's stage label on screen."""
    from playwright.sync_api import expect

    with serve_app(data_dir) as url, open_browser() as page:
        started = time.perf_counter()
        page.goto(url)
        expect(page.get_by_text("TPM キャリアアドバイザー").first).to_be_visible(timeout=60_000)
        expect(page.get_by_role("progressbar").first).to_be_visible(timeout=60_000)
        return time.perf_counter() - started


def first_answer_seconds(data_dir: Path, question: str = "シニアTPMに求められる役割は?",
                         settle: float = SETTLE_SECONDS) -> float:
    """Seconds from opening the page to the first cited answer, on a built index, in an app server
    that started ``settle`` seconds earlier (a deployed app waits for its first visitor)."""
    with serve_app(data_dir) as url, open_browser() as page:
        time.sleep(settle)
        started = time.perf_counter()
        page.goto(url)
        ask_in_page(page, question)
        return time.perf_counter() - started
