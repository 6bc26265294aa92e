"""Projects kept on this computer: one folder per project, surviving a refresh or a restart.

A project folder holds ``project.json`` (the set-up, the step the officer was on, names and
dates, and which database tables hold the data) and one DuckDB database file (the loaded files,
the scored pairs and named tables such as review labels). ``project.json`` is the commit point:
everything it names is written first, in a DuckDB transaction or a new file renamed into place,
and ``project.json`` itself is replaced atomically, so a crash at any moment leaves the last
good state. Older tables and files are removed only after the new ``project.json`` is in place.

The folders live under ``$MATCHING_WORKBENCH_HOME`` (default ``~/.matching-workbench/projects``).
Each project has an unguessable id, so a link holding it is the key to the project.
"""

from __future__ import annotations

import fcntl
import itertools
import json
import logging
import os
import re
import secrets
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
from splink import Linker

from matching.config import MatchConfig
from matching.errors import WorkbenchError
from matching.loading import LoadedTable
from matching.pipeline import LinkageResult, load_workspace
from matching.session import WorkbenchSession
from matching.training import TrainingReport

HOME_ENV = "MATCHING_WORKBENCH_HOME"
SHARED_ENV = "MATCHING_WORKBENCH_SHARED"
PROJECT_FILE = "project.json"
_LOCKS: dict[str, _FolderLock] = {}
PROJECT_FORMAT = 1
_ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
_DATA_FILE = re.compile(r"^data_\d+\.duckdb$")
_restored = itertools.count(1)

TableGetter = Callable[[WorkbenchSession], "pl.DataFrame | None"]
TableSetter = Callable[[WorkbenchSession, pl.DataFrame], None]

#: Named tables a session keeps beside its files and results, saved with the project:
#: name -> (read it from the session, put it back into a session). Adding one is one line.
SESSION_TABLES: dict[str, tuple[TableGetter, TableSetter]] = {
    "labels": (lambda s: s.labels_frame(), lambda s, f: s.set_labels_frame(f)),
    "decisions": (lambda s: s.decisions_frame(), lambda s, f: s.set_decisions_frame(f)),
    "known_matches": (lambda s: s.known_matches_frame(), lambda s, f: s.set_known_matches_frame(f)),
}


class ProjectError(WorkbenchError):
    """A saved project could not be found, read or written."""


class ProjectConflict(ProjectError):
    """Another tab or window saved the project since this one read it: saving now would
    overwrite that work, so this save was refused."""

    def __init__(self) -> None:
        super().__init__(
            "This project was changed in another tab or window after this tab opened it, so "
            "this tab's latest change was not saved: saving it would overwrite the other "
            "tab's work (such as review labels or the threshold).",
            hint="Choose in the sidebar: open the newest version (this tab's unsaved change "
            "is dropped), or keep this tab's version (it replaces the other).")


class _FolderLock:
    """A lock on a project folder: re-entrant within a thread, exclusive across threads (a
    lock object) and processes (``flock`` on the folder itself, taken once)."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.depth = 0
        self.descriptor: int | None = None

    @contextmanager
    def held(self, folder: Path) -> Iterator[None]:
        with self.lock:
            if self.depth == 0:
                self.descriptor = os.open(folder, os.O_RDONLY)
                fcntl.flock(self.descriptor, fcntl.LOCK_EX)
            self.depth += 1
            try:
                yield
            finally:
                self.depth -= 1
                if self.depth == 0 and self.descriptor is not None:
                    fcntl.flock(self.descriptor, fcntl.LOCK_UN)
                    os.close(self.descriptor)
                    self.descriptor = None


_LOCKS_GUARD = threading.Lock()


@contextmanager
def _project_lock(folder: Path) -> Iterator[None]:
    """Only one save of a project at a time, across threads and processes."""
    with _LOCKS_GUARD:
        lock = _LOCKS.setdefault(str(folder), _FolderLock())
    with lock.held(folder):
        yield


def _file_mark(path: Path) -> tuple[int, int] | None:
    """When and how big ``path`` last was (cheap to compare), or None if it is missing."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


