"""A rebalancing suggestion: open deals from an overloaded rep to one who can take them.

Only an overloaded rep gives (:mod:`salesnb.analysis.workload`: activities per day far above the team's,
or effort up by the burnout rule); a rep holding many deals on ordinary hours keeps them. The move
brings the giver towards the team median of open deals without lifting the receiver above it. A
receiver is active in the period (an activity, or a deal created or closed in it), employed through it
(on the team from its first day to its end), past the ramp, not overloaded, not excluded (say, burned
out), has handled deals of the kind moved (new or existing business) before, and closes at least as
well as the giver: work never moves from a better closer (win rate, or quota attainment over the
recent quarter) to a weaker one. A win rate is a record only on :data:`MIN_CLOSED_DEALS` closed deals
or more (one won of one is luck, not a 100 % closer). Where the giver's record is known, a receiver
whose own is unknown (too few deals closed, no quota) does not take the work: nobody knows they close
as well. Nothing but fitness blocks relieving a burned-out rep; the suggestion carries the receiver's
record so the report can say why them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from salesnb.analysis.common import RAMP_MONTHS, open_deals_at, ts
from salesnb.analysis.workload import IMBALANCE_RATIO
from salesnb.periods import Period

REBALANCE_COLUMNS = [
    "from_rep", "to_rep", "deals_to_move", "from_open_deals", "to_open_deals", "team_median",
    "max_to_median", "threshold", "opportunity_ids", "deal_types", "to_deals_handled", "to_deals_won",
    "to_tenure_months",
]  # fmt: skip
#: The records a receiver must match: work never moves to a rep who closes worse on either.
CLOSING_RECORDS = ("win_rate", "attainment")
#: Fewest closed deals (won + lost) a win rate is a record on: below, one lucky deal reads as 100 %.
MIN_CLOSED_DEALS = 5


def _records(reps: pd.DataFrame, min_closed: int) -> pd.DataFrame:
    """The closing records of ``reps``, a win rate on fewer than ``min_closed`` closed deals unknown."""
    out = reps[[c for c in CLOSING_RECORDS if c in reps]].astype(float)
    if "win_rate" in out and "deals_closed" in reps:
        out["win_rate"] = out["win_rate"].mask(reps["deals_closed"] < min_closed)
    return out


def _closes_as_well(able: pd.DataFrame, giver: pd.DataFrame, min_closed: int = MIN_CLOSED_DEALS) -> pd.Series:
    """Per candidate: every closing record the giver (a one-row frame) has known, known and not worse (an
    unknown one of the receiver is no evidence that they close as well)."""
    ok = pd.Series(True, index=able.index)
    theirs, mine = _records(able, min_closed), _records(giver, min_closed).iloc[0]
    for column, value in mine.items():
        if column in theirs and pd.notna(value):
            ok &= theirs[column].ge(value)
    return ok


def rebalance_suggestion(
    workload: pd.DataFrame,
    opportunities: pd.DataFrame | None = None,
    stage_history: pd.DataFrame | None = None,
    period: Period | None = None,
    ratio: float = IMBALANCE_RATIO,
    ramp_months: int = RAMP_MONTHS,
    exclude: tuple[str, ...] | list[str] = (),
    keep: tuple[str, ...] | list[str] = (),
    relieve: tuple[str, ...] | list[str] = (),
) -> pd.DataFrame:
    """Move open deals from the overloaded rep holding the most to the rep holding the fewest who can take
    them.

    Only when that rep is ``overloaded`` (a column of :func:`~salesnb.analysis.workload.rep_workload`;
    without it, ``load_index`` ≥ ``ratio``) and holds at least ``ratio`` × the median open deals of the
    compared reps. ``deals_to_move`` = min(most − median, median − fewest), at least 1. The receiver is
    the compared rep with the fewest open deals who can take the work (see the module docstring): past
    the ramp (``tenure_months`` ≥ ``ramp_months``), employed through the period, active in it, not
    overloaded, not in ``exclude``, with deals handled before (with the deals and the period: deals of a
    kind, ``deal_type``, the giver holds open) and a ``win_rate`` and ``attainment`` not below the
    giver's. ``opportunity_ids`` then lists the giver's youngest open deals (least relationship built
    yet) of the kinds the receiver has handled, at most ``deals_to_move``. Reps in ``keep`` never give:
    a rep whose load is of their own making (high activity, low conversion) is coached on converting,
    not relieved of deals. A giver in ``relieve`` (burned out: effort up, results down) sheds load to
    any fit receiver: their own results are falling, and their well-being comes first.

    Columns: ``from_rep``, ``to_rep``, ``deals_to_move``, ``from_open_deals``, ``to_open_deals``,
    ``team_median``, ``max_to_median``, ``threshold``, ``opportunity_ids``, and why the receiver:
    ``deal_types`` (the kinds moved, when known), ``to_deals_handled`` and ``to_deals_won`` (of those
    kinds), ``to_tenure_months``. Empty when balanced, when no overloaded rep holds the most, or when no
    rep can take the work.

    Examples
    --------
    Open deals 30, 14, 12, 6 (median 13): 30 ÷ 13 = 2.3 ≥ 1.5; move min(30 − 13, 13 − 6) = 7.
    """
    none = pd.DataFrame(columns=REBALANCE_COLUMNS)
    sub = workload[workload["compared"]] if "compared" in workload else workload
    if sub.empty:
        return none
    if "overloaded" in sub:
        overloaded = sub["overloaded"].astype(bool)
    else:
        overloaded = sub.get("load_index", pd.Series(np.nan, index=sub.index)).ge(ratio)
    deals = sub.set_index("rep_id")["open_deals"].astype(float)
    med = float(deals.median())
    givers = deals[(overloaded & ~sub["rep_id"].isin(list(keep))).to_numpy()]
    if givers.empty:
        return none
    giver = givers.idxmax()
    most = float(givers.max())
    if med <= 0 or most / med < ratio:
        return none
    fit = (sub["tenure_months"].fillna(ramp_months) >= ramp_months) & ~sub["rep_id"].isin(list(exclude))
    fit &= ~overloaded
    for column in ("employed_at_end", "employed_through", "active"):
        if column in sub:
            fit &= sub[column].astype(bool)
    able = sub[fit & sub["rep_id"].ne(giver)].set_index("rep_id")
    if giver not in set(relieve):
        able = able[_closes_as_well(able, sub.set_index("rep_id").loc[[giver]])]
    mine = pd.DataFrame(columns=["opportunity_id", "created_date"])
    if opportunities is not None and stage_history is not None and period is not None:
        open_now = open_deals_at(opportunities, stage_history, ts(period.end))
        mine = open_now[open_now["rep_id"] == giver].sort_values("created_date", ascending=False)
    record = _kind_record(opportunities, mine, period, able)
    able = able[record["handled"].reindex(able.index).fillna(0).gt(0)]
    if able.empty:
        return none
    taker = able["open_deals"].idxmin()
    fewest = float(able.loc[taker, "open_deals"])
    n = int(max(1, min(most - med, med - fewest)))
    kinds = record.attrs.get("kinds", {}).get(taker)
    movable = mine if kinds is None else mine[mine["deal_type"].isin(kinds)]
    if len(mine):  # the giver's open deals are known: never more than those of kinds the taker handles
        n = min(n, len(movable))
        if n == 0:
            return none
    tenure = able.loc[taker, "tenure_months"]
    row = {
        "from_rep": giver,
        "to_rep": taker,
        "deals_to_move": n,
        "from_open_deals": int(most),
        "to_open_deals": int(fewest),
        "team_median": med,
        "max_to_median": most / med,
        "threshold": ratio,
        "opportunity_ids": movable["opportunity_id"].head(n).tolist(),
        "deal_types": sorted(kinds) if kinds is not None else [],
        "to_deals_handled": int(record.loc[taker, "handled"]),
        "to_deals_won": int(record.loc[taker, "won"]),
        "to_tenure_months": float(tenure) if pd.notna(tenure) else np.nan,
    }
    return pd.DataFrame([row], columns=REBALANCE_COLUMNS)


def _kind_record(
    opportunities: pd.DataFrame | None, giver_open: pd.DataFrame, period: Period | None, able: pd.DataFrame
) -> pd.DataFrame:
    """Per candidate receiver, deals ``handled`` and ``won`` before the period end of the kinds (deal
    types) the giver holds open; ``attrs["kinds"]`` maps each to the kinds it has handled. Without the
    deals, the workload's own counts (any kind)."""
    if opportunities is None or period is None or "deal_type" not in opportunities or giver_open.empty:
        cols = {"handled": "deals_handled", "won": "deals_won"}
        return pd.DataFrame({k: able.get(v, 1) for k, v in cols.items()}, index=able.index)
    wanted = set(giver_open["deal_type"].dropna())
    theirs = opportunities[opportunities["rep_id"].isin(able.index) & opportunities["deal_type"].isin(wanted)]
    theirs = theirs[pd.to_datetime(theirs["created_date"]) < ts(period.end)]
    closed = pd.to_datetime(theirs["close_date"])
    won = theirs["status"].eq("won") & (closed < ts(period.end))
    out = pd.DataFrame({"handled": 1, "won": won.astype(int)}, index=theirs.index)
    out = out.groupby(theirs["rep_id"]).sum().reindex(able.index).fillna(0).astype(int)
    out.attrs["kinds"] = {r: set(g) for r, g in theirs.groupby("rep_id")["deal_type"]}
    return out
