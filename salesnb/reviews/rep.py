"""The rep review and coaching plan: one rep, one period, every number the rep review notebook shows.

Frames and dataclasses hold numbers and codes only; :mod:`salesnb.reports.rep_review` turns them into
sentences in the report's language.

**Benchmarks** (as in :mod:`salesnb.coaching.plan`): the *team median* is over the rep's team-mates who
worked in the period, managers and reps still in their ramp left out (the rep included when eligible);
the *peer median* and *peer percentile* are over the reps of the same level and team type across the
organisation who worked in the period and are past the ramp, the rep left out. Other teams' reps are read
to compute those two statistics and nothing else: a :class:`RepReview` holds no other rep's row.

Every benchmark over other people (those medians, the peer rank, the workload's team medians, the team
medians in a signal's evidence) needs at least ``min_group_size`` people other than the rep behind it
(``params/benchmarks.yaml``, at least 5); otherwise it is left out, and the report says why.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import date

import numpy as np
import pandas as pd

from salesnb.analysis.common import employed_at, prime_measures, tenure_months
from salesnb.analysis.signals import SIGNAL_PERIODS, rep_signals
from salesnb.analysis.workload import rep_workload
from salesnb.coaching import (
    Action,
    Benchmarks,
    benchmarks,
    coaching_actions,
    comparison_groups,
    goal_target,
    set_goals,
)
from salesnb.errors import ParameterError
from salesnb.frames import python_strings
from salesnb.goals.audit import audit_goal
from salesnb.goals.history import GoalData
from salesnb.goals.model import GoalSet
from salesnb.goals.pacing import pace
from salesnb.goals.progress import goal_progress
from salesnb.incentives import PlanSet, Statement, goals_met_by_rep, rep_inputs, statements
from salesnb.kpis import CATALOG, compute_kpis, compute_measures
from salesnb.kpis.sets import REP_TREND
from salesnb.params import NOTES_DIR, load_settings
from salesnb.periods import Period
from salesnb.privacy import MIN_GROUP_SIZE
from salesnb.report_params import RepReviewParams
from salesnb.reviews.team import latest_period
from salesnb.warehouse import connect, read_meta
from salesnb.warehouse.slices import list_teams, load_slice

#: A KPI is a strength (a gap) when it beats (trails) every benchmark it has by at least this share.
MIN_DIFF = 0.10
#: Strengths and gaps shown at most.
TOP = 3
#: Signals whose evidence is a median over the rep's team-mates (``evidence["peers"]`` counts the rep).
TEAM_MEDIAN_SIGNALS = frozenset({"low_contact_rate", "high_activity_low_conv"})
#: Shares of the gap to the benchmark tried when a plan's goal would only hold the baseline.
STRETCH_STEPS = (0.25, 0.1, 0.05)
#: KPIs never judged as a strength or gap (a rep's headcount is 1).
NOT_COMPARED = frozenset({"headcount"})
#: Scorecard columns.
SCORECARD_COLUMNS = [
    "kpi", "unit", "higher_is_better", "value", "previous", "change", "change_pct", "target", "status",
    "team_median", "team_n", "peer_median", "peer_percentile", "peers",
]  # fmt: skip
# team_n: team-mates other than the rep with a value; peers: peers with a value (both counted whether or
# not they are enough for the median, which is missing when they are not)
FEEDBACK_COLUMNS = [
    "kpi", "unit", "value", "team_median", "peer_median", "peer_percentile", "peers", "diff_team",
    "diff_peer", "score",
]  # fmt: skip
FOLLOW_COLUMNS = [
    "rule", "module", "metric", "unit", "higher_is_better", "goal_period", "baseline", "target", "actual",
    "change", "change_pct", "improved", "met",
]  # fmt: skip
WORKLOAD_METRICS = ("activities_per_day", "hours", "after_hours_share", "weekend_share", "open_deals",
                    "open_amount")  # fmt: skip
#: Columns of the rep trend: those the trend table shows to any team type.
TREND_KPIS = REP_TREND.every


@dataclass
class RepReview:
    """What a rep review shows. Numbers and codes; labels are applied when rendering."""

    rep_id: str
    rep_name: str
    level: str
    hire_date: str
    tenure_months: float
    manager_name: str
    team_id: str
    team_name: str
    region_name: str
    team_type: str
    period: Period
    language: str
    currency: str
    as_of: str
    kpi_order: list[str]
    scorecard: pd.DataFrame  # SCORECARD_COLUMNS, one row per KPI of the team type's set
    goals: pd.DataFrame  # goal_progress rows of the rep's own goals and their level's
    strengths: pd.DataFrame  # FEEDBACK_COLUMNS, best first
    gaps: pd.DataFrame  # FEEDBACK_COLUMNS, worst first
    signals: pd.DataFrame  # the rep's rep_signals rows
    actions: list[Action]  # the coaching plan, ranked, each with its goal for next period
    next_period: Period
    follow_through: pd.DataFrame  # FOLLOW_COLUMNS: last period's plan against this period's numbers
    previous_actions: list[Action]  # last period's plan as the current rules give it
    previous_plan: bool  # whether a plan could be computed for the previous period
    workload: pd.DataFrame  # metric, value, team_median
    trend: pd.DataFrame  # one row per period the rep worked: TREND_KPIS
    statements: list[tuple[str, Statement]]  # (month label, statement); empty for a week
    notes: str | None
    notes_path: str
    has_rules: bool = True  # whether params/ holds coaching rules and a training catalog
    signal_periods: int = SIGNAL_PERIODS
    team_size: int = 0  # comparable team-mates other than the rep (the team median's group)
    improvements: pd.DataFrame = field(default_factory=pd.DataFrame)  # KPIs up on the previous period
    min_group: int = MIN_GROUP_SIZE  # fewest other people behind a benchmark (params/benchmarks.yaml)
    peer_group: int = 0  # peers (same level and team type, past the ramp) other than the rep
    workload_group: int = 0  # team-mates other than the rep behind the workload's team medians
    hidden_signals: int = 0  # signals left out: their team median had too few team-mates behind it


# ------------------------------------------------------------------------------------- pure pieces
def relative_diff(value: float, benchmark: float, higher_is_better: bool) -> float:
    """How much better than ``benchmark`` the value is, relative to it (negative: worse).

    Examples
    --------
    >>> round(relative_diff(0.18, 0.30, True), 3), round(relative_diff(20.0, 25.0, False), 3)
    (-0.4, 0.2)
    >>> relative_diff(1.0, 0.0, True)
    nan
    """
    if value is None or benchmark is None or not np.isfinite(value) or not np.isfinite(benchmark):
        return math.nan
    if benchmark == 0:
        return math.nan
    rel = (value - benchmark) / abs(benchmark)
    return rel if higher_is_better else -rel


def strengths_and_gaps(
    scorecard: pd.DataFrame, min_diff: float = MIN_DIFF, top: int = TOP
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The rep's best and worst KPIs against the team and peer medians.

    A **strength** beats every benchmark it has (team median, peer median) by at least ``min_diff``,
    scored by the smaller lead; a **gap** trails every benchmark it has by at least ``min_diff``, scored
    by the smaller shortfall. So each sentence rests on both numbers, and one lucky comparison is not
    feedback. At most ``top`` of each, best (worst) first.
    """
    rows = []
    for r in scorecard.itertuples(index=False):
        if r.kpi in NOT_COMPARED:
            continue
        d_team = relative_diff(r.value, r.team_median, bool(r.higher_is_better))
        d_peer = relative_diff(r.value, r.peer_median, bool(r.higher_is_better))
        found = [d for d in (d_team, d_peer) if np.isfinite(d)]
        if not found:
            continue
        rows.append(
            {
                "kpi": r.kpi,
                "unit": r.unit,
                "value": r.value,
                "team_median": r.team_median,
                "peer_median": r.peer_median,
                "peer_percentile": r.peer_percentile,
                "peers": r.peers,
                "diff_team": d_team,
                "diff_peer": d_peer,
                "lead": min(found),
                "shortfall": max(found),
            }
        )
    frame = pd.DataFrame(rows, columns=[*FEEDBACK_COLUMNS[:-1], "lead", "shortfall"])
    strengths = frame[frame["lead"] >= min_diff - 1e-12].sort_values("lead", ascending=False, kind="stable")
    gaps = frame[frame["shortfall"] <= -min_diff + 1e-12].sort_values("shortfall", kind="stable")
    strengths = strengths.rename(columns={"lead": "score"}).drop(columns="shortfall")
    gaps = gaps.rename(columns={"shortfall": "score"}).drop(columns="lead")
    return strengths.head(top).reset_index(drop=True), gaps.head(top).reset_index(drop=True)


