"""Layering: the engine never imports Streamlit, and the app caches user data per session only."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENGINE_FILES = sorted((ROOT / "matching").rglob("*.py"))
APP_FILES = sorted([ROOT / "app.py", *(ROOT / "pages").rglob("*.py"), *(ROOT / "ui").rglob("*.py")])
CACHES = frozenset({"cache_data", "cache_resource"})


def streamlit_imports(source: str) -> list[str]:
    """Every ``import streamlit...`` / ``from streamlit... import`` in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found += [n for n in names if n == "streamlit" or n.startswith("streamlit.")]
    return found


def _is_cache(node: ast.AST, imported: set[str]) -> bool:
    """``st.cache_data`` / ``streamlit.cache_resource`` or a name imported from streamlit."""
    if isinstance(node, ast.Attribute):
        return node.attr in CACHES
    return isinstance(node, ast.Name) and node.id in imported


def unscoped_caches(source: str) -> list[int]:
    """Line numbers where ``cache_data``/``cache_resource`` is used without
    ``scope="session"`` (a bare ``@st.cache_data`` counts as unscoped)."""
    tree = ast.parse(source)
    imported = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("streamlit")
        for alias in node.names
        if alias.name in CACHES
    }
    called = set()
    bad = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _is_cache(node.func, imported):
            called.add(id(node.func))
            scope = next((k.value for k in node.keywords if k.arg == "scope"), None)
            if not (isinstance(scope, ast.Constant) and scope.value == "session"):
                bad.append(node.lineno)
    for node in ast.walk(tree):
        if _is_cache(node, imported) and id(node) not in called:
            bad.append(node.lineno)
    return sorted(bad)


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_there_are_files_to_check() -> None:
    assert len(ENGINE_FILES) > 10
    assert ROOT / "matching" / "pipeline.py" in ENGINE_FILES
    assert ROOT / "app.py" in APP_FILES


@pytest.mark.parametrize("path", ENGINE_FILES, ids=_rel)
def test_engine_module_does_not_import_streamlit(path: Path) -> None:
    assert streamlit_imports(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("path", APP_FILES, ids=_rel)
def test_app_caches_are_scoped_to_the_session(path: Path) -> None:
    assert unscoped_caches(path.read_text(encoding="utf-8")) == [], (
        "Use st.cache_data/st.cache_resource(scope='session') so one officer's data is never "
        "served to another."
    )


# --- the checks themselves ----------------------------------------------------------------


def test_streamlit_imports_are_found() -> None:
    source = (
        "import os\nimport streamlit as st\nimport streamlit_extras\n"
        "from streamlit.components import v1\nfrom matching import streamlit_free\n"
        "def f():\n    import streamlit\n"
    )
    assert streamlit_imports(source) == ["streamlit", "streamlit.components", "streamlit"]


def test_unscoped_caches_are_found() -> None:
    source = '''
import streamlit as st
from streamlit import cache_resource as keep

@st.cache_data
def a(): ...

@st.cache_data(ttl=60)
def b(): ...

@st.cache_resource(scope="global")
def c(): ...

@keep()
def d(): ...

@st.cache_data(scope="session")
def ok1(): ...

@keep(scope="session", ttl=5)
def ok2(): ...

e = st.cache_resource(lambda: 1)
'''
    assert unscoped_caches(source) == [5, 8, 11, 14, 23]


# --- process-wide caches: no user data may sit in them --------------------------------------

#: Text that names a process-wide cache. Streamlit's caches are shared by every session unless
#: scoped to one; functools caches and the legacy ``st.cache``/``experimental_*`` always are.
GLOBAL_CACHE_TEXT = re.compile(
    r"cache_data|cache_resource|experimental_memo|experimental_singleton|\bst\.cache\b"
    r"|lru_cache|functools\.cache\b|@cache\b"
)


def global_cache_mentions(source: str) -> list[int]:
    """Lines that mention a cache, except session-scoped Streamlit caches (found by ``ast``)."""
    scoped = _scoped_cache_lines(source)
    return [
        number for number, line in enumerate(source.splitlines(), start=1)
        if GLOBAL_CACHE_TEXT.search(line.split("#", 1)[0]) and number not in scoped
    ]


def _scoped_cache_lines(source: str) -> set[int]:
    lines = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute | ast.Name):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id
            scope = next((k.value for k in node.keywords if k.arg == "scope"), None)
            if name in CACHES and isinstance(scope, ast.Constant) and scope.value == "session":
                lines.add(node.lineno)
    return lines


