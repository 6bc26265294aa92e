"""Release the work of sessions that have gone, promptly. Pure Python, no UI.

A web server does not always say when a session ends (a closed tab, a dropped network). The app
tells a ``SessionTracker`` which sessions exist and, from time to time, which of them are still
alive; a session that has been gone for ``grace`` seconds is closed, so its database and data are
released then rather than whenever the garbage collector gets round to it.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Callable
from typing import Protocol


class Closable(Protocol):
    def close(self) -> None: ...


class SessionTracker:
    """Owner id → the object holding that session's data (held weakly, closed once it has gone)."""

    def __init__(self, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._owners: dict[str, weakref.ReferenceType[Closable]] = {}
        self._gone_since: dict[str, float] = {}
        self.released = 0

    def track(self, owner_id: str, holder: Closable) -> None:
        """Remember ``holder`` as the data of session ``owner_id`` (idempotent)."""
        with self._lock:
            current = self._owners.get(owner_id)
            if current is None or current() is not holder:
                self._owners[owner_id] = weakref.ref(holder)
            self._gone_since.pop(owner_id, None)

    def tracked(self) -> list[str]:
        with self._lock:
            return [key for key, ref in self._owners.items() if ref() is not None]

    def release_gone(self, is_alive: Callable[[str], bool], *, grace: float = 0.0) -> list[str]:
        """Close the holders of sessions that ``is_alive`` has reported gone for ``grace`` seconds.

        Returns the owner ids released. A holder already garbage-collected is simply forgotten.
        """
        now = self._clock()
        due: list[tuple[str, Closable]] = []
        with self._lock:
            for owner_id, ref in list(self._owners.items()):
                holder = ref()
                if holder is None:
                    self._forget(owner_id)
                    continue
                if is_alive(owner_id):
                    self._gone_since.pop(owner_id, None)
                    continue
                since = self._gone_since.setdefault(owner_id, now)
                if now - since >= grace:
                    self._forget(owner_id)
                    due.append((owner_id, holder))
        for _, holder in due:  # outside the lock: closing may wait for the session's own work
            holder.close()
        self.released += len(due)
        return [owner_id for owner_id, _ in due]

    def _forget(self, owner_id: str) -> None:
        self._owners.pop(owner_id, None)
        self._gone_since.pop(owner_id, None)