def follow_through(actions: list[Action], kpis_now: pd.Series) -> pd.DataFrame:
    """Last period's plan against this period: per goal the baseline, target, actual, move and verdict.

    ``change`` is actual − baseline, ``change_pct`` that over |baseline|; ``improved`` says whether the
    KPI moved the right way, ``met`` whether it reached the target (at most the target where lower is
    better). Both are missing without an actual.
    """
    rows = []
    for a in actions:
        if a.goal is None or a.goal.metric not in CATALOG:
            continue
        spec = CATALOG[a.goal.metric]
        baseline = float(a.goal_baseline)
        target = float(a.goal.target) if a.goal.target is not None else math.nan
        actual = float(kpis_now.get(spec.name, math.nan))
        change = actual - baseline
        has = np.isfinite(actual)
        rows.append(
            {
                "rule": a.rule.id,
                "module": a.module.id,
                "metric": spec.name,
                "unit": spec.unit,
                "higher_is_better": spec.higher_is_better,
                "goal_period": a.goal.period,
                "baseline": baseline,
                "target": target,
                "actual": actual,
                "change": change,
                "change_pct": change / abs(baseline) if np.isfinite(change) and baseline else math.nan,
                "improved": (change > 0 if spec.higher_is_better else change < 0)
                if np.isfinite(change)
                else None,
                "met": (actual >= target if spec.higher_is_better else actual <= target) if has else None,
            }
        )
    return pd.DataFrame(rows, columns=FOLLOW_COLUMNS)


