"""Where things live. Paths only: no logic beyond resolving defaults and environment overrides."""

from __future__ import annotations

import os
from pathlib import Path

#: The project root when running from a source checkout (notebooks/, params/ and reports/ live here).
PROJECT_ROOT = Path(__file__).resolve().parent.parent

DB_ENV = "SALESNB_DB"
PARAMS_ENV = "SALESNB_PARAMS"
REPORTS_ENV = "SALESNB_REPORTS"
NOTEBOOKS_ENV = "SALESNB_NOTEBOOKS"
DEBUG_ENV = "SALESNB_DEBUG"


def _from_env(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value) if value else default


def default_db_path() -> Path:
    """The warehouse file: ``$SALESNB_DB`` or ``data/salesnb.duckdb`` under the project root."""
    return _from_env(DB_ENV, PROJECT_ROOT / "data" / "salesnb.duckdb")


def default_params_dir() -> Path:
    """The parameters folder: ``$SALESNB_PARAMS`` or ``params/`` under the project root."""
    return _from_env(PARAMS_ENV, PROJECT_ROOT / "params")


def default_reports_dir() -> Path:
    """The reports folder: ``$SALESNB_REPORTS`` or ``reports/`` under the project root."""
    return _from_env(REPORTS_ENV, PROJECT_ROOT / "reports")


def notebooks_dir() -> Path:
    """The folder holding the report notebooks: ``$SALESNB_NOTEBOOKS`` or ``notebooks/``."""
    return _from_env(NOTEBOOKS_ENV, PROJECT_ROOT / "notebooks")


def debug_enabled() -> bool:
    """True when ``SALESNB_DEBUG`` asks for tracebacks."""
    return os.environ.get(DEBUG_ENV, "").strip().lower() in {"1", "true", "yes", "on"}