def _revision_on_disk(path: Path) -> int | None:
    """The revision in the saved project.json (None when it cannot be read)."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    revision = doc.get("revision", 0) if isinstance(doc, dict) else None
    return revision if isinstance(revision, int) else None


def projects_root() -> Path:
    """Where project folders live: ``$MATCHING_WORKBENCH_HOME`` or ``~/.matching-workbench/projects``."""
    configured = os.environ.get(HOME_ENV, "").strip()
    return Path(configured).expanduser() if configured else Path.home() / ".matching-workbench" / "projects"


def team_mode() -> bool:
    """True when officers share one server: projects are then reachable only by their link."""
    return os.environ.get(SHARED_ENV, "").strip().lower() in {"1", "true", "yes", "on"}


def new_project_id() -> str:
    return secrets.token_urlsafe(24)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class ProjectInfo:
    """What the project list shows about a project."""

    id: str
    name: str
    created: str
    updated: str
    step: str | None
    files: tuple[str, ...]
    has_result: bool
    folder: Path


@dataclass
class ProjectNotes:
    """What the officer writes about the project (shown in the governance pack)."""

    purpose: str = ""
    notes: str = ""


def _write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text``: a temporary file, flushed to disk, then renamed."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    with temporary.open("w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


@contextmanager
def _database(path: Path, *, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to a project database file that reads and writes nothing else."""
    con = duckdb.connect(str(path), read_only=read_only, config={
        "autoinstall_known_extensions": "false",
        "autoload_known_extensions": "false",
        "allow_community_extensions": "false",
        "enable_external_access": "false",
        "threads": "2",
    })
    try:
        yield con
    finally:
        con.close()


def _write_frame(con: duckdb.DuckDBPyConnection, name: str, frame: pl.DataFrame) -> None:
    con.register("mw_incoming", frame.to_arrow())
    try:
        # A name not yet in project.json may be left over from a crash: it is garbage.
        con.execute(f'CREATE OR REPLACE TABLE "{name}" AS SELECT * FROM mw_incoming')
    finally:
        con.unregister("mw_incoming")


def _table_meta(table: LoadedTable, stored_as: str) -> dict[str, Any]:
    meta = {k: v for k, v in asdict(table).items() if k != "frame"}
    return {"table": stored_as, **meta, "notes": list(table.notes)}


def _loaded_table(con: duckdb.DuckDBPyConnection, meta: dict[str, Any]) -> LoadedTable:
    frame = con.sql(f'SELECT * FROM "{meta["table"]}"').pl()
    return LoadedTable(
        frame=frame,
        file_name=meta["file_name"],
        original_columns=dict(meta["original_columns"]),
        sha256=meta["sha256"],
        file_format=meta["file_format"],
        encoding=meta.get("encoding"),
        delimiter=meta.get("delimiter"),
        sheet=meta.get("sheet"),
        notes=tuple(meta.get("notes", ())),
    )


def _frame_key(frame: pl.DataFrame) -> tuple[int, int, int]:
    return (frame.height, frame.width, int(frame.hash_rows().sum()) if frame.height else 0)


