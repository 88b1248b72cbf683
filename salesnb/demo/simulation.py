"""One rep's month of the demo: the multipliers that shape it, the activities, then the deals.

Every draw inside a rep-month is vectorised with NumPy. The order of the draws is the organisation's
identity for a seed: change it and every number of the demo changes.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from salesnb.demo import organisation as org
from salesnb.demo.buffers import DAY, Buffers
from salesnb.demo.deals import CustomerPool, DealCounters, simulate_deals
from salesnb.demo.roster import DemoRep, months_between
from salesnb.periods import Period


def month_factors(rep: DemoRep, month: Period, k: int, months: int) -> dict[str, float]:
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
    tenure = months_between(rep.hire_date, month.start)
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


def _active_days(rep: DemoRep, month: Period, cutoff: date) -> np.ndarray:
    days = np.arange(np.datetime64(month.start), np.datetime64(min(month.end, cutoff)), DAY)
    lo = np.datetime64(rep.hire_date)
    hi = np.datetime64(rep.left_date) if rep.left_date else np.datetime64(cutoff)
    return days[(days >= lo) & (days < hi)]


def simulate_rep_month(
    rng: np.random.Generator,
    rep: DemoRep,
    month: Period,
    k: int,
    months: int,
    cutoff: date,
    buf: Buffers,
    counters: DealCounters,
    pool: CustomerPool,
    customers: list[dict],
    recorded: bool = True,
) -> None:
    """Rep ``rep``'s month ``month`` (the ``k``-th of ``months``): activities when ``recorded`` (the
    warm-up months before the history record none), then the deals it opens."""
    days = _active_days(rep, month, cutoff)
    if len(days) == 0:
        return
    f = month_factors(rep, month, k, months)
    rates = org.RATES[rep.team.team_type]
    weekday = np.is_busday(days)
    work_days = float(weekday.sum())
    if recorded:
        _simulate_activities(rng, rep, f, rates, days, weekday, buf)
    simulate_deals(rng, rep, f, rates, days[weekday], work_days, cutoff, buf, counters, pool, customers)


def _simulate_activities(
    rng: np.random.Generator,
    rep: DemoRep,
    f: dict[str, float],
    rates: org.TypeRates,
    days: np.ndarray,
    weekday: np.ndarray,
    buf: Buffers,
) -> None:
    """Calls, meetings, e-mails and visits, day by day, more on busy months and fewer on weekends."""
    day_weight = np.where(weekday, 1.0, f["weekend"])
    intensity = f["activity"] * (0.75 + 0.25 * f["ramp"]) * f["season"] ** 0.3
    for kind, rate in (
        ("call", rates.calls),
        ("meeting", rates.meetings),
        ("email", rates.emails),
        ("visit", rates.visits),
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
