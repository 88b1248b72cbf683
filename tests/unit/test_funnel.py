import math

import pandas as pd
import pytest

from salesnb.kpis.funnel import stage_funnel
from salesnb.kpis.stages import stage_durations
from salesnb.periods import Period


def test_funnel_counts_furthest_stage_and_skips():
    opps = pd.DataFrame(
        {
            "opportunity_id": ["w", "l1", "l2", "x", "open"],
            "status": ["won", "lost", "lost", "won", "open"],
            "close_date": pd.to_datetime(["2026-10-03", "2026-10-04", "2026-10-05", "2026-09-30", None]),
        }
    )
    # l2 skipped needs_analysis on its way to proposal: it still passed it. x closed in September.
    hist = pd.DataFrame(
        {
            "opportunity_id": ["w", "w", "l1", "l1", "l1", "l2", "l2", "x"],
            "stage": [
                "qualification",
                "closed_won",
                "qualification",
                "needs_analysis",
                "closed_lost",
                "qualification",
                "proposal",
                "closed_won",
            ],
        }
    )
    f = stage_funnel(opps, hist, Period.parse("2026-10"))
    assert f["deals"].tolist() == [3, 3, 2, 1, 1]
    assert f["step_conversion"].tolist()[1:] == pytest.approx([1.0, 2 / 3, 0.5, 1.0])
    assert f["from_start"].iloc[-1] == pytest.approx(1 / 3)


def test_stage_durations_by_hand(tiny_data):
    # October entries (tests/conftest.py stage_history), days to the next recorded stage:
    # qualification: o2 1→11 Oct (proposal, 10), o5 16→19 (negotiation, 3), o6 16→22 (closed lost, 6),
    #   o9 20→27 (needs analysis, 7), o11 28→30 (proposal, 2), o12 1 Oct → closed won 30 Oct (its history
    #   stops: its close date, 29), o10 25 Oct still open on 1 Nov (7 days so far). o3 entered in September.
    # needs_analysis: o3 2→10 (closed lost, 8); o9 27 Oct still open (5 days)
    # proposal: o2 11→21 (closed won, 10); o11 30 Oct, won 3 November: still open on 1 Nov (2 days)
    # negotiation: o5 19→21 (closed won, 2)
    s = stage_durations(tiny_data["opportunities"], tiny_data["stage_history"], Period.parse("2026-10"))
    assert s["stage"].tolist() == ["qualification", "needs_analysis", "proposal", "negotiation"]
    assert s["entered"].tolist() == [7, 2, 2, 1]
    assert s["advanced"].tolist() == [5, 0, 1, 1]
    assert s["dropped"].tolist() == [1, 1, 0, 0]
    assert s["still_open"].tolist() == [1, 1, 1, 0]
    assert s["conversion"].tolist() == pytest.approx([5 / 6, 0.0, 1.0, 1.0])
    assert s["median_days"].tolist() == pytest.approx([(6 + 7) / 2, 8, 10, 2])  # 2, 3, 6, 7, 10, 29
    assert s["mean_days"].tolist() == pytest.approx([(10 + 3 + 6 + 7 + 2 + 29) / 6, 8, 10, 2])
    assert s["open_median_age_days"].tolist()[:3] == pytest.approx([7, 5, 2])
    assert math.isnan(s["open_mean_age_days"].iloc[3])


def test_stage_durations_september_and_other_deals(tiny_data):
    # September: only o3 entered qualification (1 Sep); it moved on 2 Oct, after the period: still open
    s = stage_durations(tiny_data["opportunities"], tiny_data["stage_history"], Period.parse("2026-09"))
    q = s.set_index("stage").loc["qualification"]
    assert (q["entered"], q["still_open"], q["open_mean_age_days"]) == (1, 1, 30)
    assert math.isnan(q["conversion"])
    # history of deals outside the opportunities frame is ignored
    only_b = tiny_data["opportunities"][tiny_data["opportunities"]["rep_id"] == "b"]
    s = stage_durations(only_b, tiny_data["stage_history"], Period.parse("2026-10"))
    assert s["entered"].tolist() == [3, 0, 0, 1]  # o5, o6, o10; o5 in negotiation


def test_stage_durations_skips_repeated_rows_and_counts_moving_back_as_dropped():
    opps = pd.DataFrame({"opportunity_id": ["d"], "status": ["open"], "close_date": pd.to_datetime([None])})
    hist = pd.DataFrame(
        {
            "opportunity_id": ["d"] * 4,
            "stage": ["qualification", "proposal", "proposal", "needs_analysis"],
            "entered_at": pd.to_datetime(["2026-10-01", "2026-10-05", "2026-10-06", "2026-10-09"]),
        }
    )
    s = stage_durations(opps, hist, Period.parse("2026-10")).set_index("stage")
    assert s.loc["proposal", ["entered", "dropped", "median_days"]].tolist() == [1, 1, 4]
    assert s.loc["qualification", "advanced"] == 1
    assert s.loc["needs_analysis", "still_open"] == 1
