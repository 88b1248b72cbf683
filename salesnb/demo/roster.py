"""The demo's people: each rep with the traits the simulation draws from, and the customer base they
start with."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from salesnb.demo import organisation as org
from salesnb.periods import Period


@dataclass
class DemoRep:
    """A simulated rep: who they are, and the multipliers that shape their records."""

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


def months_between(a: date, b: date) -> int:
    """Whole calendar months from ``a``'s month to ``b``'s.

    Examples
    --------
    >>> months_between(date(2025, 11, 30), date(2026, 2, 1))
    3
    """
    return (b.year - a.year) * 12 + (b.month - a.month)


def month_start(d: date, shift: int) -> date:
    """The first day of the month ``shift`` months after the one holding ``d``.

    Examples
    --------
    >>> month_start(date(2026, 11, 23), -2)
    datetime.date(2026, 9, 1)
    """
    return Period.containing(d, "month").shift(shift).start


def build_roster(rng: np.random.Generator, start: date, cutoff: date) -> list[DemoRep]:
    """Every team's reps, its manager first, with the planted patterns bent into their traits."""
    reps: list[DemoRep] = []
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
            rep = DemoRep(
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
            if pattern:
                _plant(rep, pattern, hire, start, cutoff)
            if i == 0:
                manager_id = rep_id
            reps.append(rep)
    return reps


def _plant(rep: DemoRep, pattern: str, hire: date, start: date, cutoff: date) -> None:
    """Give ``rep`` the traits of planted ``pattern``."""
    if pattern == "low_contact_rate":
        rep.contact = 0.4
    elif pattern == "high_activity_low_conversion":
        rep.activity, rep.skill = 1.6, 0.45
    elif pattern == "burned_out":
        rep.skill, rep.activity = max(rep.skill, 1.1), 1.0
    elif pattern == "new_hire_ramping":
        rep.hire_date = month_start(cutoff, -org.NEW_HIRE_MONTHS_AGO) + timedelta(days=6)
        rep.level = "junior"
    elif pattern == "departed":
        rep.hire_date = min(hire, start - timedelta(days=200))
        rep.left_date = month_start(cutoff, -org.NEW_HIRE_MONTHS_AGO - 1) + timedelta(days=14)
    rep.patterns.append(pattern)


def _unique_name(rng: np.random.Generator, language: str, used: set[str]) -> str:
    while True:
        if language == "zh":
            name = str(rng.choice(org.ZH_SURNAMES)) + str(rng.choice(org.ZH_GIVEN))
        else:
            name = f"{rng.choice(org.EN_FIRST)} {rng.choice(org.EN_LAST)}"
        if name not in used:
            used.add(name)
            return name


def company_name(rng: np.random.Generator, language: str, n: int) -> str:
    """A company name in the team's language, numbered so that no two customers share one."""
    if language == "zh":
        return f"{rng.choice(org.ZH_COMPANY_PLACE)}{rng.choice(org.ZH_COMPANY_KIND)}有限公司{n}号"
    return f"{rng.choice(org.EN_COMPANY_A)} {rng.choice(org.EN_COMPANY_B)} #{n}"


def build_customer_base(rng: np.random.Generator, reps: list[DemoRep], start: date) -> list[dict]:
    """Customers that bought before the history starts: the source of existing-business deals."""
    out = []
    for rep in reps:
        for _ in range(12):
            n = len(out) + 1
            out.append(
                {
                    "customer_id": f"C{n:06d}",
                    "name": company_name(rng, rep.team.language, n),
                    "rep_id": rep.rep_id,
                    "team_id": rep.team.team_id,
                    "industry": str(rng.choice(org.INDUSTRIES)),
                    "created_date": start - timedelta(days=int(rng.integers(60, 1500))),
                }
            )
    return out


def customers_name(customers: list[dict], customer_id: str) -> str:
    """The name of customer ``customer_id`` in ``customers``."""
    # customer ids are C + 1-based position, so the lookup is O(1)
    return customers[int(customer_id[1:]) - 1]["name"]
