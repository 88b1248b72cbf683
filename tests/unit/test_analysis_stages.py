"""Stage conversion, time in stage and the bottleneck, on histories short enough to count by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from salesnb.analysis.stages import find_bottleneck, stage_moves, stage_stats
from salesnb.periods import Period
from tests.unit.test_analysis_common import make_slice

OCT = Period.parse("2026-10")


def _deal(oid: str, status: str, close: str | None) -> tuple:
    stage = {"won": "closed_won", "lost": "closed_lost"}.get(status, "proposal")
    return (oid, "a", f"c-{oid}", status, 100, "2026-07-01", close, stage, 0.5, "2026-12-01")


@pytest.fixture
def window_data() -> dict[str, pd.DataFrame]:
    """Five deals between August and October.

    d1  qualification 08-01 → needs_analysis 08-05 → proposal 08-15 → won 08-25 (negotiation skipped)
    d2  qualification 09-01 → lost 09-03
    d3  qualification 10-01 → proposal 10-11 (skipped needs_analysis), still there on 1 November
    d4  qualification 10-20, won on 10-25 with no closing entry in its history
    d5  proposal 09-10 → back to needs_analysis 09-20, still there on 1 November
    """
    return make_slice(
        reps=[("a", "senior", "2020-01-01", None)],
        opps=[
            _deal("d1", "won", "2026-08-25"),
            _deal("d2", "lost", "2026-09-03"),
            _deal("d3", "open", None),
            _deal("d4", "won", "2026-10-25"),
            _deal("d5", "open", None),
        ],
        history=[
            ("d1", "qualification", "2026-08-01"),
            ("d1", "needs_analysis", "2026-08-05"),
            ("d1", "proposal", "2026-08-15"),
            ("d1", "closed_won", "2026-08-25"),
            ("d2", "qualification", "2026-09-01"),
            ("d2", "closed_lost", "2026-09-03"),
            ("d3", "qualification", "2026-10-01"),
            ("d3", "proposal", "2026-10-11"),
            ("d4", "qualification", "2026-10-20"),
            ("d5", "proposal", "2026-09-10"),
            ("d5", "proposal", "2026-09-12"),  # a repeated entry: no move
            ("d5", "needs_analysis", "2026-09-20"),
        ],
    )


def test_moves_know_how_each_stay_ended(window_data):
    moves = stage_moves(window_data["opportunities"], window_data["stage_history"])
    got = {(r.opportunity_id, r.stage): r.outcome for r in moves.itertuples()}
    assert got[("d1", "proposal")] == "advanced"  # to closed_won, skipping negotiation
    assert got[("d2", "qualification")] == "lost"
    assert got[("d4", "qualification")] == "advanced"  # closed won without a history entry
    assert got[("d5", "proposal")] == "went_back"
    assert got[("d3", "proposal")] is None  # still there
    d4 = moves[(moves["opportunity_id"] == "d4")].iloc[0]
    assert d4["left_at"] == pd.Timestamp("2026-10-25")


def test_stage_stats_over_a_window(window_data):
    moves = stage_moves(window_data["opportunities"], window_data["stage_history"])
    s = stage_stats(moves, pd.Timestamp("2026-08-01"), pd.Timestamp("2026-11-01")).set_index("stage")
    q = s.loc["qualification"]
    # d1 4 days advanced, d2 2 days lost, d3 10 days advanced, d4 5 days advanced
    assert (q["entered"], q["left"], q["advanced"], q["lost"]) == (4, 4, 3, 1)
    assert q["conversion"] == 0.75
    assert q["median_days"] == 4.5  # median of 2, 4, 5, 10
    assert q["days_per_advance"] == pytest.approx(6.0)  # 4.5 / 0.75
    n = s.loc["needs_analysis"]
    # d1 left after 10 days; d5 waits since 09-20: 42 days on 1 November → median of 10 and 42 = 26
    assert (n["left"], n["in_stage_at_end"], n["median_age_at_end"], n["median_days"]) == (1, 1, 42.0, 26.0)
    p = s.loc["proposal"]
    # d1 10 days advanced, d5 10 days went back, d3 waits 21 days: conversion 1 / 2, median of 10, 10, 21
    assert (p["left"], p["advanced"], p["went_back"], p["conversion"], p["median_days"]) == (
        2,
        1,
        1,
        0.5,
        10.0,
    )
    assert p["days_per_advance"] == 20.0
    assert s.loc["negotiation", "left"] == 0 and math.isnan(s.loc["negotiation", "conversion"])


@pytest.fixture
def slowdown() -> dict[str, pd.DataFrame]:
    """September: proposal takes 5 days and always advances; October: 20 days and half are lost.

    b1  qualification 09-01 → proposal 09-03 → negotiation 09-08 → won 09-10
    b2  qualification 09-11 → proposal 09-13 → negotiation 09-18 → won 09-20
    r1  qualification 10-01 → proposal 10-03 → negotiation 10-23 → won 10-25
    r2  qualification 10-02 → proposal 10-04 → lost 10-24
    """
    hist = []
    for oid, q, p, n, close, final in [
        ("b1", "09-01", "09-03", "09-08", "09-10", "closed_won"),
        ("b2", "09-11", "09-13", "09-18", "09-20", "closed_won"),
        ("r1", "10-01", "10-03", "10-23", "10-25", "closed_won"),
        ("r2", "10-02", "10-04", None, "10-24", "closed_lost"),
    ]:
        hist += [(oid, "qualification", f"2026-{q}"), (oid, "proposal", f"2026-{p}")]
        if n:
            hist.append((oid, "negotiation", f"2026-{n}"))
        hist.append((oid, final, f"2026-{close}"))
    opps = [
        _deal("b1", "won", "2026-09-10"),
        _deal("b2", "won", "2026-09-20"),
        _deal("r1", "won", "2026-10-25"),
        _deal("r2", "lost", "2026-10-24"),
    ]
    return make_slice(reps=[("a", "senior", "2020-01-01", None)], opps=opps, history=hist)


def test_bottleneck_is_the_stage_that_deteriorated(slowdown):
    b = find_bottleneck(
        slowdown["opportunities"],
        slowdown["stage_history"],
        OCT,
        recent_periods=1,
        baseline_periods=1,
        min_deals=2,
    ).set_index("stage")
    p = b.loc["proposal"]
    # days per advance: September 5 / 1 = 5, October 20 / 0.5 = 40 → deteriorated 8×
    assert (p["baseline_days_per_advance"], p["days_per_advance"], p["deterioration"]) == (5.0, 40.0, 8.0)
    assert p["conversion_change"] == -0.5 and p["days_change"] == 4.0
    assert b.index[b["is_bottleneck"]].tolist() == ["proposal"]
    assert p["reason"] == "deteriorated" and p["significant"] and p["threshold"] == 2.0
    # qualification took 2 days and always advanced in both months
    assert b.loc["qualification", "deterioration"] == 1.0
    # negotiation had a single stay in October: too few to judge
    assert b.loc["negotiation", "left"] == 1 and not b.loc["negotiation", "is_bottleneck"]
    assert (b["recent_start"].iloc[0], b["baseline_start"].iloc[0]) == ("2026-10", "2026-09")


def test_without_history_the_slowest_stage_is_named(slowdown):
    b = find_bottleneck(
        slowdown["opportunities"],
        slowdown["stage_history"],
        OCT,
        recent_periods=1,
        baseline_periods=0,
        min_deals=2,
    ).set_index("stage")
    assert b.index[b["is_bottleneck"]].tolist() == ["proposal"]  # 40 days per advance against 2
    assert b.loc["proposal", "reason"] == "slowest_stage"
    assert not b["significant"].any()
    assert b["baseline_conversion"].isna().all()


def test_no_deals_no_bottleneck():
    data = make_slice(reps=[("a", "senior", "2020-01-01", None)])
    b = find_bottleneck(data["opportunities"], data["stage_history"], OCT)
    assert len(b) == 4 and not b["is_bottleneck"].any()
