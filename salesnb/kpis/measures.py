"""Additive measures per rep and period: the raw material every KPI is computed from.

Each function takes canonical frames and a list of :class:`~salesnb.periods.Period` and returns a frame
indexed by ``(period, rep_id)``. Because every measure is a sum or a count, a team, region or the whole
organisation is just the sum of its reps' rows, and KPIs (ratios of measures) are recomputed from those
sums at every level, never averaged.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence

import numpy as np
import pandas as pd

from salesnb.periods import Period
from salesnb.warehouse.schema import TABLES
from salesnb.warehouse.slices import Slice, in_team_bounds

INDEX = ["period", "rep_id"]

#: A customer is *active* on a day when they ordered in the months before it (retention, churn, CLV).
CUSTOMER_ACTIVE_MONTHS = 12

#: Frames a slice may lack (slices built by hand, older callers): a missing one counts as empty.
OPTIONAL_FRAMES = ("orders", "customers", "costs", "surveys", "stage_history")

_DTYPES = {
    "str": object,
    "date": "datetime64[ns]",
    "timestamp": "datetime64[ns]",
    "float": float,
    "int": "Int64",
    "bool": "boolean",
}


def frame_or_empty(data: dict[str, pd.DataFrame], name: str) -> pd.DataFrame:
    """``data[name]``, or an empty frame with the columns of warehouse table ``name`` when it is missing.

    Examples
    --------
    >>> frame_or_empty({}, "costs").columns.tolist()
    ['team_id', 'month', 'sales_cost', 'marketing_cost']
    """
    if data.get(name) is not None:
        return data[name]
    return pd.DataFrame({c.name: pd.Series(dtype=_DTYPES[c.kind]) for c in TABLES[name].columns})


def _empty(columns: list[str]) -> pd.DataFrame:
    index = pd.MultiIndex.from_arrays([[], []], names=INDEX)
    return pd.DataFrame({c: pd.Series(dtype=float) for c in columns}, index=index)


def assign_period(dates: pd.Series, periods: Sequence[Period]) -> pd.Series:
    """Label each date with the period that contains it (missing where none does).

    Examples
    --------
    >>> s = pd.Series(pd.to_datetime(["2026-09-30", "2026-10-01", "2027-01-01"]))
    >>> assign_period(s, [Period.parse("2026-09"), Period.parse("2026-10")]).tolist()
    ['2026-09', '2026-10', nan]
    """
    ordered = sorted(periods)
    starts = np.array([np.datetime64(p.start, "ns") for p in ordered])
    ends = np.array([np.datetime64(p.end, "ns") for p in ordered])
    labels = np.array([p.label for p in ordered], dtype=object)
    values = pd.to_datetime(dates).to_numpy(dtype="datetime64[ns]")
    pos = np.searchsorted(starts, values, side="right") - 1
    ok = (pos >= 0) & ~np.isnat(values)
    pos_safe = np.clip(pos, 0, len(ordered) - 1)
    ok &= values < ends[pos_safe]
    out = np.where(ok, labels[pos_safe], np.nan)
    return pd.Series(out, index=dates.index, dtype=object)


def _sum_by(df: pd.DataFrame, period: pd.Series, columns: dict[str, pd.Series]) -> pd.DataFrame:
    frame = pd.DataFrame({"period": period, "rep_id": df["rep_id"], **columns})
    frame = frame.dropna(subset=["period"])
    return frame.groupby(INDEX, sort=True).sum()


def measure_deals(opportunities: pd.DataFrame, periods: Sequence[Period]) -> pd.DataFrame:
    """Won and lost deals closed in each period, with the won amount and days to close.

    Columns: ``revenue`` (won amount), ``deals_won``, ``deals_lost``, ``cycle_days_won`` (sum of days
    from creation to close over won deals).
    """
    closed = opportunities[opportunities["status"].isin(["won", "lost"])]
    won = closed["status"].eq("won")
    days = (pd.to_datetime(closed["close_date"]) - pd.to_datetime(closed["created_date"])).dt.days
    return _sum_by(
        closed,
        assign_period(closed["close_date"], periods),
        {
            "revenue": closed["amount"].where(won, 0.0),
            "deals_won": won.astype(int),
            "deals_lost": (~won).astype(int),
            "cycle_days_won": days.where(won, 0).astype(float),
        },
    )


def measure_pipeline(opportunities: pd.DataFrame, periods: Sequence[Period]) -> pd.DataFrame:
    """Deals open at the end of each period: created before the end, not closed before it.

    Columns: ``pipeline`` (open amount), ``pipeline_deals`` (count), ``pipeline_weighted``
    (amount × probability).
    """
    created = pd.to_datetime(opportunities["created_date"])
    closed = pd.to_datetime(opportunities["close_date"])
    prob = opportunities["probability"].fillna(0.0)
    frames = []
    for p in periods:
        end = pd.Timestamp(p.end)
        open_at_end = (created < end) & (closed.isna() | (closed >= end))
        sub = opportunities[open_at_end]
        frames.append(
            pd.DataFrame(
                {
                    "period": p.label,
                    "rep_id": sub["rep_id"],
                    "pipeline": sub["amount"],
                    "pipeline_deals": 1,
                    "pipeline_weighted": sub["amount"] * prob[open_at_end],
                }
            )
        )
    if not frames:
        return pd.DataFrame(columns=["pipeline", "pipeline_deals", "pipeline_weighted"])
    return pd.concat(frames).groupby(INDEX, sort=True).sum()


def measure_leads(leads: pd.DataFrame, periods: Sequence[Period]) -> pd.DataFrame:
    """Leads created in each period and leads converted (became customers) in each period."""
    made = _sum_by(
        leads,
        assign_period(leads["created_date"], periods),
        {"leads_created": pd.Series(1, index=leads.index)},
    )
    conv = leads[leads["converted_date"].notna()]
    done = _sum_by(
        conv,
        assign_period(conv["converted_date"], periods),
        {"leads_converted": pd.Series(1, index=conv.index)},
    )
    return made.join(done, how="outer").fillna(0)


def measure_new_customers(first_won: pd.DataFrame, periods: Sequence[Period]) -> pd.DataFrame:
    """Customers whose first won deal closed in the period, credited to that deal's owner.

    ``first_won`` has one row per customer: ``customer_id``, ``rep_id``, ``first_won_date``.
    """
    return _sum_by(
        first_won,
        assign_period(first_won["first_won_date"], periods),
        {"new_customers": pd.Series(1, index=first_won.index)},
    )


def measure_activity(daily: pd.DataFrame, periods: Sequence[Period]) -> pd.DataFrame:
    """Call and activity counts per period from the daily activity summary.

    ``daily`` has one row per rep, day and activity type with ``activities``, ``connected`` and
    ``talk_seconds`` (the sum of connected-call durations), and optionally ``after_hours`` and
    ``weekend`` (activities outside working hours, on Saturday or Sunday). Columns returned: ``dials``,
    ``connects``, ``talk_seconds``, ``activities`` (every type), ``after_hours``, ``weekend``.
    """
    calls = daily["activity_type"].eq("call")
    zero = pd.Series(0, index=daily.index)
    return _sum_by(
        daily,
        assign_period(daily["day"], periods),
        {
            "dials": daily["activities"].where(calls, 0),
            "connects": daily["connected"].where(calls, 0),
            "talk_seconds": daily["talk_seconds"].where(calls, 0).astype(float),
            "activities": daily["activities"],
            "after_hours": daily.get("after_hours", zero),
            "weekend": daily.get("weekend", zero),
        },
    )


def _busdays(start: np.ndarray, end: np.ndarray) -> np.ndarray:
    start_d = start.astype("datetime64[D]")
    end_d = end.astype("datetime64[D]")
    return np.where(end_d > start_d, np.busday_count(start_d, np.maximum(end_d, start_d)), 0)


def measure_headcount(reps: pd.DataFrame, periods: Sequence[Period]) -> pd.DataFrame:
    """Working days each rep was employed in each period, and whether they were on the team at all.

    Columns: ``working_days`` (Monday–Friday days between hire and leaving), ``headcount`` (1 if the
    rep was employed on any day of the period).
    """
    joined, gone = in_team_bounds(reps)  # hiring and leaving, or joining and leaving the team
    hire = joined.to_numpy(dtype="datetime64[D]")
    left = gone.to_numpy(dtype="datetime64[D]")
    far = np.datetime64("9999-01-01", "D")
    hire = np.where(np.isnat(hire), np.datetime64("1900-01-01", "D"), hire)  # unknown: employed all along
    left = np.where(np.isnat(left), far, left)
    # every (period, rep) pair at once, period by period as rows
    starts = np.array([np.datetime64(p.start, "D") for p in periods], dtype="datetime64[D]")[:, None]
    ends = np.array([np.datetime64(p.end, "D") for p in periods], dtype="datetime64[D]")[:, None]
    start = np.maximum(hire[None, :], starts).ravel()
    end = np.minimum(left[None, :], ends).ravel()
    n = len(reps)
    out = pd.DataFrame(
        {
            "period": np.repeat(np.array([p.label for p in periods], dtype=object), n),
            "rep_id": np.tile(reps["rep_id"].to_numpy(), len(periods)),
            "working_days": _busdays(start, end),
            "headcount": (end > start).astype(int),
        }
    )
    return out[out["headcount"] > 0].groupby(INDEX, sort=True).sum()


def measure_targets(
    targets: pd.DataFrame, periods: Sequence[Period], metric: str = "revenue", column: str = "quota"
) -> pd.DataFrame:
    """Rep targets of ``metric`` per period: monthly targets summed, a week taking its working-day share.

    ``targets`` holds rows with ``scope == "rep"``, ``scope_id``, ``metric``, ``month`` and ``target``.
    """
    rep_targets = targets[(targets["scope"] == "rep") & (targets["metric"] == metric)]
    labels, shares, rows = [], [], []
    for p, _m, share, hit in _month_shares(periods, rep_targets["month"]):
        idx = np.flatnonzero(hit)
        labels.append(np.full(len(idx), p.label, dtype=object))
        shares.append(np.full(len(idx), share))
        rows.append(idx)
    if not rows:
        return pd.DataFrame(columns=[column], index=pd.MultiIndex.from_tuples([], names=INDEX))
    # one row per (period, month, target row), in that order, as one frame
    take = np.concatenate(rows)
    frame = pd.DataFrame(
        {
            "period": np.concatenate(labels),
            "rep_id": rep_targets["scope_id"].to_numpy()[take],
            column: rep_targets["target"].to_numpy()[take] * np.concatenate(shares),
        }
    )
    return frame.groupby(INDEX, sort=True).sum()


def measure_costs(costs: pd.DataFrame, reps: pd.DataFrame, periods: Sequence[Period]) -> pd.DataFrame:
    """Sales and marketing cost of each team-month, allocated to its reps by working days.

    A rep's share of a team-month is their working days in that month over the working days of every rep
    of the team (by headcount if the team has no working day at all), so a team's reps sum exactly to its
    cost. A period sums its months; a week takes the working-day share of each month it touches. A month
    in which no rep of the team was employed has nobody to carry its cost and is left out.
    Columns: ``sales_cost``, ``marketing_cost``.
    """
    columns = ["sales_cost", "marketing_cost"]
    if costs.empty or reps.empty:
        return _empty(columns)
    shares = pd.DataFrame(
        [(p.label, m.label, share) for p, m, share, _ in _month_shares(periods, costs["month"])],
        columns=["period", "month", "share"],
    )
    if shares.empty:
        return _empty(columns)
    months = [Period.parse(label) for label in shares["month"].unique()]
    employed = measure_headcount(reps, months).reset_index().rename(columns={"period": "month"})
    employed = employed.merge(reps[["rep_id", "team_id"]], on="rep_id", how="inner")
    if employed.empty:
        return _empty(columns)
    # each rep's share of their team's month: by working days, by headcount if nobody had a working day
    team = employed.groupby(["month", "team_id"])
    days, heads = team["working_days"].transform("sum"), team["headcount"].transform("sum")
    employed["weight"] = (employed["working_days"] / days.where(days > 0)).fillna(
        employed["headcount"] / heads
    )
    monthly = costs.assign(month=pd.to_datetime(costs["month"]).dt.strftime("%Y-%m"))
    monthly = monthly.groupby(["month", "team_id"], as_index=False)[columns].sum()
    alloc = employed.merge(monthly, on=["month", "team_id"]).merge(shares, on="month")
    frac = alloc["weight"] * alloc["share"]
    out = pd.DataFrame(
        {"period": alloc["period"], "rep_id": alloc["rep_id"]} | {c: alloc[c] * frac for c in columns}
    )
    if out.empty:
        return _empty(columns)
    return out.groupby(INDEX, sort=True).sum().astype(float)


def measure_surveys(surveys: pd.DataFrame, periods: Sequence[Period]) -> pd.DataFrame:
    """Survey responses per period, credited to the surveyed rep (by survey date).

    Columns: ``csat_responses`` (a CSAT score 1–5 given), ``csat_satisfied`` (score 4 or 5),
    ``nps_responses`` (a 0–10 score given), ``nps_promoters`` (9–10), ``nps_detractors`` (0–6).
    """
    csat = pd.to_numeric(surveys["csat"], errors="coerce").astype(float)
    nps = pd.to_numeric(surveys["nps"], errors="coerce").astype(float)
    out = _sum_by(
        surveys,
        assign_period(surveys["survey_date"], periods),
        {
            "csat_responses": csat.notna().astype(int),
            "csat_satisfied": (csat >= 4).astype(int),
            "nps_responses": nps.notna().astype(int),
            "nps_promoters": (nps >= 9).astype(int),
            "nps_detractors": (nps <= 6).astype(int),
        },
    )
    return out if len(out) else _empty(list(out.columns))


def _last_before(orders: pd.DataFrame, at: pd.Series, customers: pd.Series) -> pd.DataFrame:
    """Each customer's last order strictly before each moment of ``at`` (a Series indexed by period
    label), as one row per (period, customer) with that order's columns (missing where there is none)."""
    moments = pd.DataFrame({"period": at.index, "t": at.to_numpy().astype("datetime64[ns]")})
    left = moments.merge(pd.DataFrame({"customer_id": customers}), how="cross").sort_values(
        "t", kind="stable"
    )
    out = pd.merge_asof(
        left,
        orders,
        left_on="t",
        right_on="order_date",
        by="customer_id",
        direction="backward",
        allow_exact_matches=False,
    )
    return out.set_index(["period", "customer_id"]).sort_index()


