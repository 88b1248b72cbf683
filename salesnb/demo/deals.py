"""The demo's deals: opened by a rep in a month, walked through the stages, won or lost, and what
follows from them (orders, surveys, leads, new customers)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from salesnb.demo import organisation as org
from salesnb.demo.buffers import DAY, Buffers
from salesnb.demo.roster import DemoRep, company_name, customers_name, month_start

#: Running counts of the ids given so far: ``opp``, ``lead``, ``cust`` and ``survey``.
DealCounters = dict[str, int]
#: Customers a rep may sell to again, each with the moment it became one.
CustomerPool = list[tuple[str, np.datetime64]]


@dataclass
class _Walk:
    """Each deal's way through the open stages: when it entered each, and how it ended."""

    entered: np.ndarray  # (deal, stage) -> moment it entered the stage; column 4: after the last
    won: np.ndarray
    lost_at: np.ndarray  # the open stage it was lost in (-1: not lost)
    close_at: np.ndarray
    closed: np.ndarray  # closed before the cutoff


@dataclass
class _Deals:
    """Per-deal columns as lists, and the stage history rows."""

    ids: list[str]
    stage_now: list[str]
    status: list[str]
    hist_ids: list[str]
    hist_stage: list[str]
    hist_at: list[np.datetime64]
    cust_ids: list[str]
    deal_types: list[str]


def simulate_deals(
    rng: np.random.Generator,
    rep: DemoRep,
    f: dict[str, float],
    rates: org.TypeRates,
    workdays: np.ndarray,
    work_days: float,
    cutoff: date,
    buf: Buffers,
    counters: DealCounters,
    pool: CustomerPool,
    customers: list[dict],
) -> None:
    """The deals ``rep`` opens on ``workdays`` (factors ``f``), with their stage history, orders, surveys
    and leads; a deal for a new customer adds the customer to ``customers``."""
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
    walk = _walk_stages(rng, rep, f, rates, created, cutoff)
    deals = _name_deals(rng, rep, walk, existing, created, cutoff, counters, pool, customers)

    cust = np.array(deals.cust_ids, dtype=object)
    dtype = np.array(deals.deal_types, dtype=object)
    close_date = np.where(walk.closed, walk.close_at.astype("datetime64[D]"), np.datetime64("NaT"))
    expected = created + np.round(sum(rates.stage_days)).astype(int) * DAY
    status_arr = np.array(deals.status, dtype=object)
    names = np.array(
        [
            f"{customers_name(customers, c)} - {t}"
            for c, t in zip(
                deals.cust_ids, np.where(dtype == "new", "new business", "expansion"), strict=True
            )
        ],
        dtype=object,
    )
    buf.add(
        "opportunities",
        opportunity_id=np.array(deals.ids, dtype=object),
        name=names,
        customer_id=cust,
        rep_id=np.full(n, rep.rep_id, dtype=object),
        source=rng.choice(org.SOURCES, n).astype(object),
        deal_type=dtype,
        amount=amount,
        currency=np.full(n, "CNY", dtype=object),
        stage=np.array(deals.stage_now, dtype=object),
        status=status_arr,
        probability=np.array([org.STAGE_PROBABILITY[s] for s in deals.stage_now]),
        created_date=created,
        expected_close_date=expected,
        close_date=close_date,
    )
    buf.add(
        "stage_history",
        opportunity_id=np.array(deals.hist_ids, dtype=object),
        stage=np.array(deals.hist_stage, dtype=object),
        entered_at=np.array(deals.hist_at),
    )
    won = status_arr == "won"
    if won.any():
        ids = np.array(deals.ids, dtype=object)
        _add_orders_and_surveys(rng, rep, f, won, ids, cust, amount, close_date, cutoff, buf, counters)
    _add_leads(
        rng, rep, workdays, created, dtype == "new", status_arr, close_date, cust, rates, buf, counters
    )