def peer_stats(bench: Benchmarks, kpi: str, value: float) -> tuple[float, float, int]:
    """(peer median, share of peers the rep beats, peers with a value) for one KPI; the median and the
    share are missing when fewer than ``bench.min_group`` peers have a value."""
    n = int(bench.peer_count.get(kpi, 0))
    if kpi not in bench.peers:
        return math.nan, math.nan, n
    return bench.peer_median(kpi), bench.peer_percentile(kpi, value), n


def group_median(values: pd.DataFrame, rep_id: str, min_group: int) -> pd.Series:
    """Column medians of ``values`` (rows: reps, the rep among them or not), missing where fewer than
    ``min_group`` reps other than ``rep_id`` have a value.

    Examples
    --------
    >>> v = pd.DataFrame({"hours": [1.0, 2.0, 3.0, 4.0]}, index=["me", "a", "b", "c"])
    >>> float(group_median(v, "me", 3)["hours"]), bool(np.isnan(group_median(v, "me", 4)["hours"]))
    (2.5, True)
    """
    others = values.drop(index=rep_id, errors="ignore").notna().sum()
    return values.median(numeric_only=True).where(others >= min_group)


def repair_goals(actions: list[Action], goalset: GoalSet, data: GoalData) -> None:
    """Give an action whose goal failed the SMART audit a target that passes, when one exists.

    ``set_goals`` keeps the baseline when the rep already beats the benchmark; for a ratio KPI above
    100 % (quota attainment of a rep ahead of plan) the audit's Measurable check refuses that target, and
    the audit's own suggestion is not tried. Here: the target capped at 100 % for ratios, then the audit's
    suggestion.
    """
    for a in actions:
        if a.goal is None or a.audit_ok or a.goal.metric not in CATALOG:
            continue
        spec = CATALOG[a.goal.metric]
        first = audit_goal(a.goal, goalset, data)
        tries = []
        if spec.unit == "ratio" and a.goal.target is not None and a.goal.target > 1:
            tries.append(1.0)
        tries.append(first.suggested)
        for target in tries:
            if not np.isfinite(target) or target == a.goal.target:
                continue
            goal = replace(a.goal, target=float(target))
            if audit_goal(goal, goalset, data).ok:
                a.goal, a.audit_ok = goal, True
                break