def measure_customers(orders: pd.DataFrame, periods: Sequence[Period]) -> pd.DataFrame:
    """Customer counts for repeat purchase, retention and lifetime value, from the orders.

    Every count is of customers, each credited to one rep, so teams sum their reps. A customer is
    *active* on a day if they ordered in the :data:`CUSTOMER_ACTIVE_MONTHS` months before it.

    - ``customers_ordering``: customers with an order in the period; ``customers_repeat``: those of them
      with at least two orders to the period end (in the recorded history). Credited to the rep of the
      customer's last order in the period.
    - ``customers_at_start``: customers active at the period start; ``customers_retained``: those of them
      still active at its end (they ordered within the 12 months before the end). Credited to the rep of
      the customer's most recent order before the period.
    - ``ltm_customers``, ``ltm_orders``, ``ltm_order_amount``: customers with an order in the 12 months to
      the period end, their orders and order amount, credited (all of a customer's orders alike) to the
      rep of the customer's most recent order.
    - ``ltm_base``: customers active 12 months before the period end; ``ltm_retained``: those of them
      who ordered in the 12 months to the end. Credited to the rep of the most recent order before the
      12 months.
    """
    columns = [
        "customers_ordering",
        "customers_repeat",
        "customers_at_start",
        "customers_retained",
        "ltm_customers",
        "ltm_orders",
        "ltm_order_amount",
        "ltm_base",
        "ltm_retained",
    ]
    orders = orders[orders["customer_id"].notna()]
    if orders.empty or not periods:
        return _empty(columns)
    keys = ["order_date", "order_id"] if "order_id" in orders else ["order_date"]
    day = pd.to_datetime(orders["order_date"]).astype("datetime64[ns]")
    orders = orders.assign(order_date=day).sort_values(keys, kind="stable")
    orders = orders[["customer_id", "rep_id", "order_date", "amount"]].reset_index(drop=True)
    orders["orders_to_date"] = orders.groupby("customer_id").cumcount() + 1
    orders["amount_to_date"] = orders.groupby("customer_id")["amount"].cumsum().astype(float)
    # one as-of lookup per boundary instead of a pass over the orders per period: each customer's last
    # order before the period start, before its end, and before the start of the 12 months to its end
    year = pd.DateOffset(months=CUSTOMER_ACTIVE_MONTHS)
    labels = [p.label for p in periods]
    start = pd.Series([pd.Timestamp(p.start) for p in periods], index=labels)
    end = pd.Series([pd.Timestamp(p.end) for p in periods], index=labels)
    ltm_start = end - year
    customers = orders["customer_id"].drop_duplicates()
    at_end = _last_before(orders, end, customers)
    at_start = _last_before(orders, start, customers)
    at_ltm = _last_before(orders, ltm_start, customers)
    per = at_end.index.get_level_values("period")

    def when(bound: pd.Series) -> np.ndarray:
        return bound.reindex(per).to_numpy().astype("datetime64[ns]")

    last = at_end["order_date"].to_numpy()
    ordering = last >= when(start)  # ordered in the period: their last order before the end is in it
    active_ltm = last >= when(ltm_start)
    active_start = at_start["order_date"].to_numpy() >= when(start - year)
    base = at_ltm["order_date"].to_numpy() >= when(ltm_start - year)
    count_ltm = at_end["orders_to_date"].fillna(0).to_numpy() - at_ltm["orders_to_date"].fillna(0).to_numpy()
    amount_ltm = at_end["amount_to_date"].fillna(0).to_numpy() - at_ltm["amount_to_date"].fillna(0).to_numpy()
    parts = [
        pd.DataFrame(
            {
                "period": per,
                "rep_id": at_end["rep_id"].to_numpy(),
                "customers_ordering": ordering.astype(int),
                "customers_repeat": (ordering & (at_end["orders_to_date"].to_numpy() >= 2)).astype(int),
                "ltm_customers": active_ltm.astype(int),
                "ltm_orders": count_ltm * active_ltm,
                "ltm_order_amount": amount_ltm * active_ltm,
            }
        )[ordering | active_ltm],
        pd.DataFrame(
            {
                "period": per,
                "rep_id": at_start["rep_id"].to_numpy(),
                "customers_at_start": 1,
                "customers_retained": active_ltm.astype(int),
            }
        )[active_start],
        pd.DataFrame(
            {
                "period": per,
                "rep_id": at_ltm["rep_id"].to_numpy(),
                "ltm_base": 1,
                "ltm_retained": active_ltm.astype(int),
            }
        )[base],
    ]
    out = pd.concat(parts).fillna(0).groupby(INDEX, sort=True).sum()
    return out.reindex(columns=columns, fill_value=0.0).astype(float)


