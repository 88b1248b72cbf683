"""Additive measures per rep and period: the raw material every KPI is computed from.

Each function takes canonical frames and a list of :class:`~salesnb.periods.Period` and returns a frame
indexed by ``(period, rep_id)``. Because every measure is a sum or a count, a team, region or the whole
organisation is just the sum of its reps' rows, and KPIs (ratios of measures) are recomputed from those
sums at every level, never averaged.

The measures are grouped by what they count: :mod:`~salesnb.kpis.measures.sales`,
:mod:`~salesnb.kpis.measures.allocation` (shared out by working days) and
:mod:`~salesnb.kpis.measures.customers`; :func:`compute_measures` puts them together, period by period.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence

import pandas as pd

from salesnb.kpis.measures.allocation import (
    measure_costs,
    measure_headcount,
    measure_targets,
    measure_team_quotas,
)
from salesnb.kpis.measures.customers import CUSTOMER_ACTIVE_MONTHS, measure_customers
from salesnb.kpis.measures.frames import INDEX, OPTIONAL_FRAMES, assign_period, frame_or_empty
from salesnb.kpis.measures.sales import (
    measure_activity,
    measure_deals,
    measure_leads,
    measure_new_customers,
    measure_pipeline,
    measure_surveys,
)
from salesnb.periods import Period
from salesnb.warehouse.slices import Slice

__all__ = [
    "CUSTOMER_ACTIVE_MONTHS",
    "INDEX",
    "OPTIONAL_FRAMES",
    "assign_period",
    "compute_measures",
    "frame_or_empty",
    "measure_activity",
    "measure_costs",
    "measure_customers",
    "measure_deals",
    "measure_headcount",
    "measure_leads",
    "measure_new_customers",
    "measure_pipeline",
    "measure_surveys",
    "measure_targets",
    "measure_team_quotas",
    "per_period",
]


def per_period(
    data: dict[str, pd.DataFrame],
    name: Hashable,
    compute: Callable[[dict[str, pd.DataFrame], Sequence[Period]], pd.DataFrame],
    periods: Sequence[Period],
) -> pd.DataFrame:
    """``compute(data, periods)`` period by period, remembered in the memo of a :class:`Slice`.

    ``compute`` returns rows indexed by ``(period, rep_id)``, sorted, with no NaN, and a period's rows
    depend on that period alone (every measure function here does), so its result for a list of periods
    is its results for each period put together. Periods go to ``compute`` in as few calls as there are
    overlapping periods (a month and its quarter, or a full month and the same month to date, go to
    separate calls: :func:`assign_period` needs periods that do not overlap). On a slice only the
    periods not seen before are computed; other data (frames built by hand, the workbench's what-ifs)
    is computed afresh every time.
    """
    if not periods:
        return compute(data, periods)
    memo: dict = data.memo if isinstance(data, Slice) else {}

    def key(p: Period) -> tuple:
        return (name, p.start, p.end, p.grain)

    wanted = list(dict.fromkeys(periods))
    missing = [p for p in wanted if key(p) not in memo]
    for batch in _disjoint(missing):
        computed = compute(data, batch)
        labels = computed.index.get_level_values("period")
        for p in batch:
            memo[key(p)] = computed[labels == p.label]
    parts = [memo[key(p)] for p in wanted]
    if len(parts) == 1:  # one period: its rows as computed (sorted, no NaN), a copy the caller owns
        return parts[0].copy()
    return pd.concat(parts).fillna(0.0).sort_index()  # a column only some calls had is zero elsewhere


def _disjoint(periods: list[Period]) -> list[list[Period]]:
    """``periods`` in groups whose periods do not overlap (and whose labels differ), first fit."""
    groups: list[list[Period]] = []
    for p in sorted(periods, key=lambda p: (p.start, p.end)):
        for group in groups:
            if all(p.start >= q.end or q.start >= p.end for q in group) and p.label not in {
                q.label for q in group
            }:
                group.append(p)
                break
        else:
            groups.append([p])
    return groups


def compute_measures(data: dict[str, pd.DataFrame], periods: Sequence[Period]) -> pd.DataFrame:
    """Every measure for every rep in ``data`` and every period, zero where nothing happened.

    Includes ``next_quota``: the revenue quota of the period after each period (for pipeline coverage).
    ``orders``, ``customers``, ``costs``, ``surveys`` and ``stage_history`` may be missing from ``data``:
    each then counts as empty (its measures are zero). On a :class:`~salesnb.warehouse.slices.Slice`
    each period is computed once (:func:`per_period`).
    """
    return per_period(data, "measures", _compute_measures, periods)


def _compute_measures(data: dict[str, pd.DataFrame], periods: Sequence[Period]) -> pd.DataFrame:
    if not periods:
        # no rows, but every measure's column: callers read them by name (a team with no record, a
        # history wholly before the data); the columns are those of any period over no records
        empty = {name: frame.iloc[0:0] for name, frame in data.items() if isinstance(frame, pd.DataFrame)}
        return _compute_measures(empty, [Period.parse("2000-01")]).iloc[0:0]
    labels = [p.label for p in periods]
    following = [p.next() for p in periods]
    back = {p.next().label: p.label for p in periods}
    nxt = measure_targets(data["targets"], following, column="next_quota")
    # what the team level rolls up instead of quota (a team's own target first): see engine.rollup
    team_nxt = measure_team_quotas(data["targets"], data["reps"], following, column="team_next_quota")
    nxt, team_nxt = (f.rename(index=back, level="period") if len(f) else f for f in (nxt, team_nxt))
    parts = [
        measure_headcount(data["reps"], periods),
        measure_deals(data["opportunities"], periods),
        measure_pipeline(data["opportunities"], periods, frame_or_empty(data, "stage_history")),
        measure_leads(data["leads"], periods),
        measure_new_customers(data["first_won"], periods),
        measure_activity(data["activity_daily"], periods),
        measure_targets(data["targets"], periods),
        nxt,
        measure_team_quotas(data["targets"], data["reps"], periods),
        team_nxt,
        measure_costs(frame_or_empty(data, "costs"), data["reps"], periods),
        measure_customers(frame_or_empty(data, "orders"), periods),
        measure_surveys(frame_or_empty(data, "surveys"), periods),
    ]
    out = pd.concat(parts, axis=1).fillna(0.0)
    out = out[out.index.get_level_values("period").isin(labels)]
    return out.astype(float).sort_index()
