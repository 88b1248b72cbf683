"""The rep's place among others: benchmarks over the team and the peers, the scorecard, strengths and
gaps, improvements on the previous period, and the floor a signal's team median must clear.

What the team and peer medians are, and why each needs ``min_group`` people other than the rep behind
it, is said in :mod:`salesnb.reviews.rep.review`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from typing import cast

import numpy as np
import pandas as pd

from salesnb.analysis.common import RAMP_MONTHS
from salesnb.analysis.evidence import HighActivityEvidence, LowContactEvidence
from salesnb.analysis.findings import Signal, SignalKind
from salesnb.analysis.signals import SIGNAL_PERIODS
from salesnb.coaching import Benchmarks, benchmarks, comparison_groups
from salesnb.coaching.feedback import (
    DEFAULT_MIN_SAMPLE,
    TEAM_ALLOCATED,
    impact_score,
    pool_thin_rates,
    sample_sizes,
    without_small_samples,
)
from salesnb.coaching.targets import ramp_benchmark
from salesnb.goals.pacing import pace
from salesnb.kpis import CATALOG, compute_kpis
from salesnb.periods import Period

#: A KPI is a strength (a gap) when it beats (trails) every benchmark it has by at least this share.
MIN_DIFF = 0.10
#: Strengths and gaps shown at most.
TOP = 3
#: Signals whose evidence is a median over the rep's team-mates (``evidence.peers`` counts the rep).
TEAM_MEDIAN_SIGNALS = frozenset({SignalKind.LOW_CONTACT_RATE, SignalKind.HIGH_ACTIVITY_LOW_CONV})
#: KPIs never judged as a strength or gap (a rep's headcount is 1).
NOT_COMPARED = frozenset({"headcount"})
#: KPIs left out of individual feedback: the above, and team costs shared out per rep.
NOT_FEEDBACK = NOT_COMPARED | TEAM_ALLOCATED
#: Scorecard columns.
SCORECARD_COLUMNS = [
    "kpi", "unit", "higher_is_better", "value", "previous", "change", "change_pct", "target", "status",
    "team_median", "team_n", "peer_median", "peer_percentile", "peers", "left_out", "n", "min_n", "periods",
]  # fmt: skip
# left_out: the records the value had to leave out (won or open deals without an amount; 0 if none)
# team_n: team-mates other than the rep with a value; peers: peers with a value (both counted whether or
# not they are enough for the median, which is missing when they are not); n: the records behind a rate
# (missing for other KPIs), min_n: the fewest it needs to be ranked (missing: no minimum); periods: the
# periods the value is pooled over (1: this period alone)
FEEDBACK_COLUMNS = [
    "kpi", "unit", "value", "team_median", "peer_median", "peer_percentile", "peers", "diff_team",
    "diff_peer", "target", "n", "score",
]  # fmt: skip
# score: a strength's lead; a gap's impact (salesnb.coaching.feedback.impact_score)


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
    scorecard: pd.DataFrame,
    min_diff: float = MIN_DIFF,
    top: int = TOP,
    symptoms: frozenset[str] = frozenset(),
    confirmed: frozenset[str] = frozenset(),
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The rep's best and worst KPIs against the team and peer medians (and the target, for a gap).

    A **strength** beats every median it has (team, peer) by at least ``min_diff``, scored by the smaller
    lead, and does not miss its target; a **gap** trails every benchmark it has (team median, peer median,
    target) by at least ``min_diff`` and never meets its target; gaps are ranked by their impact
    (:func:`~salesnb.coaching.feedback.impact_score` of the smaller shortfall). So each sentence rests on
    every number, and one lucky comparison is not feedback. Left out of both: team-allocated costs and
    headcount (:data:`NOT_FEEDBACK`), a rate whose sample is below its minimum (``n`` < ``min_n``), and
    from the strengths the ``symptoms`` (effort KPIs of a rep with a burnout or over-activity signal).
    A gap on a KPI in ``confirmed`` (the metric of one of the rep's signals: a pattern over several
    periods) comes before the others. Revenue is no gap beside quota attainment (revenue against quota:
    the same shortfall). At most ``top`` of each, best (highest impact) first.
    """
    rows = []
    for r in scorecard.itertuples(index=False):
        n, least = getattr(r, "n", math.nan), getattr(r, "min_n", math.nan)
        if r.kpi in NOT_FEEDBACK or (np.isfinite(least) and not n >= least):
            continue
        hib = bool(r.higher_is_better)
        target = float(getattr(r, "target", math.nan))
        d_team = relative_diff(r.value, r.team_median, hib)
        d_peer = relative_diff(r.value, r.peer_median, hib)
        d_target = relative_diff(r.value, target, hib)
        found = [d for d in (d_team, d_peer) if np.isfinite(d)]
        if not found:
            continue
        worst = [*found, d_target] if np.isfinite(d_target) else found
        meets_target = np.isfinite(d_target) and d_target >= 0
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
                "target": target,
                "n": n,
                "lead": min(found) if r.kpi not in symptoms and not d_target < 0 else -math.inf,
                "shortfall": max(worst) if not meets_target else math.inf,
            }
        )
    frame = pd.DataFrame(rows, columns=[*FEEDBACK_COLUMNS[:-1], "lead", "shortfall"])
    strengths = frame[frame["lead"] >= min_diff - 1e-12].sort_values("lead", ascending=False, kind="stable")
    gaps = frame[frame["shortfall"] <= -min_diff + 1e-12].copy()
    if "quota_attainment" in set(gaps["kpi"]):  # one shortfall said twice would take two of the places
        gaps = gaps[gaps["kpi"] != "revenue"]
    gaps["impact"] = [impact_score(k, -d) for k, d in zip(gaps["kpi"], gaps["shortfall"], strict=True)]
    gaps["confirmed"] = gaps["kpi"].isin(confirmed)
    gaps = gaps.sort_values(
        ["confirmed", "impact", "shortfall"], ascending=[False, False, True], kind="stable"
    )
    strengths = strengths.rename(columns={"lead": "score"}).drop(columns="shortfall")
    gaps = gaps.drop(columns=["lead", "shortfall", "confirmed"]).rename(columns={"impact": "score"})
    return strengths.head(top).reset_index(drop=True), gaps.head(top).reset_index(drop=True)


