"""The demo's tables, assembled from what the simulation collected, plus those planned rather than
simulated: costs, quotas, training and the warehouse's facts."""

from __future__ import annotations

import json
from datetime import date, timedelta

import numpy as np
import pandas as pd

from salesnb.demo import organisation as org
from salesnb.demo.buffers import Buffers
from salesnb.demo.roster import DemoRep, months_between
from salesnb.periods import Period


def assemble_tables(
    rng: np.random.Generator,
    reps: list[DemoRep],
    customers: list[dict],
    buf: Buffers,
    history: list[Period],
    cutoff: date,
) -> dict[str, pd.DataFrame]:
    """Every canonical table but ``meta``, with ids numbered in time order, cut to the history."""
    teams = pd.DataFrame(
        [
            {"team_id": t.team_id, "name": t.name, "region_id": t.region_id, "team_type": t.team_type}
            for t in org.TEAMS
        ]
    )
    regions = pd.DataFrame(org.REGIONS, columns=["region_id", "name"])
    roster = pd.DataFrame(
        [
            {
                "rep_id": r.rep_id,
                "name": r.name,
                "team_id": r.team.team_id,
                "level": r.level,
                "manager_id": r.manager_id,
                "hire_date": pd.Timestamp(r.hire_date),
                "status": "left" if r.left_date else "active",
                "left_date": pd.Timestamp(r.left_date) if r.left_date else pd.NaT,
                "email": f"{r.rep_id}@{org.EMAIL_DOMAIN}",  # as the demo's CRM exports write it
                "crm_user_id": None,
            }
            for r in reps
        ]
    )
    cust = pd.DataFrame(customers).drop(columns="team_id")
    cust["created_date"] = pd.to_datetime(cust["created_date"])

    acts = buf.frame("activities").sort_values(["started_at", "rep_id"], kind="stable")
    acts.insert(0, "activity_id", [f"A{i:08d}" for i in range(1, len(acts) + 1)])
    acts["connected"] = acts["connected"].astype("boolean")
    acts["customer_id"] = None
    acts["opportunity_id"] = None

    orders = buf.frame("orders")
    orders.insert(0, "order_id", [f"O{i:07d}" for i in range(1, len(orders) + 1)])

    costs = _costs(reps, history, cutoff)
    planned = history + [history[-1].shift(k) for k in range(1, org.PLANNED_MONTHS_AHEAD + 1)]
    start = pd.Timestamp(history[0].start)
    opps = buf.frame("opportunities")
    opps = opps[opps["close_date"].isna() | (pd.to_datetime(opps["close_date"]) >= start)].reset_index(
        drop=True
    )
    hist = buf.frame("stage_history")
    hist = hist[hist["opportunity_id"].isin(opps["opportunity_id"])].reset_index(drop=True)
    orders = orders[pd.to_datetime(orders["order_date"]) >= start].reset_index(drop=True)
    leads = buf.frame("leads")
    leads = leads[
        (pd.to_datetime(leads["created_date"]) >= start) | (pd.to_datetime(leads["converted_date"]) >= start)
    ].reset_index(drop=True)
    surveys = buf.frame("surveys")
    surveys = surveys[pd.to_datetime(surveys["survey_date"]) >= start].reset_index(drop=True)
    targets = _targets(reps, opps, history, planned)
    training = _training(rng, reps, cutoff)
    return {
        "regions": regions,
        "teams": teams,
        "reps": roster,
        "customers": cust,
        "leads": leads,
        "opportunities": opps,
        "stage_history": hist,
        "activities": acts.reset_index(drop=True),
        "orders": orders,
        "costs": costs,
        "surveys": surveys,
        "training_completions": training,
        "targets": targets,
    }


def _active_share(rep: DemoRep, month: Period) -> float:
    start = max(month.start, rep.hire_date)
    end = min(month.end, rep.left_date) if rep.left_date else month.end
    return max(0.0, (end - start).days / month.days)