def stretch_goals(
    actions: list[Action], goalset: GoalSet, data: GoalData, steps: tuple[float, ...] = STRETCH_STEPS
) -> None:
    """Turn a goal that only holds the baseline into the largest step towards the benchmark the audit accepts.

    When closing half (then a quarter) of the gap asks more than history says is achievable,
    ``set_goals`` falls back on the audit's suggestion, which can sit at or below the baseline: a goal that
    asks for nothing. Here such a goal is replaced by the first of ``steps`` (shares of the gap to the
    benchmark) whose target is better than the baseline and passes the audit; otherwise it stays.
    """
    for a in actions:
        if a.goal is None or a.goal.target is None or a.goal.metric not in CATALOG:
            continue
        spec = CATALOG[a.goal.metric]
        base, bench = a.goal_baseline, a.goal_benchmark
        if not (np.isfinite(base) and np.isfinite(bench)):
            continue
        better = (lambda x, y: x > y) if spec.higher_is_better else (lambda x, y: x < y)
        if better(a.goal.target, base) or not better(bench, base):
            continue
        for step in steps:
            target = goal_target(base, bench, spec.name, step)
            if not better(target, base):
                continue
            goal = replace(a.goal, target=float(target))
            if audit_goal(goal, goalset, data).ok:
                a.goal, a.audit_ok = goal, True
                break


# ----------------------------------------------------------------------------------------- loading
def active_reps(con, team_ids: list[str], period: Period) -> pd.DataFrame:
    """Reps of ``team_ids`` employed on the period's last day: ``rep_id``, ``name``, ``team_id``, ``level``
    (in team order, then by rep id). A rep who left during the period is not active."""
    reps = load_slice(con, team_ids, period.start, period.end)["reps"]
    at_end = employed_at(reps, period.last_day).reindex(reps["rep_id"]).fillna(False).to_numpy()
    out = reps.loc[at_end, ["rep_id", "name", "team_id", "level"]]
    order = {t: i for i, t in enumerate(team_ids)}
    out = out.assign(_o=out["team_id"].map(order)).sort_values(["_o", "rep_id"]).drop(columns="_o")
    return out.reset_index(drop=True)


def _resolve_rep(con, rep: str, period: Period, teams: pd.DataFrame) -> str:
    if not rep:
        first = active_reps(con, [str(teams["team_id"].iloc[0])], period)
        if first.empty:
            raise ParameterError(f"no active rep in team {teams['team_id'].iloc[0]} in {period.label}")
        return str(first["rep_id"].iloc[0])
    found = con.execute("SELECT team_id FROM reps WHERE rep_id = ?", [rep]).fetchall()
    if not found:
        raise ParameterError(f"unknown rep {rep!r}: `salesnb kpis --by rep --period P` lists the rep ids")
    return rep


def _goalset(goals: GoalSet | None, objective: str | None) -> GoalSet:
    if goals is not None:
        return goals
    return GoalSet("", [], {objective: objective} if objective else {})


def _period_rows(measures: pd.DataFrame, label: str) -> pd.DataFrame:
    if label not in measures.index.get_level_values("period"):
        return measures.iloc[0:0].droplevel("period")
    return measures.xs(label, level="period")


