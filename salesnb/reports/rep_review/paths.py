"""Where a team's rep reviews are written, and the links to them from the team review."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from salesnb.files.paths import contained, team_dir
from salesnb.ids import check_slug
from salesnb.periods import Period

#: The folder of a team's rep reviews, inside the team's report folder.
REPS_DIR = "reps"


def rep_review_dir(root: Path, period: Period, team_id: str) -> Path:
    """``<root>/<period>/<team>/reps/``: where a team's rep reviews are written."""
    team = team_dir(root, period, team_id)
    return contained(root, team / REPS_DIR)


def rep_review_links(team_id: str, period: str | Period, rep_ids: Iterable[str]) -> dict[str, str]:
    """Each rep's review relative to the team review (``reports/<period>/<team>/team_review.html``).

    >>> rep_review_links("bj-telesales", "2026-10", ["bj-telesales-r03"])
    {'bj-telesales-r03': 'reps/bj-telesales-r03.html'}
    """
    check_slug(team_id)
    Period.parse(str(period))
    return {rid: f"{REPS_DIR}/{check_slug(rid, 'rep')}.html" for rid in rep_ids}
