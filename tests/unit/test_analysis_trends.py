"""Trends: moving averages recomputed from summed measures, period-over-period and year-over-year."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from salesnb.analysis.trends import measure_trends, team_trends
from salesnb.periods import Period
from tests.unit.test_analysis_common import make_slice

OCT = Period.parse("2026-10")


@pytest.fixture
def trends() -> pd.DataFrame:
    """14 months, 2025-09 … 2026-10; 2025-09 is before the data starts (NaN)."""
    periods = OCT.history(14)
    revenue = [math.nan, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 150, 100, 200]
    won = [math.nan] + [1] * 10 + [1, 0, 3]
    lost = [math.nan] + [1] * 10 + [1, 2, 1]
    m = pd.DataFrame(
        {"revenue": revenue, "deals_won": won, "deals_lost": lost},
        index=[p.label for p in periods],
        dtype=float,
    )
    return measure_trends(m, periods, periods, window=3, kpis=["revenue", "win_rate"]).set_index(
        ["period", "kpi"]
    )


def test_value_previous_and_last_year(trends):
    row = trends.loc[("2026-10", "revenue")]
    assert row["value"] == 200.0
    # previous 100: +100, +100 %
    assert (row["previous"], row["pop_change"], row["pop_change_pct"]) == (100.0, 100.0, 1.0)
    # October 2025 was 50: +150, +300 %
    assert (row["last_year"], row["yoy_change"], row["yoy_change_pct"]) == (50.0, 150.0, 3.0)


def test_moving_average_is_recomputed_from_sums(trends):
    # revenue: (150 + 100 + 200) / 3 = 150
    assert trends.loc[("2026-10", "revenue"), "moving_avg"] == pytest.approx(150.0)
    # win rate: won 1 + 0 + 3 over closed 2 + 2 + 4 = 4 / 8 = 0.5 (the mean of the rates would be 0.417)
    assert trends.loc[("2026-10", "win_rate"), "moving_avg"] == pytest.approx(0.5)
    assert trends.loc[("2026-10", "win_rate"), "value"] == pytest.approx(0.75)


def test_uncovered_periods_are_missing_not_zero(trends):
    # 2025-09 is not covered: the first windows that include it have no average
    assert math.isnan(trends.loc[("2025-09", "revenue"), "value"])
    assert math.isnan(trends.loc[("2025-11", "revenue"), "moving_avg"])
    assert trends.loc[("2025-12", "revenue"), "moving_avg"] == pytest.approx(60.0)  # (50 + 60 + 70) / 3
    # 2026-09's last year is 2025-09: unknown
    assert math.isnan(trends.loc[("2026-09", "revenue"), "last_year"])
    assert math.isnan(trends.loc[("2026-09", "revenue"), "yoy_change_pct"])


def test_team_trends_from_a_slice():
    data = make_slice(
        reps=[("a", "junior", "2020-01-01", None), ("b", "junior", "2020-01-01", None)],
        opps=[
            ("o1", "a", "c1", "won", 100, "2026-08-01", "2026-08-10", "closed_won", 1.0, "2026-08-20"),
            ("o2", "a", "c2", "won", 300, "2026-09-01", "2026-09-10", "closed_won", 1.0, "2026-09-20"),
            ("o3", "b", "c3", "won", 200, "2026-10-01", "2026-10-10", "closed_won", 1.0, "2026-10-20"),
            ("o4", "b", "c4", "lost", 50, "2026-10-01", "2026-10-12", "closed_lost", 0.0, "2026-10-20"),
        ],
    )
    t = team_trends(data, OCT, n_periods=3, window=2, kpis=["revenue", "win_rate"]).set_index(
        ["period", "kpi"]
    )
    assert t.index.get_level_values("period").unique().tolist() == ["2026-08", "2026-09", "2026-10"]
    # both reps count towards the team: 200 in October, win rate 1 / 2
    assert t.loc[("2026-10", "revenue"), "value"] == 200.0
    assert t.loc[("2026-10", "win_rate"), "value"] == 0.5
    # (300 + 200) / 2; August's window reaches July, before the data: missing
    assert t.loc[("2026-10", "revenue"), "moving_avg"] == 250.0
    assert math.isnan(t.loc[("2026-08", "revenue"), "moving_avg"])
    assert t["last_year"].isna().all()
