"""The workbench's state as plain Python: a selection, the frames it shows, and the what-ifs.

Nothing here imports ipywidgets. :mod:`salesnb.workbench.widgets` binds these methods to widgets,
:mod:`salesnb.workbench.views` turns the frames into escaped HTML and PNG charts, and the tests drive both.

Every number comes from the functions the reports use, on the same kind of slice: a team's KPIs are
:func:`~salesnb.kpis.kpi_table` on the team's slice (as the team review's scorecard), the funnel is
:func:`~salesnb.kpis.funnel.stage_funnel`, payouts are :func:`~salesnb.incentives.payouts` month by month
(as :func:`~salesnb.reviews.team_analysis.team_payouts`), the goal audit is
:func:`~salesnb.goals.audit.audit_goal`, and the coaching preview is
:func:`~salesnb.coaching.coaching_actions` on :func:`~salesnb.analysis.signals.rep_signals`. The warehouse
is read once per period grain for every team (a few hundred milliseconds on the demo) and sliced in memory.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from salesnb.analysis import signals as signal_rules
from salesnb.analysis import workload as workload_rules
from salesnb.analysis.common import RAMP_MONTHS, tenure_months
from salesnb.analysis.findings import signal_frame
from salesnb.analysis.signals import rep_signals
from salesnb.coaching import Action, Benchmarks, benchmarks, coaching_actions
from salesnb.coaching.catalog import Module
from salesnb.coaching.rules import Rule, RuleSet
from salesnb.config import default_db_path, default_params_dir, default_reports_dir
from salesnb.errors import ParameterError
from salesnb.files.paths import period_dir
from salesnb.goals import GoalData, data_as_of
from salesnb.goals.audit import GoalAudit, audit_goal, history_window
from salesnb.goals.model import Goal, GoalSet
from salesnb.goals.pacing import Pacing, pace
from salesnb.goals.progress import goal_progress
from salesnb.incentives import FILE as PLANS_FILE
from salesnb.incentives import Plan, PlanSet, goals_met_by_rep, payouts, rep_inputs
from salesnb.incentives.plans import parse_plan
from salesnb.kpis import compute_kpis, compute_measures, kpi_table, rollup, units
from salesnb.kpis.funnel import stage_funnel
from salesnb.params import load_settings
from salesnb.periods import Period
from salesnb.reviews.rep import guard_signals
from salesnb.reviews.team import latest_period
from salesnb.text.formatting import format_value
from salesnb.warehouse import connect, read_meta
from salesnb.warehouse.slices import list_teams, load_slice
from salesnb.workbench.labels import label

if TYPE_CHECKING:  # papermill, which the batch package imports, takes seconds to import
    from salesnb.reports.manifest import Entry

#: Periods offered: the running month and quarter (when the data reaches into them) and these many
#: complete ones before.
MONTHS_OFFERED = 12
QUARTERS_OFFERED = 4
#: KPIs of the KPI table for a region or the organisation (a team or rep reads its team type's set).
SCOPE_KPIS = [
    "revenue", "quota_attainment", "new_customers", "win_rate", "avg_deal_size", "sales_cycle_days",
    "pipeline_value", "pipeline_coverage", "lead_conversion_rate", "headcount",
]  # fmt: skip
#: KPIs of the trend (the trend chart reads revenue, quota and attainment).
TREND_KPIS = [
    "revenue", "quota_attainment", "win_rate", "new_customers", "headcount", "calls_per_working_day",
]  # fmt: skip
#: KPIs of the comparison table (teams of a region, reps of a team).
COMPARISON_KPIS = [
    "revenue", "quota_attainment", "win_rate", "new_customers", "avg_deal_size", "pipeline_value",
]  # fmt: skip
#: The order goals are offered in: the closest to a team first.
GOAL_ORDER = {"team": 0, "rep": 1, "level": 2, "region": 3, "org": 4}
#: Most activities the drill-down lists.
ACTIVITY_LIMIT = 100


@dataclass(frozen=True)
class Threshold:
    """The number a coaching rule's preview moves: a rule's ``by``, or the constant of a signal."""

    name: str
    value: float  # the value in force in the file (or the module's constant)
    minimum: float
    maximum: float
    step: float


#: Per signal: the :func:`rep_signals` threshold that decides it, its default and a sensible range.
SIGNAL_THRESHOLDS: dict[str, Threshold] = {
    "low_contact_rate": Threshold("low_contact_margin", signal_rules.LOW_CONTACT_MARGIN, 0.0, 0.9, 0.01),
    "high_activity_low_conv": Threshold(
        "high_activity_margin", signal_rules.HIGH_ACTIVITY_MARGIN, 0.0, 2.0, 0.05
    ),
    "burnout": Threshold("activity_up", workload_rules.ACTIVITY_UP, 0.0, 1.0, 0.01),
    "activity_drop": Threshold("activity_drop", signal_rules.ACTIVITY_DROP, 0.05, 1.0, 0.05),
    "below_target": Threshold("below_target", signal_rules.BELOW_TARGET, 0.1, 1.5, 0.05),
    "ramping": Threshold("ramp_months", float(RAMP_MONTHS), 0.0, 24.0, 1.0),
    "departed": Threshold("attrition_periods", float(signal_rules.ATTRITION_PERIODS), 0.0, 24.0, 1.0),
}
#: Signal thresholds that count periods or months (whole numbers).
WHOLE_THRESHOLDS = {"ramp_months", "attrition_periods"}


@dataclass(frozen=True)
class Selection:
    """What the workbench looks at: a period and a scope (empty means all: the whole region, team, …)."""

    period: str
    region: str = ""
    team: str = ""
    rep: str = ""

    @property
    def level(self) -> str:
        """The scope's level: ``rep``, ``team``, ``region`` or ``org``."""
        return "rep" if self.rep else "team" if self.team else "region" if self.region else "org"

    @property
    def unit_id(self) -> str:
        return self.rep or self.team or self.region or "org"


@dataclass(frozen=True)
class WhatIf:
    """Attainment, pacing and payout of a team's reps, as in the warehouse and under the what-ifs."""

    period: str
    team_id: str
    reps: pd.DataFrame  # one row per rep employed in the period; see Workbench.what_if
    team: pd.Series  # the team's totals, same columns
    elapsed_days: int
    total_days: int
    overrides: list[str] = field(default_factory=list)  # what is changed, as the analyst reads it


@dataclass(frozen=True)
class RenderResult:
    """A report rendered from the workbench: the manifest entry and where the files are."""

    entry: Entry
    html: Path | None  # path of the HTML report (None when it failed)
    log: Path
    team: str
    rep: str  # the rep whose review was rendered ("" for a team review)
    fallback: bool  # a rep was chosen but has no rep review: their team's review was rendered


