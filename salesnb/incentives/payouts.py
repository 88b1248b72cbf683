"""Statements and the payout summary for every rep of a month, and a quarter or year as the sum of months.

Commission is computed per calendar month: each month has its own attainment, tiers and cap, and a
quarter's (or a year's) payout is the sum of its months' payouts (:func:`combine_payouts`). A goal bonus is
paid in the month whose review shows the goal ``met``; a goal is met only once its period is over, so a
quarterly goal pays in the last month of its quarter.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from datetime import date

import numpy as np
import pandas as pd

from salesnb.errors import ParameterError
from salesnb.goals.model import GoalSet
from salesnb.incentives.plans import PlanSet
from salesnb.incentives.statement import Statement, commission
from salesnb.kpis import compute_kpis, compute_measures
from salesnb.kpis.catalog import ratio
from salesnb.periods import Period

#: Columns of the ``reps`` frame :func:`payouts` reads; the team ones only when a plan has ``basis: team``.
REP_COLUMNS = ["rep_id", "name", "team_type", "level", "revenue", "quota"]
TEAM_COLUMNS = ["team_revenue", "team_quota"]
PAYOUT_COLUMNS = [
    "rep_id", "name", "team_type", "level", "plan_id", "basis", "basis_revenue", "basis_quota",
    "attainment", "tier", "commission_before_cap", "cap_removed", "cap_applied", "commission", "bonuses",
    "total",
]  # fmt: skip
AMOUNTS = ["basis_revenue", "basis_quota", "commission_before_cap", "cap_removed", "commission", "bonuses"]
#: Goal statuses of a period still running: its bonus is assessed at the period's end.
RUNNING = ("on_track", "at_risk", "behind", "not_started", "no_data")
#: The goals each rep met in a month: ``goals_met(month, reps)`` for the month's ``reps`` frame.
GoalsMet = Callable[[Period, pd.DataFrame], Mapping[str, Iterable[str]]]


def _kpis_by_rep(kpis: pd.DataFrame | None) -> dict[str, dict[str, float]]:
    """``{rep_id: {kpi: value}}`` from a frame with a ``rep_id`` column or index level."""
    if kpis is None or kpis.empty:
        return {}
    frame = kpis.set_index("rep_id") if "rep_id" in kpis.columns else kpis
    if "rep_id" not in (frame.index.names or []):
        raise ParameterError("kpis must have a rep_id column or index level")
    if isinstance(frame.index, pd.MultiIndex):
        frame = frame.droplevel([n for n in frame.index.names if n != "rep_id"])
    if frame.index.duplicated().any():
        raise ParameterError("kpis must have one row per rep (one month at a time)")
    numeric = frame.select_dtypes("number")
    return {str(rid): row.to_dict() for rid, row in numeric.iterrows()}


def statements(
    plans: PlanSet,
    reps: pd.DataFrame,
    goals_met: Mapping[str, Iterable[str]] | None = None,
    kpis: pd.DataFrame | None = None,
    pending: Mapping[str, Mapping[str, tuple[str, str]]] | None = None,
    eligible: Mapping[str, Collection[str]] | None = None,
) -> dict[str, Statement]:
    """One month's :class:`Statement` per rep, keyed by ``rep_id``.

    ``reps`` has the :data:`REP_COLUMNS` (revenue and quota of the month) and, for reps whose plan has
    ``basis: team``, the :data:`TEAM_COLUMNS`; ``goals_met`` maps a rep id to the goal ids met this month
    (:func:`goals_met_by_rep`); ``kpis`` holds the month's KPI values, one row per rep; ``pending`` maps a
    rep id to its goals still running (:func:`pending_goals_by_rep`), ``eligible`` to the goal ids the rep
    is held to (a rep missing from it: every goal bonus of the plan is listed).
    """
    missing = [c for c in REP_COLUMNS if c not in reps.columns]
    if missing:
        raise ParameterError(f"reps frame lacks column {', '.join(missing)}; needs {', '.join(REP_COLUMNS)}")
    goals_met = goals_met or {}
    values = _kpis_by_rep(kpis)
    out: dict[str, Statement] = {}
    for row in reps.itertuples(index=False):
        plan = plans.plan_for(row.team_type, row.level)
        if plan.basis == "team":
            lacking = [c for c in TEAM_COLUMNS if c not in reps.columns]
            if lacking:
                raise ParameterError(
                    f"plan {plan.id!r} pays on the team's revenue: the reps frame needs {', '.join(lacking)}"
                )
            revenue, quota = row.team_revenue, row.team_quota
        else:
            revenue, quota = row.revenue, row.quota
        rid = str(row.rep_id)
        out[rid] = commission(
            plan,
            revenue,
            quota,
            goals_met.get(rid, ()),
            values.get(rid, {}),
            (pending or {}).get(rid),
            (eligible or {}).get(rid),
        )
    return out


def payouts(
    plans: PlanSet,
    reps: pd.DataFrame,
    goals_met: Mapping[str, Iterable[str]] | None = None,
    kpis: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The month's payout summary, one row per rep (:data:`PAYOUT_COLUMNS`); arguments as :func:`statements`.

    ``basis_revenue`` / ``basis_quota`` are what the plan paid on (the team's for a manager's override);
    ``attainment`` and ``tier`` are missing without a quota.
    """
    by_rep = statements(plans, reps, goals_met, kpis)
    rows = []
    for row in reps.itertuples(index=False):
        s = by_rep[str(row.rep_id)]
        rows.append(
            {
                "rep_id": row.rep_id,
                "name": row.name,
                "team_type": row.team_type,
                "level": row.level,
                "plan_id": s.plan_id,
                "basis": s.basis,
                "basis_revenue": s.revenue,
                "basis_quota": np.nan if s.quota is None else s.quota,
                "attainment": np.nan if s.attainment is None else s.attainment,
                "tier": pd.NA if s.tier is None else s.tier,
                "commission_before_cap": s.commission_before_cap,
                "cap_removed": s.cap_removed,
                "cap_applied": s.cap_applied,
                "commission": s.commission,
                "bonuses": s.bonuses,
                "total": s.total,
            }
        )
    out = pd.DataFrame(rows, columns=PAYOUT_COLUMNS)
    out["tier"] = out["tier"].astype("Int64")
    return out


