"""KPI values of a goal's scope over periods, from the warehouse, with the engine's definitions.

Org, region, team and rep scopes roll rep measures up and recompute the KPI from the sums (as every
report does). A level scope holds each rep of that level to the target, so its history is the median
rep of that level per period, and its progress is shown per rep.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import pandas as pd

from salesnb.goals.model import Scope
from salesnb.kpis.catalog import compute_kpis
from salesnb.kpis.engine import rollup_slice
from salesnb.kpis.measures import compute_measures
from salesnb.periods import Period
from salesnb.warehouse.slices import Slice, list_teams, load_slice


@dataclass
class GoalData:
    """Every team's data over a window, loaded once for all the goals judged against it."""

    data: dict[str, pd.DataFrame]
    as_of: date
    start: date = date.min  # the first day the data was loaded for
    #: the rolled-up measures per scope and periods: every goal of a scope (and the SMART audit of each)
    #: reads the same roll-up, which is the costly part of a goal's history
    _rolled: dict[tuple, tuple[pd.DataFrame, str]] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.data, Slice):  # frames built by hand: a slice of them remembers measures
            self.data = Slice(self.data)

    @classmethod
    def load(cls, con, start: date, end: date, as_of: date) -> GoalData:
        teams = list_teams(con)["team_id"].tolist()
        return cls(load_slice(con, teams, start, end), as_of, start)

    @property
    def data_start(self) -> date:
        """The first day with data: where a history can begin (before it, zeros are not history)."""
        return max(self.start, first_day(self.data))

    # ---------------------------------------------------------------------------------------- scopes
    def unknown(self, scope: Scope) -> str | None:
        """Why the scope names nothing in the warehouse, or ``None`` when it resolves."""
        teams, reps = self.data["teams"], self.data["reps"]
        known = {
            "region": set(teams["region_id"]),
            "team": set(teams["team_id"]),
            "rep": set(reps["rep_id"]),
        }
        if scope.kind == "org":
            return None
        if scope.kind == "level":
            if scope.team and scope.team not in known["team"]:
                return f"unknown team {scope.team!r}"
            return None
        if scope.kind not in known:
            return f"unknown scope kind {scope.kind!r}"
        if scope.id not in known[scope.kind]:
            sample = ", ".join(sorted(known[scope.kind])[:6])
            return f"unknown {scope.kind} {scope.id!r} (known: {sample}…)"
        return None

    def team_ids(self, scope: Scope) -> set[str]:
        teams, reps = self.data["teams"], self.data["reps"]
        if scope.kind == "team":
            return {scope.id}
        if scope.kind == "region":
            return set(teams.loc[teams["region_id"] == scope.id, "team_id"])
        if scope.kind == "rep":
            return set(reps.loc[reps["rep_id"] == scope.id, "team_id"])
        if scope.kind == "level" and scope.team:
            return {scope.team}
        return set(teams["team_id"])

    def scope_reps(self, scope: Scope) -> pd.DataFrame:
        """The reps a level scope holds to the target (rep_id, name, team_id)."""
        reps = self.data["reps"]
        chosen = reps[reps["level"] == scope.id]
        if scope.team:
            chosen = chosen[chosen["team_id"] == scope.team]
        return chosen[["rep_id", "name", "team_id"]]

    # -------------------------------------------------------------------------------------- values
    def prefetch(self, periods: list[Period]) -> None:
        """Compute the measures of all these periods in one pass (the slice remembers them: the goals of a
        review then only look them up)."""
        compute_measures(self.data, periods)

    def values(self, scope: Scope, metric: str, periods: list[Period]) -> pd.DataFrame:
        """The metric per period (index: period label) and unit (columns: one, or one per rep)."""
        rolled, by = self._measures(scope, periods)
        kpis = compute_kpis(rolled, [metric])[metric]
        return self._wide(kpis, by, scope, periods)

    def measure(self, scope: Scope, name: str, periods: list[Period]) -> pd.DataFrame:
        """A measure (``quota``, ``revenue``) per period and unit, shaped as :meth:`values`."""
        rolled, by = self._measures(scope, periods)
        return self._wide(rolled[name].astype(float), by, scope, periods)

    def _measures(self, scope: Scope, periods: list[Period]) -> tuple[pd.DataFrame, str]:
        """The scope's measures per period (per rep for a level scope) and the index level of its units,
        rolled up once per scope and periods (the frames are shared: callers only read them)."""
        key = (scope.kind, scope.id, scope.team, tuple((p.start, p.end, p.grain) for p in periods))
        if key not in self._rolled:
            self._rolled[key] = self._roll(scope, periods)
        return self._rolled[key]

    def _roll(self, scope: Scope, periods: list[Period]) -> tuple[pd.DataFrame, str]:
        m = compute_measures(self.data, periods)  # remembered per period by a Slice
        if scope.kind == "level":
            ids = self.scope_reps(scope)["rep_id"]
            per_rep = m[m.index.get_level_values("rep_id").isin(ids)]
            return per_rep[per_rep["headcount"] > 0], "rep_id"  # only periods the rep was employed
        level = "org" if scope.kind == "org" else scope.kind
        rolled = rollup_slice(m, self.data, level)  # type: ignore[arg-type]
        unit = "org" if scope.kind == "org" else scope.id
        rolled = rolled[rolled.index.get_level_values("unit_id") == unit]
        return rolled[rolled["headcount"] > 0], "unit_id"

    @staticmethod
    def _wide(values: pd.Series, by: str, scope: Scope, periods: list[Period]) -> pd.DataFrame:
        labels = [p.label for p in periods]
        if by == "rep_id":
            return values.unstack("rep_id").reindex(labels)
        unit = "org" if scope.kind == "org" else scope.id
        return values.droplevel("unit_id").to_frame(unit).reindex(labels)

    def series(self, scope: Scope, metric: str, periods: list[Period]) -> pd.Series:
        """One value per period: the unit's, or for a level scope the median rep's."""
        return self.values(scope, metric, periods).median(axis=1, skipna=True)


def to_date(period: Period, as_of: date) -> Period:
    """``period`` cut at the end of ``as_of`` (the same label, fewer days) when it is still running."""
    end = min(period.end, as_of + timedelta(days=1))
    return Period(period.start, max(end, period.start), period.grain)


def first_day(data: dict[str, pd.DataFrame]) -> date:
    """The first day the slice holds records for (history before it is not a history of zeros);
    :attr:`datetime.date.max` when it holds none (no period has a history then)."""
    days = [
        pd.to_datetime(data["opportunities"]["created_date"]).min(),
        pd.to_datetime(data["activity_daily"]["day"]).min() if "day" in data["activity_daily"] else pd.NaT,
    ]
    days = [d for d in days if pd.notna(d)]
    return min(days).date() if days else date.max
