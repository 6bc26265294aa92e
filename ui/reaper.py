"""Release a closed tab's data promptly: the Streamlit side of ``matching.lifecycle``.

Streamlit keeps a disconnected session for ``server.disconnectedSessionTTL`` seconds so that a
dropped connection can resume, and then forgets it lazily (its uploads can stay in memory until
another session happens to write). A daemon thread checks every few seconds which sessions are
still connected; a session gone for longer than the grace period has its database closed, its
data dropped, and Streamlit is asked to close it (which frees its uploaded files).
"""

from __future__ import annotations

import logging
import os
import threading

from streamlit import config
from streamlit.runtime import Runtime
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from matching.lifecycle import Closable, SessionTracker

LOG = logging.getLogger("matching_workbench.privacy")
if not LOG.handlers:  # counts only, never values, go to the server's terminal
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    LOG.addHandler(_handler)
    LOG.setLevel(logging.INFO)
GRACE_ENV = "MATCHING_WORKBENCH_RELEASE_AFTER"
TRACKER = SessionTracker()
_thread_lock = threading.Lock()
_thread: threading.Thread | None = None


def grace_seconds() -> float:
    """How long a disconnected tab may come back before its data is released."""
    configured = os.environ.get(GRACE_ENV)
    if configured:
        try:
            return max(0.0, float(configured))
        except ValueError:
            LOG.warning("%s=%r is not a number of seconds; using the server default.",
                        GRACE_ENV, configured)
    return float(config.get_option("server.disconnectedSessionTTL") or 0)


def watch(holder: Closable) -> None:
    """Release ``holder`` (this tab's state) once this tab's session has gone."""
    ctx = get_script_run_ctx()
    # Only sessions a running server knows: AppTest and bare scripts have none, and a session
    # the server never listed must not be taken for one that has gone.
    if ctx is None or not _alive(ctx.session_id):
        return
    TRACKER.track(ctx.session_id, holder)
    _start_thread()


def forget_uploads() -> int:
    """Drop the server's copies of this session's uploads now; returns how many there were."""
    ctx = get_script_run_ctx()
    if ctx is None:
        return 0
    manager = ctx.uploaded_file_mgr
    stored = getattr(manager, "file_storage", {}).get(ctx.session_id, {})
    count = len(stored)
    manager.remove_session_files(ctx.session_id)
    return count


def _alive(session_id: str) -> bool:
    # ``is True``: AppTest stands a mock in for the runtime, whose answers are not booleans.
    return Runtime.exists() and Runtime.instance().is_active_session(session_id) is True


def reap_once() -> list[str]:
    """Release every session gone for longer than the grace period; returns their ids."""
    if not Runtime.exists():  # no server to ask (it stopped, or a test's runtime has gone)
        return []
    released = TRACKER.release_gone(_alive, grace=grace_seconds())
    if released and Runtime.exists():
        runtime = Runtime.instance()
        for session_id in released:
            runtime.clear_user_info_for_session(session_id)  # closes a stored session
            runtime.uploaded_file_mgr.remove_session_files(session_id)
        LOG.info("Released the data of %d closed session(s).", len(released))
    return released


def _loop() -> None:
    stop = threading.Event()
    while not stop.wait(max(0.5, min(5.0, grace_seconds() / 2))):
        try:
            reap_once()
        except Exception:  # never let the reaper die; the next round tries again
            LOG.exception("Releasing closed sessions failed.")


def _start_thread() -> None:
    global _thread
    with _thread_lock:
        if _thread is None or not _thread.is_alive():
            _thread = threading.Thread(target=_loop, name="release-closed-sessions", daemon=True)
            _thread.start()