def subset_slice(data: dict[str, pd.DataFrame], team_ids: list[str]) -> dict[str, pd.DataFrame]:
    """The part of an every-team slice that :func:`~salesnb.warehouse.slices.load_slice` would have read
    for ``team_ids`` over the same window (customers: those the teams' reps own, sold to or have deals
    with in the window)."""
    teams = set(team_ids)
    reps = data["reps"][data["reps"]["team_id"].isin(teams)]
    ids = set(reps["rep_id"])
    opps = data["opportunities"][data["opportunities"]["rep_id"].isin(ids)]
    orders = data["orders"][data["orders"]["rep_id"].isin(ids)]
    targets = data["targets"]
    customers = data["customers"]
    keep_customers = (
        customers["rep_id"].isin(ids)
        | customers["customer_id"].isin(set(orders["customer_id"]))
        | customers["customer_id"].isin(set(opps["customer_id"].dropna()))
    )
    out = {
        "teams": data["teams"][data["teams"]["team_id"].isin(teams)],
        "reps": reps,
        "opportunities": opps,
        "stage_history": data["stage_history"][
            data["stage_history"]["opportunity_id"].isin(set(opps["opportunity_id"]))
        ],
        "leads": data["leads"][data["leads"]["rep_id"].isin(ids)],
        "first_won": data["first_won"][data["first_won"]["rep_id"].isin(ids)],
        "activity_daily": data["activity_daily"][data["activity_daily"]["rep_id"].isin(ids)],
        "targets": targets[
            ((targets["scope"] == "rep") & targets["scope_id"].isin(ids))
            | ((targets["scope"] == "team") & targets["scope_id"].isin(teams))
        ],
        "orders": orders,
        "customers": customers[keep_customers],
        "costs": data["costs"][data["costs"]["team_id"].isin(teams)],
        "surveys": data["surveys"][data["surveys"]["rep_id"].isin(ids)],
    }
    return {k: v.reset_index(drop=True) for k, v in out.items()}


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def pacing(revenue: float, quota: float, elapsed: int, total: int) -> Pacing:
    """Revenue paced against a quota (:func:`~salesnb.goals.pacing.pace`); ``no_quota`` without one.

    Examples
    --------
    >>> pacing(40.0, 100.0, 10, 20).status, pacing(40.0, 0.0, 10, 20).status
    ('behind', 'no_quota')
    """
    if _missing(quota) or quota <= 0:
        p = pace(revenue, math.inf, True, True, elapsed, total)
        return p if p.status in ("not_started", "no_data") else replace(p, status="no_quota")
    return pace(revenue, quota, True, True, elapsed, total)


def plan_as_raw(plan: Plan) -> dict:
    """A plan as its YAML mapping, so :func:`~salesnb.incentives.plans.parse_plan` can check a change."""
    applies: object = "default"
    if plan.team_types or plan.levels:
        applies = {}
        if plan.team_types:
            applies["team_type"] = list(plan.team_types)
        if plan.levels:
            applies["level"] = list(plan.levels)
    bonuses = []
    for b in plan.bonuses:
        if b.goal:
            bonuses.append({"goal": b.goal, "amount": b.amount})
        elif b.minimum is not None:
            bonuses.append({"kpi": b.kpi, "min": b.minimum, "amount": b.amount})
        else:
            bonuses.append({"kpi": b.kpi, "max": b.maximum, "amount": b.amount})
    raw = {
        "id": plan.id,
        "applies_to": applies,
        "basis": plan.basis,
        "method": plan.method,
        "tiers": [{"from": t.from_attainment, "rate": t.rate} for t in plan.tiers],
        "bonuses": bonuses,
        "note": plan.note,
    }
    if plan.threshold is not None:
        raw["threshold"] = plan.threshold
    if plan.cap is not None:
        raw["cap"] = plan.cap
    return raw


def with_tier(plan: Plan, tier: int, rate: float | None = None, start: float | None = None) -> Plan:
    """``plan`` with tier ``tier`` (1-based) paying ``rate`` from attainment ``start``, checked by the same
    rules as the plans file (a :class:`ParameterError` names what is wrong). Moving the tier the
    decelerator stops at moves the threshold with it."""
    raw = plan_as_raw(plan)
    if not 1 <= tier <= len(raw["tiers"]):
        raise ParameterError(f"plan {plan.id!r} has tiers 1 to {len(raw['tiers'])}, not {tier}")
    row = raw["tiers"][tier - 1]
    if start is not None:
        if plan.threshold is not None and row["from"] == plan.threshold:
            raw["threshold"] = float(start)
        row["from"] = float(start)
    if rate is not None:
        row["rate"] = float(rate)
    return parse_plan(raw, "what-if", 1)


