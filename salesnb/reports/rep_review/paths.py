"""Where a team's rep reviews are written, and the links to them from the team review."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from salesnb.periods import Period
from salesnb.reports.kinds import REP_REVIEW, TEAM_REVIEW, Scope


def rep_review_dir(root: Path, period: Period, team_id: str) -> Path:
    """``<root>/<period>/<team>/reps/``: where a team's rep reviews are written (:data:`REP_REVIEW`)."""
    return REP_REVIEW.folder(root, period, Scope("", team=team_id))


def rep_review_links(team_id: str, period: str | Period, rep_ids: Iterable[str]) -> dict[str, str]:
    """Each rep's review relative to the team review (``reports/<period>/<team>/team_review.html``),
    both where their kinds write them.

    >>> rep_review_links("bj-telesales", "2026-10", ["bj-telesales-r03"])
    {'bj-telesales-r03': 'reps/bj-telesales-r03.html'}
    """
    root, the_period = Path("/reports"), Period.parse(str(period))  # any root: the links are relative
    home = TEAM_REVIEW.folder(root, the_period, Scope("", team=team_id))
    links = {}
    for rid in rep_ids:
        folder, stem = REP_REVIEW.output(root, the_period, Scope("", team=team_id, rep=rid))
        links[rid] = Path(os.path.relpath(folder / f"{stem}.html", home)).as_posix()
    return links
