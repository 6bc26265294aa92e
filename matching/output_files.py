"""Writing a run's files so that a folder holds the old results or the new ones, never a mix.

Each file is written in full under a temporary name in the same folder and flushed to disk;
only when every file is complete are they renamed over the old ones, one straight after the
other (renaming within a folder never copies data). A run that is killed or runs out of disk
space while writing leaves the previous results untouched; its temporary files are hidden
(``.matching-*.tmp``) and removed by the next run into that folder.
"""

from __future__ import annotations

import errno
import os
import secrets
from collections.abc import Callable, Mapping
from pathlib import Path

from matching.errors import WorkbenchError

STAGED_PREFIX = ".matching-"
STAGED_SUFFIX = ".tmp"

Writer = Callable[[Path], object]


class OutputError(WorkbenchError):
    """Results could not be written (no space, no permission...); the old ones are kept."""


def _sync(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def _sync_folder(folder: Path) -> None:
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:  # some systems cannot open a folder; the renames are still in order
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def remove_leftovers(folder: Path) -> list[Path]:
    """Delete temporary files a killed run left in ``folder``; returns them."""
    if not folder.is_dir():
        return []
    removed = []
    for path in folder.iterdir():
        if path.name.startswith(STAGED_PREFIX) and path.name.endswith(STAGED_SUFFIX):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


#: Errors meaning the disk (or the file-size limit) is full; Rust libraries such as polars
#: report them without an errno, as "... (os error 28)".
NO_SPACE = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


def is_out_of_space(exc: OSError) -> bool:
    """Whether ``exc`` says there is no room left to write."""
    return exc.errno in NO_SPACE or any(f"(os error {n})" in str(exc) for n in NO_SPACE)


def _output_error(folder: Path, exc: OSError) -> OutputError:
    if is_out_of_space(exc):
        problem = "there is not enough disk space (or the files are too big for that disk)"
        hint = "Free some space, or give --out a folder on a disk with more room, then run again."
    else:
        problem = exc.strerror or str(exc)
        hint = "Give --out a folder you can write to, then run again."
    return OutputError(
        f"The results could not be written to {folder}: {problem}. The files already there "
        "(if any) are unchanged: the previous run's results.", hint=hint)


def write_together(folder: Path, writers: Mapping[str, Writer]) -> dict[str, Path]:
    """Write ``{file name: writer}`` into ``folder`` all or nothing; returns the paths.

    Raises:
        OutputError: a file could not be written; ``folder`` keeps its previous files.
    """
    staged: dict[str, Path] = {}
    token = secrets.token_hex(4)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        remove_leftovers(folder)
        for name, write in writers.items():
            staged[name] = folder / f"{STAGED_PREFIX}{token}-{name}{STAGED_SUFFIX}"
            write(staged[name])
            _sync(staged[name])
        for name, path in staged.items():
            os.replace(path, folder / name)
        _sync_folder(folder)
    except OSError as exc:
        raise _output_error(folder, exc) from exc
    finally:
        for path in staged.values():
            path.unlink(missing_ok=True)
    return {name: folder / name for name in writers}
