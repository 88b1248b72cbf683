"""Managers' notes on their reps: ``params/notes/<period>/<rep-id>.md``, free text shown verbatim."""

from __future__ import annotations

from pathlib import Path

from salesnb.files.paths import contained
from salesnb.ids import check_slug
from salesnb.periods import Period

#: The folder of the notes, under the params folder.
NOTES_DIR = "notes"


def notes_path(params_dir: Path, period: Period, rep_id: str) -> Path:
    """``params/notes/<period>/<rep-id>.md``, refused when it would leave ``params/notes``.

    Examples
    --------
    >>> notes_path(Path("params"), Period.parse("2026-10"), "bj-telesales-r03").as_posix()
    'params/notes/2026-10/bj-telesales-r03.md'
    """
    root = params_dir / NOTES_DIR
    label = Period.parse(period.label).label
    return contained(root, root / label / f"{check_slug(rep_id, 'rep')}.md")


def read_notes(params_dir: Path, period: Period, rep_id: str) -> str | None:
    """The manager's notes for the rep and period as text (never interpreted), or ``None``."""
    path = notes_path(params_dir, period, rep_id)
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8", errors="replace").strip("\n")
    return text if text.strip() else None
