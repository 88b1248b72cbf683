"""The KPI catalog: one definition per KPI, computed from summed measures at any level.

Every KPI is a function of a measures frame (see :mod:`salesnb.kpis.measures`), registered with its
unit and direction. ``docs/kpis.md`` states each definition in words and as a formula; the docstrings
here carry the same formula and a worked example.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from salesnb.errors import ParameterError

Unit = Literal["currency", "ratio", "count", "days", "hours", "per_day", "multiple"]


@dataclass(frozen=True)
class KPI:
    name: str
    label: str
    unit: Unit
    higher_is_better: bool
    formula: str
    compute: Callable[[pd.DataFrame], pd.Series]
    #: grows with the days of the period (revenue, counts, hours), so a run rate projects it
    accumulates: bool = False


CATALOG: dict[str, KPI] = {}


def kpi(label: str, unit: Unit, formula: str, higher_is_better: bool = True, accumulates: bool = False):
    """Register a KPI function in :data:`CATALOG` under its function name."""

    def wrap(fn: Callable[[pd.DataFrame], pd.Series]) -> Callable[[pd.DataFrame], pd.Series]:
        CATALOG[fn.__name__] = KPI(fn.__name__, label, unit, higher_is_better, formula, fn, accumulates)
        return fn

    return wrap


def ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """``numerator / denominator``, missing (not zero, not infinite) where the denominator is 0."""
    num = numerator.astype(float)
    den = denominator.astype(float)
    return (num / den.where(den != 0)).astype(float)


@kpi("Revenue", "currency", "Σ amount of deals won with close date in the period", accumulates=True)
def revenue(m: pd.DataFrame) -> pd.Series:
    """Closed-won revenue: the amount of deals won in the period.

    Examples
    --------
    >>> revenue(pd.DataFrame({"revenue": [1200.0, 0.0]})).tolist()
    [1200.0, 0.0]
    """
    return m["revenue"].astype(float)


@kpi("Quota attainment", "ratio", "revenue ÷ revenue quota of the period")
def quota_attainment(m: pd.DataFrame) -> pd.Series:
    """Revenue divided by the revenue quota (targets summed over the period's months).

    Examples
    --------
    >>> quota_attainment(pd.DataFrame({"revenue": [90.0, 5.0], "quota": [100.0, 0.0]})).tolist()
    [0.9, nan]
    """
    return ratio(m["revenue"], m["quota"])


@kpi("New customers", "count", "customers whose first won deal closed in the period", accumulates=True)
def new_customers(m: pd.DataFrame) -> pd.Series:
    """Customers whose first ever won deal closed in the period.

    Examples
    --------
    >>> new_customers(pd.DataFrame({"new_customers": [3.0]})).tolist()
    [3.0]
    """
    return m["new_customers"].astype(float)


@kpi(
    "Lead conversion rate",
    "ratio",
    "leads converted to customers in the period ÷ leads created in the period",
)
def lead_conversion_rate(m: pd.DataFrame) -> pd.Series:
    """Leads that became customers in the period over leads created in the period (a flow ratio).

    Examples
    --------
    >>> lead_conversion_rate(pd.DataFrame({"leads_converted": [2.0], "leads_created": [8.0]})).tolist()
    [0.25]
    """
    return ratio(m["leads_converted"], m["leads_created"])


@kpi("Win rate", "ratio", "deals won ÷ (deals won + deals lost), closed in the period")
def win_rate(m: pd.DataFrame) -> pd.Series:
    """Share of closed deals that were won; open deals do not count.

    Examples
    --------
    >>> win_rate(pd.DataFrame({"deals_won": [3.0], "deals_lost": [1.0]})).tolist()
    [0.75]
    """
    return ratio(m["deals_won"], m["deals_won"] + m["deals_lost"])


@kpi("Average deal size", "currency", "revenue ÷ deals won")
def avg_deal_size(m: pd.DataFrame) -> pd.Series:
    """Mean amount of the deals won in the period.

    Examples
    --------
    >>> avg_deal_size(pd.DataFrame({"revenue": [300.0], "deals_won": [2.0]})).tolist()
    [150.0]
    """
    return ratio(m["revenue"], m["deals_won"])


@kpi(
    "Sales cycle (days)",
    "days",
    "Σ (close date − created date) over won deals ÷ deals won",
    higher_is_better=False,
)
def sales_cycle_days(m: pd.DataFrame) -> pd.Series:
    """Mean days from a deal's creation to its close, over deals won in the period.

    Examples
    --------
    >>> sales_cycle_days(pd.DataFrame({"cycle_days_won": [30.0], "deals_won": [2.0]})).tolist()
    [15.0]
    """
    return ratio(m["cycle_days_won"], m["deals_won"])


@kpi("Pipeline value", "currency", "Σ amount of deals open at the end of the period")
def pipeline_value(m: pd.DataFrame) -> pd.Series:
    """Amount of deals created before the period end and not closed by it.

    Examples
    --------
    >>> pipeline_value(pd.DataFrame({"pipeline": [5000.0]})).tolist()
    [5000.0]
    """
    return m["pipeline"].astype(float)


@kpi("Pipeline coverage", "multiple", "pipeline value at period end ÷ next period's revenue quota")
def pipeline_coverage(m: pd.DataFrame) -> pd.Series:
    """How many times the open pipeline covers the next period's quota (rule of thumb: 3×).

    Examples
    --------
    >>> pipeline_coverage(pd.DataFrame({"pipeline": [300.0], "next_quota": [100.0]})).tolist()
    [3.0]
    """
    return ratio(m["pipeline"], m["next_quota"])


@kpi("Calls per working day", "per_day", "dials ÷ rep working days in the period")
def calls_per_working_day(m: pd.DataFrame) -> pd.Series:
    """Dials per rep per working day (Monday–Friday days each rep was employed).

    Examples
    --------
    >>> calls_per_working_day(pd.DataFrame({"dials": [600.0], "working_days": [10.0]})).tolist()
    [60.0]
    """
    return ratio(m["dials"], m["working_days"])


@kpi("Contact rate", "ratio", "connected calls ÷ dials")
def contact_rate(m: pd.DataFrame) -> pd.Series:
    """Share of dials that were answered (the source articles' 接通率: connected ÷ dialled).

    Examples
    --------
    >>> contact_rate(pd.DataFrame({"connects": [30.0], "dials": [100.0]})).tolist()
    [0.3]
    """
    return ratio(m["connects"], m["dials"])


@kpi("Talk time (hours)", "hours", "Σ duration of connected calls ÷ 3600", accumulates=True)
def talk_time_hours(m: pd.DataFrame) -> pd.Series:
    """Hours spent in connected calls.

    Examples
    --------
    >>> talk_time_hours(pd.DataFrame({"talk_seconds": [5400.0]})).tolist()
    [1.5]
    """
    return m["talk_seconds"].astype(float) / 3600.0


@kpi("Headcount", "count", "reps employed on at least one day of the period")
def headcount(m: pd.DataFrame) -> pd.Series:
    """Reps on the team at any time in the period.

    Examples
    --------
    >>> headcount(pd.DataFrame({"headcount": [7.0]})).tolist()
    [7.0]
    """
    return m["headcount"].astype(float)


def compute_kpis(measures: pd.DataFrame, names: list[str] | None = None) -> pd.DataFrame:
    """Apply the catalog to a measures frame (any index): one column per KPI."""
    chosen = names or list(CATALOG)
    unknown = [n for n in chosen if n not in CATALOG]
    if unknown:
        raise ParameterError(f"unknown KPI {', '.join(unknown)}: choose from {', '.join(CATALOG)}")
    out = pd.DataFrame({n: CATALOG[n].compute(measures) for n in chosen}, index=measures.index)
    return out.replace([np.inf, -np.inf], np.nan)
