"""One writer at a time: a lease record in the store's control collection, with an expiry.

Chroma has no transactions, but ``add`` of an id that already exists leaves the stored record
as it is, and a ``delete`` can be made conditional on the holder. So taking the lease is: drop
it if it lapsed (only if it still names the lapsed holder), add ours, read back who holds it.
The writer renews it while it works; a writer killed on this host frees it at once (its process
is gone), one on another host or a hung one when the lease expires. A writer that finds, at a
renewal, that it lost the lease stops before it publishes anything.
"""

from __future__ import annotations

import os
import socket
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from advisor.errors import IndexBusy
from advisor.retrieval.published import UNIT_VECTOR, control_collection

LEASE_ID = "lease"


@dataclass(frozen=True)
class Holder:
    token: str
    host: str
    pid: int
    expires: float  # epoch seconds

    @classmethod
    def of(cls, metadata: dict[str, Any]) -> Holder:
        return cls(str(metadata["token"]), str(metadata["host"]), int(metadata["pid"]), float(metadata["expires"]))

    def lapsed(self, now: float) -> bool:
        """Expired, or held by a process of this host that no longer runs."""
        return now >= self.expires or (self.host == socket.gethostname() and not _alive(self.pid))

    def describe(self) -> str:
        until = datetime.fromtimestamp(self.expires, UTC).strftime("%H:%M:%S UTC")
        return f"{self.host} pid {self.pid}, until {until}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: it runs
        return True
    return True


class Lease:
    """The right to write the shared index, held for ``seconds`` at a time and renewed while working."""

    def __init__(self, client: Any, seconds: float) -> None:
        self.seconds = seconds
        self._control = control_collection(client, create=True)
        self._me = Holder(uuid.uuid4().hex, socket.gethostname(), os.getpid(), 0.0)
        self._renewed = 0.0

    def _holder(self) -> Holder | None:
        stored = self._control.get(ids=[LEASE_ID], include=["metadatas"])
        return Holder.of(stored["metadatas"][0]) if stored["ids"] else None

    def _metadata(self, now: float) -> dict[str, Any]:
        return {"token": self._me.token, "host": self._me.host, "pid": self._me.pid, "expires": now + self.seconds}

    def acquire(self, wait: float = 0.0) -> Lease:
        """Take the lease, waiting up to ``wait`` seconds for the current holder.

        Raises:
            IndexBusy: another writer still holds it.
        """
        deadline = time.monotonic() + wait
        while True:
            now = time.time()
            holder = self._holder()
            if holder is not None and holder.token != self._me.token and holder.lapsed(now):
                self._control.delete(ids=[LEASE_ID], where={"token": holder.token})
                holder = None
            if holder is None:
                self._control.add(ids=[LEASE_ID], embeddings=[UNIT_VECTOR], metadatas=[self._metadata(now)])
                holder = self._holder()
            if holder is not None and holder.token == self._me.token:
                self._renewed = time.monotonic()
                return self
            if time.monotonic() >= deadline:
                raise _busy(holder)
            time.sleep(min(1.0, max(deadline - time.monotonic(), 0.05)))

    def renew(self) -> None:
        """Extend the lease (at most every third of its length).

        Raises:
            IndexBusy: the lease lapsed and another writer took it; this one must stop.
        """
        if time.monotonic() - self._renewed < self.seconds / 3:
            return
        holder = self._holder()
        if holder is None or holder.token != self._me.token:
            raise IndexBusy(
                "this ingest lost its lease on the shared index (it paused longer than "
                f"{self.seconds:.0f} s) and stopped without publishing; run it again",
                f"このインジェストは共有インデックスのリースを失ったため、公開せずに停止しました"
                f"({self.seconds:.0f} 秒以上止まっていました)。もう一度実行してください",
            )
        self._control.update(ids=[LEASE_ID], metadatas=[self._metadata(time.time())])
        self._renewed = time.monotonic()

    def release(self) -> None:
        self._control.delete(ids=[LEASE_ID], where={"token": self._me.token})

    def __enter__(self) -> Lease:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def _busy(holder: Holder | None) -> IndexBusy:
    who = holder.describe() if holder else "another process"
    return IndexBusy(
        f"another ingest is writing the shared index ({who}); try again later, or wait with --wait SECONDS",
        f"別のインジェストが共有インデックスに書き込み中です({who})。後で再実行するか --wait 秒数 で待ってください",
    )
