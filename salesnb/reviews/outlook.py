"""The leaders' outlook: each team's goal progress, forecast and risks for the org and region overviews.

Each part is computed by the function the team review calls, on the same team slice (the team's data
from :data:`~salesnb.reviews.team.ANALYSIS_MONTHS` before the period, as the team review loads it), so
an overview's numbers are its teams' reviews' numbers. Only these parts are computed, not a whole team
review per team: no trends, tiers, workload, payouts or recognition. :mod:`salesnb.reviews.rollup` sums
them per region and for the scope.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from salesnb.analysis.common import prime_measures
from salesnb.analysis.deal_forecast import deal_forecast
from salesnb.analysis.forecast import forecast_revenue
from salesnb.analysis.risk_rules import RiskRules
from salesnb.analysis.risks import risk_register
from salesnb.analysis.signals import rep_signals
from salesnb.goals.history import GoalData
from salesnb.goals.progress import goal_progress
from salesnb.params import Settings
from salesnb.periods import Period
from salesnb.reviews.memo import TeamParts, parts_key, parts_of, recall, remember
from salesnb.reviews.rollup import (
    FORECAST_COLUMNS,
    forecast_rollup,
    goal_rollup,
    risk_counts,
    risk_entries,
)
from salesnb.reviews.team import ANALYSIS_MONTHS
from salesnb.warehouse.slices import load_slice


@dataclass
class Outlook:
    """The teams' goals, forecasts and risks, per team and rolled up (frames of :mod:`.rollup`)."""

    #: each team's goal progress rows (:func:`~salesnb.goals.progress.goal_progress`); empty without goals
    goal_rows: dict[str, pd.DataFrame] = field(default_factory=dict)
    goals: pd.DataFrame = field(default_factory=pd.DataFrame)  # goal_rollup
    forecast: pd.DataFrame = field(default_factory=pd.DataFrame)  # forecast_rollup
    risks: pd.DataFrame = field(default_factory=pd.DataFrame)  # risk_entries, most severe first
    risk_counts: pd.DataFrame = field(default_factory=pd.DataFrame)  # risk_counts per team
    #: whether a goals file was read (without one, goal progress is not shown, never shown as no goals)
    has_goals: bool = False
    #: the period the forecasts are for (the next one, as the team reviews forecast it)
    forecast_period: str = ""
    #: names of the customers a team's risk names (a concentration's top customers), by id
    names: dict[str, str] = field(default_factory=dict)


def team_parts(
    data: dict[str, pd.DataFrame], period: Period, as_of: date, start: date, settings: Settings
) -> TeamParts:
    """The goal progress, the best forecast with its deal forecast, and the risks of the team whose slice
    is ``data`` (loaded from ``start``), as :func:`~salesnb.reviews.team.load_team_review` computes them."""
    team_id = str(data["teams"]["team_id"].iloc[0])
    rules = settings.risk_rules or RiskRules()
    progress = None
    if settings.goals is not None:
        progress = goal_progress(settings.goals, GoalData(data, as_of, start), team_id, period)
    signals = rep_signals(data, period, **rules.signal_thresholds(data["teams"]["team_type"].tolist()))
    return parts_of(
        data,
        progress,
        forecast_revenue(data, period, as_of=as_of),
        deal_forecast(data, period, as_of, stalled_days=rules.stalled_days),
        risk_register(data, period, signals=signals, rules=rules),
    )


def load_outlook(
    con,
    db_file: Path,
    teams: pd.DataFrame,
    period: Period,
    as_of: date,
    settings: Settings,
    trend_periods: int,
) -> Outlook:
    """Every team's parts (:func:`team_parts`, each on its own slice read like its team review's, or as
    this process remembers them from the team's review or another overview: :mod:`.memo`) and their
    roll-ups over ``teams`` (a :func:`~salesnb.warehouse.slices.list_teams` frame)."""
    first_month = Period.parse(period.start.strftime("%Y-%m"))
    earliest = period.history(trend_periods)[0].start
    start = min(earliest, first_month.shift(-ANALYSIS_MONTHS).start)
    parts: dict[str, TeamParts] = {}
    for team_id in map(str, teams["team_id"]):
        key = parts_key(db_file, settings, team_id, period, as_of, start)
        known = recall(key)
        if known is None:
            data = load_slice(con, [team_id], start, period.end)
            prime_measures(data, period, earliest, start)
            known = team_parts(data, period, as_of, start, settings)
            remember(key, known)
        parts[team_id] = known
    return outlook_of(parts, teams, settings.goals is not None, period.next().label)


def outlook_of(parts: dict[str, TeamParts], teams: pd.DataFrame, has_goals: bool, next_label: str) -> Outlook:
    """The roll-ups of each team's parts over ``teams`` (team_id, region_id)."""
    goal_rows = {t: p.goals for t, p in parts.items() if p.goals is not None}
    forecasts = pd.DataFrame([p.forecast for p in parts.values()], columns=FORECAST_COLUMNS)
    risks = {t: p.risks for t, p in parts.items()}
    return Outlook(
        goal_rows=goal_rows,
        goals=goal_rollup(goal_rows, teams),
        forecast=forecast_rollup(forecasts, teams),
        risks=risk_entries(risks),
        risk_counts=risk_counts(risks),
        has_goals=has_goals,
        forecast_period=next_label,
        names={k: v for p in parts.values() for k, v in p.names.items()},
    )
