"""Team KPI trends: each period's value with a moving average, the change on the previous period and
on the same period last year.

The moving average is not a mean of KPI values: the measures of the last ``window`` periods are summed
and the KPI recomputed from the sums (divided by ``window``, so amounts read as a per-period mean), the
same way every level of the KPI engine recomputes ratios from sums. A three-month win rate is therefore
all deals won in the three months over all deals closed in them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from salesnb.analysis.common import team_measures
from salesnb.kpis.catalog import CATALOG, compute_kpis
from salesnb.periods import Period

#: Periods in the moving average: three months smooth out a month's luck and still turn within a quarter.
MA_WINDOW = 3

#: KPIs a trend table shows unless told otherwise.
TREND_KPIS = [
    "revenue",
    "quota_attainment",
    "new_customers",
    "win_rate",
    "avg_deal_size",
    "sales_cycle_days",
    "pipeline_value",
    "calls_per_working_day",
    "contact_rate",
    "lead_conversion_rate",
]

COLUMNS = [
    "period", "kpi", "unit", "value", "moving_avg", "window", "previous", "pop_change", "pop_change_pct",
    "last_year", "yoy_change", "yoy_change_pct",
]  # fmt: skip


def _change_pct(change: pd.Series, base: pd.Series) -> pd.Series:
    return (change / base.abs().where(base != 0)).replace([np.inf, -np.inf], np.nan)


def measure_trends(
    measures: pd.DataFrame,
    periods: list[Period],
    shown: list[Period],
    window: int = MA_WINDOW,
    kpis: list[str] | None = None,
) -> pd.DataFrame:
    """Trend rows for ``shown`` periods from team measures indexed by the labels of ``periods``.

    ``periods`` is the whole history (oldest first, consecutive) and may start before ``shown`` so the
    moving average and last year's value of the first shown period are known. A period whose measures
    are NaN is not covered by the data: its value, and every comparison with it, is NaN.

    Columns: ``period``, ``kpi``, ``unit``, ``value``, ``moving_avg`` (KPI of the summed measures of the
    last ``window`` periods; NaN unless all are covered), ``window``, ``previous``, ``pop_change``
    (value − previous), ``pop_change_pct`` (change ÷ |previous|), ``last_year`` (the same period a year
    before), ``yoy_change`` and ``yoy_change_pct``.

    Examples
    --------
    >>> ps = Period.parse("2026-10").history(3)
    >>> m = pd.DataFrame({"revenue": [100.0, 200.0, 300.0]}, index=[p.label for p in ps])
    >>> t = measure_trends(m, ps, ps[-1:], window=3, kpis=["revenue"])
    >>> t[["value", "moving_avg", "pop_change_pct"]].iloc[0].tolist()
    [300.0, 200.0, 0.5]
    """
    names = kpis or TREND_KPIS
    labels = [p.label for p in periods]
    m = measures.reindex(labels)
    values = compute_kpis(m, names)
    covered = m.notna().all(axis=1)
    # rolling sums over covered periods only: one uncovered period in the window leaves it NaN
    rolled = m.rolling(window, min_periods=window).sum() / window
    rolled[~covered.rolling(window, min_periods=window).min().fillna(0).astype(bool)] = np.nan
    averages = compute_kpis(rolled, names)
    position = {label: i for i, label in enumerate(labels)}
    rows = []
    for p in shown:
        i = position.get(p.label)
        prev_label = p.previous().label
        ly_label = p.same_period_last_year().label
        for k in names:
            value = values[k].iloc[i] if i is not None else np.nan
            rows.append(
                {
                    "period": p.label,
                    "kpi": k,
                    "unit": CATALOG[k].unit,
                    "value": value,
                    "moving_avg": averages[k].iloc[i] if i is not None else np.nan,
                    "window": window,
                    "previous": values[k].get(prev_label, np.nan),
                    "last_year": values[k].get(ly_label, np.nan),
                }
            )
    out = pd.DataFrame(rows, columns=COLUMNS)
    for col in ("value", "moving_avg", "previous", "last_year"):
        out[col] = out[col].astype(float)
    out["pop_change"] = out["value"] - out["previous"]
    out["pop_change_pct"] = _change_pct(out["pop_change"], out["previous"])
    out["yoy_change"] = out["value"] - out["last_year"]
    out["yoy_change_pct"] = _change_pct(out["yoy_change"], out["last_year"])
    return out


def team_trends(
    data: dict[str, pd.DataFrame],
    period: Period,
    n_periods: int = 12,
    window: int = MA_WINDOW,
    kpis: list[str] | None = None,
) -> pd.DataFrame:
    """The team's KPI trend over the ``n_periods`` ending with ``period`` (see :func:`measure_trends`).

    Every rep of the slice counts towards the team. Last year's values and the moving average need
    the slice to reach back a year plus ``window`` periods before the first shown period; where it
    does not, they are NaN.
    """
    shown = period.history(n_periods)
    extra = max(_periods_per_year(period), window - 1)
    periods = shown[0].previous().history(extra) + shown
    return measure_trends(team_measures(data, periods), periods, shown, window, kpis)


def _periods_per_year(period: Period) -> int:
    return {"week": 52, "month": 12, "quarter": 4, "year": 1}[period.grain]
