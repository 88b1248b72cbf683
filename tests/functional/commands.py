"""Running the ``salesnb`` command as a user or a scheduler does: a fresh process from the project root."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]


def salesnb(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run ``salesnb ARGS`` in a fresh process; ten minutes at most, so a hang fails instead of waiting."""
    return subprocess.run(
        [sys.executable, "-m", "salesnb.cli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=ROOT,
        timeout=600,
    )
