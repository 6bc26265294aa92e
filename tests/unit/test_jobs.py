"""Background jobs: progress, results, errors in plain words, and cancel at the next step."""

from __future__ import annotations

import threading

from matching.errors import WorkbenchError
from matching.jobs import Cancelled, Job, elapsed_text, start_job
from matching.training import Progress


def test_a_job_reports_progress_and_its_result() -> None:
    seen: list[Job[int]] = []

    def work(progress: Progress) -> int:
        progress(0.5, "half way")
        return 42

    job = start_job("test", work, on_done=seen.append)
    assert job.wait(10)
    assert job.done and job.result == 42 and job.error is None
    assert (job.fraction, job.message) == (1.0, "Done")
    assert seen == [job]
    assert job.elapsed >= 0 and job.elapsed == job.elapsed, "elapsed stops when done"


def test_cancel_takes_effect_at_the_next_progress_report() -> None:
    step_started, go_on = threading.Event(), threading.Event()
    steps: list[str] = []

    def work(progress: Progress) -> str:
        progress(0.1, "first step")
        steps.append("first")
        step_started.set()
        go_on.wait(10)  # a long call that cannot be interrupted
        steps.append("long call finished")
        progress(0.6, "second step")
        steps.append("second")
        return "finished"

    job = start_job("training", work)
    assert step_started.wait(10)
    job.cancel()
    assert job.cancelling and not job.done
    go_on.set()
    assert job.wait(10)
    assert steps == ["first", "long call finished"]
    assert job.cancelled and job.result is None
    assert isinstance(job.error, Cancelled)
    assert job.error.message == "The run was cancelled."
    assert job.message == "first step"


def test_errors_are_kept_in_plain_words() -> None:
    def human(progress: Progress) -> None:
        raise WorkbenchError("No pairs.", hint="Loosen the rules.")

    def bug(progress: Progress) -> None:
        raise RuntimeError("boom")

    first, second = start_job("training", human), start_job("training", bug)
    assert first.wait(10) and second.wait(10)
    assert first.error is not None and first.error.message == "No pairs."
    assert second.error is not None
    assert second.error.message == "The training stopped unexpectedly: boom"
    assert not first.cancelled


def test_elapsed_text() -> None:
    assert elapsed_text(4.9) == "4 s"
    assert elapsed_text(125) == "2 min 05 s"
