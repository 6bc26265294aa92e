"""'Show me the code': the generated Splink script runs on its own on the prepared sample data
and finds the pairs the workbench finds."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from matching.codegen import splink_script, write_prepared_inputs
from matching.loading import read_path
from matching.samples import sample_paths
from matching.session import WorkbenchSession

pytestmark = pytest.mark.slow


def test_generated_script_runs_end_to_end_and_produces_pairs(tmp_path: Path) -> None:
    wb = WorkbenchSession()
    wb.set_tables([read_path(p) for p in sample_paths(link=True)])
    config = wb.suggest()
    wb.blocking_summary()  # loads the prepared tables
    write_prepared_inputs(wb.workspace, config, tmp_path)
    script = tmp_path / "match.py"
    script.write_text(splink_script(config), encoding="utf-8")

    done = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True,
                          text=True, timeout=600, check=False)

    assert done.returncode == 0, done.stderr[-3000:]
    line = next(s for s in done.stdout.splitlines() if "pairs scored" in s)
    scored, above = (int(w) for w in line.replace(";", "").split() if w.isdigit())
    assert scored > 500 and 300 < above <= scored
    wb.close()
