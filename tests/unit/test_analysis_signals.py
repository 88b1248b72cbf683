"""Per-rep signals, each rule on a frame small enough to check by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from salesnb.analysis.findings import signal_frame
from salesnb.analysis.signals import (
    activity_drop,
    below_target,
    departed,
    high_activity_low_conversion,
    low_contact,
    ramping,
    rep_signals,
)
from salesnb.errors import ParameterError
from salesnb.periods import Period
from tests.unit.test_analysis_common import make_slice

OCT = Period.parse("2026-10")


def test_low_contact():
    rates = pd.DataFrame(
        {
            "contact_rate": [0.30, 0.32, 0.28, 0.12, 0.10, 0.05],
            "dials": [1000, 1000, 1000, 1000, 50, 1000],
            "peer": [True, True, True, True, True, False],
        },
        index=["r1", "r2", "r3", "r4", "r5", "r6"],
    )
    rates["connects"] = rates["contact_rate"] * rates["dials"]
    rows = low_contact(rates)
    # judged: r1–r4 (r5 dialled too little, r6 is ramping); median (0.28 + 0.30) / 2 = 0.29;
    # threshold 0.29 × (1 − 0.35) = 0.1885: only r4
    assert [r.rep_id for r in rows] == ["r4"]
    r = rows[0]
    assert (r.value, r.benchmark, r.threshold) == pytest.approx((0.12, 0.29, 0.1885))
    assert r.evidence.peers == 4 and r.evidence.dials == 1000
    assert low_contact(rates, margin=0.7) == []  # threshold 0.087


def _rates(win_rate_p1: float = 0.08) -> pd.DataFrame:
    rates = pd.DataFrame(
        {
            "activities_per_day": [100, 60, 62, 58, 64, 66, 30],
            "win_rate": [win_rate_p1, 0.30, 0.35, 0.25, 0.40, 0.10, 0.05],
            "revenue_per_activity": [10, 50, 55, 45, 60, 12, 5],
            "level": ["senior"] * 6 + ["manager"],
            "peer": [True] * 7,
            "deals_won": [2] * 7,
            "deals_lost": [20] * 7,
        },
        index=["p1", "p2", "p3", "p4", "p5", "p6", "m"],
    )
    rates["dials_per_day"] = rates["activities_per_day"] * 0.9
    return rates


def test_high_activity_low_conversion():
    rows = high_activity_low_conversion(_rates())
    # peers (the manager left out): activity 58, 60, 62, 64, 66, 100 → median 63, upper quartile 65.5,
    # line max(65.5, 63 × 1.25 = 78.75); win rate .08 .10 .25 .30 .35 .40 → median .275, lower quartile
    # .1375, line min(.1375, .1925); revenue per activity 10 12 45 50 55 60 → median 47.5, line 20.25
    assert [r.rep_id for r in rows] == ["p1"]
    r = rows[0]
    assert (r.value, r.benchmark, r.threshold) == pytest.approx((100.0, 63.0, 78.75))
    ev = r.evidence
    assert (ev.win_rate_median, ev.win_rate_threshold) == pytest.approx((0.275, 0.1375))
    assert ev.revenue_per_activity_threshold == pytest.approx(20.25)
    # p6 converts as badly but is not busy; with a decent win rate p1 is busy, not a conversion problem
    assert high_activity_low_conversion(_rates(win_rate_p1=0.3)) == []


def test_ramping_and_departed():
    reps = make_slice(
        reps=[
            ("new", "junior", "2026-07-07", None),  # 3 months at 31 October
            ("old", "senior", "2020-01-01", None),
            ("gone", "junior", "2020-01-01", "2026-06-15"),
            ("long_gone", "junior", "2020-01-01", "2025-12-31"),
            ("future", "junior", "2026-12-01", None),
        ]
    )["reps"]
    rows = ramping(reps, OCT)
    assert [(r.rep_id, r.value, r.threshold) for r in rows] == [("new", 3.0, 6.0)]
    assert rows[0].evidence.hire_date == "2026-07-07"
    # six periods back from October start in May: June 15 is in, December 2025 is not
    rows = departed(reps, OCT)
    assert [(r.rep_id, r.value) for r in rows] == [("gone", 139.0)]  # 15 June → 1 November
    assert [r.rep_id for r in departed(reps, OCT, periods=12)] == ["gone", "long_gone"]


def _measures(rows: dict[str, dict[str, list[float]]], periods: list[Period]) -> pd.DataFrame:
    frames = [
        pd.DataFrame({"period": [p.label for p in periods], "rep_id": rep, **cols})
        for rep, cols in rows.items()
    ]
    return pd.concat(frames).set_index(["period", "rep_id"]).astype(float)


def test_below_target():
    periods = OCT.history(6)  # May … October
    m = _measures(
        {
            "x": {"revenue": [90, 70, 50, 60, 70, 79], "quota": [100] * 6},
            "y": {"revenue": [90, 90, 90, 50, 90, 50], "quota": [100] * 6},
            "z": {"revenue": [0, 10, 10, 10, 10, 10], "quota": [100] * 6},  # hired in June: ramping
            "w": {"revenue": [50, 50, 50, 50, 0, 50], "quota": [100, 100, 100, 100, 0, 100]},
        },
        periods,
    )
    reps = make_slice(
        reps=[
            ("x", "junior", "2020-01-01", None),
            ("y", "junior", "2020-01-01", None),
            ("z", "junior", "2026-06-01", None),
            ("w", "junior", "2020-01-01", None),
        ]
    )["reps"]
    rows = below_target(m, reps, OCT)
    # x: June to October under 80 % (five in a row), mean (.7 + .5 + .6 + .7 + .79) / 5 = .658;
    # y: only October; z: every period in the ramp; w: no quota in September breaks the run
    assert [r.rep_id for r in rows] == ["x"]
    assert rows[0].value == pytest.approx(0.658)
    assert rows[0].evidence.periods_below == 5
    assert rows[0].evidence.attainment["2026-07"] == pytest.approx(0.5)
    assert [r.rep_id for r in below_target(m, reps, OCT, line=0.6)] == []  # x at .79 in October


def test_activity_drop():
    periods = OCT.history(4)  # July … October
    m = _measures(
        {
            "x": {"activities": [440, 420, 440, 176], "working_days": [22, 21, 22, 22]},  # 20/day → 8
            "y": {"activities": [440, 420, 440, 264], "working_days": [22, 21, 22, 22]},  # 20/day → 12
            "q": {"activities": [440, 420, 440, 70], "working_days": [22, 21, 22, 14]},  # left 20 Oct
        },
        periods,
    )
    reps = make_slice(
        reps=[
            ("x", "junior", "2020-01-01", None),
            ("y", "junior", "2020-01-01", None),
            ("q", "junior", "2020-01-01", "2026-10-20"),
        ]
    )["reps"]
    rows = activity_drop(m, reps, OCT)
    # x: 8 per day against 20, under half (10); y: 12 is not; q left: a departure, not a drop
    assert [(r.rep_id, r.value, r.benchmark, r.threshold) for r in rows] == [("x", 8.0, 20.0, 10.0)]


def test_rep_signals_on_a_slice():
    data = make_slice(
        reps=[("a", "senior", "2020-01-01", None), ("n", "junior", "2026-09-01", None)],
        daily=[("a", "2026-10-05", "call", 400, 120, 0, 0), ("n", "2026-10-05", "call", 400, 20, 0, 0)],
    )
    s = signal_frame(rep_signals(data, OCT), data["reps"])
    assert list(s.columns) == [
        "rep_id",
        "name",
        "signal",
        "metric",
        "value",
        "benchmark",
        "threshold",
        "evidence",
    ]
    # n is ramping, and therefore not compared on contact rate (5 % against a's 30 %)
    assert s[["rep_id", "signal", "name"]].values.tolist() == [["n", "ramping", "N"]]
    # with a one-month ramp, n is judged: the peers' median is (0.05 + 0.30) / 2 = 0.175 → line 0.114
    s = signal_frame(rep_signals(data, OCT, ramp_months=1), data["reps"])
    assert s.loc[s["signal"] == "low_contact_rate", "rep_id"].tolist() == ["n"]


def test_rep_signals_rejects_unknown_thresholds():
    with pytest.raises(ParameterError, match="unknown threshold stalled_days"):
        rep_signals(make_slice(), OCT, stalled_days=10)