def ramp_targets(scorecard: pd.DataFrame, tenure: float, quota_ramped: bool) -> pd.DataFrame:
    """The scorecard a new hire is judged on: where quotas are the full ones (not ``quota_ramped``),
    quota and attainment targets scaled to the ramp's expectation after ``tenure`` months (a linear ramp
    over ``RAMP_MONTHS``); unchanged past the ramp, and where the quotas already ramp.

    Examples
    --------
    >>> card = pd.DataFrame({"kpi": ["quota_attainment", "win_rate"], "target": [1.0, 0.3]})
    >>> ramp_targets(card, 3.0, False)["target"].tolist(), ramp_targets(card, 8.0, False)["target"].tolist()
    ([0.5, 0.3], [1.0, 0.3])
    >>> ramp_targets(card, 3.0, True)["target"].tolist()
    [1.0, 0.3]
    """
    if quota_ramped or not np.isfinite(tenure) or tenure >= RAMP_MONTHS:
        return scorecard
    out = scorecard.copy()
    ramped = out["kpi"].isin(["revenue", "quota_attainment"])
    out.loc[ramped, "target"] = out.loc[ramped, "target"] * ramp_benchmark(tenure)
    return out


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


def period_rows(measures: pd.DataFrame, label: str) -> pd.DataFrame:
    if label not in measures.index.get_level_values("period"):
        return measures.iloc[0:0].droplevel("period")
    return measures.xs(label, level="period")


def pooled_kpis(
    kpis: pd.Series, measures: pd.DataFrame, rep_id: str, period: Period, minimums: Mapping[str, int]
) -> tuple[pd.Series, pd.Series, dict[str, int]]:
    """The rep's KPIs of ``period`` with each rate too thin this period pooled over the periods they
    worked of the signals' window (:func:`~salesnb.coaching.feedback.pool_thin_rates`): (KPIs, the
    measures row behind them, periods pooled per KPI). ``measures`` is indexed by (period, rep) and holds
    the rep working in ``period`` (the review checks it first)."""
    mine = measures[measures.index.get_level_values("rep_id") == rep_id].droplevel("rep_id")
    rows = mine.reindex([p.label for p in period.history(SIGNAL_PERIODS)])
    rows = rows[rows["headcount"] > 0]
    if rows.empty or rows.index[-1] != period.label:
        raise ValueError(f"rep {rep_id!r} has no measures in {period.label}")
    return pool_thin_rates(kpis, rows, minimums, SIGNAL_PERIODS)


def guard_signals(signals: list[Signal], rep_id: str, min_group: int) -> tuple[list[Signal], int]:
    """The rep's signals without those whose evidence is a team median over fewer than ``min_group``
    team-mates other than the rep; and how many were left out."""
    mine = [s for s in signals if s.rep_id == rep_id]
    kept = [s for s in mine if s.kind not in TEAM_MEDIAN_SIGNALS or _team_mates(s) >= min_group]
    return kept, len(mine) - len(kept)


def _team_mates(signal: Signal) -> int:
    """Team-mates other than the rep behind a signal's team median (its evidence counts the rep)."""
    return cast(LowContactEvidence | HighActivityEvidence, signal.evidence).peers - 1


