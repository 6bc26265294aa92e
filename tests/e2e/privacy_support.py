"""Support for the privacy browser tests: distinctive people files and a server started with a
chosen environment (shared mode, a network guard, a short disconnect grace)."""

from __future__ import annotations

import csv
import os
import random
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.e2e.conftest import _free_port, _healthy
from tests.e2e.support import ROOT

HEALTH_DEADLINE_S = 30
FIRST_NAMES = ("Amira", "Daniel", "Fatima", "George", "Hannah", "Imran", "Joanne", "Kwame",
               "Lucy", "Mohammed", "Niamh", "Oliver", "Priya", "Rhys", "Sophie", "Tariq")
POSTCODES = ("E1 6AN", "E8 3PB", "N1 9GU", "SE5 7HN", "SW9 8QX", "W12 7RJ", "NW6 4LR", "E17 5DP")


@dataclass(frozen=True)
class PeopleFile:
    """A small file of people with some duplicates, whose header and surnames are its own."""

    path: Path
    header: tuple[str, ...]
    surnames: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.path.name

    def secrets(self) -> list[str]:
        """Text that belongs to this file only: its name, its headers, its surnames."""
        return [self.name, self.path.stem, *self.header, *self.surnames]


def write_people(path: Path, header: Sequence[str], surnames: Sequence[str], *, seed: int,
                 people: int = 120, duplicates: int = 40) -> PeopleFile:
    """``people`` records, then ``duplicates`` copies of some of them with small typos."""
    rng = random.Random(seed)
    rows = []
    for i in range(people):
        rows.append([
            f"{path.stem[:3].upper()}{i:04d}", rng.choice(FIRST_NAMES), rng.choice(surnames),
            f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1940, 2005)}",
            rng.choice(POSTCODES),
        ])
    for j in range(duplicates):
        _ref, first, surname, dob, postcode = rows[rng.randrange(people)]
        if j % 3 == 0:
            first = first[:-1]
        rows.append([f"{path.stem[:3].upper()}9{j:03d}", first, surname, dob, postcode])
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return PeopleFile(path, tuple(header), tuple(surnames))


@contextmanager
def running_server(log_path: Path, env: Mapping[str, str] = (), args: Sequence[str] = ()
                   ) -> Iterator[str]:
    """``streamlit run app.py`` on a free local port with extra ``env`` and ``args``."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    command = [
        sys.executable, "-m", "streamlit", "run", "app.py",
        "--server.headless=true", "--server.address=127.0.0.1", f"--server.port={port}",
        "--browser.gatherUsageStats=false", "--server.fileWatcherType=none",
        "--server.runOnSave=false", *args,
    ]
    with log_path.open("wb") as log:
        server = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                                  env={**os.environ, **dict(env)})
        try:
            deadline = time.monotonic() + HEALTH_DEADLINE_S
            while not _healthy(url):
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"The app did not start at {url}:\n{log_path.read_text(errors='replace')}"
                    )
                time.sleep(0.25)
            yield url
        finally:
            server.terminate()
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(5)
