"""The drill-down tab's frames: a rep's deals of the period, their activities per type, and their latest
activities read from the warehouse (every value bound as a query parameter). CRM strings are returned
as they are; :mod:`salesnb.workbench.views` escapes them."""

from __future__ import annotations

import pandas as pd

from salesnb.periods import Period
from salesnb.warehouse import connect
from salesnb.workbench.data import WorkbenchData

#: Most activities the drill-down lists.
ACTIVITY_LIMIT = 100
DEAL_COLUMNS = [
    "opportunity_id", "name", "customer", "stage", "status", "amount", "created_date", "close_date",
]  # fmt: skip
ACTIVITY_COLUMNS = ["started_at", "activity_type", "minutes", "connected", "outcome", "customer", "deal"]


def deals(data: WorkbenchData, rep_id: str, period: Period) -> pd.DataFrame:
    """A rep's deals closed in the period or open at its end (:data:`DEAL_COLUMNS`, largest first)."""
    if not rep_id:
        return pd.DataFrame(columns=DEAL_COLUMNS)
    every = data.every_team(period)
    opps = every["opportunities"]
    opps = opps[opps["rep_id"] == rep_id]
    start, end = pd.Timestamp(period.start), pd.Timestamp(period.end)
    closed_in = (
        opps["close_date"].ge(start) & opps["close_date"].lt(end) & opps["status"].isin(["won", "lost"])
    )
    open_at_end = opps["created_date"].lt(end) & (opps["close_date"].isna() | opps["close_date"].ge(end))
    chosen = opps[closed_in | open_at_end].copy()
    chosen["customer"] = chosen["customer_id"].map(every["customers"].set_index("customer_id")["name"])
    chosen = chosen.sort_values(["amount", "opportunity_id"], ascending=[False, True])
    return chosen[DEAL_COLUMNS].reset_index(drop=True)


def activity_summary(data: WorkbenchData, rep_id: str, period: Period) -> pd.DataFrame:
    """A rep's activities in the period per type: ``activity_type``, ``activities``, ``connected``,
    ``talk_hours``, ``after_hours``."""
    daily = data.every_team(period)["activity_daily"]
    mine = daily[
        (daily["rep_id"] == rep_id)
        & daily["day"].ge(pd.Timestamp(period.start))
        & daily["day"].lt(pd.Timestamp(period.end))
    ]
    out = mine.groupby("activity_type")[["activities", "connected", "talk_seconds", "after_hours"]].sum()
    out["talk_hours"] = out.pop("talk_seconds") / 3600
    return out.reset_index()[["activity_type", "activities", "connected", "talk_hours", "after_hours"]]


def activities(data: WorkbenchData, rep_id: str, period: Period, limit: int = ACTIVITY_LIMIT) -> pd.DataFrame:
    """A rep's latest ``limit`` activities in the period, read from the warehouse
    (:data:`ACTIVITY_COLUMNS`, latest first)."""
    if not rep_id:
        return pd.DataFrame(columns=ACTIVITY_COLUMNS)
    with connect(data.db_path) as con:
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