def _costs(reps: list[DemoRep], history: list[Period], cutoff: date) -> pd.DataFrame:
    rows = []
    for team in org.TEAMS:
        rates = org.RATES[team.team_type]
        members = [r for r in reps if r.team.team_id == team.team_id]
        for month in history:
            heads = sum(_active_share(r, month) for r in members)
            salary = sum(_active_share(r, month) * rates.salary * org.LEVEL_SALARY[r.level] for r in members)
            season = org.SEASONALITY[month.start.month - 1]
            rows.append(
                {
                    "team_id": team.team_id,
                    "month": pd.Timestamp(month.start),
                    "sales_cost": round(salary, 2),
                    "marketing_cost": round(rates.marketing * heads * season, 2),
                }
            )
    return pd.DataFrame(rows)


def _targets(
    reps: list[DemoRep], opps: pd.DataFrame, history: list[Period], planned: list[Period]
) -> pd.DataFrame:
    """Monthly revenue quotas: the team's realised revenue per weighted head, stretched 5 %.

    Quotas follow what a planner would know in advance (level, season, growth, ramp-up), never a
    rep's individual luck, so attainment varies the way it does in a real team.
    """
    won = opps[opps["status"] == "won"].copy()
    won["team_id"] = won["rep_id"].str.rsplit("-r", n=1).str[0]
    level_weight = {"junior": 0.9, "senior": 1.2, "manager": 0.5}
    rows = []
    for team in org.TEAMS:
        members = [r for r in reps if r.team.team_id == team.team_id]
        weights = {}
        for k, month in enumerate(planned):
            season = org.SEASONALITY[month.start.month - 1]
            growth = (1 + org.MONTHLY_GROWTH) ** k
            for r in members:
                share = _active_share(r, month)
                if share <= 0:
                    continue
                tenure = months_between(r.hire_date, month.start)
                ramp = float(np.clip(0.3 + 0.175 * tenure, 0.3, 1.0))
                weights[(r.rep_id, month.start)] = share * level_weight[r.level] * season * growth * ramp
        revenue = float(won.loc[won["team_id"] == team.team_id, "amount"].sum())
        past = sum(w for (_, m), w in weights.items() if m < history[-1].end)
        per_weight = revenue / past * 1.05
        for (rep_id, month_start), w in weights.items():
            rows.append(
                {
                    "scope": "rep",
                    "scope_id": rep_id,
                    "metric": "revenue",
                    "month": pd.Timestamp(month_start),
                    "target": float(np.round(per_weight * w, -3)),
                }
            )
    return pd.DataFrame(rows)


def _training(rng: np.random.Generator, reps: list[DemoRep], cutoff: date) -> pd.DataFrame:
    rows = []
    for r in reps:
        modules = rng.choice(org.TRAINING_MODULES, int(rng.integers(1, 4)), replace=False)
        for m in modules:
            latest = r.left_date or cutoff
            span = max(1, (latest - r.hire_date).days - 1)
            done = r.hire_date + timedelta(days=int(rng.integers(0, span)))
            rows.append(
                {
                    "rep_id": r.rep_id,
                    "module_id": str(m),
                    "completed_date": pd.Timestamp(done),
                    "score": float(np.round(rng.uniform(60, 100), 1)),
                }
            )
    return pd.DataFrame(rows)


def meta_table(as_of: date, seed: int, last: Period, reps: list[DemoRep]) -> pd.DataFrame:
    planted = {p: r.rep_id for r in reps for p in r.patterns}
    planted["stalled_team"] = org.STALLED_TEAM[0]
    planted["stalled_stage"] = org.STALLED_TEAM[1]
    facts = {
        "source": "salesnb demo",
        "seed": str(seed),
        "as_of": as_of.isoformat(),
        "latest_month": last.label,
        "currency": "CNY",
        "planted_patterns": json.dumps(planted, ensure_ascii=False),
    }
    return pd.DataFrame(sorted(facts.items()), columns=["key", "value"])
