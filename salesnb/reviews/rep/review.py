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

import pandas as pd

from salesnb.analysis.common import employed_at, prime_measures, rep_data_start, tenure_months
from salesnb.analysis.findings import Signal, signal_frame
from salesnb.analysis.inputs import (
    EVERYTHING,
    Availability,
    Input,
    blank_before_data,
    blank_unknown_rows,
    input_availability,
)
from salesnb.analysis.risk_rules import RiskRules
from salesnb.analysis.signals import SIGNAL_PERIODS, rep_signals
from salesnb.analysis.workload import rep_workload
from salesnb.coaching import Action, coaching_actions, set_goals
from salesnb.coaching.feedback import DEFAULT_MIN_SAMPLE, confirmed_kpis, symptoms, without_small_samples
from salesnb.coaching.targets import period_months
from salesnb.errors import ParameterError
from salesnb.frames import python_strings
from salesnb.goals.history import GoalData
from salesnb.goals.model import GoalSet
from salesnb.goals.progress import goal_progress, history_start
from salesnb.incentives import Statement, with_goal_pay
from salesnb.kpis import compute_kpis, compute_measures
from salesnb.kpis.catalog import LEFT_OUT_MEASURES
from salesnb.kpis.sets import REP_TREND
from salesnb.params import NOTES_DIR, load_settings
from salesnb.periods import Period
from salesnb.privacy import MIN_GROUP_SIZE
from salesnb.report_params import RepReviewParams
from salesnb.reviews.rep.benchmarks import (
    NOT_COMPARED,
    group_median,
    guard_signals,
    improved_kpis,
    period_rows,
    pooled_kpis,
    ramp_targets,
    rep_benchmarks,
    rep_scorecard,
    strengths_and_gaps,
)
from salesnb.reviews.rep.coaching_goals import FOLLOW_COLUMNS, follow_through, stored_follow_through
from salesnb.reviews.rep.previous_plan import rederived_plan, rules_fingerprint
from salesnb.reviews.rep.statements import rep_statements
from salesnb.reviews.team import without_zero_quota
from salesnb.warehouse import connect, read_meta
from salesnb.warehouse.extent import data_extent, review_period
from salesnb.warehouse.plans import read_plan
from salesnb.warehouse.slices import list_teams, load_slice

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
    signals: list[Signal]  # the rep's rep_signals, less those guard_signals holds back
    actions: list[Action]  # the coaching plan, ranked, each with its goal for next period
    next_period: Period
    follow_through: pd.DataFrame  # FOLLOW_COLUMNS: last period's plan against this period's numbers
    previous_actions: list[Action]  # last period's plan as the current rules give it (none on record)
    previous_plan: bool  # whether the rep worked in the previous period
    workload: pd.DataFrame  # metric, value, team_median
    trend: pd.DataFrame  # one row per period the rep worked: TREND_KPIS
    statements: list[tuple[str, Statement]]  # (month label, statement); empty for a week
    notes: str | None
    notes_path: str
    has_rules: bool = True  # whether params/ holds coaching rules and a training catalog
    team_size: int = 0  # comparable team-mates other than the rep (the team median's group)
    improvements: pd.DataFrame = field(default_factory=pd.DataFrame)  # KPIs up on the previous period
    min_group: int = MIN_GROUP_SIZE  # fewest other people behind a benchmark (params/benchmarks.yaml)
    peer_group: int = 0  # peers (same level and team type, past the ramp) other than the rep
    workload_group: int = 0  # team-mates other than the rep behind the workload's team medians
    hidden_signals: int = 0  # signals left out: their team median had too few team-mates behind it
    #: the inputs the rep's team slice holds for the period: a KPI or section without its input is not shown
    inputs: Availability = field(default_factory=lambda: Availability("", EVERYTHING))
    plan_on_record: bool = False  # whether follow_through is the plan last period's review gave (stored)
    rules_fingerprint: str = ""  # the coaching settings behind ``actions`` (stored with the plan)


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
        the_period, as_of = review_period(con, params.period)
        extent = data_extent(con)
        rep_id = _resolve_rep(con, params.rep, the_period, teams)
        team_id = str(con.execute("SELECT team_id FROM reps WHERE rep_id = ?", [rep_id]).fetchone()[0])
        info = teams.set_index("team_id").loc[team_id]
        team_type = str(info["team_type"])
        prev = the_period.previous()
        # history: the trend, the signals of this and the previous period, and the goal audits' look-back
        back = max(params.trend_periods - 1, 2 * SIGNAL_PERIODS + 2, goalset.history_periods)
        team_reps = {
            r for (r,) in con.execute("SELECT rep_id FROM reps WHERE team_id = ?", [team_id]).fetchall()
        }
        start = min(the_period.shift(-back).start, history_start(goalset, team_id, team_reps, the_period))
        data = load_slice(con, [team_id], start, the_period.end)
        same_type = teams.loc[teams["team_type"] == team_type, "team_id"].tolist()
        peer_data = load_slice(con, same_type, prev.start, the_period.end)
        stored = read_plan(con, rep_id, prev.label)  # the plan last period's review gave, if on record

    reps = data["reps"].set_index("rep_id")
    row = reps.loc[rep_id]
    history = the_period.history(params.trend_periods)
    prime_measures(data, the_period, history[0].start, start)
    # one GoalData for the goals and the audits; the slice remembers measures, so each month is computed once
    goal_data = GoalData(data, as_of, start)
    measures = compute_measures(data, history)  # history ends with the previous period and this one
    now_m = period_rows(measures, the_period.label)
    if rep_id not in now_m.index or now_m.loc[rep_id, "headcount"] <= 0:
        raise ParameterError(f"rep {rep_id!r} was not employed in {the_period.label}")

    # KPIs of every rep of the team type in this and the previous period: benchmarks only
    peer_m = compute_measures(peer_data, [prev, the_period])
    everyone = peer_data["reps"].merge(peer_data["teams"][["team_id", "team_type"]], on="team_id")
    everyone = everyone.set_index("rep_id")
    min_sample = rules.min_sample if rules is not None else DEFAULT_MIN_SAMPLE
    bench_now, kpis_now, team_n, peer_n = rep_benchmarks(
        peer_m, everyone, rep_id, team_id, str(row["level"]), the_period, min_group, min_sample
    )
    order = settings.kpi_set(team_type)
    shown = [k for k in order if k not in NOT_COMPARED]

    progress = with_goal_pay(goal_progress(goalset, goal_data, team_id, the_period), settings.plans)
    mine = progress[progress["rep_id"] == rep_id].reset_index(drop=True)

    prev_kpis = (
        compute_kpis(period_rows(peer_m, prev.label)).loc[rep_id]
        if rep_id in period_rows(peer_m, prev.label).index
        else pd.Series(dtype=float)
    )
    available = rep_availability(data, rep_id, the_period)
    # a rate on too few records this period is pooled over the signals' window before it is left out
    kpis_now, rep_m, pooled = pooled_kpis(kpis_now, measures, rep_id, the_period, min_sample)
    scorecard = rep_scorecard(
        shown, kpis_now, prev_kpis, bench_now, rep_m, mine, the_period, as_of, min_sample, pooled
    )
    # a KPI without its input is unknown (no medians, no rank, no feedback), not 0
    scorecard = blank_unknown_rows(scorecard, available, UNKNOWN_COLUMNS)
    scorecard = blank_before_data(scorecard, prev, extent and extent.first)
    # the team review's risk rules, so both reviews judge the rep alike
    thresholds = (settings.risk_rules or RiskRules()).signal_thresholds([team_type])
    signals = rep_signals(data, the_period, **thresholds)
    my_signals, hidden_signals = guard_signals(signals, rep_id, min_group)
    # with burnout or over-activity, more effort is the symptom: never a strength or a success
    symptom_kpis = symptoms(s.kind for s in my_signals)
    tenure_now = tenure_months(data["reps"], the_period.last_day).get(rep_id)
    tenure_now = float(tenure_now) if tenure_now is not None and pd.notna(tenure_now) else math.nan
    # a new hire is judged against the ramp where the quota is the full one (never ramped twice);
    # a KPI a signal found a pattern in over several periods comes first
    judged_card = ramp_targets(scorecard, tenure_now, rules.quota_ramped if rules is not None else True)
    strengths, gaps = strengths_and_gaps(
        judged_card, symptoms=symptom_kpis, confirmed=confirmed_kpis(my_signals)
    )
    who = pd.Series({"rep_id": rep_id, "level": row["level"], "team_type": team_type})
    actions: list[Action] = []
    moves = pd.DataFrame(columns=FOLLOW_COLUMNS)
    before: list[Action] = []
    prev_m = period_rows(peer_m, prev.label)
    had_previous = rep_id in prev_m.index and prev_m.loc[rep_id, "headcount"] > 0
    if rules is not None and modules is not None:
        # a rule never fires on a rate with too few records behind it
        ranked = without_small_samples(
            pd.DataFrame([kpis_now], index=[rep_id]), pd.DataFrame([rep_m], index=[rep_id]), min_sample
        ).iloc[0]
        actions = coaching_actions(who, ranked, bench_now, signal_frame(my_signals), rules, modules)
        # the audit judges a goal as of the end of the review period (or the data's day when earlier)
        judged = replace(goal_data, as_of=min(as_of, the_period.last_day))
        set_goals(actions, rep_id, kpis_now, bench_now, the_period, rules, goalset, judged, tenure_now)
        if had_previous and stored is None:  # no plan on record: today's rules re-derive it, said as such
            before = rederived_plan(
                who, data, (peer_m, everyone), prev, settings=(rules, modules, goalset), team_id=team_id,
                limits=(min_group, min_sample), thresholds=thresholds, goal_data=goal_data, as_of=as_of,
                tenure=tenure_now - period_months(the_period),  # a quarter back is three months
            )  # fmt: skip
            moves = follow_through(before, kpis_now, params.language)
    if stored is not None:  # judged against the targets given, whatever the rules say today
        moves = stored_follow_through(stored, kpis_now, modules, params.language)

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
    trend = compute_kpis(rep_hist, REP_TREND.kpis).join(rep_hist[["quota", *LEFT_OUT_MEASURES]])
    # from the rep's first data on: the periods before it are absent, not periods of zero sales
    since = rep_data_start(data, rep_id)
    trend = trend.reindex([p.label for p in history if p.end > since]).dropna(how="all")
    trend = trend[[*TREND_KPIS, *LEFT_OUT_MEASURES]]
    trend = without_zero_quota(trend)

    improvements = improved_kpis(scorecard, symptoms=symptom_kpis)
    boss = row.get("manager_id")
    manager = str(reps["name"].get(boss, "")) if isinstance(boss, str) and boss != rep_id else ""
    return RepReview(
        rep_id=rep_id,
        rep_name=str(row["name"]),
        level=str(row["level"]),
        hire_date=pd.Timestamp(row["hire_date"]).date().isoformat() if pd.notna(row["hire_date"]) else "",
        tenure_months=tenure_now,
        manager_name=manager,
        team_id=team_id,
        team_name=str(info["name"]),
        region_name=str(info["region_name"]),
        team_type=team_type,
        period=the_period,
        language=params.language,
        currency=meta.get("currency", "CNY"),
        as_of=as_of.isoformat(),
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
        statements=rep_statements(
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
        inputs=available,
        plan_on_record=stored is not None,
        rules_fingerprint=rules_fingerprint(rules, modules),
    )


#: The scorecard's columns that are unknown for a KPI whose input is absent.
UNKNOWN_COLUMNS = ("value", "previous", "change", "team_median", "peer_median", "peer_percentile")


def rep_availability(data: dict[str, pd.DataFrame], rep_id: str, period: Period) -> Availability:
    """What the team's slice holds for ``period`` (:func:`input_availability`), less the rep's deals when
    the rep has none and less the targets when none is the rep's own: a rep's review speaks of the rep's
    records, a team's inputs of the team's (a team quota gives the team attainment, never its reps)."""
    available = input_availability(data, period)
    opps = data["opportunities"]
    mine = {k: v for k, v in data.items() if k != "opportunities"}
    mine["opportunities"] = opps[opps["rep_id"] == rep_id]
    if "targets" in data:
        targets = data["targets"]
        mine["targets"] = targets[(targets["scope"] == "rep") & (targets["scope_id"] == rep_id)]
    own = input_availability(mine, period)
    lacking = {Input.DEALS, Input.DEAL_AMOUNTS} if not own.has(Input.DEALS) else set()
    if not own.has(Input.TARGETS):
        lacking.add(Input.TARGETS)
    return Availability(available.period, available.present - lacking)