@dataclass
class Project:
    """One saved project, bound to the session that edits it: ``save`` writes what changed."""

    folder: Path
    id: str
    name: str
    created: str
    step: str | None = None
    notes: ProjectNotes = field(default_factory=ProjectNotes)
    _document: dict[str, Any] = field(default_factory=dict)
    _tables: tuple[int, ...] = ()
    _result: LinkageResult | None = None
    _named: dict[str, tuple[int, int, int] | None] = field(default_factory=dict)
    #: project.json as this object last wrote or read it, to notice saves from elsewhere.
    _mark: tuple[int, int] | None = None

    @property
    def json_path(self) -> Path:
        return self.folder / PROJECT_FILE

    @property
    def revision(self) -> int:
        """How many times the project has been saved (each save adds one)."""
        return int(self._document.get("revision", 0))

    def changed_elsewhere(self) -> bool:
        """Whether another tab, window or process saved the project after this one last read
        or wrote it (cheap: a file-system check, then the revision if the file changed)."""
        mark = _file_mark(self.json_path)
        if mark is None or mark == self._mark:
            return False
        on_disk = _revision_on_disk(self.json_path)
        if on_disk == self.revision:
            self._mark = mark
            return False
        return on_disk is not None

    def overwrite_elsewhere(self) -> None:
        """Take the saved revision as this tab's own, so the next save replaces what another
        tab saved ("keep this tab's version")."""
        with _project_lock(self.folder):
            on_disk = _revision_on_disk(self.json_path)
            if on_disk is not None:
                self._document = dict(self._document, revision=on_disk)
            self._mark = None
            self._tables, self._result, self._named = (), None, {}  # write everything again

    def _new_name(self, doc: dict[str, Any], prefix: str) -> str:
        """A table or file name never used before in this project."""
        doc["generation"] = int(doc.get("generation", 0)) + 1
        return f"{prefix}_{doc['generation']}"

    def save(self, session: WorkbenchSession) -> None:
        """Write whatever changed since the last save; cheap when only the set-up changed.

        Raises:
            ProjectConflict: another tab or window saved the project since this one read it.
            ProjectError: the project could not be written.
        """
        try:
            with _project_lock(self.folder):
                if self.changed_elsewhere():
                    raise ProjectConflict()
                self._save(session)
        except (OSError, duckdb.Error) as exc:
            raise ProjectError(
                f"The project could not be saved: {exc}.",
                hint="Check there is free disk space and that the workbench can write to "
                f"{self.folder.parent}. Your work is still open in this tab.",
            ) from exc

    def _save(self, session: WorkbenchSession) -> None:
        doc = dict(self._document)
        tables_key = tuple(id(t) for t in session.tables)
        named = {name: getter(session) for name, (getter, _) in SESSION_TABLES.items()}
        named_keys = {name: None if f is None else _frame_key(f) for name, f in named.items()}
        if tables_key != self._tables or not doc.get("database"):
            # New files: a new database file, written in full and then renamed into place.
            database = self._new_name(doc, "data") + ".duckdb"
            temporary = self.folder / f".{database}.tmp"
            for leftover in (temporary, Path(f"{temporary}.wal")):
                leftover.unlink(missing_ok=True)
            with _database(temporary) as con:
                doc["tables"] = []
                for i, table in enumerate(session.tables):
                    stored = self._new_name(doc, f"input_{i}")
                    _write_frame(con, stored, table.frame)
                    doc["tables"].append(_table_meta(table, stored))
                doc["result"] = self._write_result(con, session.result, doc)
                doc["named_tables"] = self._write_named(con, named, doc)
            os.replace(temporary, self.folder / database)
            doc["database"] = database
        elif session.result is not self._result or named_keys != self._named:
            # New results or labels: new tables in the same file, each in a transaction.
            with _database(self.folder / doc["database"]) as con:
                if session.result is not self._result:
                    doc["result"] = self._write_result(con, session.result, doc)
                changed = {n: f for n, f in named.items() if named_keys[n] != self._named.get(n)}
                doc["named_tables"] = {
                    **{n: t for n, t in (doc.get("named_tables") or {}).items() if n not in changed},
                    **self._write_named(con, changed, doc),
                }
        doc.update(self._header(session))
        wrote_data = doc.get("generation") != self._document.get("generation")
        self._commit(doc)
        self._tables, self._result, self._named = tables_key, session.result, named_keys
        if wrote_data:
            self._collect_garbage()

    def save_trained(self, result: LinkageResult) -> bool:
        """Store a finished training run straight away, from the thread that ran it, so that
        it survives the tab being refreshed or closed. Returns False (and stores nothing) when
        another tab saved the project meanwhile, or there are no files saved yet."""
        with _project_lock(self.folder):
            if self.changed_elsewhere() or not self._document.get("database"):
                return False
            doc = dict(self._document)
            try:
                with _database(self.folder / doc["database"]) as con:
                    doc["result"] = self._write_result(con, result, doc)
                doc["config"] = json.loads(result.config.to_json())
                doc["training_started"] = None
                self._commit(doc)
            except (OSError, duckdb.Error) as exc:
                raise ProjectError(f"The trained model could not be saved: {exc}.") from exc
            self._result = result
            self._collect_garbage()
        return True

    def _write_result(self, con: duckdb.DuckDBPyConnection, result: LinkageResult | None,
                      doc: dict[str, Any]) -> dict[str, Any] | None:
        """Store the scored pairs and the trained model; what project.json says about them."""
        if result is None:
            return None
        with result.workspace.lock:
            predictions = result.con.sql(f"SELECT * FROM {result.predictions_table}").pl()
            model = result.linker.misc.save_model_to_json()
        stored = self._new_name(doc, "predictions")
        con.execute("BEGIN TRANSACTION")
        _write_frame(con, stored, predictions)
        con.execute("COMMIT")
        return {
            "predictions": stored,
            "model": model,
            "training": asdict(result.training),
            "recommended_threshold": result.recommended_threshold,
            "pair_count": result.pair_count,
        }

    def _write_named(self, con: duckdb.DuckDBPyConnection, frames: dict[str, pl.DataFrame | None],
                     doc: dict[str, Any]) -> dict[str, str]:
        """Store named tables (labels, decisions...); the names they are stored under."""
        stored: dict[str, str] = {}
        for name, frame in frames.items():
            if frame is None:
                continue
            stored[name] = self._new_name(doc, name)
            con.execute("BEGIN TRANSACTION")
            _write_frame(con, stored[name], frame)
            con.execute("COMMIT")
        return stored

    def _header(self, session: WorkbenchSession) -> dict[str, Any]:
        return {
            "format": PROJECT_FORMAT, "id": self.id, "name": self.name, "created": self.created,
            "step": self.step, "purpose": self.notes.purpose, "notes": self.notes.notes,
            "config": None if session.config is None else json.loads(session.config.to_json()),
            "training_started": session.training_since,
        }

    def _commit(self, doc: dict[str, Any]) -> None:
        """Replace project.json with the next revision, unless nothing but the time would
        change. Refused (ProjectConflict) when another tab saved since this one last did."""
        ignored = ("updated", "revision")
        unchanged = {k: v for k, v in doc.items() if k not in ignored} == {
            k: v for k, v in self._document.items() if k not in ignored}
        if unchanged and self.json_path.exists():
            return
        with _project_lock(self.folder):
            on_disk = _revision_on_disk(self.json_path)
            if on_disk is not None and on_disk != self.revision:
                raise ProjectConflict()
            doc["updated"] = _now()
            doc["revision"] = self.revision + 1
            _write_atomically(self.json_path, json.dumps(doc, indent=1, ensure_ascii=False))
            self._document = doc
            self._mark = _file_mark(self.json_path)

    def _collect_garbage(self) -> None:
        """Remove database files and tables the committed project.json no longer names."""
        database = self._document.get("database")
        for path in self.folder.iterdir():
            stale_file = _DATA_FILE.match(path.name) and path.name != database
            if stale_file or (path.name.startswith(".") and path.name.endswith(".tmp")):
                path.unlink(missing_ok=True)
                Path(f"{path}.wal").unlink(missing_ok=True)
        if not database:
            return
        keep = {t["table"] for t in self._document.get("tables", ())}
        keep |= set((self._document.get("named_tables") or {}).values())
        if self._document.get("result"):
            keep.add(self._document["result"]["predictions"])
        with _database(self.folder / database) as con:
            existing = [r[0] for r in con.sql("SELECT table_name FROM duckdb_tables()").fetchall()]
            for name in existing:
                if name not in keep:
                    con.execute(f'DROP TABLE IF EXISTS "{name}"')

    def load(self) -> WorkbenchSession:
        """The saved session: files, set-up, and the trained model with its scored pairs."""
        doc = self._document
        session = WorkbenchSession()
        session.interrupted_training = doc.get("training_started")
        if doc.get("config"):
            session.config = MatchConfig.from_dict(doc["config"])
        if not doc.get("database"):
            return session
        with _database(self.folder / doc["database"], read_only=True) as con:
            session.tables = [_loaded_table(con, meta) for meta in doc.get("tables", ())]
            for name, stored in (doc.get("named_tables") or {}).items():
                if name in SESSION_TABLES:
                    frame = con.sql(f'SELECT * FROM "{stored}"').pl()
                    SESSION_TABLES[name][1](session, frame)
                    self._named[name] = _frame_key(frame)
            saved = doc.get("result")
            if saved and session.config is not None:
                predictions = con.sql(f'SELECT * FROM "{saved["predictions"]}"').pl()
                session.result = _restore_result(session, saved, predictions)
        self._tables, self._result = tuple(id(t) for t in session.tables), session.result
        return session

    def rename(self, name: str) -> None:
        """Give the project a new name (saved at once)."""
        self.name = name.strip() or self.name
        self._commit(dict(self._document, name=self.name))

    def info(self) -> ProjectInfo:
        doc = self._document
        return ProjectInfo(
            id=self.id, name=self.name, created=self.created, updated=doc.get("updated", self.created),
            step=self.step, files=tuple(t["file_name"] for t in doc.get("tables", ())),
            has_result=bool(doc.get("result")), folder=self.folder,
        )


