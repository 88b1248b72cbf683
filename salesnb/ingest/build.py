"""Build canonical warehouse rows from prepared field values, one builder per module."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from salesnb.ingest.mapping import normalise
from salesnb.ingest.parsers import map_unique
from salesnb.ingest.transform import Prepared, stable_id
from salesnb.warehouse.schema import STAGES

#: Default probability per canonical stage, used when the export carries none.
STAGE_PROBABILITY = {
    "qualification": 0.1,
    "needs_analysis": 0.25,
    "proposal": 0.5,
    "negotiation": 0.75,
    "closed_won": 1.0,
    "closed_lost": 0.0,
}
assert set(STAGE_PROBABILITY) == set(STAGES)


def slug(text: str) -> str:
    """A path-safe id from a name; names with no ASCII letters get a short hash.

    Examples
    --------
    >>> slug("Beijing Telesales"), slug("上海电销团队")[:5]
    ('beijing-telesales', 'team-')
    """
    ascii_part = re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")[:40]
    if ascii_part and len(ascii_part) >= 3:
        return ascii_part
    return "team-" + stable_id(pd.Series([str(text)])).iloc[0][:8]


def customer_id(source: str, name: pd.Series) -> pd.Series:
    """Accounts are identified by source and normalised name, so deals and accounts link by name."""
    return (
        source + "-acct-" + stable_id(map_unique(name, lambda v: normalise(v) if isinstance(v, str) else ""))
    )


def build(prep: Prepared) -> dict[str, pd.DataFrame]:
    """Canonical frames (table → rows) for one prepared file."""
    return _BUILDERS[prep.mapping.module](prep)


def _customers_from(
    prep: Prepared, names: pd.Series, created: pd.Series, rep: pd.Series | None
) -> pd.DataFrame:
    has = names.notna()
    frame = pd.DataFrame(
        {
            "customer_id": customer_id(prep.mapping.source, names[has]),
            "name": names[has].astype(str),
            "rep_id": rep[has] if rep is not None else None,
            "industry": None,
            "created_date": created[has].dt.normalize() if created is not None else pd.NaT,
        }
    )
    frame["created_date"] = frame["created_date"].fillna(pd.Timestamp.today().normalize())
    return frame.sort_values("created_date").drop_duplicates("customer_id", keep="first")


def _deals(prep: Prepared) -> dict[str, pd.DataFrame]:
    f = prep.fields
    src = prep.mapping.source
    closed = f["status"].isin(["won", "lost"])
    prob = f["probability"] if "probability" in f.columns else pd.Series(np.nan, index=f.index)
    prob = prob.fillna(f["stage"].map(STAGE_PROBABILITY))
    account = f.get("account", pd.Series(None, index=f.index, dtype=object))
    opps = pd.DataFrame(
        {
            "opportunity_id": src + ":" + f["record_id"].astype(str),
            "name": f["name"].astype(str),
            "customer_id": customer_id(src, account).where(account.notna(), None),
            "rep_id": f["rep_id"],
            "source": f.get("source"),
            "deal_type": f["deal_type"].fillna("new") if "deal_type" in f.columns else "new",
            "amount": f["amount"].astype(float),
            "currency": f["currency"],
            "stage": f["stage"],
            "status": f["status"],
            "probability": prob.astype(float),
            "created_date": f["created"].dt.normalize(),
            "expected_close_date": f["close_date"],
            "close_date": f["close_date"].where(closed),
        }
    )
    entered = f["modified"] if "modified" in f.columns else pd.Series(pd.NaT, index=f.index)
    entered = entered.fillna(f["close_date"].where(closed)).fillna(f["created"])
    history = pd.DataFrame(
        {"opportunity_id": opps["opportunity_id"], "stage": f["stage"], "entered_at": entered}
    )
    out = {"opportunities": opps, "stage_history": history}
    if account.notna().any():
        out["customers"] = _customers_from(prep, account, f["created"], f["rep_id"])
    return out


def _leads(prep: Prepared) -> dict[str, pd.DataFrame]:
    f = prep.fields
    src = prep.mapping.source
    company = f.get("company", pd.Series(None, index=f.index, dtype=object))
    converted = f["status"].eq("converted")
    leads = pd.DataFrame(
        {
            "lead_id": src + ":" + f["record_id"].astype(str),
            "rep_id": f["rep_id"],
            "source": f.get("source"),
            "created_date": f["created"].dt.normalize(),
            "status": f["status"].fillna("open"),
            "converted_date": f["converted_date"].where(converted)
            if "converted_date" in f.columns
            else pd.NaT,
            "customer_id": customer_id(src, company).where(converted & company.notna(), None),
        }
    )
    return {"leads": leads}


def _accounts(prep: Prepared) -> dict[str, pd.DataFrame]:
    f = prep.fields
    created = f["created"] if "created" in f.columns else pd.Series(pd.NaT, index=f.index)
    frame = _customers_from(prep, f["name"], created, f.get("rep_id"))
    if "industry" in f.columns:
        frame["industry"] = f.loc[frame.index, "industry"]
    return {"customers": frame}


def _calls(prep: Prepared) -> dict[str, pd.DataFrame]:
    f = prep.fields
    src = prep.mapping.source
    kind = (
        f["activity_type"].fillna("call")
        if "activity_type" in f.columns
        else pd.Series("call", index=f.index)
    )
    duration = f["duration"].fillna(0) if "duration" in f.columns else pd.Series(0.0, index=f.index)
    direction = f.get("direction", pd.Series(None, index=f.index, dtype=object))
    result = f.get("result", pd.Series(None, index=f.index, dtype=object))
    connected = np.where(result.notna(), result.eq("connected"), (duration > 0) & ~direction.eq("missed"))
    is_call = kind.eq("call")
    account = f.get("account", pd.Series(None, index=f.index, dtype=object))
    acts = pd.DataFrame(
        {
            "activity_id": src + ":" + f["record_id"].astype(str),
            "rep_id": f["rep_id"],
            "activity_type": kind,
            "started_at": f["start"],
            "duration_seconds": duration.round().astype("Int64"),
            "connected": pd.array(np.where(is_call, connected, False), dtype="boolean"),
            "outcome": np.where(is_call, np.where(connected, "conversation", "no_answer"), None),
            "customer_id": customer_id(src, account).where(account.notna(), None),
            "opportunity_id": None,
        }
    )
    acts.loc[~is_call, "connected"] = pd.NA
    return {"activities": acts}


def _orders(prep: Prepared) -> dict[str, pd.DataFrame]:
    f = prep.fields
    src = prep.mapping.source
    orders = pd.DataFrame(
        {
            "order_id": src + ":" + f["record_id"].astype(str),
            "customer_id": customer_id(src, f["account"]),
            "rep_id": f["rep_id"],
            "opportunity_id": None,
            "order_date": f["order_date"],
            "amount": f["amount"].astype(float),
            "currency": f["currency"],
        }
    )
    return {"orders": orders, "customers": _customers_from(prep, f["account"], f["order_date"], f["rep_id"])}


def _roster(prep: Prepared) -> dict[str, pd.DataFrame]:
    """Reps, and the teams and regions the roster names. Ids come from names (slugs)."""
    f = prep.fields
    team_name = f["team"].astype(str)
    team_id = team_name.map(slug)
    if "team_id" in f.columns:
        team_id = f["team_id"].map(lambda v: slug(v) if isinstance(v, str) else None).fillna(team_id)
    region_name = (
        f["region"].fillna("Default region")
        if "region" in f.columns
        else pd.Series("Default region", index=f.index)
    )
    region_id = region_name.map(slug)
    names = f["name"].astype(str)
    rep_id = f["email"].fillna(names) if "email" in f.columns else names
    rep_id = rep_id.map(lambda v: slug(v.split("@")[0]) if "@" in v else slug(v).replace("team-", "rep-"))
    rep_id = rep_id.where(~rep_id.duplicated(keep=False), rep_id + "-" + stable_id(names).str[:4])
    by_name = dict(zip(names.map(normalise), rep_id, strict=True))
    manager = (
        f["manager"].map(lambda v: by_name.get(normalise(v)) if isinstance(v, str) else None)
        if "manager" in f.columns
        else None
    )
    status = f["status"].fillna("active") if "status" in f.columns else "active"
    left = f["left_date"] if "left_date" in f.columns else pd.NaT
    reps = pd.DataFrame(
        {
            "rep_id": rep_id,
            "name": names,
            "team_id": team_id,
            "level": f["level"].fillna("junior"),
            "manager_id": manager,
            "hire_date": f["hire_date"] if "hire_date" in f.columns else pd.NaT,
            "status": status,
            "left_date": left,
        }
    )
    teams = pd.DataFrame(
        {
            "team_id": team_id,
            "name": team_name,
            "region_id": region_id,
            "team_type": f["team_type"] if "team_type" in f.columns else None,
        }
    )
    teams = teams.drop_duplicates("team_id")
    regions = pd.DataFrame({"region_id": region_id, "name": region_name}).drop_duplicates("region_id")
    return {"regions": regions, "teams": teams, "reps": reps}


_BUILDERS = {
    "deals": _deals,
    "leads": _leads,
    "accounts": _accounts,
    "calls": _calls,
    "orders": _orders,
    "roster": _roster,
}
