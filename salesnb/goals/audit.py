"""The SMART audit of a goals file: per goal, which property fails and why, with the numbers.

* **Specific** — the scope names a unit the warehouse knows and the metric is a catalog KPI.
* **Measurable** — the metric is a catalog KPI and the target is a number the KPI can take (a share is
  at most 100 %, nothing is negative).
* **Achievable** — against the scope's own history (``policy.history_periods`` complete periods of the
  goal's grain before it): the growth the target needs over the last period is not above the 90th
  percentile of past period-over-period growth, and the target is not below the worst of the last six
  periods (no stretch at all). Lower-is-better KPIs are judged the mirrored way. Fewer than four periods
  of history cannot be judged (*n/a*).
* **Relevant** — the goal links to a declared objective when its team requires one
  (``policy.require_objective``), and a link names an objective that exists.
* **Time-bound** — a period (label or recurring grain) or a deadline; a fixed period that ended before
  the data's last day is past.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
import pandas as pd

from salesnb.goals.history import GoalData
from salesnb.goals.model import Goal, GoalSet
from salesnb.goals.pacing import growth, suggest_target
from salesnb.kpis.catalog import CATALOG
from salesnb.periods import Period
from salesnb.text.formatting import format_value

PROPERTIES = ("S", "M", "A", "R", "T")
NAMES = {"S": "Specific", "M": "Measurable", "A": "Achievable", "R": "Relevant", "T": "Time-bound"}
GROWTH_PERCENTILE = 90
WORST_WINDOW = 6
MIN_HISTORY = 4
#: Finding codes of :attr:`GoalAudit.findings`. A goal with one of :data:`UNTRACKABLE` cannot be measured:
#: the reviews list it as *not tracked* with the reason.
CODES = (
    "unrealistic", "sandbagged", "no_objective", "unknown_objective", "unknown_metric", "unknown_scope",
    "not_a_share", "negative_target", "no_period", "past", "unreadable",
)  # fmt: skip
UNTRACKABLE = ("unknown_metric", "unknown_scope", "not_a_share", "negative_target", "no_period", "unreadable")


@dataclass
class GoalAudit:
    goal: Goal
    verdicts: dict[str, str] = field(default_factory=dict)  # property -> pass | fail | n/a
    reasons: dict[str, list[str]] = field(default_factory=dict)
    period: str = ""  # the period judged
    baseline: float = math.nan  # the last complete period's value
    suggested: float = math.nan
    history: int = 0  # periods of history the Achievable check had
    #: what the audit found, as (code, numbers) for a report to phrase in its language (see :data:`CODES`)
    findings: list[tuple[str, dict]] = field(default_factory=list)

    def fail(self, prop: str, reason: str, code: str = "", **numbers: object) -> None:
        self.verdicts[prop] = "fail"
        self.reasons.setdefault(prop, []).append(reason)
        self.findings.append((code or f"fails_{prop}", {"reason": reason, **numbers}))

    def note(self, prop: str, verdict: str, reason: str) -> None:
        if self.verdicts.get(prop) != "fail":
            self.verdicts[prop] = verdict
        self.reasons.setdefault(prop, []).append(reason)

    @property
    def ok(self) -> bool:
        return all(v != "fail" for v in self.verdicts.values())

    @property
    def failed(self) -> list[str]:
        return [p for p in PROPERTIES if self.verdicts.get(p) == "fail"]

    @property
    def verdict(self) -> tuple[str, dict]:
        """The one finding a report shows beside the goal: the first that makes it untrackable, else the
        first failure, else *passes* (or *not judged* when history is too short to judge it).

        Examples
        --------
        >>> a = GoalAudit(Goal("g", "win_rate", None, 0.2), {p: "pass" for p in PROPERTIES})
        >>> a.verdict[0]
        'passes'
        >>> a.fail("A", "below the worst month", "sandbagged", target=0.2)
        >>> a.verdict
        ('sandbagged', {'reason': 'below the worst month', 'target': 0.2})
        """
        untrackable = [f for f in self.findings if f[0] in UNTRACKABLE]
        if untrackable:
            return untrackable[0]
        failed = [f for f in self.findings if not f[0].startswith("fails_")] or self.findings
        if failed:
            return failed[0]
        if self.verdicts.get("A") == "n/a":
            return "not_judged", {"reason": "; ".join(self.reasons.get("A", [])), "n": self.history}
        return "passes", {}

    @property
    def trackable(self) -> bool:
        """Whether progress can be measured at all (a known metric, scope, valid target and period)."""
        return not any(code in UNTRACKABLE for code, _ in self.findings)


def history_window(goals: GoalSet, as_of: date) -> tuple[date, date]:
    """The dates the audit needs data for: enough history before every goal's period."""
    starts, ends = [], [as_of]
    for g in goals.goals:
        p = g.period_for(as_of)
        if p is None:
            continue
        starts.append(p.shift(-goals.history_periods).start)
        ends.append(p.end)
    if not starts:
        return Period.containing(as_of, "month").shift(-goals.history_periods).start, as_of
    return min(starts), max(ends)


