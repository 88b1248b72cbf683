"""Progress, pacing and a suggested next target: pure functions of numbers, documented in docs/kpis.md.

* **Run-rate projection.** For KPIs that accumulate over the period (revenue, new customers, talk time)
  the value to date is scaled by working days: ``projection = actual × working days in period ÷ working
  days elapsed``. Rates and ratios (win rate, contact rate, calls per day, deal size, cycle days) are
  already per day or per deal, so their projection is the value to date.
* **Status.** A finished period is *met* or *missed*. A running one is *on track* when the projection
  reaches the target, *at risk* when it is within 10 % of it, else *behind*; *not started* before the
  first working day. For KPIs where lower is better the comparisons flip.
* **Suggested next target.** The mean of the last three periods times one plus the median
  period-over-period growth of the history (growth below zero counts as zero: hold, do not plan a
  decline); for lower-is-better KPIs the same with the median improvement. Never below the last result
  (above it where lower is better): a next target asks for at least what was just done. Shares are capped
  at 100 %.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

AT_RISK_MARGIN = 0.10
STATUSES = ("met", "missed", "on_track", "at_risk", "behind", "not_started", "no_data")


@dataclass(frozen=True)
class Pacing:
    actual: float
    projection: float
    status: str
    elapsed_days: int
    total_days: int


def _meets(value: float, target: float, higher_is_better: bool) -> bool:
    return value >= target if higher_is_better else value <= target


def pace(
    actual: float,
    target: float,
    accumulates: bool,
    higher_is_better: bool,
    elapsed_days: int,
    total_days: int,
) -> Pacing:
    """Projection to the period end and the status; see the module docstring.

    Examples
    --------
    Half the working days gone, 40 of a 100 target: the run rate projects 80, more than 10 % short.

    >>> p = pace(40.0, 100.0, True, True, 10, 20)
    >>> p.projection, p.status
    (80.0, 'behind')
    >>> pace(0.28, 0.30, False, True, 10, 20).status
    'at_risk'
    """
    if elapsed_days <= 0:
        return Pacing(actual, math.nan, "not_started", 0, total_days)
    if actual is None or (isinstance(actual, float) and math.isnan(actual)):
        return Pacing(math.nan, math.nan, "no_data", elapsed_days, total_days)
    done = elapsed_days >= total_days
    projection = actual * total_days / elapsed_days if accumulates and not done else actual
    if done:
        return Pacing(
            actual,
            actual,
            "met" if _meets(actual, target, higher_is_better) else "missed",
            elapsed_days,
            total_days,
        )
    if _meets(projection, target, higher_is_better):
        status = "on_track"
    else:
        margin = target * (1 - AT_RISK_MARGIN) if higher_is_better else target * (1 + AT_RISK_MARGIN)
        status = "at_risk" if _meets(projection, margin, higher_is_better) else "behind"
    return Pacing(actual, projection, status, elapsed_days, total_days)


def growth(values: pd.Series) -> pd.Series:
    """Period-over-period growth between consecutive positive values (gaps break the chain)."""
    v = values.astype(float)
    prev = v.shift(1)
    g = v / prev - 1
    return g[(v > 0) & (prev > 0)].dropna()


def suggest_target(history: pd.Series, unit: str, higher_is_better: bool, cap: float | None = None) -> float:
    """The next period's target from history; see the module docstring.

    Examples
    --------
    The last three average 121.37; growth was +10 % every period, so the suggestion is 133.5 → 134.

    >>> suggest_target(pd.Series([100.0, 110.0, 121.0, 133.1]), "currency", True)
    134.0

    After two weak months a strong one: the average (about 0.53) is below the last result, which wins.

    >>> suggest_target(pd.Series([0.4, 0.45, 0.75]), "ratio", True)
    0.75
    """
    values = history.dropna()
    if values.empty:
        return math.nan
    recent = float(values.iloc[-3:].mean())
    g = growth(values)
    if higher_is_better:
        step = max(float(g.median()), 0.0) if len(g) else 0.0
        out = recent * (1 + step)
    else:
        improvement = (1 / (1 + g) - 1) if len(g) else pd.Series(dtype=float)
        step = max(float(improvement.median()), 0.0) if len(improvement) else 0.0
        out = recent / (1 + step)
    last = float(values.iloc[-1])
    out = max(out, last) if higher_is_better else min(out, last)
    if cap is not None:  # a share cannot pass 100 %
        out = min(out, cap)
    rounded = round_target(out, unit)
    # rounding must not undo the floor: 508,300 done suggests 509,000, not 508,000
    if np.isfinite(rounded) and (rounded < min(last, out) if higher_is_better else rounded > max(last, out)):
        rounded = round_target(out, unit, up=higher_is_better)
    return rounded


def round_target(value: float, unit: str, up: bool | None = None) -> float:
    """A target people can remember: 3 significant figures for amounts, 0.1 % for shares; ``up`` rounds
    away from the nearest (``True`` up, ``False`` down) where a floor or ceiling must hold.

    >>> round_target(508_300.0, "currency"), round_target(508_300.0, "currency", up=True)
    (508000.0, 509000.0)
    """
    if not np.isfinite(value):
        return value
    if value == 0:
        return 0.0
    digits = 3 if unit == "ratio" else 3 - math.floor(math.log10(abs(value))) - 1
    if up is None:
        return round(value, 3) if unit == "ratio" else float(round(value, digits))
    scale = 10.0**digits
    return float((math.ceil if up else math.floor)(round(value * scale, 9)) / scale)
