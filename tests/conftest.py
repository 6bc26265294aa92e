"""Every test keeps its saved projects in a temporary folder, never in the officer's home."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from matching.projects import HOME_ENV, SHARED_ENV


@pytest.fixture(scope="session", autouse=True)
def session_projects_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Saved projects go to a temporary folder (inherited by app servers the tests start)."""
    home = tmp_path_factory.mktemp("projects")
    saved = {name: os.environ.get(name) for name in (HOME_ENV, SHARED_ENV)}
    os.environ[HOME_ENV] = str(home)
    os.environ.pop(SHARED_ENV, None)
    yield home
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(autouse=True)
def projects_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test's own projects folder, so no test sees another's saved projects."""
    home = tmp_path / "projects"
    home.mkdir()
    monkeypatch.setenv(HOME_ENV, str(home))
    return home
