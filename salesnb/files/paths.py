"""Where reports are written: paths built only from validated slugs, never leaving the reports root."""

from __future__ import annotations

from pathlib import Path

from salesnb.errors import ParameterError
from salesnb.ids import check_slug
from salesnb.periods import Period


def contained(root: Path, path: Path) -> Path:
    """``path`` if it resolves inside ``root``; otherwise a :class:`ParameterError`."""
    root_r, path_r = root.resolve(), path.resolve()
    if root_r != path_r and root_r not in path_r.parents:
        raise ParameterError(f"refusing to write outside {root_r}: {path_r}")
    return path


def period_dir(root: Path, period: Period) -> Path:
    return contained(root, root / Period.parse(period.label).label)


#: Folder names inside a period that belong to salesnb, so no team may take them.
ORG_SCOPE = "org"
#: The per-audience pages: ``<period>/audiences/<audience>/index.html``.
AUDIENCES = "audiences"
RESERVED = frozenset({ORG_SCOPE, "logs", AUDIENCES})


def team_dir(root: Path, period: Period, team: str) -> Path:
    """``<root>/<period>/<team-slug>/``."""
    if check_slug(team) in RESERVED:
        raise ParameterError(
            f"team id {team!r} is reserved for salesnb's own folders ({', '.join(sorted(RESERVED))})"
        )
    return contained(root, period_dir(root, period) / team)


def org_dir(root: Path, period: Period) -> Path:
    """``<root>/<period>/org/``: the organisation and region overviews."""
    return contained(root, period_dir(root, period) / ORG_SCOPE)