@python_strings
def load_rep_review(
    rep: str = "",
    period: str = "",
    language: str = "en",
    trend_periods: int = 12,
    db_path: str = "",
    params_dir: str = "",
) -> RepReview:
    """Validate the notebook parameters and compute the review of one rep for one period.

    An empty ``rep`` means the first active rep of the first team; an empty ``period`` the latest complete
    month; an empty ``db_path`` the default warehouse (``$SALESNB_DB`` or ``data/salesnb.duckdb``); an
    empty ``params_dir`` the default params folder (``$SALESNB_PARAMS`` or ``params/``), where the goals,
    commission plans, KPI sets, coaching rules, benchmark settings and manager notes come from.
    """
    params = RepReviewParams(
        rep=rep,
        period=period,
        language=language,
        trend_periods=trend_periods,
        db_path=db_path,
        params_dir=params_dir,
    )
    settings = load_settings(params.params_path)  # the one read of the params folder
    min_group = settings.benchmarks.min_group_size
    modules, rules = settings.training_catalog, settings.coaching_rules
    goalset = _goalset(settings.goals, rules.objective if rules else None)
    with connect(params.db_file) as con:
        meta = read_meta(con)
        teams = list_teams(con)
        the_period = Period.parse(params.period) if params.period else latest_period(meta)
        rep_id = _resolve_rep(con, params.rep, the_period, teams)
        team_id = str(con.execute("SELECT team_id FROM reps WHERE rep_id = ?", [rep_id]).fetchone()[0])
        info = teams.set_index("team_id").loc[team_id]
        team_type = str(info["team_type"])
        prev = the_period.previous()
        # history: the trend, the signals of this and the previous period, and the goal audits' look-back
        back = max(params.trend_periods - 1, 2 * SIGNAL_PERIODS + 2, goalset.history_periods)
        start = the_period.shift(-back).start
        data = load_slice(con, [team_id], start, the_period.end)
        same_type = teams.loc[teams["team_type"] == team_type, "team_id"].tolist()
        peer_data = load_slice(con, same_type, prev.start, the_period.end)

    reps = data["reps"].set_index("rep_id")
    row = reps.loc[rep_id]
    history = the_period.history(params.trend_periods)
    prime_measures(data, the_period, history[0].start, start)
    as_of = date.fromisoformat(meta["as_of"]) if "as_of" in meta else date.today()
    # one GoalData for the goals and the audits; the slice remembers measures, so each month is computed once
    goal_data = GoalData(data, as_of, start)
    measures = compute_measures(data, history)  # history ends with the previous period and this one
    now_m = _period_rows(measures, the_period.label)
    if rep_id not in now_m.index or now_m.loc[rep_id, "headcount"] <= 0:
        raise ParameterError(f"rep {rep_id!r} was not employed in {the_period.label}")

    # KPIs of every rep of the team type in this and the previous period: benchmarks only
    peer_m = compute_measures(peer_data, [prev, the_period])
    everyone = peer_data["reps"].merge(peer_data["teams"][["team_id", "team_type"]], on="team_id")
    everyone = everyone.set_index("rep_id")
    bench_now, kpis_now, team_n, peer_n = _benchmarks(
        peer_m, everyone, rep_id, team_id, str(row["level"]), the_period, min_group
    )
    order = settings.kpi_set(team_type)
    shown = [k for k in order if k not in NOT_COMPARED]

    progress = goal_progress(goalset, goal_data, team_id, the_period)
    mine = progress[progress["rep_id"] == rep_id].reset_index(drop=True)

    prev_kpis = (
        compute_kpis(_period_rows(peer_m, prev.label)).loc[rep_id]
        if rep_id in _period_rows(peer_m, prev.label).index
        else pd.Series(dtype=float)
    )
    scorecard = _scorecard(shown, kpis_now, prev_kpis, bench_now, now_m.loc[rep_id], mine, the_period, as_of)
    strengths, gaps = strengths_and_gaps(scorecard)

    signals = rep_signals(data, the_period)
    my_signals, hidden_signals = guard_signals(signals, rep_id, min_group)
    who = pd.Series({"rep_id": rep_id, "level": row["level"], "team_type": team_type})
    actions: list[Action] = []
    moves = pd.DataFrame(columns=FOLLOW_COLUMNS)
    before: list[Action] = []
    had_previous = False
    if rules is not None and modules is not None:
        actions = coaching_actions(who, kpis_now, bench_now, my_signals, rules, modules)
        # the audit judges a goal as of the end of the review period (or the data's day when earlier)
        judged = replace(goal_data, as_of=min(as_of, the_period.last_day))
        set_goals(actions, rep_id, kpis_now, bench_now, the_period, rules, goalset, judged)
        repair_goals(actions, goalset, judged)
        stretch_goals(actions, goalset, judged)
        prev_m = _period_rows(peer_m, prev.label)
        if rep_id in prev_m.index and prev_m.loc[rep_id, "headcount"] > 0:
            had_previous = True
            bench_prev, kpis_prev, _, _ = _benchmarks(
                peer_m, everyone, rep_id, team_id, str(row["level"]), prev, min_group
            )
            prev_signals, _ = guard_signals(rep_signals(data, prev), rep_id, min_group)
            before = coaching_actions(who, kpis_prev, bench_prev, prev_signals, rules, modules)
            then = replace(goal_data, as_of=min(as_of, prev.last_day))
            set_goals(before, rep_id, kpis_prev, bench_prev, prev, rules, goalset, then)
            repair_goals(before, goalset, then)
            stretch_goals(before, goalset, then)
            moves = follow_through(before, kpis_now)

    wl = rep_workload(data, the_period)
    compared = wl[wl["compared"]]
    mine_wl = wl.set_index("rep_id").loc[rep_id]
    wl_median = group_median(compared.set_index("rep_id")[list(WORKLOAD_METRICS)], rep_id, min_group)
    workload = pd.DataFrame(
        {
            "metric": list(WORKLOAD_METRICS),
            "value": [float(mine_wl[m]) for m in WORKLOAD_METRICS],
            "team_median": [float(wl_median.get(m, math.nan)) for m in WORKLOAD_METRICS],
        }
    )

    rep_hist = measures[measures.index.get_level_values("rep_id") == rep_id].droplevel("rep_id")
    rep_hist = rep_hist[rep_hist["headcount"] > 0]
    trend = compute_kpis(rep_hist, REP_TREND.kpis).join(rep_hist[["quota"]])
    trend = trend.reindex([p.label for p in history]).dropna(how="all")[TREND_KPIS]

    improvements = _improvements(scorecard)
    boss = row.get("manager_id")
    manager = str(reps["name"].get(boss, "")) if isinstance(boss, str) and boss != rep_id else ""
    tenure = tenure_months(data["reps"], the_period.last_day).get(rep_id)
    return RepReview(
        rep_id=rep_id,
        rep_name=str(row["name"]),
        level=str(row["level"]),
        hire_date=pd.Timestamp(row["hire_date"]).date().isoformat() if pd.notna(row["hire_date"]) else "",
        tenure_months=float(tenure) if tenure is not None and pd.notna(tenure) else math.nan,
        manager_name=manager,
        team_id=team_id,
        team_name=str(info["name"]),
        region_name=str(info["region_name"]),
        team_type=team_type,
        period=the_period,
        language=params.language,
        currency=meta.get("currency", "CNY"),
        as_of=meta.get("as_of", ""),
        kpi_order=shown,
        scorecard=scorecard,
        goals=mine,
        strengths=strengths,
        gaps=gaps,
        signals=my_signals,
        actions=actions,
        next_period=the_period.next(),
        follow_through=moves,
        previous_actions=before,
        previous_plan=had_previous,
        workload=workload,
        trend=trend,
        statements=_statements(
            data, team_id, rep_id, the_period, as_of, goalset, goal_data, settings.plans, progress
        ),
        notes=settings.notes(the_period, rep_id),
        notes_path=f"params/{NOTES_DIR}/{the_period.label}/{rep_id}.md",
        team_size=team_n,
        improvements=improvements,
        has_rules=rules is not None,
        min_group=min_group,
        peer_group=peer_n,
        workload_group=int((compared["rep_id"] != rep_id).sum()),
        hidden_signals=hidden_signals,
    )