def complete_values(kpis: pd.DataFrame, measures: pd.DataFrame) -> pd.DataFrame:
    """``kpis`` (rows: reps) without the values that left records out (a revenue missing the won deals
    without an amount): a median or rank over them would compare unknown sums as if they were known.

    Examples
    --------
    >>> k = pd.DataFrame({"revenue": [0.0, 50.0], "win_rate": [1.0, 0.5]}, index=["a", "b"])
    >>> m = pd.DataFrame({"won_deals_unknown_amount": [3.0, 0.0]}, index=["a", "b"])
    >>> complete_values(k, m)["revenue"].tolist(), complete_values(k, m)["win_rate"].tolist()
    ([nan, 50.0], [1.0, 0.5])
    """
    out = kpis.copy()
    for kpi in out.columns:
        spec = CATALOG.get(kpi)
        if spec is not None and spec.left_out and spec.left_out in measures:
            out.loc[measures[spec.left_out].reindex(out.index).fillna(0) > 0, kpi] = np.nan
    return out


def rep_benchmarks(
    measures: pd.DataFrame,
    everyone: pd.DataFrame,
    rep_id: str,
    team_id: str,
    level: str,
    period: Period,
    min_group: int,
    min_sample: Mapping[str, int] = DEFAULT_MIN_SAMPLE,
) -> tuple[Benchmarks, pd.Series, int, int]:
    """Team and peer benchmarks for ``period`` (each only over at least ``min_group`` others, each rate
    over the reps with ``min_sample`` records behind it), the rep's KPIs, and how many team-mates and
    peers other than the rep the two groups hold."""
    m = period_rows(measures, period.label)
    m = m[m["headcount"] > 0]
    kpis = compute_kpis(m)
    known = without_small_samples(complete_values(kpis, m), m, min_sample)
    team, peers = comparison_groups(known, everyone, rep_id, team_id, level, period.last_day)
    own = kpis.loc[rep_id] if rep_id in kpis.index else pd.Series(dtype=float)
    bench = benchmarks(team, peers, rep_id=rep_id, min_group=min_group)
    return bench, own, int((team.index != rep_id).sum()), len(peers)


def rep_scorecard(
    order: list[str],
    kpis: pd.Series,
    previous: pd.Series,
    bench: Benchmarks,
    measures: pd.Series,
    goals: pd.DataFrame,
    period: Period,
    as_of: date,
    min_sample: Mapping[str, int] = DEFAULT_MIN_SAMPLE,
    pooled: Mapping[str, int] | None = None,
) -> pd.DataFrame:
    """One row per KPI: value, previous, change, target and its status, team and peer benchmarks, and
    for a rate the records behind it (``n``), the fewest it needs to be ranked (``min_n``) and the
    periods it is ``pooled`` over (:func:`~salesnb.coaching.feedback.pool_thin_rates`; else 1)."""
    pooled = pooled or {}
    samples = sample_sizes(measures)
    targets: dict[str, float] = {}
    if measures.get("quota", 0) > 0:  # without a quota there is no attainment to aim at
        targets["revenue"] = float(measures["quota"])
        targets["quota_attainment"] = 1.0
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
        team_median, team_n = float(bench.team_median.get(kpi, math.nan)), int(bench.team_others.get(kpi, 0))
        left_out = float(measures.get(spec.left_out, 0.0)) if spec.left_out else 0.0
        if left_out:  # a sum missing some of its records ranks nobody: no benchmark, no strength or gap
            team_median = peer_median = pct = math.nan
            team_n = n = 0
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
                "team_median": team_median,
                "team_n": team_n,
                "peer_median": peer_median,
                "peer_percentile": pct,
                "peers": n,
                "left_out": left_out,
                "n": float(samples.get(kpi, math.nan)),
                "min_n": float(min_sample.get(kpi, math.nan)),
                "periods": pooled.get(kpi, 1),
            }
        )
    return pd.DataFrame(rows, columns=SCORECARD_COLUMNS)


def improved_kpis(
    scorecard: pd.DataFrame, min_diff: float = MIN_DIFF, symptoms: frozenset[str] = frozenset()
) -> pd.DataFrame:
    """KPIs that moved the right way by at least ``min_diff`` on the previous period, most first; not
    the KPIs left out of feedback, a rate below its minimum sample, nor the rep's ``symptoms``."""
    s = scorecard.copy()
    sign = np.where(s["higher_is_better"].astype(bool), 1.0, -1.0)
    s["gain"] = s["change_pct"].astype(float) * sign
    thin = s["min_n"].notna() & ~(s["n"] >= s["min_n"]) if "min_n" in s else False
    s = s[(s["gain"] >= min_diff) & ~s["kpi"].isin(NOT_FEEDBACK | symptoms) & ~thin]
    return s.sort_values("gain", ascending=False).head(TOP).reset_index(drop=True)
