"""Runs of periods below target: a rep's (the ``below_target`` signal) and the team's (a risk).

A period's attainment is revenue ÷ quota over a **window** ending with it: one period for teams that
close many small deals, a rolling quarter (:attr:`~salesnb.analysis.risk_rules.RiskRules.rolling_periods`)
for field teams, whose few large deals make one month luck: a single month without a close is not a run
below target there. A run counts the periods in a row, looking back from the period, whose window is
under the line; a period without quota, outside employment or in the rep's ramp breaks it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from salesnb.analysis.common import RAMP_MONTHS, tenure_months
from salesnb.analysis.findings import Risk, RiskKind, Severity, Signal, SignalKind, Subject
from salesnb.kpis.catalog import quota_attainment
from salesnb.periods import Period

#: Quota attainment under which a period counts as below target.
BELOW_TARGET = 0.80
#: Consecutive periods below target that make a signal (a quarter running).
BELOW_TARGET_PERIODS = 3


def windowed_attainment(measures: pd.DataFrame, periods: list[Period], window: int = 1) -> pd.DataFrame:
    """Per rep (rows) and period (columns, oldest first) the attainment of the ``window`` periods ending
    with it; ``measures`` per ``(period, rep_id)`` cover them and the ``window − 1`` before the first.

    Examples
    --------
    Revenue 0, 300, 0 against 100 a month: by month 0, 3, 0; by rolling quarter (with the two months
    before at 100) 0.67, 1.33, 1.0 — the month without a close is not below target.
    """
    labels = [p.label for p in periods]
    frame = measures[["revenue", "quota"]].unstack("period").fillna(0.0)
    revenue = frame["revenue"].T.rolling(window, min_periods=window).sum().T
    quota = frame["quota"].T.rolling(window, min_periods=window).sum().T
    att = quota_attainment(pd.DataFrame({"revenue": revenue.stack(), "quota": quota.stack()}))
    return att.unstack().reindex(columns=labels)


def _run(flags: list[bool]) -> int:
    """How many of ``flags`` are true in a row at the end."""
    run = 0
    for flag in reversed(flags):
        if not flag:
            break
        run += 1
    return run


def below_target(
    measures: pd.DataFrame,
    reps: pd.DataFrame,
    period: Period,
    line: float = BELOW_TARGET,
    periods: int = BELOW_TARGET_PERIODS,
    ramp_months: int = RAMP_MONTHS,
    window: int = 1,
) -> list[Signal]:
    """``below_target`` signals: attainment (over ``window`` periods) under ``line`` in each of the last
    ``periods`` periods.

    ``measures`` cover the ``2 × periods + window − 1`` periods ending with ``period``. ``value`` is the
    mean attainment over the run; the evidence lists each period's attainment and how many periods in a
    row (looking back up to twice ``periods``) were below. Severity is high from twice ``periods`` in a
    row or a mean under half the target, medium otherwise.
    """
    history = period.history(2 * periods)
    att = windowed_attainment(measures, history, window)
    # a period inside the rep's ramp never counts
    for p in history:
        tenure = tenure_months(reps, p.start).reindex(att.index)
        att.loc[(tenure < ramp_months).fillna(False).to_numpy(), p.label] = np.nan
    below = att.lt(line) & att.notna()
    rows = []
    for rep_id, flags in below.iterrows():
        run = _run(flags.tolist())
        if run < periods:
            continue
        recent = att.loc[rep_id].iloc[-run:]
        high = run >= 2 * periods or recent.mean() < 0.5
        rows.append(
            Signal.of(
                SignalKind.BELOW_TARGET,
                rep_id,
                Severity.HIGH if high else Severity.MEDIUM,
                "quota_attainment",
                recent.mean(),
                None,
                line,
                periods_below=run,
                attainment={k: float(v) for k, v in recent.items()},
                required_periods=periods,
                window=window,
            )
        )
    return rows


def team_below_quota(
    measures: pd.DataFrame, team: Subject, period: Period, line: float, periods: int, window: int = 1
) -> list[Risk]:
    """The team's ``team_below_quota`` risk: its attainment (all reps' revenue ÷ all quota, over
    ``window`` periods) under ``line`` in each of the last ``periods`` periods; high from twice the periods
    or a mean under half the line. ``measures`` as for :func:`below_target`."""
    history = period.history(2 * periods)
    totals = measures[["revenue", "quota"]].groupby(level="period").sum()
    totals.index = pd.MultiIndex.from_product([totals.index, [team.id or "team"]], names=["period", "rep_id"])
    att = windowed_attainment(totals, history, window).iloc[0]
    run = _run((att.lt(line) & att.notna()).tolist())
    if run < periods:
        return []
    recent = att.iloc[-run:]
    high = run >= 2 * periods or recent.mean() < line / 2
    return [
        Risk.of(
            RiskKind.TEAM_BELOW_QUOTA,
            team,
            None,
            Severity.HIGH if high else Severity.MEDIUM,
            "quota_attainment",
            recent.mean(),
            None,
            line,
            "team_quota_review",
            periods_below=run,
            attainment={k: float(v) for k, v in recent.items()},
            required_periods=periods,
            window=window,
        )
    ]