def guard_signals(signals: pd.DataFrame, rep_id: str, min_group: int) -> tuple[pd.DataFrame, int]:
    """The rep's signals without those whose evidence is a team median over fewer than ``min_group``
    team-mates other than the rep; and how many were left out."""
    mine = signals[signals["rep_id"] == rep_id]
    others = mine["evidence"].map(lambda ev: int((ev or {}).get("peers", 0)) - 1)
    hidden = mine["signal"].isin(TEAM_MEDIAN_SIGNALS).to_numpy() & (others < min_group).to_numpy()
    return mine[~hidden].reset_index(drop=True), int(hidden.sum())


def _benchmarks(
    measures: pd.DataFrame,
    everyone: pd.DataFrame,
    rep_id: str,
    team_id: str,
    level: str,
    period: Period,
    min_group: int,
) -> tuple[Benchmarks, pd.Series, int, int]:
    """Team and peer benchmarks for ``period`` (each only over at least ``min_group`` others), the rep's
    KPIs, and how many team-mates and peers other than the rep the two groups hold."""
    m = _period_rows(measures, period.label)
    m = m[m["headcount"] > 0]
    kpis = compute_kpis(m)
    team, peers = comparison_groups(kpis, everyone, rep_id, team_id, level, period.last_day)
    own = kpis.loc[rep_id] if rep_id in kpis.index else pd.Series(dtype=float)
    bench = benchmarks(team, peers, rep_id=rep_id, min_group=min_group)
    return bench, own, int((team.index != rep_id).sum()), len(peers)


