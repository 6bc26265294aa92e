"""The project's everyday commands: make targets, the pre-commit hook, the contributor guide."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _dry_run(target: str) -> list[str]:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    done = subprocess.run(["make", "--no-print-directory", "-n", target], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=True)
    return done.stdout.splitlines()


def test_quick_runs_the_unit_tests_only() -> None:
    assert _dry_run("quick") == [
        '.venv/bin/python -m pytest -q -p no:cacheprovider tests/unit -m "not slow and not e2e"']


def test_test_is_the_full_suite_and_lint_is_ruff_and_mypy() -> None:
    assert _dry_run("test") == ["bash scripts/test.sh"]
    assert _dry_run("lint") == [".venv/bin/python -m ruff check .", ".venv/bin/python -m mypy"]
    assert _dry_run("app") == ["bash scripts/start.sh"]


def test_ruff_runs_before_each_commit_from_the_venv() -> None:
    config = (ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert "repo: local" in config, "nothing is downloaded at commit time"
    assert "entry: .venv/bin/ruff check" in config
    assert "language: system" in config


def test_the_contributor_guide_covers_layout_roles_comparisons_exports_and_pages() -> None:
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for heading in ("## Layout", "## Add a role", "## Add a comparison", "## Add an export format",
                    "## Add a page"):
        assert heading in guide
    for path in ("matching/role_registry.py", "matching/export_formats.py", "ui/steps.py",
                 "matching/comparisons.py"):
        assert path in guide and (ROOT / path).is_file()