def combine_payouts(months: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """A longer period's payouts: the monthly :func:`payouts` frames summed per rep.

    Attainment is recomputed from the summed basis revenue and quota; ``plan_id`` lists each plan the rep
    was paid under (a promotion changes it); ``months`` counts the months the rep was paid for.
    """
    frames = [f for f in months if len(f)]
    if not frames:
        return pd.DataFrame(columns=[*PAYOUT_COLUMNS, "months"]).drop(columns="tier")
    both = pd.concat(frames, ignore_index=True)
    grouped = both.groupby("rep_id", sort=False)
    out = grouped[[*AMOUNTS, "total"]].sum()
    for column in ("name", "team_type", "level", "basis"):
        out[column] = grouped[column].last()
    out["plan_id"] = grouped["plan_id"].agg(lambda ids: ", ".join(dict.fromkeys(ids)))
    out["cap_applied"] = grouped["cap_applied"].any()
    out["months"] = grouped.size()
    out["attainment"] = ratio(out["basis_revenue"], out["basis_quota"])
    out = out.reset_index()
    return out[[c for c in PAYOUT_COLUMNS if c != "tier"] + ["months"]]


def period_payouts(
    data: Mapping[str, pd.DataFrame],
    period: Period,
    as_of: date,
    plans: PlanSet,
    goals_met: GoalsMet | None = None,
) -> pd.DataFrame:
    """Commission per rep for ``period`` from a slice: each month paid on its own (attainment, tiers, cap,
    the goal bonuses ``goals_met`` gives for the month), a longer period the sum of its months
    (:func:`combine_payouts`). Months starting after ``as_of`` are not paid yet."""
    months = [m for m in period.months() if m.start <= as_of]
    measures = compute_measures(data, months)  # type: ignore[arg-type]
    frames = []
    for month in months:
        reps = rep_inputs(data, measures, month.label)
        if reps.empty:
            continue
        met = goals_met(month, reps) if goals_met is not None else {}
        month_kpis = compute_kpis(measures.xs(month.label, level="period")).rename_axis("rep_id")
        frames.append(payouts(plans, reps, met, month_kpis))
    if not frames:
        return pd.DataFrame(columns=PAYOUT_COLUMNS)
    return frames[0] if len(frames) == 1 else combine_payouts(frames)


def rep_inputs(data: Mapping[str, pd.DataFrame], measures: pd.DataFrame, period: str) -> pd.DataFrame:
    """The ``reps`` frame of :func:`payouts` for one month, from a slice and its measures.

    ``data`` is a warehouse slice (``reps`` and ``teams`` frames), ``measures`` the output of
    :func:`salesnb.kpis.compute_measures` for periods including ``period``. One row per rep employed in
    the month; ``team_revenue`` sums every rep of the team in the slice, manager included, and
    ``team_quota`` is the team's quota (its own target where it has one, else its reps').
    """
    m = measures[measures.index.get_level_values("period") == period].droplevel("period")
    reps = data["reps"][["rep_id", "name", "team_id", "level"]].merge(
        data["teams"][["team_id", "team_type"]], on="team_id", how="left"
    )
    # a team's quota is its own target where it has one, else its reps' (measure_team_quotas)
    team_quota = m["team_quota"] if "team_quota" in m else m["quota"]
    frame = reps.join(
        m[["revenue", "quota", "headcount"]].assign(own_team_quota=team_quota), on="rep_id", how="inner"
    )
    team = frame.groupby("team_id")[["revenue", "own_team_quota"]].sum()
    team = team.rename(columns={"revenue": "team_revenue", "own_team_quota": "team_quota"})
    frame = frame.join(team, on="team_id").drop(columns="own_team_quota")
    frame = frame[frame["headcount"] > 0].drop(columns="headcount")
    return frame.reset_index(drop=True)


def goals_met_by_rep(progress: pd.DataFrame, reps: pd.DataFrame) -> dict[str, list[str]]:
    """Goal ids with status ``met`` per rep id, from one team's goal progress and that team's reps.

    ``progress`` is :func:`salesnb.goals.progress.goal_progress` (its ``rep_id`` names the rep of a rep or
    level goal); ``reps`` has ``rep_id``. A rep or level goal belongs to its rep; any other goal (a team
    goal) to every rep of ``reps``: the plan decides who is paid a bonus for it.
    """
    return {
        rep: list(goals) for rep, goals in _goals_by_rep(progress[progress["status"] == "met"], reps).items()
    }


def pending_goals_by_rep(progress: pd.DataFrame, reps: pd.DataFrame) -> dict[str, dict[str, tuple[str, str]]]:
    """Per rep id, the goals whose period is still running: goal id → (status so far, period). Their
    bonus is assessed when the period ends (:func:`~salesnb.incentives.statement.commission`'s ``pending``);
    rows and reps are matched as in :func:`goals_met_by_rep`.

    >>> progress = pd.DataFrame({"goal_id": ["q", "m"], "scope": ["level", "team"], "rep_id": ["r1", ""],
    ...                          "status": ["on_track", "met"], "period": ["2026-Q4", "2026-11"]})
    >>> pending_goals_by_rep(progress, pd.DataFrame({"rep_id": ["r1", "r2"]}))
    {'r1': {'q': ('on_track', '2026-Q4')}, 'r2': {}}
    """
    running = progress[progress["status"].isin(RUNNING)]
    return _goals_by_rep(running, reps)


def _goals_by_rep(progress: pd.DataFrame, reps: pd.DataFrame) -> dict[str, dict[str, tuple[str, str]]]:
    out: dict[str, dict[str, tuple[str, str]]] = {str(r): {} for r in reps["rep_id"]}
    for row in progress.itertuples(index=False):
        ids = [str(row.rep_id)] if row.scope in ("rep", "level") else list(out)
        for rid in ids:
            if rid in out and row.goal_id not in out[rid]:
                out[rid][row.goal_id] = (str(row.status), str(getattr(row, "period", "")))
    return out


def with_goal_pay(progress: pd.DataFrame, plans: PlanSet | None) -> pd.DataFrame:
    """``progress`` (:func:`salesnb.goals.progress.goal_progress`) with its ``pays`` column filled: per goal,
    the ``(plan id, amount)`` of every plan paying a bonus when it is met (empty without plans).

    Examples
    --------
    >>> from salesnb.incentives.plans import Bonus, Plan, _tiers
    >>> plan = Plan("mgr", (), (), "flat", _tiers([(0.0, 0.01)], None), bonuses=(Bonus(2000.0, goal="g1"),))
    >>> with_goal_pay(pd.DataFrame({"goal_id": ["g1", "g2"]}), PlanSet("x", (plan,)))["pays"].tolist()
    [(('mgr', 2000.0),), ()]
    """
    paying: dict[str, list[tuple[str, float]]] = {}
    for plan in plans.plans if plans is not None else ():
        for bonus in plan.bonuses:
            if bonus.goal is not None:
                paying.setdefault(bonus.goal, []).append((plan.id, bonus.amount))
    out = progress.copy()
    out["pays"] = [tuple(paying.get(str(g), ())) for g in out["goal_id"]]
    return out


def earnable_goals(
    data: Mapping[str, pd.DataFrame], goals: GoalSet, plans: PlanSet, rep: pd.Series
) -> set[str]:
    """The goal ids whose bonus a rep can earn: the goals they are held to (:meth:`GoalSet.for_rep`, never
    another team's or another level's), and any bonus goal ``goals`` does not define (nothing says whom it
    is for). ``rep`` is a row of :func:`rep_inputs`; ``data`` the slice (its ``teams`` give the region)."""
    teams = data["teams"].set_index("team_id")
    region = str(teams["region_id"].get(rep["team_id"], "")) if "region_id" in teams else ""
    known = {g.id for g in goals.goals}
    undefined = {b.goal for p in plans.plans for b in p.bonuses if b.goal and b.goal not in known}
    return goals.for_rep(str(rep["rep_id"]), str(rep["team_id"]), str(rep["level"]), region) | undefined


def rep_statement(
    plans: PlanSet,
    goals: GoalSet,
    data: Mapping[str, pd.DataFrame],
    measures: pd.DataFrame,
    month: str,
    rep_id: str,
    progress: pd.DataFrame,
) -> Statement | None:
    """One rep's statement for ``month`` as the rep review shows it: the goal bonuses the rep can earn
    (:func:`earnable_goals`), those met (:func:`goals_met_by_rep`) and those still running
    (:func:`pending_goals_by_rep`) from ``progress``, the month's goal progress of the rep's team;
    ``None`` when the rep was not employed in the month. ``measures`` covers ``month``."""
    inputs = rep_inputs(data, measures, month)
    mine = inputs[inputs["rep_id"] == rep_id]
    if mine.empty:
        return None
    kpis = compute_kpis(measures.xs(month, level="period")).rename_axis("rep_id")
    met, pending = goals_met_by_rep(progress, inputs), pending_goals_by_rep(progress, inputs)
    eligible = {rep_id: earnable_goals(data, goals, plans, mine.iloc[0])}
    return statements(plans, mine, met, kpis.loc[[rep_id]], pending, eligible)[rep_id]
