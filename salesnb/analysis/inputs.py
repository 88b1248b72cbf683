"""Which inputs a scope holds for a period, so that a section shows only what its data supports.

A real CRM export rarely has everything the demo has: no quotas, no calls, no stage history, no surveys.
A KPI computed from an empty table is not 0 but unknown, so each review computes its scope's
:class:`Availability` once per period from its slice, and each section declares the :class:`Input` s it
needs (:data:`KPI_INPUTS` for the KPIs, the report layer for its sections). A section whose input is
absent says what is missing and which import (:data:`IMPORT_OF`) provides it, and draws nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

import pandas as pd

from salesnb.kpis import CATALOG
from salesnb.periods import Period


class Input(StrEnum):
    """A kind of record a section can need."""

    DEALS = "deals"  # opportunities closed in the period or open in it
    DEAL_AMOUNTS = "deal_amounts"  # an amount on at least one of those deals
    LOST_DEALS = "lost_deals"  # lost deals are recorded at all (an export of won deals only has none)
    TARGETS = "targets"  # a quota (revenue target) of the scope or one of its reps
    ACTIVITIES = "activities"  # calls, meetings, e-mails or visits
    STAGE_HISTORY = "stage_history"  # a recorded change of a deal's stage (not only its final stage)
    LEADS = "leads"  # leads created or converted in the period
    SURVEYS = "surveys"  # CSAT or NPS responses
    COSTS = "costs"  # sales or marketing cost
    TRAINING = "training"  # training completions
    CUSTOMERS = "customers"  # orders of customers (the customer tiers rest on them)


#: The import (a mapping's ``module``, ``salesnb ingest``) that provides each input.
IMPORT_OF: Mapping[Input, str] = {
    Input.DEALS: "deals",
    Input.DEAL_AMOUNTS: "deals",
    Input.LOST_DEALS: "deals",
    Input.TARGETS: "targets",
    Input.ACTIVITIES: "activities",
    # a deals import records each deal's stage; the next import of the same deals records the changes
    Input.STAGE_HISTORY: "deals",
    Input.LEADS: "leads",
    Input.SURVEYS: "surveys",
    Input.COSTS: "costs",
    Input.TRAINING: "training",
    Input.CUSTOMERS: "orders",
}

#: The input each measure is counted from (measures not listed come from deals or the calendar).
MEASURE_INPUTS: Mapping[str, Input] = {
    "deals_lost": Input.LOST_DEALS,
    "quota": Input.TARGETS,
    "next_quota": Input.TARGETS,
    "dials": Input.ACTIVITIES,
    "connects": Input.ACTIVITIES,
    "talk_seconds": Input.ACTIVITIES,
    "after_hours": Input.ACTIVITIES,
    "weekend": Input.ACTIVITIES,
    "activities": Input.ACTIVITIES,
    "leads_created": Input.LEADS,
    "leads_converted": Input.LEADS,
    "csat_satisfied": Input.SURVEYS,
    "csat_responses": Input.SURVEYS,
    "nps_promoters": Input.SURVEYS,
    "nps_detractors": Input.SURVEYS,
    "nps_responses": Input.SURVEYS,
    "sales_cost": Input.COSTS,
    "marketing_cost": Input.COSTS,
}

#: The inputs each catalog KPI needs besides deals, from the measures it reads.
KPI_INPUTS: Mapping[str, frozenset[Input]] = {
    name: frozenset(MEASURE_INPUTS[m] for m in spec.measures if m in MEASURE_INPUTS)
    for name, spec in CATALOG.items()
}


@dataclass(frozen=True)
class Availability:
    """The inputs one scope holds for one period.

    Examples
    --------
    >>> a = Availability("2018-03", frozenset({Input.DEALS}))
    >>> a.has(Input.DEALS), a.missing([Input.DEALS, Input.TARGETS])
    (True, [<Input.TARGETS: 'targets'>])
    >>> a.kpi_missing("quota_attainment"), a.kpi_missing("revenue")
    ([<Input.TARGETS: 'targets'>], [])
    """

    period: str
    present: frozenset[Input]

    def has(self, *inputs: Input) -> bool:
        """Whether every one of ``inputs`` is present."""
        return all(i in self.present for i in inputs)

    def missing(self, inputs: Iterable[Input]) -> list[Input]:
        """The ones of ``inputs`` that are absent, in the order given, each once."""
        return [i for i in dict.fromkeys(inputs) if i not in self.present]

    def kpi_missing(self, kpi: str) -> list[Input]:
        """The inputs ``kpi`` needs that are absent (none for a KPI outside the catalog)."""
        return self.missing(sorted(KPI_INPUTS.get(kpi, frozenset())))

    def shows(self, kpi: str) -> bool:
        """Whether ``kpi`` can be computed from what is present (otherwise it is unknown, not 0)."""
        return not self.kpi_missing(kpi)


#: Every input: what a scope with the demo's completeness holds.
EVERYTHING = frozenset(Input)


def _within(dates: pd.Series, period: Period) -> pd.Series:
    d = pd.to_datetime(dates)
    return (d >= pd.Timestamp(period.start)) & (d < pd.Timestamp(period.end))


def _frame(data: Mapping[str, pd.DataFrame], name: str) -> pd.DataFrame:
    return data.get(name, pd.DataFrame())


def input_availability(data: Mapping[str, pd.DataFrame], period: Period) -> Availability:
    """What the slice ``data`` (:func:`salesnb.warehouse.slices.load_slice`) holds for ``period``.

    Deals are those open at some time in the period or closed in it; targets count when one is above
    zero in a month the period touches; stage history counts when some deal of the slice has a recorded
    change of stage (a single row per deal is its final stage only, as a first import gives); lost deals
    count when the warehouse records any (``deal_outcomes``, read for the whole organisation: a team that
    lost nothing in a period has a win rate of 100 %, an export that holds won deals only has none). A
    slice without ``deal_outcomes`` (frames built by hand) counts as recording them.
    """
    present: set[Input] = set()
    outcomes = data.get("deal_outcomes")
    if outcomes is None or not len(outcomes) or int(outcomes["lost"].iloc[0]) > 0:
        present.add(Input.LOST_DEALS)
    opps = _frame(data, "opportunities")
    if len(opps):
        created = pd.to_datetime(opps["created_date"]) < pd.Timestamp(period.end)
        close = pd.to_datetime(opps["close_date"])
        deals = opps[created & (close.isna() | (close >= pd.Timestamp(period.start)))]
        if len(deals):
            present.add(Input.DEALS)
            if deals["amount"].notna().any():
                present.add(Input.DEAL_AMOUNTS)
    targets = _frame(data, "targets")
    if len(targets):
        months = pd.to_datetime(targets["month"])
        first = pd.Timestamp(period.start).replace(day=1)
        touched = (months >= first) & (months < pd.Timestamp(period.end))
        revenue = targets["metric"].eq("revenue") if "metric" in targets else True
        if (touched & revenue & (targets["target"] > 0)).any():
            present.add(Input.TARGETS)
    activity = _frame(data, "activity_daily")
    if len(activity) and _within(activity["day"], period).any():
        present.add(Input.ACTIVITIES)
    history = _frame(data, "stage_history")
    if len(history) and history["opportunity_id"].duplicated().any():
        present.add(Input.STAGE_HISTORY)
    leads = _frame(data, "leads")
    if (
        len(leads)
        and (_within(leads["created_date"], period) | _within(leads["converted_date"], period)).any()
    ):
        present.add(Input.LEADS)
    surveys = _frame(data, "surveys")
    if len(surveys) and _within(surveys["survey_date"], period).any():
        present.add(Input.SURVEYS)
    costs = _frame(data, "costs")
    if len(costs) and (_within(costs["month"], period) | _within(costs["month"], _month_of(period))).any():
        present.add(Input.COSTS)
    training = _frame(data, "training_completions")
    if len(training) and _within(training["completed_date"], period).any():
        present.add(Input.TRAINING)
    orders = _frame(data, "orders")
    if len(orders) and (pd.to_datetime(orders["order_date"]) < pd.Timestamp(period.end)).any():
        present.add(Input.CUSTOMERS)
    return Availability(period.label, frozenset(present))


def _month_of(period: Period) -> Period:
    """The month a period starts in (a week's costs are booked on its month)."""
    return Period.parse(period.start.strftime("%Y-%m"))


def blank_unknown_columns(frame: pd.DataFrame, available: Availability) -> pd.DataFrame:
    """``frame`` (one column per KPI, or ``quota``) with the columns of KPIs whose inputs are absent
    set to NaN: unknown, not 0.

    >>> a = Availability("2018-03", frozenset({Input.DEALS}))
    >>> blank_unknown_columns(pd.DataFrame({"revenue": [5.0], "quota": [0.0]}), a).to_dict("list")
    {'revenue': [5.0], 'quota': [nan]}
    """
    out = frame.copy()
    for column in out.columns:
        needs = KPI_INPUTS.get(
            column, frozenset({MEASURE_INPUTS[column]}) if column in MEASURE_INPUTS else ()
        )
        if available.missing(sorted(needs)):
            out[column] = float("nan")
    return out


def blank_unknown_rows(
    table: pd.DataFrame, available: Availability, columns: Iterable[str] = ("value", "previous", "change")
) -> pd.DataFrame:
    """A long KPI table (a ``kpi`` column, one row per KPI) with ``columns`` (and ``change_pct`` when
    present) set to NaN on the rows of KPIs whose inputs are absent."""
    out = table.copy()
    unknown = out["kpi"].map(lambda k: not available.shows(str(k)))
    cols = [c for c in (*columns, "change_pct") if c in out.columns]
    out.loc[unknown, cols] = float("nan")
    return out


def blank_before_data(
    table: pd.DataFrame, period: Period, first: date | None, columns: Iterable[str] = ("previous", "change")
) -> pd.DataFrame:
    """``table`` with ``columns`` (and ``change_pct`` when present) set to NaN when ``period`` (the one
    they compare with) ends on or before ``first``, the data's first day: the warehouse holds no record of
    it, so its values are unknown, not 0.

    Examples
    --------
    >>> t = pd.DataFrame({"kpi": ["revenue"], "value": [5.0], "previous": [0.0], "change": [5.0]})
    >>> blank_before_data(t, Period.parse("2024-Q4"), date(2025, 1, 6))["previous"].tolist()
    [nan]
    >>> blank_before_data(t, Period.parse("2024-Q4"), date(2024, 12, 30))["previous"].tolist()
    [0.0]
    """
    if first is None or period.end > first:
        return table
    out = table.copy()
    out.loc[:, [c for c in (*columns, "change_pct") if c in out.columns]] = float("nan")
    return out
