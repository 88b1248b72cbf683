"""Quota what-ifs: a rep's or a team's quota for a period, and the team's slice with its targets changed.

A what-if quota is kept per ``(kind, id, period label)`` (:data:`QuotaKey`). The warehouse's quota of a
rep is the sum of their revenue targets over the period's months, a team's the sum of its reps' (as
:func:`~salesnb.kpis.compute_measures` measures them). :func:`with_quotas` rewrites the targets so
that every function of the reports computes attainment, pacing and payout under the what-ifs.
"""

from __future__ import annotations

import math

import pandas as pd

from salesnb.errors import ParameterError
from salesnb.periods import Period
from salesnb.workbench.data import WorkbenchData
from salesnb.workbench.selection import Selection

#: A quota what-if's key: ``("rep", rep id, period)`` or ``("team", team id, period)``.
QuotaKey = tuple[str, str, str]


def quota_target(s: Selection) -> tuple[str, str] | None:
    """What a quota what-if changes: ``("rep", id)`` when a rep is chosen, ``("team", id)`` when only a
    team is, ``None`` without a team."""
    if s.rep:
        return "rep", s.rep
    if s.team:
        return "team", s.team
    return None


def rep_team(data: WorkbenchData, rep_id: str, period: Period) -> str:
    """The team a rep belongs to in the period's window."""
    return str(data.reps(period).loc[rep_id, "team_id"])


def base_quota(data: WorkbenchData, kind: str, unit: str, period: Period) -> float:
    """The warehouse's quota of a rep or a team for ``period``."""
    team = unit if kind == "team" else rep_team(data, unit, period)
    m = data.rep_measures(team, period)
    if kind == "team":
        return float(m.loc[m["headcount"] > 0, "quota"].sum())
    return float(m["quota"].get(unit, 0.0))


def check_quota(kind: str, value: float | None) -> float | None:
    """A what-if quota of a ``rep`` or ``team`` as a number (``None``: none), or a
    :class:`ParameterError` saying what is wrong with it.

    Examples
    --------
    >>> check_quota("rep", 700_000), check_quota("team", None)
    (700000.0, None)
    """
    if kind not in ("rep", "team"):
        raise ParameterError(f"a quota belongs to a rep or a team, not a {kind!r}")
    if value is None:
        return None
    if is_missing(value) or not math.isfinite(value) or value < 0:
        raise ParameterError(f"a quota must be an amount of 0 or more, not {value!r}")
    return float(value)


def is_missing(value: object) -> bool:
    """Whether a value typed into a field is no number at all (``None``, NaN, ``pd.NA``)."""
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def with_quotas(
    data: WorkbenchData, quotas: dict[QuotaKey, float], team: str, period: Period
) -> dict[str, pd.DataFrame]:
    """The team's slice with the rep targets of the period's months scaled to the what-if quotas: a team
    quota scales every rep's by one factor, then a rep's own what-if sets theirs (a rep or team with
    no quota gets the new one spread evenly over the months)."""
    base = data.team_slice(team, period)
    months = [pd.Timestamp(m.start) for m in period.months()]
    targets = base["targets"].copy()
    targets["target"] = targets["target"].astype(float)
    in_period = (targets["scope"] == "rep") & (targets["metric"] == "revenue") & targets["month"].isin(months)
    team_reps = base["reps"].loc[base["reps"]["team_id"] == team, "rep_id"].tolist()
    m = data.rep_measures(team, period)
    working = [r for r in team_reps if r in m.index and m.loc[r, "headcount"] > 0]
    now = {r: float(m.loc[r, "quota"]) for r in working}
    new_rows: list[dict] = []
    team_key = ("team", team, period.label)
    if team_key in quotas:
        new, old = quotas[team_key], sum(now.values())
        if old > 0:
            factor = new / old
            targets.loc[in_period & targets["scope_id"].isin(working), "target"] *= factor
            now = {r: q * factor for r, q in now.items()}
        else:  # no quota anywhere: share the new one evenly
            targets = targets[~(in_period & targets["scope_id"].isin(working))]
            for r in working:
                new_rows += _month_rows(r, months, new / max(len(working), 1))
            now = dict.fromkeys(working, new / max(len(working), 1))
    for r in working:
        key = ("rep", r, period.label)
        if key not in quotas:
            continue
        new, old = quotas[key], now[r]
        mine = in_period & (targets["scope_id"] == r)
        if old > 0 and mine.any():
            targets.loc[mine, "target"] *= new / old
        else:
            targets = targets[~mine]
            new_rows += _month_rows(r, months, new)
    if new_rows:
        targets = pd.concat([targets, pd.DataFrame(new_rows)], ignore_index=True)
    return {**base, "targets": targets}


def _month_rows(rep_id: str, months: list[pd.Timestamp], quota: float) -> list[dict]:
    share = quota / len(months)
    return [
        {"scope": "rep", "scope_id": rep_id, "metric": "revenue", "month": m, "target": share} for m in months
    ]
