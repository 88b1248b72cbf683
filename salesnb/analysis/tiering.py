"""Customer tiering: ABC by revenue, RFM scores and segments, and the A/B accounts going quiet.

* **ABC** ranks customers by order revenue over the trailing :data:`ABC_MONTHS` months to the period
  end: the customers that make up the first :data:`A_SHARE` of cumulative revenue are *A*, up to
  :data:`B_SHARE` *B*, the rest *C* (a customer straddling a cut-off takes the higher tier).
* **RFM** scores each customer 1–5 by quintile of its rank among the team's customers: recency (days
  from the last order to the period end, fewer is better), frequency (orders) and monetary (amount),
  over every order the slice holds before the period end. Ties share a score. The segment comes from R
  and F: *champions* R ≥ 4 and F ≥ 4; *loyal* R ≥ 3 and F ≥ 3; *promising* R ≥ 3; *at_risk* R ≤ 2 and
  F ≥ 3; *hibernating* the rest.
* **At-risk accounts** are A and B customers with no order and no contact for :data:`AT_RISK_DAYS` at
  the period end. The activity table can name a customer, but most exports (and the demo) leave it
  empty and the slice summarises activities per rep and day, so *contact* is read from the deals: a
  won deal's close, a deal created, or a stage change of one of the customer's deals.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from salesnb.analysis.common import ts
from salesnb.periods import Period

#: Trailing months of orders the ABC tiers rank: a year, so a seasonal buyer is not demoted off-season.
ABC_MONTHS = 12
#: Cumulative revenue share the A customers make (the Pareto convention).
A_SHARE = 0.80
#: Cumulative revenue share A and B customers make together (B is the next 15 %).
B_SHARE = 0.95
#: Days without an order or contact after which an A/B account is at risk: two monthly cycles missed.
AT_RISK_DAYS = 60

SEGMENTS = ("champions", "loyal", "promising", "at_risk", "hibernating")


def abc_tiers(
    orders: pd.DataFrame,
    period: Period,
    months: int = ABC_MONTHS,
    a_share: float = A_SHARE,
    b_share: float = B_SHARE,
) -> pd.DataFrame:
    """ABC tier per customer with orders in the ``months`` before the period end.

    Columns: ``customer_id``, ``revenue``, ``orders``, ``share`` (of the window's revenue),
    ``cum_share`` (including this customer, largest first), ``rank``, ``tier``.

    Examples
    --------
    Revenue 60, 25, 10, 5: the customers ranked above hold 0, 60, 85 and 95 % of it. The second starts
    below 80 % and crosses it, so it is A too; the third starts in 80–95 %: B; the fourth at 95 %: C.

    >>> o = pd.DataFrame({"customer_id": list("wxyz"), "amount": [60.0, 25.0, 10.0, 5.0],
    ...                   "order_date": pd.to_datetime(["2026-10-01"] * 4)})
    >>> abc_tiers(o, Period.parse("2026-10"))["tier"].tolist()
    ['A', 'A', 'B', 'C']
    """
    end = ts(period.end)
    start = ts(period.end) - pd.DateOffset(months=months)
    dates = pd.to_datetime(orders["order_date"])
    window = orders[(dates >= start) & (dates < end)]
    g = window.groupby("customer_id")["amount"].agg(revenue="sum", orders="count").reset_index()
    g = g[g["revenue"] > 0].sort_values(["revenue", "customer_id"], ascending=[False, True])
    total = g["revenue"].sum()
    g["share"] = g["revenue"] / total if total else np.nan
    g["cum_share"] = g["share"].cumsum()
    before = g["cum_share"] - g["share"]  # revenue share of the customers ranked above
    g["tier"] = np.where(before < a_share, "A", np.where(before < b_share, "B", "C"))
    g["rank"] = np.arange(1, len(g) + 1)
    return g[["customer_id", "revenue", "orders", "share", "cum_share", "rank", "tier"]].reset_index(
        drop=True
    )


def _quintile(values: pd.Series, higher_is_better: bool = True) -> pd.Series:
    """Score 1–5 by the value's percentile rank among all values (ties take the group's lowest rank)."""
    pct = (values if higher_is_better else -values).rank(method="min", pct=True)
    return np.ceil(pct * 5).clip(1, 5).astype(int)


def rfm_scores(orders: pd.DataFrame, period: Period) -> pd.DataFrame:
    """RFM per customer over every order before the period end (see the module docstring).

    Columns: ``customer_id``, ``last_order``, ``recency_days``, ``frequency``, ``monetary``,
    ``r_score``, ``f_score``, ``m_score``, ``segment``.
    """
    end = ts(period.end)
    dates = pd.to_datetime(orders["order_date"])
    past = orders[dates < end].assign(order_date=dates[dates < end])
    g = past.groupby("customer_id").agg(
        last_order=("order_date", "max"), frequency=("amount", "count"), monetary=("amount", "sum")
    )
    g = g.reset_index()
    g["recency_days"] = (end - g["last_order"]).dt.days
    g["r_score"] = _quintile(g["recency_days"], higher_is_better=False)
    g["f_score"] = _quintile(g["frequency"])
    g["m_score"] = _quintile(g["monetary"])
    r, f = g["r_score"], g["f_score"]
    g["segment"] = np.select(
        [(r >= 4) & (f >= 4), (r >= 3) & (f >= 3), r >= 3, f >= 3],
        ["champions", "loyal", "promising", "at_risk"],
        "hibernating",
    )
    cols = ["customer_id", "last_order", "recency_days", "frequency", "monetary"]
    return g[[*cols, "r_score", "f_score", "m_score", "segment"]]


def last_contact(data: dict[str, pd.DataFrame], period: Period) -> pd.DataFrame:
    """The latest sign of life per customer before the period end, from orders and deals.

    Columns: ``customer_id``, ``last_order``, ``last_deal_touch`` (a deal created, won or moved to a new
    stage), ``last_touch`` (the later of the two).
    """
    end = ts(period.end)
    orders = data["orders"]
    od = pd.to_datetime(orders["order_date"])
    last_order = orders.assign(d=od)[od < end].groupby("customer_id")["d"].max()
    opps = data["opportunities"][["opportunity_id", "customer_id", "created_date", "close_date", "status"]]
    touches = [
        opps[["customer_id"]].assign(d=pd.to_datetime(opps["created_date"])),
        opps.loc[opps["status"] == "won", ["customer_id"]].assign(
            d=pd.to_datetime(opps.loc[opps["status"] == "won", "close_date"])
        ),
    ]
    hist = data["stage_history"]
    if len(hist):
        owner = opps.set_index("opportunity_id")["customer_id"]
        touches.append(
            pd.DataFrame(
                {"customer_id": hist["opportunity_id"].map(owner), "d": pd.to_datetime(hist["entered_at"])}
            )
        )
    t = pd.concat(touches)
    t = t[t["customer_id"].notna() & (t["d"] < end)]
    last_deal = t.groupby("customer_id")["d"].max()
    out = pd.concat([last_order.rename("last_order"), last_deal.rename("last_deal_touch")], axis=1)
    out["last_touch"] = out.max(axis=1)
    return out.rename_axis("customer_id").reset_index()


def customer_tiers(data: dict[str, pd.DataFrame], period: Period, months: int = ABC_MONTHS) -> pd.DataFrame:
    """ABC and RFM side by side, one row per customer with an order before the period end.

    Columns: ``customer_id``, ``name``, ``rep_id`` (the account owner), the :func:`abc_tiers` columns
    (``tier`` is ``C`` for a customer with no revenue in the window) and the :func:`rfm_scores` columns.
    """
    rfm = rfm_scores(data["orders"], period)
    abc = abc_tiers(data["orders"], period, months)
    out = rfm.merge(abc, on="customer_id", how="left")
    out["tier"] = out["tier"].fillna("C")
    out[["revenue", "orders"]] = out[["revenue", "orders"]].fillna(0)
    customers = data["customers"].set_index("customer_id")
    out.insert(1, "name", out["customer_id"].map(customers["name"]))
    out.insert(2, "rep_id", out["customer_id"].map(customers["rep_id"]))
    return out.sort_values(["tier", "revenue"], ascending=[True, False]).reset_index(drop=True)


def at_risk_accounts(
    data: dict[str, pd.DataFrame],
    period: Period,
    days: int = AT_RISK_DAYS,
    tiers: tuple[str, ...] = ("A", "B"),
    months: int = ABC_MONTHS,
) -> pd.DataFrame:
    """A/B customers with no order and no deal contact for ``days`` at the period end.

    Columns: ``customer_id``, ``name``, ``rep_id``, ``tier``, ``revenue`` (trailing ``months``),
    ``last_order``, ``last_touch``, ``days_since_touch``, ``threshold_days``, ``reason``
    (``no_order_or_contact``), largest revenue first.
    """
    tiered = customer_tiers(data, period, months)
    tiered = tiered[tiered["tier"].isin(tiers)]
    contact = last_contact(data, period)[["customer_id", "last_order", "last_touch"]]
    out = tiered[["customer_id", "name", "rep_id", "tier", "revenue"]].merge(
        contact, on="customer_id", how="left"
    )  # a merge, not Series.map: with no customer at all, map cannot give an empty date column
    out["days_since_touch"] = (ts(period.end) - pd.to_datetime(out["last_touch"])).dt.days
    out["threshold_days"] = days
    out["reason"] = "no_order_or_contact"
    out = out[out["days_since_touch"] >= days]
    return out.sort_values("revenue", ascending=False).reset_index(drop=True)
