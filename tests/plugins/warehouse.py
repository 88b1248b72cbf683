"""A pytest plugin (loaded from pyproject's addopts) that builds one demo warehouse per session.

The notebook tier (nbval) starts kernels that read ``$SALESNB_DB``; the plugin builds the warehouse and
sets the variable before the first notebook runs, and only when notebooks or the ``demo_db`` fixture
are actually used.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import date
from pathlib import Path

import pytest

#: Tests pretend today is this day, so the demo history and "latest month" never drift.
AS_OF = date(2026, 11, 23)
_STATE: dict[str, Path] = {}


def build_demo_warehouse() -> Path:
    """The session's demo warehouse, built on first use."""
    if "db" not in _STATE:
        from salesnb.demo import generate
        from salesnb.warehouse import replace_tables

        folder = Path(tempfile.mkdtemp(prefix="salesnb-test-"))
        db = folder / "demo.duckdb"
        replace_tables(db, generate(AS_OF), source="test demo")
        _STATE["db"] = db
        _STATE["dir"] = folder
    return _STATE["db"]


def pytest_collection_finish(session: pytest.Session) -> None:
    if any(str(item.fspath).endswith(".ipynb") for item in session.items):
        os.environ["SALESNB_DB"] = str(build_demo_warehouse())


def pytest_sessionfinish(session: pytest.Session) -> None:
    if "dir" in _STATE:
        shutil.rmtree(_STATE["dir"], ignore_errors=True)


@pytest.fixture(scope="session")
def demo_db() -> Path:
    """Path of the session's demo warehouse (read it, do not write it)."""
    return build_demo_warehouse()
