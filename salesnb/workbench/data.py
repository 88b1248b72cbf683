"""The warehouse as the workbench holds it: read once, sliced per team in memory, every result kept.

:class:`WorkbenchData` reads the teams and the warehouse's metadata when opened, and every team's slice
once per period grain (over the periods offered and their history) when first needed. A team's part of
that slice is :func:`~salesnb.warehouse.subsets.subset_slice`: the frames
:func:`~salesnb.warehouse.slices.load_slice` reads for the team alone, so every KPI is computed on what
the team's report reads. Whatever is derived is kept in :meth:`WorkbenchData.memo`, shared by every
selection and every clone of a workbench (slices and frames are never changed in place).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TypeVar

import pandas as pd

from salesnb.analysis.signals import SIGNAL_PERIODS
from salesnb.errors import ParameterError
from salesnb.kpis import compute_measures
from salesnb.periods import Period
from salesnb.warehouse import connect, read_meta
from salesnb.warehouse.extent import Extent, data_as_of, data_extent, latest_complete
from salesnb.warehouse.slices import Slice, list_teams, load_slice
from salesnb.warehouse.store import warehouse_currency
from salesnb.warehouse.subsets import subset_slice

T = TypeVar("T")

#: Periods offered: the running month and quarter (when the data reaches into them) and these many
#: complete ones before.
MONTHS_OFFERED = 12
QUARTERS_OFFERED = 4


class WorkbenchData:
    """One warehouse, its teams and metadata, and the slices and frames computed from it.

    ``trend_periods`` is how many periods the trend shows (the slices read that much history, and at
    least what the signals of a period and the one before need).
    """

    def __init__(self, db_path: Path, trend_periods: int = 12) -> None:
        self.db_path = Path(db_path).resolve()
        self.trend_periods = trend_periods
        with connect(self.db_path) as con:
            self.meta = read_meta(con)
            self.teams = list_teams(con)
            if self.teams.empty:
                raise ParameterError(f"{self.db_path}: the warehouse has no teams")
            #: the data's day (never the clock) and the data's extent: the periods offered lie within it
            self.as_of = data_as_of(con)
            self.extent: Extent | None = data_extent(con)
        #: the last day with a record: a period after it has no data
        self.last_data_day: date | None = self.extent.last if self.extent else None
        self.currency: str = warehouse_currency(self.meta)
        self.latest = latest_complete(self.as_of, "month", self.meta)
        self._slices: dict[str, Slice] = {}
        self._cache: dict[tuple, object] = {}

    def memo(self, key: tuple, compute: Callable[[], T]) -> T:
        """``compute()``, computed once per ``key`` for this warehouse."""
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]  # type: ignore[return-value]

    # ------------------------------------------------------------------------------------- periods
    def periods(self) -> list[str]:
        """The periods offered, newest first: months, then quarters; for each grain the one running on the
        data's day (for pacing) when the data reaches into it, and the complete ones before it (complete:
        ended by the end of the warehouse's latest complete month) that share a day with the data's
        extent: data that ended years ago offers its own last months, never the calendar's."""
        out = []
        for grain, count in (("month", MONTHS_OFFERED), ("quarter", QUARTERS_OFFERED)):
            last = Period.containing(self.latest.last_day, grain)  # type: ignore[arg-type]
            if last.end > self.latest.end:
                last = last.previous()
            running = Period.containing(self.as_of, grain)  # type: ignore[arg-type]
            if running > last and self.last_data_day is not None and self.last_data_day >= running.start:
                out.append(running.label)
            complete = (last.shift(-k) for k in range(count))
            out += [p.label for p in complete if self.extent is None or self.extent.overlaps(p)]
        return out

    def covered(self) -> str:
        """The data's extent in words, for a message about a period outside it."""
        return self.extent.label if self.extent else "no records yet"

    def window(self, grain: str) -> tuple[date, date]:
        """The dates one read covers for every period of ``grain`` offered, with their history."""
        mine = [p for p in map(Period.parse, self.periods()) if p.grain == grain]
        lookback = max(self.trend_periods, 2 * SIGNAL_PERIODS + 2)
        return min(mine).shift(-lookback).start, max(mine).end

    # -------------------------------------------------------------------------------------- slices
    def every_team(self, period: Period) -> Slice:
        """Every team's slice over the window of the period's grain (read once per grain)."""
        if period.grain not in self._slices:
            start, end = self.window(period.grain)
            with connect(self.db_path) as con:
                self._slices[period.grain] = load_slice(con, self.teams["team_id"].tolist(), start, end)
        return self._slices[period.grain]

    def teams_slice(self, teams: list[str], period: Period) -> Slice:
        """``teams``' part of the period's every-team slice, as ``load_slice`` reads it for them."""
        key = ("slice", period.label, tuple(teams))
        return self.memo(key, lambda: subset_slice(self.every_team(period), list(teams)))

    def team_slice(self, team: str, period: Period) -> Slice:
        """One team's slice, as its review reads it."""
        return self.teams_slice([team], period)

    def measures(self, teams: list[str], period: Period) -> pd.DataFrame:
        """Measures per rep of ``teams``' slice over the ``trend_periods`` periods ending with ``period``
        (index: period, rep id): one computation serves the trend, the comparison and the what-if."""

        def compute() -> pd.DataFrame:
            history = period.history(max(self.trend_periods, 2))
            return compute_measures(self.teams_slice(teams, period), history)  # type: ignore[arg-type]

        return self.memo(("measures", tuple(teams), period.label), compute)

    def rep_measures(self, team: str, period: Period) -> pd.DataFrame:
        """Measures per rep of one team (its own slice) for one period (index: rep id)."""
        return period_rows(self.measures([team], period), period.label)

    def working_reps(self, team: str, period: Period) -> list[str]:
        """The team's reps employed in the period, in the measures' order."""
        m = self.rep_measures(team, period)
        return [str(r) for r in m.index[m["headcount"] > 0]]

    # ------------------------------------------------------------------------------------- lookups
    def reps(self, period: Period) -> pd.DataFrame:
        """Every rep of the period's window (index: rep id): ``name``, ``team_id``, ``level``, …"""
        return self.memo(("reps", period.grain), lambda: self.every_team(period)["reps"].set_index("rep_id"))

    def team_info(self, team: str) -> pd.Series:
        """A team's row of :func:`~salesnb.warehouse.slices.list_teams` (``name``, ``region_id``, …)."""
        return self.teams.set_index("team_id").loc[team]

    def team_type(self, team: str) -> str:
        return str(self.team_info(team)["team_type"])

    def region_teams(self, region: str) -> list[str]:
        """The teams of a region; every team for the empty id."""
        teams = self.teams if not region else self.teams[self.teams["region_id"] == region]
        return teams["team_id"].tolist()


def period_rows(measures: pd.DataFrame, label: str) -> pd.DataFrame:
    """One period's rows of a measures frame (index: rep id); none when the period has none."""
    if label not in measures.index.get_level_values("period"):
        return measures.iloc[0:0].droplevel("period")
    return measures.xs(label, level="period")