class Workbench:
    """Selection → frames; what-ifs → recomputed attainment, pacing and payout; goal target → audit
    verdict; rule threshold → flagged reps; and the render button's papermill run.

    Open one with :meth:`open`; change the selection with :meth:`select`.
    """

    def __init__(
        self,
        db_path: Path,
        params_dir: Path,
        reports_dir: Path,
        *,
        language: str = "en",
        trend_periods: int = 12,
    ) -> None:
        self.db_path = Path(db_path).resolve()
        self.params_dir = Path(params_dir)
        self.reports_dir = Path(reports_dir)
        self.language = language
        self.trend_periods = trend_periods
        with connect(self.db_path) as con:
            self.meta = read_meta(con)
            self.teams = list_teams(con)
            last = con.execute(
                """SELECT max(day) FROM (SELECT max(started_at)::DATE AS day FROM activities
                   UNION ALL SELECT max(close_date) FROM opportunities)"""
            ).fetchone()
        #: the last day with a record (an activity or a deal closing): a period after it has no data
        self.last_data_day: date | None = last[0] if last else None
        if self.teams.empty:
            raise ParameterError(f"{self.db_path}: the warehouse has no teams")
        self.currency = self.meta.get("currency", "CNY")
        self.as_of = data_as_of(self.meta)
        self.latest = latest_period(self.meta)
        #: the params folder, read and validated once (as a report reads it)
        self.settings = load_settings(self.params_dir)
        self.kpi_sets = self.settings.kpi_sets
        #: fewest people besides a rep behind a benchmark over other people (as in the rep reviews)
        self.min_group = self.settings.benchmarks.min_group_size
        self.goalset: GoalSet | None = self.settings.goals
        self.plans: PlanSet | None = self.settings.plans
        self.rules: RuleSet | None = self.settings.coaching_rules
        self.modules: Mapping[str, Module] | None = self.settings.training_catalog if self.rules else None
        # what-ifs: quotas per (kind, id, period), plans changed, goal targets, rule thresholds
        self.quotas: dict[tuple[str, str, str], float] = {}
        self.plan_changes: dict[str, Plan] = {}
        self._slices: dict[str, dict[str, pd.DataFrame]] = {}
        self._cache: dict[tuple, object] = {}
        self._goal_data: GoalData | None = None
        first = self.teams.iloc[0]
        self.selection = Selection(self.latest.label, str(first["region_id"]), str(first["team_id"]))

    @classmethod
    def open(
        cls,
        db_path: str | Path | None = None,
        *,
        params_dir: str | Path | None = None,
        reports_dir: str | Path | None = None,
        language: str = "en",
        trend_periods: int = 12,
    ) -> Workbench:
        """The workbench on a warehouse (default ``$SALESNB_DB`` or ``data/salesnb.duckdb``), the params
        folder (``$SALESNB_PARAMS`` or ``params/``) and the reports folder (``$SALESNB_REPORTS`` or
        ``reports/``); it starts on the first team and the latest complete month."""
        return cls(
            Path(db_path) if db_path else default_db_path(),
            Path(params_dir) if params_dir else default_params_dir(),
            Path(reports_dir) if reports_dir else default_reports_dir(),
            language=language,
            trend_periods=trend_periods,
        )

    def clone(self) -> Workbench:
        """A second workbench on the same loaded data: its own selection and what-ifs, the data and the
        computed frames shared (they are never changed in place), so it opens at no cost."""
        other = Workbench.__new__(Workbench)
        other.__dict__.update(self.__dict__)
        other.quotas, other.plan_changes = {}, {}
        first = self.teams.iloc[0]
        other.selection = Selection(self.latest.label, str(first["region_id"]), str(first["team_id"]))
        return other

    # ------------------------------------------------------------------------------------ selection
    def periods(self) -> list[str]:
        """The periods offered, newest first: months, then quarters; for each grain the one running on the
        data's day (for pacing) when the data reaches into it, and the complete ones before it (complete:
        ended by the end of the warehouse's latest complete month)."""
        out = []
        for grain, count in (("month", MONTHS_OFFERED), ("quarter", QUARTERS_OFFERED)):
            last = Period.containing(self.latest.last_day, grain)  # type: ignore[arg-type]
            if last.end > self.latest.end:
                last = last.previous()
            running = Period.containing(self.as_of, grain)  # type: ignore[arg-type]
            if running > last and self.last_data_day is not None and self.last_data_day >= running.start:
                out.append(running.label)
            out += [last.shift(-k).label for k in range(count)]
        return out

    def region_options(self) -> list[tuple[str, str]]:
        """``(label, region id)``; the empty id is every region."""
        regions = self.teams.drop_duplicates("region_id")
        return [("", "")] + [
            (str(n), str(r)) for r, n in zip(regions["region_id"], regions["region_name"], strict=True)
        ]

    def team_options(self, region: str | None = None) -> list[tuple[str, str]]:
        """``(team name, team id)`` of a region (the selection's by default); the empty id is every team."""
        region = self.selection.region if region is None else region
        teams = self.teams if not region else self.teams[self.teams["region_id"] == region]
        return [("", "")] + [(str(n), str(t)) for t, n in zip(teams["team_id"], teams["name"], strict=True)]

    def rep_options(self, team: str | None = None, period: str | None = None) -> list[tuple[str, str]]:
        """``(rep name, rep id)`` of the reps of a team employed in the period; the empty id is every rep."""
        team = self.selection.team if team is None else team
        if not team:
            return [("", "")]
        p = Period.parse(period or self.selection.period)
        m = self._rep_measures(team, p)
        working = set(m.index[m["headcount"] > 0])
        reps = self._data(p)["reps"]
        reps = reps[(reps["team_id"] == team) & reps["rep_id"].isin(working)]
        return [("", "")] + [(str(n), str(r)) for r, n in zip(reps["rep_id"], reps["name"], strict=True)]

    def select(
        self,
        period: str | None = None,
        region: str | None = None,
        team: str | None = None,
        rep: str | None = None,
    ) -> Selection:
        """Change the selection; ``None`` keeps a part. A region clears the team and rep, a team sets its
        region and clears the rep, a rep sets its team and region. A rep not employed in a new period is
        dropped. Unknown ids are a :class:`ParameterError`."""
        s = self.selection
        if period is not None:
            if period not in self.periods():
                raise ParameterError(
                    f"period {period!r} is not offered: use one of {', '.join(self.periods())}"
                )
            s = replace(s, period=period)
        if region is not None:
            known = {r for _, r in self.region_options()}
            if region not in known:
                raise ParameterError(
                    f"unknown region {region!r}: use one of {', '.join(sorted(known - {''}))}"
                )
            if region != s.region:
                s = replace(s, region=region, team="", rep="")
        if team is not None:
            if team and team not in set(self.teams["team_id"]):
                raise ParameterError(f"unknown team {team!r}: use one of {', '.join(self.teams['team_id'])}")
            if team != s.team:
                s = replace(s, team=team, rep="")
            if team:
                s = replace(s, region=self._team_info(team)["region_id"])
        if rep is not None and rep:
            reps = self._data(Period.parse(s.period))["reps"].set_index("rep_id")
            if rep not in reps.index:
                raise ParameterError(f"unknown rep {rep!r}")
            team_id = str(reps.loc[rep, "team_id"])
            s = replace(s, team=team_id, region=self._team_info(team_id)["region_id"], rep=rep)
        elif rep is not None:
            s = replace(s, rep="")
        if s.rep and s.rep not in {r for _, r in self.rep_options(s.team, s.period)}:
            s = replace(s, rep="")
        self.selection = s
        return s

    @property
    def period(self) -> Period:
        return Period.parse(self.selection.period)

    def scope_name(self, selection: Selection | None = None) -> str:
        """The selection as the analyst reads it: ``East China › Hangzhou Key Accounts › Li Na``."""
        s = selection or self.selection
        if s.level == "org":
            return ""
        parts = [str(self.teams.loc[self.teams["region_id"] == s.region, "region_name"].iloc[0])]
        if s.team:
            parts.append(str(self._team_info(s.team)["name"]))
        if s.rep:
            parts.append(self.rep_name(s.rep))
        return " › ".join(parts)

    def rep_name(self, rep_id: str) -> str:
        reps = self._data(self.period)["reps"].set_index("rep_id")
        return str(reps.loc[rep_id, "name"]) if rep_id in reps.index else rep_id

    def _team_info(self, team: str) -> pd.Series:
        return self.teams.set_index("team_id").loc[team]

    def team_type(self, team: str | None = None) -> str:
        return str(self._team_info(team or self.selection.team)["team_type"])

    # ----------------------------------------------------------------------------------------- data
    def _window(self, grain: str) -> tuple[date, date]:
        """The dates one load covers for every period of ``grain`` offered, with their history."""
        offered = [Period.parse(p) for p in self.periods()]
        mine = [p for p in offered if p.grain == grain]
        lookback = max(self.trend_periods, 2 * signal_rules.SIGNAL_PERIODS + 2)
        return min(mine).shift(-lookback).start, max(mine).end

    def _data(self, period: Period) -> dict[str, pd.DataFrame]:
        """Every team's slice over the window of the period's grain (read once per grain)."""
        if period.grain not in self._slices:
            start, end = self._window(period.grain)
            with connect(self.db_path) as con:
                self._slices[period.grain] = load_slice(con, self.teams["team_id"].tolist(), start, end)
        return self._slices[period.grain]

    def scope_teams(self, selection: Selection | None = None) -> list[str]:
        s = selection or self.selection
        if s.team:
            return [s.team]
        if s.region:
            return self.teams.loc[self.teams["region_id"] == s.region, "team_id"].tolist()
        return self.teams["team_id"].tolist()

    def scope_data(self, selection: Selection | None = None) -> dict[str, pd.DataFrame]:
        """The slice of the selection's teams (a rep is seen within their team's slice, as in the reports)."""
        s = selection or self.selection
        return self._slice_of(self.scope_teams(s), Period.parse(s.period))

    def _slice_of(self, teams: list[str], period: Period) -> dict[str, pd.DataFrame]:
        """``teams``' part of the period's every-team slice (computed once)."""
        key = ("slice", period.label, tuple(teams))
        return self._memo(key, lambda: subset_slice(self._data(period), list(teams)))  # type: ignore[return-value]

    def _team_slice(self, team: str, period: Period) -> dict[str, pd.DataFrame]:
        return self._slice_of([team], period)

    def _memo(self, key: tuple, compute: Callable[[], object]):
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    def _measures(self, teams: list[str], period: Period) -> pd.DataFrame:
        """Measures per rep of ``teams``' slice over the ``trend_periods`` periods ending with ``period``
        (index: period, rep id): one computation serves the trend, the comparison and the what-if."""

        def compute() -> pd.DataFrame:
            data = self._slice_of(teams, period)
            return compute_measures(data, period.history(max(self.trend_periods, 2)))  # type: ignore[arg-type]

        return self._memo(("measures", tuple(teams), period.label), compute)  # type: ignore[return-value]

    def _rep_measures(self, team: str, period: Period) -> pd.DataFrame:
        """Measures per rep of one team (its own slice, as its review reads it) for one period (index: rep
        id)."""
        return _period_rows(self._measures([team], period), period.label)

    def kpi_names(self, selection: Selection | None = None) -> list[str]:
        """The KPIs the KPI table shows: the team type's set for a team or rep, else :data:`SCOPE_KPIS`."""
        s = selection or self.selection
        if not s.team:
            return list(SCOPE_KPIS)
        names = self.kpi_sets[self.team_type(s.team)]
        return [k for k in names if k != "headcount"] if s.rep else list(names)

    # ------------------------------------------------------------------------------------- overview
    def kpis(self) -> pd.DataFrame:
        """The selection's KPI table: :func:`~salesnb.kpis.kpi_table` rows of its unit (value, previous,
        change), on the same slice the report reads (a team's scorecard is the team review's)."""
        s = self.selection

        def compute() -> pd.DataFrame:
            table = kpi_table(self.scope_data(s), self.period, s.level, self.kpi_names(s))  # type: ignore[arg-type]
            return table[table["unit_id"] == s.unit_id].reset_index(drop=True)

        return self._memo(("kpis", s), compute)  # type: ignore[return-value]

    def trend(self) -> pd.DataFrame:
        """The selection's KPIs over the last ``trend_periods`` periods (index: period label), with quota;
        periods before the first record are left out (as in the team review)."""
        s = self.selection

        def compute() -> pd.DataFrame:
            data = self.scope_data(s)
            measures = self._measures(self.scope_teams(s), self.period)
            history = [p.label for p in self.period.history(self.trend_periods)]
            measures = measures[measures.index.get_level_values("period").isin(history)]
            rolled = rollup(measures, units(data, s.level))  # type: ignore[arg-type]
            rolled = rolled[rolled.index.get_level_values("unit_id") == s.unit_id]
            trend = compute_kpis(rolled, TREND_KPIS).join(rolled[["quota"]]).droplevel("unit_id")
            trend = trend[trend["headcount"] > 0]
            has_data = (trend["revenue"] > 0) | (trend["calls_per_working_day"] > 0) | (trend["quota"] > 0)
            return trend[has_data.cummax()]

        return self._memo(("trend", s), compute)  # type: ignore[return-value]

    def comparison(self) -> pd.DataFrame:
        """One level down, for the period: the teams of a region (or of the organisation) or the reps of a
        team (a rep is shown among their team-mates). Columns: ``unit_id``, ``name``, ``level`` (reps),
        ``quota`` and :data:`COMPARISON_KPIS`, highest revenue first."""
        s = self.selection
        by = "rep" if s.team else "team"

        def compute() -> pd.DataFrame:
            data = self.scope_data(s)
            measures = self._measures(self.scope_teams(s), self.period)
            mapping = units(data, by)  # type: ignore[arg-type]
            rolled = _period_rows(rollup(measures, mapping), self.period.label)
            rolled = rolled[rolled["headcount"] > 0]
            kpis = compute_kpis(rolled, COMPARISON_KPIS).join(rolled[["quota"]])
            names = mapping.drop_duplicates("unit_id").set_index("unit_id")["unit_name"]
            out = kpis.rename_axis("unit_id").reset_index()
            out.insert(1, "name", out["unit_id"].map(names).astype(str))
            if by == "rep":
                levels = data["reps"].set_index("rep_id")["level"]
                out.insert(2, "level", out["unit_id"].map(levels))
            return out.sort_values("revenue", ascending=False).reset_index(drop=True)

        return self._memo(("comparison", s), compute)  # type: ignore[return-value]

    def comparison_level(self) -> str:
        return "rep" if self.selection.team else "team"

    def funnel(self) -> pd.DataFrame:
        """:func:`~salesnb.kpis.funnel.stage_funnel` of the selection's deals closed in the period."""
        s = self.selection

        def compute() -> pd.DataFrame:
            data = self.scope_data(s)
            opps = data["opportunities"]
            if s.rep:
                opps = opps[opps["rep_id"] == s.rep]
            return stage_funnel(opps, data["stage_history"], self.period)

        return self._memo(("funnel", s), compute)  # type: ignore[return-value]

    # -------------------------------------------------------------------------------------- what-if
    def quota_target(self) -> tuple[str, str] | None:
        """What a quota what-if changes: ``("rep", id)`` when a rep is chosen, ``("team", id)`` when only a
        team is, ``None`` without a team."""
        s = self.selection
        if s.rep:
            return "rep", s.rep
        if s.team:
            return "team", s.team
        return None

    def base_quota(self, kind: str, unit: str) -> float:
        """The warehouse's quota of a rep or a team for the selected period."""
        team = unit if kind == "team" else self._rep_team(unit)
        m = self._rep_measures(team, self.period)
        if kind == "team":
            return float(m.loc[m["headcount"] > 0, "quota"].sum())
        return float(m["quota"].get(unit, 0.0))

    def quota(self, kind: str, unit: str) -> float:
        """The quota in force for the selected period: the what-if when one is set, else the warehouse's."""
        return self.quotas.get((kind, unit, self.selection.period), self.base_quota(kind, unit))

    def _rep_team(self, rep_id: str) -> str:
        reps = self._data(self.period)["reps"].set_index("rep_id")
        return str(reps.loc[rep_id, "team_id"])

    def set_quota(self, value: float | None, kind: str | None = None, unit: str | None = None) -> None:
        """Set (``None``: drop) the what-if quota of a rep or team for the selected period; by default of
        the selection's :meth:`quota_target`."""
        if kind is None or unit is None:
            target = self.quota_target()
            if target is None:
                raise ParameterError("choose a team or a rep to change a quota")
            kind, unit = target
        if kind not in ("rep", "team"):
            raise ParameterError(f"a quota belongs to a rep or a team, not a {kind!r}")
        key = (kind, unit, self.selection.period)
        if value is None or (not _missing(value) and math.isclose(value, self.base_quota(kind, unit))):
            self.quotas.pop(key, None)
            return
        if _missing(value) or not math.isfinite(value) or value < 0:
            raise ParameterError(f"a quota must be an amount of 0 or more, not {value!r}")
        self.quotas[key] = float(value)

    def set_tier(
        self, plan_id: str, tier: int, rate: float | None = None, start: float | None = None
    ) -> Plan:
        """Change one tier of a commission plan for the what-if (checked as the plans file is)."""
        plan = self.plan(plan_id)
        changed = with_tier(plan, tier, rate, start)
        if self.plans is not None and plan_as_raw(changed) == plan_as_raw(self.plans[plan_id]):
            self.plan_changes.pop(plan_id, None)
        else:
            self.plan_changes[plan_id] = changed
        return changed

    def plan(self, plan_id: str) -> Plan:
        """A plan as in force for the what-if (changed or as in the file)."""
        if plan_id in self.plan_changes:
            return self.plan_changes[plan_id]
        if self.plans is None:
            raise ParameterError(f"no commission plans file ({self.params_dir / PLANS_FILE})")
        return self.plans[plan_id]

    def plan_ids(self) -> list[str]:
        return [p.id for p in self.plans.plans] if self.plans else []

    def plans_in_force(self) -> PlanSet | None:
        if self.plans is None:
            return None
        return PlanSet(self.plans.path, tuple(self.plan_changes.get(p.id, p) for p in self.plans.plans))

    def plan_of(self, rep_id: str) -> str:
        """The id of the plan a rep is paid under."""
        if self.plans is None:
            return ""
        reps = self._data(self.period)["reps"].set_index("rep_id")
        return self.plans.plan_for(self.team_type(self._rep_team(rep_id)), str(reps.loc[rep_id, "level"])).id

    def reset_what_ifs(self) -> None:
        """Drop every quota and plan what-if."""
        self.quotas.clear()
        self.plan_changes.clear()

    def _with_quotas(
        self, data: dict[str, pd.DataFrame], team: str, period: Period
    ) -> dict[str, pd.DataFrame]:
        """The team's slice with the rep targets of the period's months scaled to the what-if quotas: a
        team quota scales every rep's by one factor, then a rep's own what-if sets theirs."""
        months = [pd.Timestamp(m.start) for m in period.months()]
        targets = data["targets"].copy()
        targets["target"] = targets["target"].astype(float)
        in_period = (
            (targets["scope"] == "rep") & (targets["metric"] == "revenue") & targets["month"].isin(months)
        )
        team_reps = data["reps"].loc[data["reps"]["team_id"] == team, "rep_id"].tolist()
        m = self._rep_measures(team, period)
        working = [r for r in team_reps if r in m.index and m.loc[r, "headcount"] > 0]
        quotas = {r: float(m.loc[r, "quota"]) for r in working}
        new_rows: list[dict] = []
        team_key = ("team", team, period.label)
        if team_key in self.quotas:
            new, old = self.quotas[team_key], sum(quotas.values())
            if old > 0:
                factor = new / old
                targets.loc[in_period & targets["scope_id"].isin(working), "target"] *= factor
                quotas = {r: q * factor for r, q in quotas.items()}
            else:  # no quota anywhere: share the new one evenly
                targets = targets[~(in_period & targets["scope_id"].isin(working))]
                for r in working:
                    new_rows += _month_rows(r, months, new / max(len(working), 1))
                quotas = dict.fromkeys(working, new / max(len(working), 1))
        for r in working:
            key = ("rep", r, period.label)
            if key not in self.quotas:
                continue
            new, old = self.quotas[key], quotas[r]
            mine = in_period & (targets["scope_id"] == r)
            if old > 0 and mine.any():
                targets.loc[mine, "target"] *= new / old
            else:
                targets = targets[~mine]
                new_rows += _month_rows(r, months, new)
        if new_rows:
            targets = pd.concat([targets, pd.DataFrame(new_rows)], ignore_index=True)
        return {**data, "targets": targets}

    def _payouts(self, data: dict[str, pd.DataFrame], team: str, period: Period, plans: PlanSet) -> pd.Series:
        """Total payout per rep for the period: each month paid on its own, months after the data's day not
        yet (as :func:`~salesnb.reviews.team_analysis.team_payouts`); goal bonuses as the report has them."""
        months = [m for m in period.months() if m.start <= self.as_of]
        measures = compute_measures(data, months)
        totals: dict[str, float] = {}
        for month in months:
            reps = rep_inputs(data, measures, month.label)
            if reps.empty:
                continue
            met = self._goals_met(team, month, reps)
            month_kpis = compute_kpis(measures.xs(month.label, level="period")).rename_axis("rep_id")
            paid = payouts(plans, reps, met, month_kpis)
            for rid, total in zip(paid["rep_id"], paid["total"], strict=True):
                totals[str(rid)] = totals.get(str(rid), 0.0) + float(total)
        return pd.Series(totals, dtype=float)

    def _goals_met(self, team: str, month: Period, reps: pd.DataFrame) -> dict[str, list[str]]:
        if self.goalset is None:
            return {}

        def compute() -> dict[str, list[str]]:
            start = self._window(month.grain)[0]
            data = self._team_slice(team, month)
            progress = goal_progress(self.goalset, GoalData(data, self.as_of, start), team, month)  # type: ignore[arg-type]
            return goals_met_by_rep(progress, reps)

        return self._memo(("goals_met", team, month.label), compute)  # type: ignore[return-value]

    def elapsed_days(self, period: Period | None = None) -> tuple[int, int]:
        """Working days of the period elapsed on the data's day, and in all."""
        p = period or self.period
        running = min(p.end, self.as_of + timedelta(days=1))
        return int(np.busday_count(p.start, max(running, p.start))), p.working_days()

    def what_if(self) -> WhatIf | None:
        """Attainment, pacing and payout of every rep of the selected team in the period, from the
        warehouse and under the what-ifs; ``None`` without a team.

        ``reps`` columns: ``rep_id``, ``name``, ``level``, ``plan_id``, ``revenue``, ``quota``,
        ``attainment``, ``pacing``, ``projection``, ``payout``, ``quota_new``, ``attainment_new``,
        ``pacing_new``, ``payout_new``, ``payout_change``. ``team`` holds the team's sums and its own
        attainment and pacing (``name`` is the team's name).
        """
        s = self.selection
        if not s.team:
            return None
        period, team = self.period, s.team
        base = self._team_slice(team, period)
        changed = self._with_quotas(base, team, period)
        plans = self.plans_in_force()
        m_base = self._rep_measures(team, period)
        m_new = _period_rows(compute_measures(changed, [period]), period.label)
        working = m_base.index[m_base["headcount"] > 0]
        reps = base["reps"].set_index("rep_id").loc[[r for r in base["reps"]["rep_id"] if r in working]]
        elapsed, total = self.elapsed_days(period)
        base_pay = (
            self._memo(("payouts", team, period.label), lambda: self._payouts(base, team, period, self.plans))
            if self.plans is not None
            else pd.Series(dtype=float)
        )
        new_pay = self._payouts(changed, team, period, plans) if plans is not None else pd.Series(dtype=float)
        rows = []
        for rid, rep in reps.iterrows():
            revenue = float(m_base.loc[rid, "revenue"])
            q_old, q_new = float(m_base.loc[rid, "quota"]), float(m_new.loc[rid, "quota"])
            p_old, p_new = pacing(revenue, q_old, elapsed, total), pacing(revenue, q_new, elapsed, total)
            pay_old, pay_new = float(base_pay.get(rid, math.nan)), float(new_pay.get(rid, math.nan))
            rows.append(
                {
                    "rep_id": rid,
                    "name": str(rep["name"]),
                    "level": str(rep["level"]),
                    "plan_id": self.plan_of(str(rid)),
                    "revenue": revenue,
                    "quota": q_old,
                    "attainment": _ratio(revenue, q_old),
                    "pacing": p_old.status,
                    "projection": p_old.projection,
                    "payout": pay_old,
                    "quota_new": q_new,
                    "attainment_new": _ratio(revenue, q_new),
                    "pacing_new": p_new.status,
                    "payout_new": pay_new,
                    "payout_change": pay_new - pay_old,
                }
            )
        frame = pd.DataFrame(rows)
        revenue = float(frame["revenue"].sum()) if len(frame) else 0.0
        q_old = float(frame["quota"].sum()) if len(frame) else 0.0
        q_new = float(frame["quota_new"].sum()) if len(frame) else 0.0
        p_old, p_new = pacing(revenue, q_old, elapsed, total), pacing(revenue, q_new, elapsed, total)
        team_row = pd.Series(
            {
                "rep_id": "",
                "name": str(self._team_info(team)["name"]),
                "level": "",
                "plan_id": "",
                "revenue": revenue,
                "quota": q_old,
                "attainment": _ratio(revenue, q_old),
                "pacing": p_old.status,
                "projection": p_old.projection,
                "payout": float(frame["payout"].sum(min_count=1)) if len(frame) else math.nan,
                "quota_new": q_new,
                "attainment_new": _ratio(revenue, q_new),
                "pacing_new": p_new.status,
                "payout_new": float(frame["payout_new"].sum(min_count=1)) if len(frame) else math.nan,
                "payout_change": float(frame["payout_change"].sum(min_count=1)) if len(frame) else math.nan,
            }
        )
        return WhatIf(period.label, team, frame, team_row, elapsed, total, self._describe_what_ifs(team))

    def _describe_what_ifs(self, team: str) -> list[str]:
        out = []
        for (kind, unit, period), value in self.quotas.items():
            if period != self.selection.period:
                continue
            if (kind == "team" and unit != team) or (kind == "rep" and self._rep_team(unit) != team):
                continue
            who = str(self._team_info(unit)["name"]) if kind == "team" else self.rep_name(unit)
            old = format_value(self.base_quota(kind, unit), "currency", self.currency)
            new = format_value(value, "currency", self.currency)
            out.append(label("whatif.quota_item", who=who, old=old, new=new))
        for plan in self.plan_changes.values():
            assert self.plans is not None
            before = self.plans[plan.id]
            for t, b in zip(plan.tiers, before.tiers, strict=True):
                if (t.from_attainment, t.rate) != (b.from_attainment, b.rate):
                    out.append(
                        label(
                            "whatif.tier_item",
                            plan=plan.id,
                            tier=t.number,
                            start=f"{t.from_attainment:.0%}",
                            rate=f"{t.rate:.2%}",
                        )
                    )
        return out

    # ---------------------------------------------------------------------------------------- goals
    def goal_options(self) -> list[tuple[str, str]]:
        """``(label, goal id)`` of the goals of ``params/goals.yaml`` that concern the selection: the
        organisation's, the region's, the team's, its reps' and its levels' (all of them for the
        organisation)."""
        if self.goalset is None:
            return []
        s = self.selection
        teams = set(self.scope_teams(s))
        regions = set(self.teams.loc[self.teams["team_id"].isin(teams), "region_id"])
        reps = self._data(self.period)["reps"]
        rep_ids = set(reps.loc[reps["team_id"].isin(teams), "rep_id"])
        out = []
        for g in self.goalset.goals:
            sc = g.scope
            if s.level != "org" and sc is not None:
                concerns = (
                    sc.kind == "org"
                    or (sc.kind == "region" and sc.id in regions)
                    or (sc.kind == "team" and sc.id in teams)
                    or (sc.kind == "rep" and sc.id in rep_ids)
                    or (sc.kind == "level" and (not sc.team or sc.team in teams))
                )
                if not concerns:
                    continue
            out.append(
                (GOAL_ORDER.get(sc.kind if sc else "", len(GOAL_ORDER)), f"{g.id} ({g.metric or '?'})", g.id)
            )
        # the selection's own goals first: its team's, its reps', its levels', then region and organisation
        return [(text, gid) for _, text, gid in sorted(out, key=lambda row: row[0])]

    def goal(self, goal_id: str) -> Goal:
        if self.goalset is None:
            raise ParameterError(f"no goals file ({self.params_dir / 'goals.yaml'})")
        for g in self.goalset.goals:
            if g.id == goal_id:
                return g
        raise ParameterError(f"unknown goal {goal_id!r}")

    def goal_data(self) -> GoalData:
        """Every team's history the audit reads (loaded once, on first use)."""
        if self._goal_data is None:
            assert self.goalset is not None
            start, end = history_window(self.goalset, self.as_of)
            with connect(self.db_path) as con:
                self._goal_data = GoalData.load(con, start, end, self.as_of)
        return self._goal_data

    def audit(self, goal_id: str, target: float | None = None) -> GoalAudit:
        """The SMART audit of a goal, with its target replaced by ``target`` when given."""
        goal = self.goal(goal_id)
        if target is not None:
            if _missing(target) or not math.isfinite(target):
                raise ParameterError(f"a target must be a number, not {target!r}")
            problems = tuple(p for p in goal.problems if not p.startswith(("M:no target", "M:target ")))
            goal = replace(goal, target=float(target), problems=problems)
        assert self.goalset is not None
        return audit_goal(goal, self.goalset, self.goal_data(), self.currency)

    # ------------------------------------------------------------------------------- coaching rules
    def rule_ids(self) -> list[str]:
        return [r.id for r in self.rules.rules] if self.rules else []

    def rule(self, rule_id: str) -> Rule:
        if self.rules is None:
            raise ParameterError("no coaching rules (params/coaching_rules.yaml and training_catalog.yaml)")
        for r in self.rules.rules:
            if r.id == rule_id:
                return r
        raise ParameterError(f"unknown coaching rule {rule_id!r}")

    def rule_threshold(self, rule_id: str) -> Threshold:
        """What the preview of a rule moves: a metric rule's ``by`` (the share past the benchmark), or
        the constant of the signal a signal rule fires on."""
        rule = self.rule(rule_id)
        if rule.when.signal:
            return SIGNAL_THRESHOLDS[rule.when.signal]
        return Threshold("by", rule.when.by, 0.0, 0.95, 0.01)

    def flagged(self, rule_id: str, threshold: float | None = None) -> pd.DataFrame:
        """The reps of the selection (a rep's team when a rep is chosen) that ``rule_id`` flags in the
        period at ``threshold`` and at the file's threshold.

        Columns: ``rep_id``, ``name``, ``team_id``, ``level``, ``metric``, ``value``, ``benchmark``,
        ``gap``, ``now`` (flagged at ``threshold``), ``before`` (at the file's); only reps flagged at one
        of the two. A rep is flagged when the rule fires for them (its ``unless`` signals, team types and
        levels applied) as in the rep review's coaching plan; a rep who left gets no plan.
        """
        rule = self.rule(rule_id)
        spec = self.rule_threshold(rule_id)
        value = spec.value if threshold is None else float(threshold)
        if not spec.minimum <= value <= spec.maximum:
            raise ParameterError(
                f"{spec.name} must be from {spec.minimum:g} to {spec.maximum:g}, not {value:g}"
            )
        if spec.name in WHOLE_THRESHOLDS:
            value = float(round(value))
        now = self._fired(rule, value)
        before = self._fired(rule, spec.value)
        rows = []
        for rid in dict.fromkeys([*before, *now]):
            found = now.get(rid) or before[rid]
            rows.append({**found, "now": rid in now, "before": rid in before})
        return pd.DataFrame(rows, columns=FLAGGED_COLUMNS)

    def rules_summary(self) -> pd.DataFrame:
        """Every coaching rule at the file's thresholds: ``rule``, ``condition``, ``module``, ``reps``
        (how many of the selection's reps it flags) and ``names`` (theirs, comma-separated)."""
        rows = []
        for rule in self.rules.rules if self.rules else ():
            fired = self._fired(rule, self.rule_threshold(rule.id).value)
            rows.append(
                {
                    "rule": rule.id,
                    "condition": rule.when.describe(),
                    "module": rule.module,
                    "reps": len(fired),
                    "names": ", ".join(f["name"] for f in fired.values()),
                }
            )
        return pd.DataFrame(rows, columns=["rule", "condition", "module", "reps", "names"])

    def _fired(self, rule: Rule, value: float) -> dict[str, dict]:
        assert self.rules is not None and self.modules is not None
        s = replace(self.selection, rep="")
        period = self.period
        thresholds: dict[str, float] = {}
        if rule.when.signal:
            spec = SIGNAL_THRESHOLDS[rule.when.signal]
            if value != spec.value:  # the defaults need no override (and share one computation)
                thresholds = {spec.name: int(value) if spec.name in WHOLE_THRESHOLDS else value}
            single = rule
        else:
            single = replace(rule, when=replace(rule.when, by=value))
        rules = RuleSet(self.rules.path, (single,), max_actions=10, close_gap=self.rules.close_gap)
        out: dict[str, dict] = {}
        for team in self.scope_teams(s):
            team_type = self.team_type(team)
            if rule.team_types and team_type not in rule.team_types:
                continue
            data = self._team_slice(team, period)
            key = ("signals", team, period.label, tuple(sorted(thresholds.items())))
            sigs = self._memo(
                key, lambda data=data, thresholds=thresholds: rep_signals(data, period, **thresholds)
            )
            kpis, info, _settled = self._peer_kpis(team_type, period)
            team_reps = info.index[(info["team_id"] == team).to_numpy()]
            for rid in team_reps:
                level = str(info.loc[rid, "level"])
                bench = self._rep_benchmarks(str(rid), team, level, period)
                who = pd.Series({"rep_id": rid, "level": level, "team_type": team_type})
                mine, _ = guard_signals(sigs, str(rid), self.min_group)  # type: ignore[arg-type]
                actions: list[Action] = coaching_actions(
                    who, kpis.loc[rid], bench, signal_frame(mine), rules, self.modules
                )
                fired = [a for a in actions if a.kind == "fix"]
                if fired:
                    a = fired[0]
                    out[str(rid)] = {
                        "rep_id": str(rid),
                        "name": str(info.loc[rid, "name"]),
                        "team_id": team,
                        "level": level,
                        "metric": a.metric,
                        "value": a.value,
                        "benchmark": a.benchmark,
                        "gap": a.gap,
                    }
        return out

    def _peer_kpis(self, team_type: str, period: Period) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series]:
        """KPIs of every rep of a team type who worked in the period (each team's slice on its own, as the
        reports read them), their roster rows, and whether each is past the ramp."""

        def compute():
            teams = self.teams.loc[self.teams["team_type"] == team_type, "team_id"].tolist()
            frames = []
            for team in teams:
                m = self._rep_measures(team, period)
                frames.append(compute_kpis(m[m["headcount"] > 0]))
            kpis = pd.concat(frames) if frames else pd.DataFrame()
            roster = self._data(period)["reps"].set_index("rep_id").reindex(kpis.index)
            tenure = tenure_months(roster.reset_index(), period.last_day).reindex(kpis.index)
            settled = tenure.fillna(RAMP_MONTHS) >= RAMP_MONTHS
            return kpis, roster, settled

        return self._memo(("peer_kpis", team_type, period.label), compute)  # type: ignore[return-value]

    def _rep_benchmarks(self, rep_id: str, team: str, level: str, period: Period) -> Benchmarks:
        def compute() -> Benchmarks:
            kpis, info, settled = self._peer_kpis(self.team_type(team), period)
            return self._benchmarks(kpis, info, settled, rep_id, team, level)

        return self._memo(("benchmarks", rep_id, period.label), compute)  # type: ignore[return-value]

    def _benchmarks(
        self, kpis: pd.DataFrame, info: pd.DataFrame, settled: pd.Series, rep_id, team: str, level: str
    ) -> Benchmarks:
        """Team median over the team's settled reps who are not managers; peers: settled reps of the same
        level and team type across the organisation, the rep left out; each only over at least
        ``min_group`` people besides the rep (as the rep review's)."""
        ok = settled.to_numpy()
        mates = kpis[(info["team_id"] == team).to_numpy() & (info["level"] != "manager").to_numpy() & ok]
        peers = kpis[(info["level"] == level).to_numpy() & ok & (kpis.index != rep_id)]
        return benchmarks(mates, peers, rep_id=rep_id, min_group=self.min_group)

    # ------------------------------------------------------------------------------------ drill-down
    def deals(self, rep_id: str | None = None) -> pd.DataFrame:
        """A rep's deals closed in the period or open at its end: ``opportunity_id``, ``name``,
        ``customer``, ``stage``, ``status``, ``amount``, ``created_date``, ``close_date`` (largest first)."""
        rep_id = rep_id or self.selection.rep
        if not rep_id:
            return pd.DataFrame(columns=_DEAL_COLUMNS)
        period = self.period
        data = self._data(period)
        opps = data["opportunities"]
        opps = opps[opps["rep_id"] == rep_id]
        start, end = pd.Timestamp(period.start), pd.Timestamp(period.end)
        closed_in = (
            opps["close_date"].ge(start) & opps["close_date"].lt(end) & opps["status"].isin(["won", "lost"])
        )
        open_at_end = opps["created_date"].lt(end) & (opps["close_date"].isna() | opps["close_date"].ge(end))
        chosen = opps[closed_in | open_at_end].copy()
        names = data["customers"].set_index("customer_id")["name"]
        chosen["customer"] = chosen["customer_id"].map(names)
        chosen = chosen.sort_values(["amount", "opportunity_id"], ascending=[False, True])
        return chosen[_DEAL_COLUMNS].reset_index(drop=True)

    def activity_summary(self, rep_id: str | None = None) -> pd.DataFrame:
        """A rep's activities in the period per type: ``activity_type``, ``activities``, ``connected``,
        ``talk_hours``, ``after_hours``."""
        rep_id = rep_id or self.selection.rep
        daily = self._data(self.period)["activity_daily"]
        period = self.period
        mine = daily[
            (daily["rep_id"] == rep_id)
            & daily["day"].ge(pd.Timestamp(period.start))
            & daily["day"].lt(pd.Timestamp(period.end))
        ]
        out = mine.groupby("activity_type")[["activities", "connected", "talk_seconds", "after_hours"]].sum()
        out["talk_hours"] = out.pop("talk_seconds") / 3600
        return out.reset_index()[["activity_type", "activities", "connected", "talk_hours", "after_hours"]]

    def activities(self, rep_id: str | None = None, limit: int = ACTIVITY_LIMIT) -> pd.DataFrame:
        """A rep's latest ``limit`` activities in the period, read from the warehouse (every value bound
        as a query parameter): ``started_at``, ``activity_type``, ``minutes``, ``connected``,
        ``outcome``, ``customer``, ``deal``."""
        rep_id = rep_id or self.selection.rep
        if not rep_id:
            return pd.DataFrame(columns=_ACTIVITY_COLUMNS)
        period = self.period
        with connect(self.db_path) as con:
            return con.execute(
                """SELECT a.started_at, a.activity_type, round(a.duration_seconds / 60.0, 1) AS minutes,
                          a.connected, a.outcome, c.name AS customer, o.name AS deal
                   FROM activities a
                   LEFT JOIN customers c ON c.customer_id = a.customer_id
                   LEFT JOIN opportunities o ON o.opportunity_id = a.opportunity_id
                   WHERE a.rep_id = ? AND a.started_at >= ? AND a.started_at < ?
                   ORDER BY a.started_at DESC, a.activity_id LIMIT ?""",
                [rep_id, period.start, period.end, int(limit)],
            ).df()

    # ---------------------------------------------------------------------------------------- render
    def render_jobs(self) -> list:
        """The batch job the render button runs, planned as ``salesnb run`` plans it: the chosen rep's
        review (:func:`~salesnb.batch.plan.plan_rep_reviews`, where the batch has rep reviews and the rep
        is active at the period's end), else the team's review
        (:func:`~salesnb.batch.plan.plan_team_reviews`). One job, in a list."""
        from salesnb.batch import plan as batch_plan  # papermill takes seconds to import: only here

        s = self.selection
        if not s.team:
            raise ParameterError("choose a team to render its report")
        args = (self.db_path, self.period, [s.team], self.reports_dir, self.settings)
        plan_reps = getattr(batch_plan, "plan_rep_reviews", None)
        if s.rep and plan_reps is not None:
            mine = [job for job in plan_reps(*args) if getattr(job, "rep", "") == s.rep]
            if mine:
                return mine
        return batch_plan.plan_team_reviews(*args)

    def render_report(self) -> RenderResult:
        """Render the selected rep's or team's report for the selected period through the papermill path
        of ``salesnb run``: the job of :meth:`render_jobs`, run by
        :func:`~salesnb.batch.runner.execute_job`, recorded in the period's manifest and the index."""
        from salesnb.batch import plan as batch_plan
        from salesnb.batch import runner as batch_runner

        job = self.render_jobs()[0]
        entry = batch_runner.execute_job(job)
        batch_plan.record([entry], self.reports_dir)
        base = period_dir(self.reports_dir, self.period)  # the manifest's paths are relative to it
        rep = getattr(job, "rep", "")
        return RenderResult(
            entry=entry,
            html=base / entry.html if entry.html else None,
            log=job.log_path(),
            team=job.team,
            rep=rep,
            fallback=bool(self.selection.rep) and not rep,
        )


_DEAL_COLUMNS = [
    "opportunity_id", "name", "customer", "stage", "status", "amount", "created_date", "close_date",
]  # fmt: skip
FLAGGED_COLUMNS = [
    "rep_id", "name", "team_id", "level", "metric", "value", "benchmark", "gap", "now", "before",
]  # fmt: skip
_ACTIVITY_COLUMNS = ["started_at", "activity_type", "minutes", "connected", "outcome", "customer", "deal"]


def _period_rows(measures: pd.DataFrame, label: str) -> pd.DataFrame:
    if label not in measures.index.get_level_values("period"):
        return measures.iloc[0:0].droplevel("period")
    return measures.xs(label, level="period")


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator and denominator > 0 else math.nan


def _month_rows(rep_id: str, months: list[pd.Timestamp], quota: float) -> list[dict]:
    share = quota / len(months)
    return [
        {"scope": "rep", "scope_id": rep_id, "metric": "revenue", "month": m, "target": share} for m in months
    ]


__all__ = [
    "RenderResult",
    "Selection",
    "Threshold",
    "WhatIf",
    "Workbench",
    "pacing",
    "plan_as_raw",
    "subset_slice",
    "with_tier",
]
