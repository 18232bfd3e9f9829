"""Fuzzing the document readers: generated and mutated PDF, DOCX, HTML and text inputs.

Every input must either read or fail with ``BadInput`` (one clear line), within a time bound;
anything else (another exception, a hang) is a failure. ``python -m evals.fuzz N`` runs N inputs.
"""

from __future__ import annotations

import io
import random
import signal
import sys
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from advisor.documents import extract_text
from advisor.errors import BadInput
from advisor.gap.resume import read_resume

SECONDS_PER_INPUT = 10


@dataclass
class FuzzResult:
    inputs: int = 0
    read: int = 0
    rejected: int = 0
    failures: list[str] = field(default_factory=list)
    slowest_s: float = 0.0


def seeds() -> dict[str, bytes]:
    """Valid documents of every kind, to mutate."""
    from evals.resumes import render

    text = "職務経歴書\n■職務経歴\n2018年4月〜現在 株式会社サンプル\n・5チームの移行を主導。\nLed 3 teams.\n"
    pdf = render(text, "pdf")
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password="pw", owner_password="owner")
    encrypted = io.BytesIO()
    writer.write(encrypted)
    return {
        "pdf": pdf, "encrypted.pdf": encrypted.getvalue(), "docx": render(text, "docx"), "txt": text.encode(),
        "md": ("# 見出し\n\n" + text).encode("cp932", errors="ignore"),
        "html": f"<html><body><h1>CV</h1><p>{text}</p><script>x()</script></body></html>".encode(),
    }


def bombs() -> Iterator[tuple[bytes, str]]:
    """Hand-made hostile files: decompression bombs, huge page counts, deep nesting, wrong names."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<w:document>" + b" " * (80 * 1024 * 1024) + b"</w:document>")
    yield buffer.getvalue(), "bomb.docx"
    yield (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
           b"2 0 obj << /Type /Pages /Kids [] /Count 100000000 >> endobj\n"
           b"trailer << /Root 1 0 R >>\n%%EOF"), "pages.pdf"
    yield b"%PDF-1.4\n1 0 obj " + b"[" * 200_000 + b"]" * 200_000 + b" endobj\n%%EOF", "nested.pdf"
    yield b"%PDF-1.4\n1 0 obj " + b"<<" * 50_000 + b">>" * 50_000 + b" endobj\n%%EOF", "nested-dict.pdf"
    yield b"", "zero.pdf"
    yield b"\x00" * 4096, "zeros.docx"
    yield seeds()["pdf"], "really-a-pdf.docx"
    yield seeds()["docx"], "really-a-docx.pdf"
    yield "あ".encode() * 400_000, "huge.txt"
    yield b"\xff\xfe" + "テキスト".encode("utf-16-le"), "utf16.txt"


def mutate(data: bytes, rng: random.Random) -> bytes:
    if not data:
        return bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
    data = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        choice = rng.random()
        position = rng.randrange(len(data)) if data else 0
        if choice < 0.4:  # flip bytes
            for _ in range(rng.randint(1, 16)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        elif choice < 0.6:  # truncate
            del data[rng.randint(1, len(data)):]
        elif choice < 0.8:  # duplicate a slice
            end = min(len(data), position + rng.randint(1, 4096))
            data[position:position] = data[position:end] * rng.randint(1, 4)
        else:  # insert junk or PDF/zip keywords
            junk = rng.choice([b"obj", b"endobj", b"<<", b">>", b"/Count 99999999", b"stream", b"PK\x03\x04",
                               bytes(rng.randrange(256) for _ in range(rng.randint(1, 32)))])
            data[position:position] = junk
        if not data:
            break
    return bytes(data)


def _alarm(signum: int, frame: object) -> None:
    raise TimeoutError


def run(count: int, seed: int = 0) -> FuzzResult:
    rng = random.Random(seed)
    base = seeds()
    names = {"pdf": "x.pdf", "encrypted.pdf": "x.pdf", "docx": "x.docx", "txt": "x.txt", "md": "x.md",
             "html": "x.html"}
    cases: list[tuple[bytes, str]] = list(bombs())
    result = FuzzResult()
    previous = signal.signal(signal.SIGALRM, _alarm)
    try:
        while result.inputs < count:
            if cases:
                data, name = cases.pop()
            else:
                kind = rng.choice(list(base))
                data, name = mutate(base[kind], rng), names[kind]
            reader = read_resume if rng.random() < 0.3 else extract_text
            started = time.perf_counter()
            signal.alarm(SECONDS_PER_INPUT)
            try:
                reader(data, name)  # type: ignore[operator]
                result.read += 1
            except BadInput as exc:
                result.rejected += 1
                if "\n" in exc.message("en") or not exc.message("ja"):
                    result.failures.append(f"{name}: unclear message {exc.message('en')!r}")
            except TimeoutError:
                result.failures.append(f"{name}: no answer within {SECONDS_PER_INPUT} s")
            except Exception as exc:  # the point of fuzzing: nothing else may escape
                result.failures.append(f"{name}: {type(exc).__name__}: {str(exc)[:100]}")
            finally:
                signal.alarm(0)
            result.slowest_s = max(result.slowest_s, time.perf_counter() - started)
            result.inputs += 1
    finally:
        signal.signal(signal.SIGALRM, previous)
    return result


if __name__ == "__main__":
    outcome = run(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
    print(f"inputs {outcome.inputs}  read {outcome.read}  rejected {outcome.rejected}  "
          f"failures {len(outcome.failures)}  slowest {outcome.slowest_s:.2f} s")
    for failure in outcome.failures[:20]:
        print("  ", failure)
    sys.exit(1 if outcome.failures else 0)
