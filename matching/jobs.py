"""Long jobs in a background thread, so the work survives the officer clicking elsewhere.

The job reports progress through the engine's ``progress(fraction, message)`` callback; a
cancel request is noticed at the next progress report, where :class:`Cancelled` is raised.
Splink's own long calls (sampling, one EM run, scoring) cannot be interrupted midway, so a
cancel takes effect when the current step finishes.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from matching.errors import WorkbenchError
from matching.training import Progress

T = TypeVar("T")
log = logging.getLogger(__name__)


class Cancelled(WorkbenchError):
    """The person asked the job to stop."""

    def __init__(self) -> None:
        super().__init__("The run was cancelled.",
                         hint="Change the set-up if you need to, then start it again.")


@dataclass
class Job(Generic[T]):
    """One background job: its progress, and its result or error once finished."""

    name: str
    fraction: float = 0.0
    message: str = "Starting"
    result: T | None = None
    error: WorkbenchError | None = None
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None
    _cancel: threading.Event = field(default_factory=threading.Event)
    _done: threading.Event = field(default_factory=threading.Event)

    def progress(self, fraction: float, message: str) -> None:
        """The callback given to the work: records progress, raises Cancelled if asked to stop."""
        if self._cancel.is_set():
            raise Cancelled()
        self.fraction = min(max(float(fraction), 0.0), 1.0)
        self.message = message

    def cancel(self) -> None:
        """Ask the job to stop at its next step."""
        self._cancel.set()

    @property
    def cancelling(self) -> bool:
        return self._cancel.is_set() and not self.done

    @property
    def done(self) -> bool:
        return self._done.is_set()

    @property
    def cancelled(self) -> bool:
        return isinstance(self.error, Cancelled)

    @property
    def elapsed(self) -> float:
        """Seconds since the job started (until it finished, once done)."""
        return (self.finished or time.monotonic()) - self.started

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the job is done (for tests and scripts); True if it finished."""
        return self._done.wait(timeout)


def start_job(name: str, work: Callable[[Progress], T], *,
              on_done: Callable[[Job[T]], None] | None = None) -> Job[T]:
    """Run ``work(progress)`` in a daemon thread and return its :class:`Job` at once.

    ``on_done`` runs in the worker thread after the work, whether it succeeded or not.
    Errors other than :class:`WorkbenchError` are logged and reported in plain words.
    """
    job: Job[T] = Job(name)

    def run() -> None:
        try:
            job.result = work(job.progress)
            job.fraction, job.message = 1.0, "Done"
        except WorkbenchError as exc:
            job.error = exc
        except Exception as exc:
            log.exception("background job %s failed", name)
            job.error = WorkbenchError(f"The {name} stopped unexpectedly: {exc}",
                                       hint="Try again; if it keeps failing, simplify the "
                                       "set-up (fewer comparisons or stricter blocking rules).")
        finally:
            job.finished = time.monotonic()
            try:
                if on_done is not None:
                    on_done(job)
            finally:
                job._done.set()

    threading.Thread(target=run, name=f"mw-{name}", daemon=True).start()
    return job


def elapsed_text(seconds: float) -> str:
    """Elapsed time as people say it: "45 s", "2 min 05 s"."""
    seconds = int(seconds)
    return f"{seconds} s" if seconds < 60 else f"{seconds // 60} min {seconds % 60:02d} s"