def _scorecard(
    order: list[str],
    kpis: pd.Series,
    previous: pd.Series,
    bench: Benchmarks,
    measures: pd.Series,
    goals: pd.DataFrame,
    period: Period,
    as_of: date,
) -> pd.DataFrame:
    """One row per KPI: value, previous, change, target and its status, team and peer benchmarks."""
    targets: dict[str, float] = {"quota_attainment": 1.0}
    if measures.get("quota", 0) > 0:
        targets["revenue"] = float(measures["quota"])
    statuses: dict[str, str] = {}
    for g in goals.itertuples(index=False):  # the rep's own goals for this period (rates: any grain)
        if (
            g.kpi in CATALOG
            and g.kpi not in targets
            and (g.period == period.label or not CATALOG[g.kpi].accumulates)
        ):
            targets[g.kpi], statuses[g.kpi] = float(g.target), str(g.status)  # paced over the goal's period
    running = min(period.end, date.fromordinal(as_of.toordinal() + 1))
    elapsed = int(np.busday_count(period.start, max(running, period.start)))
    rows = []
    for kpi in order:
        spec = CATALOG[kpi]
        value = float(kpis.get(kpi, math.nan))
        prev = float(previous.get(kpi, math.nan))
        change = value - prev
        target = targets.get(kpi, math.nan)
        status = statuses.get(kpi, "")
        if np.isfinite(target) and not status:
            days = period.working_days()
            status = pace(value, target, spec.accumulates, spec.higher_is_better, elapsed, days).status
        peer_median, pct, n = peer_stats(bench, kpi, value)
        rows.append(
            {
                "kpi": kpi,
                "unit": spec.unit,
                "higher_is_better": spec.higher_is_better,
                "value": value,
                "previous": prev,
                "change": change,
                "change_pct": change / abs(prev) if np.isfinite(change) and prev else math.nan,
                "target": target,
                "status": status,
                "team_median": float(bench.team_median.get(kpi, math.nan)),
                "team_n": int(bench.team_others.get(kpi, 0)),
                "peer_median": peer_median,
                "peer_percentile": pct,
                "peers": n,
            }
        )
    return pd.DataFrame(rows, columns=SCORECARD_COLUMNS)


def _improvements(scorecard: pd.DataFrame, min_diff: float = MIN_DIFF) -> pd.DataFrame:
    """KPIs that moved the right way by at least ``min_diff`` on the previous period, most first."""
    s = scorecard.copy()
    sign = np.where(s["higher_is_better"].astype(bool), 1.0, -1.0)
    s["gain"] = s["change_pct"].astype(float) * sign
    s = s[(s["gain"] >= min_diff) & ~s["kpi"].isin(NOT_COMPARED)]
    return s.sort_values("gain", ascending=False).head(TOP).reset_index(drop=True)


def _statements(
    data: dict[str, pd.DataFrame],
    team_id: str,
    rep_id: str,
    period: Period,
    as_of: date,
    goalset: GoalSet,
    goal_data: GoalData,
    plans: PlanSet | None,
    progress: pd.DataFrame,
) -> list[tuple[str, Statement]]:
    """The rep's commission statement for each calendar month of the period (none for a week).

    ``progress`` is the goal progress of ``period``, reused when the period is itself a month.
    """
    if period.grain == "week" or plans is None:
        return []
    months = [m for m in period.months() if m.start <= as_of]
    if not months:
        return []
    measures = compute_measures(goal_data.data, months)
    out = []
    for month in months:
        inputs = rep_inputs(data, measures, month.label)
        if rep_id not in set(inputs["rep_id"]):
            continue
        if month.label != period.label:
            progress = goal_progress(goalset, goal_data, team_id, month)
        met = goals_met_by_rep(progress, inputs)
        kpis = compute_kpis(_period_rows(measures, month.label)).rename_axis("rep_id")
        mine = inputs[inputs["rep_id"] == rep_id]
        out.append((month.label, statements(plans, mine, met, kpis.loc[[rep_id]])[rep_id]))
    return out