def _walk_stages(
    rng: np.random.Generator,
    rep: DemoRep,
    f: dict[str, float],
    rates: org.TypeRates,
    created: np.ndarray,
    cutoff: date,
) -> _Walk:
    """Walk each deal through the open stages: time in stage, then advance or lose."""
    n = len(created)
    stalled_team, stalled_stage = org.STALLED_TEAM
    stall_from = np.datetime64(month_start(cutoff, -org.STALL_MONTHS))
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
    closed = close_at < np.datetime64(cutoff).astype("datetime64[s]")
    return _Walk(entered, won, lost_at, close_at, closed)


def _name_deals(
    rng: np.random.Generator,
    rep: DemoRep,
    walk: _Walk,
    existing: np.ndarray,
    created: np.ndarray,
    cutoff: date,
    counters: DealCounters,
    pool: CustomerPool,
    customers: list[dict],
) -> _Deals:
    """Each deal's id, stage as of the cutoff, stage history and customer: an existing customer of the
    pool for existing business (when there is one yet), else a new customer."""
    cut = np.datetime64(cutoff).astype("datetime64[s]")
    out = _Deals([], [], [], [], [], [], [], [])
    for j in range(len(created)):
        counters["opp"] += 1
        oid = f"OPP{counters['opp']:07d}"
        out.ids.append(oid)
        won = walk.won[j]
        last_stage = 4 if won else walk.lost_at[j] + 1  # entries 0..last_stage-1 are open stages
        for i in range(last_stage):
            if walk.entered[j, i] < cut:
                out.hist_ids.append(oid)
                out.hist_stage.append(org.OPEN_STAGES[i])
                out.hist_at.append(walk.entered[j, i])
        if walk.closed[j]:
            final = "closed_won" if won else "closed_lost"
            out.hist_ids.append(oid)
            out.hist_stage.append(final)
            out.hist_at.append(walk.close_at[j])
            out.stage_now.append(final)
            out.status.append("won" if won else "lost")
        else:
            current = int(np.searchsorted(walk.entered[j, :last_stage], cut, side="right")) - 1
            out.stage_now.append(org.OPEN_STAGES[current])
            out.status.append("open")
        eligible = [c for c, since in pool if since <= walk.entered[j, 0]] if existing[j] else []
        if eligible:
            out.cust_ids.append(str(rng.choice(eligible)))
            out.deal_types.append("existing")
        else:
            counters["cust"] += 1
            cid = f"C{counters['cust']:06d}"
            customers.append(
                {
                    "customer_id": cid,
                    "name": company_name(rng, rep.team.language, counters["cust"]),
                    "rep_id": rep.rep_id,
                    "team_id": rep.team.team_id,
                    "industry": str(rng.choice(org.INDUSTRIES)),
                    "created_date": created[j].astype(date),
                }
            )
            out.cust_ids.append(cid)
            out.deal_types.append("new")
            if won and walk.closed[j]:
                pool.append((cid, walk.close_at[j]))  # a customer now, so a candidate for repeat business
    return out


def _add_orders_and_surveys(
    rng: np.random.Generator,
    rep: DemoRep,
    f: dict[str, float],
    won: np.ndarray,
    ids: np.ndarray,
    cust: np.ndarray,
    amount: np.ndarray,
    close_date: np.ndarray,
    cutoff: date,
    buf: Buffers,
    counters: DealCounters,
) -> None:
    """An order for each won deal, and a satisfaction survey for about a third of them."""
    n = len(won)
    buf.add(
        "orders",
        customer_id=cust[won],
        rep_id=np.full(won.sum(), rep.rep_id, dtype=object),
        opportunity_id=ids[won],
        order_date=close_date[won],
        amount=amount[won],
        currency=np.full(won.sum(), "CNY", dtype=object),
    )
    surveyed = won & (rng.random(n) < 0.35)
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


def _add_leads(
    rng: np.random.Generator,
    rep: DemoRep,
    workdays: np.ndarray,
    created: np.ndarray,
    new: np.ndarray,
    status_arr: np.ndarray,
    close_date: np.ndarray,
    cust: np.ndarray,
    rates: org.TypeRates,
    buf: Buffers,
    counters: DealCounters,
) -> None:
    """Leads: one per new-business deal, plus leads that never became a deal."""
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