def audit_goal(goal: Goal, goals: GoalSet, data: GoalData, currency: str = "CNY") -> GoalAudit:
    out = GoalAudit(goal, {p: "pass" for p in PROPERTIES})
    for problem in goal.problems:
        prop, _, reason = problem.partition(":")
        out.fail(prop, reason, "unreadable")
    kpi = CATALOG.get(goal.metric or "")
    if goal.metric is None:
        out.fail(
            "S",
            "no metric: name a KPI from the catalog (salesnb kpis --format json lists them)",
            "unreadable",
        )
        out.fail("M", "no metric, so nothing to measure")
    elif kpi is None:
        close = difflib.get_close_matches(goal.metric, list(CATALOG), n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        out.fail("S", f"unknown metric {goal.metric!r}{hint}", "unknown_metric", metric=goal.metric)
        out.fail("M", f"{goal.metric!r} is not in the KPI catalog, so it has no definition to measure by")
    if goal.scope is not None:
        why = data.unknown(goal.scope)
        if why:
            out.fail("S", why, "unknown_scope")
    if kpi and goal.target is not None:
        if goal.target < 0:
            out.fail(
                "M",
                f"target {goal.target:g} is negative; {kpi.label} cannot be",
                "negative_target",
                target=goal.target,
            )
        if kpi.share and goal.target > 1:
            out.fail(
                "M",
                f"target {goal.target:g} is above 100 %: {kpi.label} is a share (write 0.35 or 35%)",
                "not_a_share",
                target=goal.target,
            )

    # Time-bound
    if goal.period is None and goal.deadline is None:
        out.fail(
            "T",
            "no period or deadline: say when (period: 2026-12, period: monthly, or deadline: 2026-12-31)",
            "no_period",
        )
    period = goal.period_for(data.as_of)
    if period is not None and not goal.recurring and period.end <= data.as_of:
        out.fail(
            "T",
            f"the period {period.label} ended on {period.last_day.isoformat()}, before the data's last "
            f"day ({data.as_of.isoformat()}): the goal is past",
            "past",
            period=period.label,
        )

    # Relevant
    # the policy binds goals set for a team or its people, not organisation- or region-wide ones
    team_bound = goal.scope is not None and (
        goal.scope.kind in ("team", "rep") or (goal.scope.kind == "level" and bool(goal.scope.team))
    )
    team_ids = data.team_ids(goal.scope) if team_bound and not data.unknown(goal.scope) else set()
    if goal.objective is not None and goal.objective not in goals.objectives:
        known = ", ".join(sorted(goals.objectives)) or "none declared"
        out.fail(
            "R",
            f"links to objective {goal.objective!r}, which is not declared (objectives: {known})",
            "unknown_objective",
            objective=goal.objective,
        )
    elif goal.objective is None and team_ids and goals.requires_link(team_ids):
        teams = sorted(team_ids & set(goals.require_objective)) or ["every team"]
        out.fail(
            "R",
            f"no objective: {', '.join(teams)} require{'s' if len(teams) == 1 else ''} every goal to link "
            f"to a team objective (policy.require_objective)",
            "no_objective",
            teams=", ".join(teams),
        )

    # Achievable: only when the goal is otherwise well-formed
    if (
        kpi is None
        or goal.target is None
        or goal.scope is None
        or period is None
        or "fail" in (out.verdicts["S"], out.verdicts["M"])
    ):
        out.verdicts["A"] = "n/a" if out.verdicts["A"] != "fail" else "fail"
        out.reasons.setdefault("A", []).append(
            "not judged: the goal must first name a known metric and scope, a valid target and a period"
        )
        return out
    out.period = period.label
    history = [period.shift(-k) for k in range(goals.history_periods, 0, -1)]
    history = [p for p in history if p.end <= data.as_of + timedelta(days=1)]
    series = data.series(goal.scope, kpi.name, history).dropna()
    # before the warehouse's first record there is no history, not a history of zeros
    nonzero = series.ne(0).cummax()
    series = series[nonzero]
    _achievable(out, goal, kpi, series, currency)
    return out


def _achievable(out: GoalAudit, goal: Goal, kpi, series: pd.Series, currency: str) -> None:
    target = float(goal.target)  # type: ignore[arg-type]
    unit, hib = kpi.unit, kpi.higher_is_better
    out.history = len(series)
    if len(series) < MIN_HISTORY:
        out.note(
            "A", "n/a", f"only {len(series)} period(s) of history: too few to judge (need {MIN_HISTORY})"
        )
        return
    base_label, base = series.index[-1], float(series.iloc[-1])
    out.baseline = base
    out.suggested = suggest_target(series, unit, hib, cap=1.0 if kpi.share else None)
    # lower-is-better KPIs are judged on their reciprocal: its growth is their improvement
    judged = series if hib else 1 / series.where(series > 0)
    goal_value = target if hib else (1 / target if target > 0 else math.inf)
    g = growth(judged.dropna())
    recent = series.iloc[-WORST_WINDOW:]
    worst_label = recent.idxmin() if hib else recent.idxmax()
    worst = float(recent.loc[worst_label])
    t, b, s = (format_value(v, unit, currency) for v in (target, base, out.suggested))
    if len(g) >= MIN_HISTORY - 1 and base > 0:
        needed = goal_value / float(judged.iloc[-1]) - 1
        p90 = float(np.percentile(g, GROWTH_PERCENTILE))
        change = f"{needed:+.0%}" if hib else f"a {needed:.0%} improvement"
        if needed > p90:
            out.fail(
                "A",
                f"target {t} needs {change} on {base_label} ({b}); over the last {len(series)} periods "
                f"the period-over-period {'growth' if hib else 'improvement'} was above {p90:+.0%} only one "
                f"period in ten (the 90th percentile); history suggests {s}",
                "unrealistic",
                target=target, needed=needed, base=base, base_label=str(base_label), p90=p90,
                suggested=out.suggested, unit=unit, periods=len(series), higher_is_better=hib,
            )  # fmt: skip
    if (target < worst) if hib else (target > worst):
        out.fail(
            "A",
            f"target {t} is {'below' if hib else 'looser than'} the worst of the last {len(recent)} periods "
            f"({format_value(worst, unit, currency)} in {worst_label}): it asks for no stretch; "
            f"history suggests {s}",
            "sandbagged",
            target=target, worst=worst, worst_label=str(worst_label), periods=len(recent),
            suggested=out.suggested, unit=unit, higher_is_better=hib,
        )  # fmt: skip
    if out.verdicts["A"] == "pass":
        out.reasons.setdefault("A", []).append(f"{t} against {b} in {base_label}; history suggests {s}")


def audit_goals(goals: GoalSet, data: GoalData, currency: str = "CNY") -> list[GoalAudit]:
    return [audit_goal(g, goals, data, currency) for g in goals.goals]
