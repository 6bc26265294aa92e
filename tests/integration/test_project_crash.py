"""A process killed in the middle of saving never corrupts a project: it reopens in its last
good state. Each case saves in a child process that is killed at a chosen moment (or from
outside, at an arbitrary moment), then the project is opened here."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from matching.loading import read_path
from matching.projects import ProjectStore
from matching.samples import sample_paths
from matching.session import WorkbenchSession

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow

CHILD = textwrap.dedent("""
    import os, signal, sys
    import polars as pl
    from matching import projects
    from matching.loading import read_path
    from matching.samples import sample_paths

    root, project_id, moment = sys.argv[1], sys.argv[2], sys.argv[3]
    def die(*_args, **_kwargs):
        os.kill(os.getpid(), signal.SIGKILL)

    store = projects.ProjectStore(__import__("pathlib").Path(root))
    project = store.open(project_id)
    session = project.load()
    write_frame, replace = projects._write_frame, os.replace
    if moment == "writing the new database":
        calls = []
        def write_then_die(con, name, frame):
            write_frame(con, name, frame)
            calls.append(name)
            if len(calls) == 1:
                die()
        projects._write_frame = write_then_die
    elif moment == "replacing project.json":
        def replace_or_die(src, dst):
            if str(dst).endswith("project.json"):
                die()
            replace(src, dst)
        projects.os.replace = replace_or_die
    elif moment == "inside a transaction":
        kept = {}
        projects.SESSION_TABLES["labels"] = (lambda s: kept.get("x"), lambda s, f: None)
        kept["x"] = pl.DataFrame({"a": list(range(1000))})
        def write_in_transaction_then_die(con, name, frame):
            write_frame(con, name, frame)
            if name.startswith("labels"):
                die()
        projects._write_frame = write_in_transaction_then_die
        project.save(session)
    if moment == "any time":
        tables = [[read_path(p) for p in sample_paths(link=True)],
                  [read_path(sample_paths(link=False)[0])]]
        print("saving", flush=True)
        for i in range(1000):
            session.tables = tables[i % 2]
            project.save(session)
    session.tables = [read_path(sample_paths(link=False)[0])]
    project.save(session)
    print("not killed")
""")


def saved_project(root: Path) -> str:
    store = ProjectStore(root)
    project = store.create("Before the crash")
    session = WorkbenchSession(on_change=lambda _what: project.save(session))
    session.set_tables([read_path(p) for p in sample_paths(link=True)])
    session.suggest()
    return project.id


def assert_loads_a_good_state(root: Path, project_id: str,
                              allowed: tuple[tuple[str, ...], ...]) -> None:
    project = ProjectStore(root).open(project_id)
    session = project.load()
    names = tuple(t.file_name for t in session.tables)
    assert names in allowed
    assert all(t.frame.height > 0 for t in session.tables)
    session.close()


LINKED = ("council_tax.csv", "housing_benefit.csv")


@pytest.mark.parametrize("moment", ["writing the new database", "replacing project.json",
                                    "inside a transaction"])
def test_killed_mid_save_the_project_keeps_its_last_good_state(tmp_path: Path, moment: str) -> None:
    project_id = saved_project(tmp_path)
    child = subprocess.run([sys.executable, "-c", CHILD, str(tmp_path), project_id, moment],
                           cwd=ROOT, capture_output=True, text=True, timeout=120,
                           env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert child.returncode == -signal.SIGKILL, child.stderr
    assert_loads_a_good_state(tmp_path, project_id, (LINKED,))
    # ...and the next save works and tidies up what the crash left behind.
    project = ProjectStore(tmp_path).open(project_id)
    session = project.load()
    session.on_change = lambda _what: project.save(session)
    session.set_tables([read_path(sample_paths(link=False)[0])])
    assert_loads_a_good_state(tmp_path, project_id, (("residents.csv",),))
    leftovers = [p.name for p in project.folder.iterdir()
                 if p.name != "project.json" and p.name != project._document["database"]]
    assert leftovers == []


def test_killed_at_an_arbitrary_moment_the_project_still_opens(tmp_path: Path) -> None:
    project_id = saved_project(tmp_path)
    for delay in (0.3, 0.7, 1.1):
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(tmp_path), project_id, "any time"],
                                 cwd=ROOT, stdout=subprocess.PIPE, text=True,
                                 env={**os.environ, "PYTHONPATH": str(ROOT)})
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "saving"
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        assert_loads_a_good_state(tmp_path, project_id, (LINKED, ("residents.csv",)))
