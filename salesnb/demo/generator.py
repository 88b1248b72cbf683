"""Generate the demo organisation: deterministic for a seed and an as-of date.

The simulation runs rep by rep and month by month; inside a rep-month every draw is vectorised with
NumPy, so the whole organisation (about a million activity rows) builds in seconds. Planted patterns
(:data:`salesnb.demo.organisation.PLANTED`) bend the same mechanics rather than pasting numbers in, so
the analysis has to find them the way it would find them in real data.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
import pandas as pd

from salesnb.demo import organisation as org
from salesnb.periods import Period

DAY = np.timedelta64(1, "D")


@dataclass
class _Rep:
    rep_id: str
    name: str
    team: org.TeamSpec
    level: str
    manager_id: str | None
    hire_date: date
    left_date: date | None
    skill: float
    activity: float
    contact: float
    care: float
    patterns: list[str] = field(default_factory=list)


@dataclass
class _Buffers:
    """Column arrays collected per rep-month and concatenated once at the end."""

    parts: dict[str, list[dict[str, np.ndarray]]] = field(default_factory=dict)

    def add(self, table: str, **cols: np.ndarray) -> None:
        self.parts.setdefault(table, []).append(cols)

    def frame(self, table: str) -> pd.DataFrame:
        chunks = self.parts.get(table, [])
        if not chunks:
            return pd.DataFrame()
        return pd.DataFrame({k: np.concatenate([c[k] for c in chunks]) for k in chunks[0]})


def _months_between(a: date, b: date) -> int:
    return (b.year - a.year) * 12 + (b.month - a.month)


def generate(as_of: date, seed: int = 7, months: int = 21) -> dict[str, pd.DataFrame]:
    """Build every canonical table of the demo organisation.

    Parameters
    ----------
    as_of
        The day the data is "exported"; history ends with the latest month complete before it.
    seed
        Random seed: the same seed and as-of date give the same organisation, row for row.
    months
        Months of history (at least 18 are needed for year-over-year comparisons).

    Returns
    -------
    dict of table name to frame, ready for :func:`salesnb.warehouse.replace_tables`.

    Examples
    --------
    >>> from datetime import date
    >>> tables = generate(date(2026, 11, 23), months=18)
    >>> sorted(tables)[:3]
    ['activities', 'costs', 'customers']
    """
    rng = np.random.default_rng(seed)
    last = Period.latest_complete("month", as_of)
    history = last.history(months)
    cutoff = last.end  # nothing happens on or after this day
    reps = _build_roster(rng, history[0].start, cutoff)
    buf = _Buffers()
    customers = _build_customer_base(rng, reps, history[0].start)
    counters = {"opp": 0, "lead": 0, "cust": len(customers), "survey": 0}

    for rep in reps:
        # existing business comes from the team's customer base and from the customers this rep has won
        pool = [(c["customer_id"], EVER) for c in customers if c["team_id"] == rep.team.team_id]
        # deals start a few months before the history, so it opens with the pipeline a CRM would hold;
        # activities and leads are recorded from the first month of the history only
        for k, month in enumerate(
            history[0].history(org.WARMUP_MONTHS + 1)[:-1] + history, start=-org.WARMUP_MONTHS
        ):
            recorded = k >= 0
            _simulate_rep_month(rng, rep, month, k, months, cutoff, buf, counters, pool, customers, recorded)

    tables = _assemble(rng, reps, customers, buf, history, cutoff)
    tables["meta"] = _meta(as_of, seed, last, reps)
    return tables


def _build_roster(rng: np.random.Generator, start: date, cutoff: date) -> list[_Rep]:
    reps: list[_Rep] = []
    used_names: set[str] = set()
    planted = {(team, idx): name for name, (team, idx) in org.PLANTED.items()}
    for team in org.TEAMS:
        manager_id = None
        for i in range(team.n_reps):
            level = "manager" if i == 0 else ("senior" if i in (1, 2, 4) else "junior")
            name = _unique_name(rng, team.language, used_names)
            rep_id = f"{team.team_id}-r{i + 1:02d}"
            years = {"manager": (3, 7), "senior": (2, 5), "junior": (0.8, 2)}[level]
            hire = cutoff - timedelta(days=int(365 * rng.uniform(*years)))
            left = None
            pattern = planted.get((team.team_id, i))
            rep = _Rep(
                rep_id,
                name,
                team,
                level,
                manager_id,
                hire,
                left,
                skill=float(np.clip(rng.normal(1.0, 0.13), 0.75, 1.3)) + (0.08 if level == "senior" else 0),
                activity=float(np.clip(rng.normal(1.0, 0.1), 0.8, 1.25)),
                contact=float(np.clip(rng.normal(1.0, 0.08), 0.85, 1.15)),
                care=float(rng.normal(0, 0.3)),
            )
            if pattern == "low_contact_rate":
                rep.contact = 0.4
            elif pattern == "high_activity_low_conversion":
                rep.activity, rep.skill = 1.6, 0.45
            elif pattern == "burned_out":
                rep.skill, rep.activity = max(rep.skill, 1.1), 1.0
            elif pattern == "new_hire_ramping":
                rep.hire_date = _month_start(cutoff, -org.NEW_HIRE_MONTHS_AGO) + timedelta(days=6)
                rep.level = "junior"
            elif pattern == "departed":
                rep.hire_date = min(hire, start - timedelta(days=200))
                rep.left_date = _month_start(cutoff, -org.NEW_HIRE_MONTHS_AGO - 1) + timedelta(days=14)
            if pattern:
                rep.patterns.append(pattern)
            if i == 0:
                manager_id = rep_id
            reps.append(rep)
    return reps


def _month_start(d: date, shift: int) -> date:
    return Period.containing(d, "month").shift(shift).start


def _unique_name(rng: np.random.Generator, language: str, used: set[str]) -> str:
    while True:
        if language == "zh":
            name = str(rng.choice(org.ZH_SURNAMES)) + str(rng.choice(org.ZH_GIVEN))
        else:
            name = f"{rng.choice(org.EN_FIRST)} {rng.choice(org.EN_LAST)}"
        if name not in used:
            used.add(name)
            return name


def _company_name(rng: np.random.Generator, language: str, n: int) -> str:
    if language == "zh":
        return f"{rng.choice(org.ZH_COMPANY_PLACE)}{rng.choice(org.ZH_COMPANY_KIND)}有限公司{n}号"
    return f"{rng.choice(org.EN_COMPANY_A)} {rng.choice(org.EN_COMPANY_B)} #{n}"


def _build_customer_base(rng: np.random.Generator, reps: list[_Rep], start: date) -> list[dict]:
    """Customers that bought before the history starts: the source of existing-business deals."""
    out = []
    for rep in reps:
        for _ in range(12):
            n = len(out) + 1
            out.append(
                {
                    "customer_id": f"C{n:06d}",
                    "name": _company_name(rng, rep.team.language, n),
                    "rep_id": rep.rep_id,
                    "team_id": rep.team.team_id,
                    "industry": str(rng.choice(org.INDUSTRIES)),
                    "created_date": start - timedelta(days=int(rng.integers(60, 1500))),
                }
            )
    return out


def _factors(rep: _Rep, month: Period, k: int, months: int) -> dict[str, float]:
    """Multipliers for one rep-month: season, growth, ramp-up and the planted trajectories."""
    f = {
        "season": org.SEASONALITY[month.start.month - 1],
        "growth": (1 + org.MONTHLY_GROWTH) ** k,
        "activity": rep.activity * org.LEVEL_ACTIVITY[rep.level],
        "skill": rep.skill,
        "contact": rep.contact,
        "after_hours": 0.03,
        "weekend": 0.015,
        "burnout": 0.0,
    }
    tenure = _months_between(rep.hire_date, month.start)
    ramp = float(np.clip(0.3 + 0.175 * tenure, 0.3, 1.0))
    f["ramp"] = ramp
    f["skill"] *= 0.55 + 0.45 * ramp
    if "burned_out" in rep.patterns:
        t = float(np.clip((k - (months - org.BURNOUT_MONTHS)) / (org.BURNOUT_MONTHS - 1), 0, 1))
        f["burnout"] = t
        f["activity"] *= 1 + 0.55 * t
        f["after_hours"] = 0.03 + 0.3 * t
        f["weekend"] = 0.015 + 0.35 * t
        f["skill"] *= 1 - 0.55 * t
    return f


def _active_days(rep: _Rep, month: Period, cutoff: date) -> np.ndarray:
    days = np.arange(np.datetime64(month.start), np.datetime64(min(month.end, cutoff)), DAY)
    lo = np.datetime64(rep.hire_date)
    hi = np.datetime64(rep.left_date) if rep.left_date else np.datetime64(cutoff)
    return days[(days >= lo) & (days < hi)]


def _simulate_rep_month(rng, rep, month, k, months, cutoff, buf, counters, pool, customers, recorded=True):
    days = _active_days(rep, month, cutoff)
    if len(days) == 0:
        return
    f = _factors(rep, month, k, months)
    rates = org.RATES[rep.team.team_type]
    weekday = np.is_busday(days)
    day_weight = np.where(weekday, 1.0, f["weekend"])
    work_days = float(weekday.sum())
    intensity = f["activity"] * (0.75 + 0.25 * f["ramp"]) * f["season"] ** 0.3

    for kind, rate in (
        ()
        if not recorded
        else (
            ("call", rates.calls),
            ("meeting", rates.meetings),
            ("email", rates.emails),
            ("visit", rates.visits),
        )
    ):
        if rate <= 0:
            continue
        counts = rng.poisson(rate * intensity * day_weight)
        n = int(counts.sum())
        if n == 0:
            continue
        day = np.repeat(days, counts)
        after = rng.random(n) < f["after_hours"]
        seconds = np.where(after, rng.uniform(18.5, 22.5, n), rng.uniform(8.75, 18.0, n)) * 3600
        started = day.astype("datetime64[s]") + seconds.astype("timedelta64[s]")
        if kind == "call":
            p = min(0.95, rates.contact_rate * f["contact"] * (1 - 0.2 * f["burnout"]))
            connected = rng.random(n) < p
            talk = rng.lognormal(np.log(rates.talk_seconds), 0.6, n)
            duration = np.where(connected, np.maximum(talk, 20), 0).astype(np.int64)
            success = connected & (rng.random(n) < 0.12 * f["skill"])
            outcome = np.where(~connected, "no_answer", np.where(success, "success", "conversation"))
            conn = connected.astype(object)
        else:
            mean = {"meeting": 2400, "email": 240, "visit": 4800}[kind]
            duration = rng.gamma(4, mean / 4, n).astype(np.int64)
            outcome = np.full(n, None, dtype=object)
            conn = np.full(n, None, dtype=object)
        buf.add(
            "activities",
            rep_id=np.full(n, rep.rep_id, dtype=object),
            activity_type=np.full(n, kind, dtype=object),
            started_at=started,
            duration_seconds=duration,
            connected=conn,
            outcome=outcome.astype(object),
        )

    _simulate_deals(
        rng, rep, month, f, rates, days[weekday], work_days, cutoff, buf, counters, pool, customers
    )


#: "Since always": base customers are eligible for existing business from the first simulated day.
EVER = np.datetime64("1900-01-01T00:00:00", "s")


def _simulate_deals(rng, rep, month, f, rates, workdays, work_days, cutoff, buf, counters, pool, customers):
    if len(workdays) == 0:
        return
    lam = (
        rates.opps
        * work_days
        * f["season"]
        * f["growth"]
        * f["activity"]
        * (0.5 + 0.5 * f["skill"])
        * (0.6 + 0.4 * f["ramp"])
    )
    n = int(rng.poisson(lam))
    if n == 0:
        return
    created = rng.choice(workdays, n)
    existing = rng.random(n) < rates.existing_share
    size = {"junior": 1.0, "senior": 1.3, "manager": 1.5}[rep.level]
    amount = np.round(rng.lognormal(np.log(rates.deal_median * size * f["growth"]), rates.deal_sigma, n), -2)
    amount = np.maximum(amount, 100.0)

    # Walk each deal through the open stages: time in stage, then advance or lose.
    stalled_team, stalled_stage = org.STALLED_TEAM
    stall_from = np.datetime64(_month_start(cutoff, -org.STALL_MONTHS))
    entered = np.zeros((n, 5), dtype="datetime64[s]")
    entered[:, 0] = created.astype("datetime64[s]") + (rng.uniform(9, 17, n) * 3600).astype("timedelta64[s]")
    alive = np.ones(n, dtype=bool)
    lost_at = np.full(n, -1)
    for i, stage in enumerate(org.OPEN_STAGES):
        mean_days = np.full(n, rates.stage_days[i], dtype=float)
        p_adv = np.full(n, min(0.97, rates.advance[i] * f["skill"] ** 0.35))
        if rep.team.team_id == stalled_team and stage == stalled_stage:
            stall = entered[:, i] >= stall_from
            mean_days = np.where(stall, mean_days * 5, mean_days)
            p_adv = np.where(stall, p_adv * 0.6, p_adv)
        dur = (rng.exponential(mean_days) + 0.5) * 86400
        entered[:, i + 1] = entered[:, i] + dur.astype("timedelta64[s]")
        fail = alive & (rng.random(n) >= p_adv)
        lost_at = np.where(fail, i, lost_at)
        alive &= ~fail
    won = alive
    # the index of the closing transition: lost at stage i closes at entered[:, i + 1]
    close_idx = np.where(won, 4, lost_at + 1)
    close_at = entered[np.arange(n), close_idx]
    cut = np.datetime64(cutoff).astype("datetime64[s]")
    closed = close_at < cut

    ids, stage_now, status = [], [], []
    hist_ids, hist_stage, hist_at = [], [], []
    cust_ids, deal_types = [], []
    for j in range(n):
        counters["opp"] += 1
        oid = f"OPP{counters['opp']:07d}"
        ids.append(oid)
        last_stage = 4 if won[j] else lost_at[j] + 1  # entries 0..last_stage-1 are open stages
        for i in range(last_stage):
            if entered[j, i] < cut:
                hist_ids.append(oid)
                hist_stage.append(org.OPEN_STAGES[i])
                hist_at.append(entered[j, i])
        if closed[j]:
            final = "closed_won" if won[j] else "closed_lost"
            hist_ids.append(oid)
            hist_stage.append(final)
            hist_at.append(close_at[j])
            stage_now.append(final)
            status.append("won" if won[j] else "lost")
        else:
            current = int(np.searchsorted(entered[j, :last_stage], cut, side="right")) - 1
            stage_now.append(org.OPEN_STAGES[current])
            status.append("open")
        eligible = [c for c, since in pool if since <= entered[j, 0]] if existing[j] else []
        if eligible:
            cust_ids.append(str(rng.choice(eligible)))
            deal_types.append("existing")
        else:
            counters["cust"] += 1
            cid = f"C{counters['cust']:06d}"
            customers.append(
                {
                    "customer_id": cid,
                    "name": _company_name(rng, rep.team.language, counters["cust"]),
                    "rep_id": rep.rep_id,
                    "team_id": rep.team.team_id,
                    "industry": str(rng.choice(org.INDUSTRIES)),
                    "created_date": created[j].astype(date),
                }
            )
            cust_ids.append(cid)
            deal_types.append("new")
            if won[j] and closed[j]:
                pool.append((cid, close_at[j]))  # a customer now, so a candidate for repeat business

    cust = np.array(cust_ids, dtype=object)
    dtype = np.array(deal_types, dtype=object)
    close_date = np.where(closed, close_at.astype("datetime64[D]"), np.datetime64("NaT"))
    expected = created + np.round(sum(rates.stage_days)).astype(int) * DAY
    status_arr = np.array(status, dtype=object)
    names = np.array(
        [
            f"{customers_name(customers, c)} - {t}"
            for c, t in zip(cust_ids, np.where(dtype == "new", "new business", "expansion"), strict=True)
        ],
        dtype=object,
    )
    buf.add(
        "opportunities",
        opportunity_id=np.array(ids, dtype=object),
        name=names,
        customer_id=cust,
        rep_id=np.full(n, rep.rep_id, dtype=object),
        source=rng.choice(org.SOURCES, n).astype(object),
        deal_type=dtype,
        amount=amount,
        currency=np.full(n, "CNY", dtype=object),
        stage=np.array(stage_now, dtype=object),
        status=status_arr,
        probability=np.array([org.STAGE_PROBABILITY[s] for s in stage_now]),
        created_date=created,
        expected_close_date=expected,
        close_date=close_date,
    )
    buf.add(
        "stage_history",
        opportunity_id=np.array(hist_ids, dtype=object),
        stage=np.array(hist_stage, dtype=object),
        entered_at=np.array(hist_at),
    )

    is_won = status_arr == "won"
    if is_won.any():
        buf.add(
            "orders",
            customer_id=cust[is_won],
            rep_id=np.full(is_won.sum(), rep.rep_id, dtype=object),
            opportunity_id=np.array(ids, dtype=object)[is_won],
            order_date=close_date[is_won],
            amount=amount[is_won],
            currency=np.full(is_won.sum(), "CNY", dtype=object),
        )
        surveyed = is_won & (rng.random(n) < 0.35)
        sdate = close_date + rng.integers(3, 21, n) * DAY
        surveyed &= sdate < np.datetime64(cutoff)
        m = int(surveyed.sum())
        if m:
            csat = np.clip(np.round(4.1 + rep.care - 1.5 * f["burnout"] + rng.normal(0, 0.7, m)), 1, 5)
            nps = np.clip(np.round(7.6 + 2 * rep.care - 3 * f["burnout"] + rng.normal(0, 1.6, m)), 0, 10)
            start = counters["survey"]
            counters["survey"] += m
            buf.add(
                "surveys",
                survey_id=np.array([f"S{start + i + 1:07d}" for i in range(m)], dtype=object),
                rep_id=np.full(m, rep.rep_id, dtype=object),
                customer_id=cust[surveyed],
                survey_date=sdate[surveyed],
                csat=csat.astype(np.int64),
                nps=nps.astype(np.int64),
            )

    # Leads: one per new-business deal, plus leads that never became a deal.
    new = dtype == "new"
    n_new = int(new.sum())
    extra = int(rng.poisson(n_new * (rates.leads_per_opp - 1))) if n_new else 0
    total = n_new + extra
    if total == 0:
        return
    lead_created = np.concatenate(
        [created[new] - rng.integers(1, 12, n_new) * DAY, rng.choice(workdays, extra)]
    )
    lead_created = np.maximum(lead_created, np.datetime64(rep.hire_date))
    lead_status = np.concatenate(
        [
            np.where(
                status_arr[new] == "won",
                "converted",
                np.where(status_arr[new] == "lost", "disqualified", "open"),
            ),
            np.where(rng.random(extra) < 0.8, "disqualified", "open"),
        ]
    ).astype(object)
    converted = np.concatenate(
        [
            np.where(status_arr[new] == "won", close_date[new], np.datetime64("NaT")),
            np.full(extra, np.datetime64("NaT")),
        ]
    )
    lead_cust = np.concatenate(
        [np.where(status_arr[new] == "won", cust[new], None), np.full(extra, None, dtype=object)]
    ).astype(object)
    start = counters["lead"]
    counters["lead"] += total
    buf.add(
        "leads",
        lead_id=np.array([f"L{start + i + 1:07d}" for i in range(total)], dtype=object),
        rep_id=np.full(total, rep.rep_id, dtype=object),
        source=rng.choice(org.SOURCES, total).astype(object),
        created_date=lead_created,
        status=lead_status,
        converted_date=converted,
        customer_id=lead_cust,
    )


def customers_name(customers: list[dict], customer_id: str) -> str:
    # customer ids are C + 1-based position, so the lookup is O(1)
    return customers[int(customer_id[1:]) - 1]["name"]


def _assemble(rng, reps, customers, buf, history, cutoff) -> dict[str, pd.DataFrame]:
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
                "email": f"{r.rep_id}@example.com",  # as the demo's CRM exports write it
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


def _active_share(rep: _Rep, month: Period) -> float:
    start = max(month.start, rep.hire_date)
    end = min(month.end, rep.left_date) if rep.left_date else month.end
    return max(0.0, (end - start).days / month.days)


def _costs(reps: list[_Rep], history: list[Period], cutoff: date) -> pd.DataFrame:
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
    reps: list[_Rep], opps: pd.DataFrame, history: list[Period], planned: list[Period]
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
                tenure = _months_between(r.hire_date, month.start)
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


def _training(rng: np.random.Generator, reps: list[_Rep], cutoff: date) -> pd.DataFrame:
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


def _meta(as_of: date, seed: int, last: Period, reps: list[_Rep]) -> pd.DataFrame:
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