@pytest.mark.parametrize("path", APP_FILES, ids=_rel)
def test_app_keeps_no_user_data_in_process_wide_caches(path: Path) -> None:
    assert global_cache_mentions(path.read_text(encoding="utf-8")) == [], (
        "Keep user data on the session's AppState/WorkbenchSession: process-wide caches are "
        "shared by every officer using this server."
    )


def test_global_cache_mentions_are_found() -> None:
    source = '''
import functools
import streamlit as st
from functools import lru_cache, cache

@lru_cache(maxsize=4)
def a(): ...

@cache
def b(): ...

@st.cache
def c(): ...

f = st.experimental_memo(lambda: 1)

@st.cache_data(scope="session")
def ok(): ...

# st.cache_data mentioned in a comment is fine
'''
    assert global_cache_mentions(source) == [4, 6, 9, 12, 15]


# --- nothing leaves the machine ------------------------------------------------------------

NETWORK_MODULES = ("urllib", "http", "requests", "httpx", "aiohttp", "socket", "ftplib",
                   "smtplib", "splink.datasets", "splink.splink_datasets", "splink_datasets")


def network_imports(source: str) -> list[str]:
    """Imports of modules that reach the network (the app and engine need none)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                 else [node.module] if isinstance(node, ast.ImportFrom) and node.module else [])
        names += [f"{node.module}.{a.name}" for a in getattr(node, "names", [])
                  if isinstance(node, ast.ImportFrom) and node.module]
        found += [n for n in names if any(n == m or n.startswith(m + ".") for m in NETWORK_MODULES)]
    return found


@pytest.mark.parametrize("path", [*ENGINE_FILES, *APP_FILES], ids=_rel)
def test_no_module_reaches_the_network(path: Path) -> None:
    assert network_imports(path.read_text(encoding="utf-8")) == []


def test_network_imports_are_found() -> None:
    source = "import urllib.request\nfrom splink import splink_datasets\nimport polars\n"
    assert network_imports(source) == ["urllib.request", "splink.splink_datasets"]


# --- the server's own settings ----------------------------------------------------------------


def test_server_settings_keep_the_app_private_and_bounded() -> None:
    settings = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    server, browser, client = settings["server"], settings["browser"], settings["client"]
    assert server["address"] == "127.0.0.1"  # this computer only; a team goes through a proxy
    assert browser["gatherUsageStats"] is False
    assert server["enableXsrfProtection"] is True
    assert server["enableStaticServing"] is False
    assert 1 <= server["maxUploadSize"] <= 1000 and server["maxMessageSize"] >= server["maxUploadSize"]
    assert server["disconnectedSessionTTL"] <= 120  # closed tabs are released soon
    assert client["showErrorDetails"] == "none"
    # No table's toolbar downloads what it shows (full personal details, around the Export
    # page's "IDs and scores only" default).
    assert client["disableDataExport"] is True


def test_mypy_checks_the_whole_app() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert config["tool"]["mypy"]["files"] == ["matching", "ui", "pages", "app.py"]


def _asserts(path: Path) -> int:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return sum(isinstance(node, ast.Assert) for node in ast.walk(tree))


#: ``assert``s in ``ui/`` when mypy first covered it; types are narrowed by helpers
#: (``ui.widgets.require_result``, ``ui.values.number``), so this number only goes down.
UI_ASSERTS = 22


def test_pages_narrow_types_with_helpers_not_asserts() -> None:
    pages = [ROOT / "app.py", *(ROOT / "pages").glob("*.py")]
    assert {_rel(p): _asserts(p) for p in pages if _asserts(p)} == {}
    assert sum(_asserts(p) for p in (ROOT / "ui").glob("*.py")) <= UI_ASSERTS