def _month_shares(periods: Sequence[Period], month_column: pd.Series):
    """``(period, month, share, rows)`` for each month a period touches that has rows in ``month_column``:
    ``share`` is the period's working-day share of the month (1 for a whole month), ``rows`` a boolean
    array over ``month_column``."""
    months = pd.to_datetime(month_column).to_numpy(dtype="datetime64[D]")
    for p in periods:
        for m in p.months():
            share = _overlap_share(p, m)
            hit = months == np.datetime64(m.start, "D")
            if share and hit.any():
                yield p, m, share, hit


def _overlap_share(p: Period, month: Period) -> float:
    start, end = max(p.start, month.start), min(p.end, month.end)
    if end <= start:
        return 0.0
    if p.start <= month.start and p.end >= month.end:
        return 1.0
    total = np.busday_count(month.start, month.end)
    return float(np.busday_count(start, end) / total) if total else 0.0


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
    nxt = measure_targets(data["targets"], [p.next() for p in periods], column="next_quota")
    if len(nxt):
        back = {p.next().label: p.label for p in periods}
        nxt = nxt.rename(index=back, level="period")
    parts = [
        measure_headcount(data["reps"], periods),
        measure_deals(data["opportunities"], periods),
        measure_pipeline(data["opportunities"], periods),
        measure_leads(data["leads"], periods),
        measure_new_customers(data["first_won"], periods),
        measure_activity(data["activity_daily"], periods),
        measure_targets(data["targets"], periods),
        nxt,
        measure_costs(frame_or_empty(data, "costs"), data["reps"], periods),
        measure_customers(frame_or_empty(data, "orders"), periods),
        measure_surveys(frame_or_empty(data, "surveys"), periods),
    ]
    out = pd.concat(parts, axis=1).fillna(0.0)
    out = out[out.index.get_level_values("period").isin(labels)]
    return out.astype(float).sort_index()