class ProjectStore:
    """The folder of projects: create, open, list, rename, duplicate and delete."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root or projects_root()

    def folder(self, project_id: str) -> Path:
        if not _ID_PATTERN.match(project_id or ""):
            raise ProjectError(
                "That project link is not valid.",
                hint="Open the project from its full link, or start a new one on the Data page.",
            )
        return self.root / project_id

    def create(self, name: str) -> Project:
        """A new, empty project on disk."""
        project_id = new_project_id()
        folder = self.folder(project_id)
        try:
            self.root.mkdir(parents=True, exist_ok=True, mode=0o700)  # only this user can read
            folder.mkdir(mode=0o700)
        except OSError as exc:
            raise ProjectError(
                f"The workbench cannot create a project folder in {self.root}: "
                f"{exc.strerror or exc}.",
                hint=f"Set {HOME_ENV} to a folder you can write to, then start the app again.",
            ) from exc
        project = Project(folder, project_id, name.strip() or "Untitled project", _now())
        project._commit(project._header(WorkbenchSession()))
        return project

    def open(self, project_id: str) -> Project:
        """The saved project with this id (nothing is loaded into memory yet)."""
        path = self.folder(project_id) / PROJECT_FILE
        mark = _file_mark(path)
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise ProjectError(
                "There is no saved project at that link: it may have been deleted.",
                hint="Start a new project on the Data page.",
            ) from exc
        except (OSError, ValueError) as exc:
            raise ProjectError(f"The saved project could not be read ({exc}).") from exc
        if not isinstance(doc, dict):
            raise ProjectError("The saved project could not be read (it holds no project).")
        if int(doc.get("format", PROJECT_FORMAT)) > PROJECT_FORMAT:
            raise ProjectError(
                "This project was saved by a newer version of the workbench.",
                hint="Update Matching Workbench, then open the project again.",
            )
        project = Project(
            path.parent, project_id, doc.get("name", "Untitled project"), doc.get("created", ""),
            step=doc.get("step"),
            notes=ProjectNotes(doc.get("purpose", ""), doc.get("notes", "")),
            _document=doc,
        )
        project._mark = mark
        return project

    def projects(self) -> list[ProjectInfo]:
        """Every readable project, most recently changed first."""
        if not self.root.is_dir():
            return []
        found = []
        for folder in self.root.iterdir():
            if (folder / PROJECT_FILE).is_file():
                with suppress(ProjectError):
                    found.append(self.open(folder.name).info())
        return sorted(found, key=lambda p: p.updated, reverse=True)

    def rename(self, project_id: str, name: str) -> ProjectInfo:
        project = self.open(project_id)
        project.name = name.strip() or project.name
        doc = dict(project._document, name=project.name)
        project._commit(doc)
        return project.info()

    def duplicate(self, project_id: str, name: str | None = None) -> ProjectInfo:
        """A copy with a new id (and a new link); the original is unchanged."""
        original = self.open(project_id)
        copy_id = new_project_id()
        target = self.folder(copy_id)
        staging = self.root / f".{copy_id}.tmp"
        shutil.copytree(original.folder, staging, ignore=shutil.ignore_patterns(".*"))
        doc = dict(original._document, id=copy_id, name=name or f"Copy of {original.name}",
                   created=_now(), updated=_now())
        _write_atomically(staging / PROJECT_FILE, json.dumps(doc, indent=1, ensure_ascii=False))
        os.replace(staging, target)
        return self.open(copy_id).info()

    def delete(self, project_id: str) -> list[str]:
        """Remove the project's folder and every file in it; returns the files removed."""
        folder = self.folder(project_id)
        if not folder.is_dir():
            return []
        removed = sorted(str(p.relative_to(self.root)) for p in folder.rglob("*") if p.is_file())
        shutil.rmtree(folder)
        return removed


def _restore_result(session: WorkbenchSession, saved: dict[str, Any],
                    predictions: pl.DataFrame) -> LinkageResult:
    """The trained model and its scored pairs, back in the session's database, untrained."""
    assert session.config is not None
    workspace = session.workspace
    load_workspace(workspace, session.tables, session.config)
    with workspace.lock:
        db_api, sdfs = workspace.splink_inputs()
        linker = Linker(sdfs if len(sdfs) > 1 else sdfs[0], saved["model"],
                        log_level=logging.WARNING)
        table = f"__splink__mw_saved_predictions_{next(_restored)}"
        _write_frame(workspace.con, table, predictions)
        db_api._created_tables.add(table)  # dropped with the result, like Splink's own tables
        restored = linker.table_management.register_table_predict(
            db_api.table_to_splink_dataframe(table, table))
    return LinkageResult(
        session.config, linker, restored, TrainingReport.from_dict(saved["training"]),
        float(saved["recommended_threshold"]), int(saved["pair_count"]), workspace,
    )
