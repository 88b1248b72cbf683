"""The leaders' roll-ups (salesnb.reviews.rollup) against numbers computed by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from salesnb.analysis.findings import Risk, Subject
from salesnb.reviews.rollup import (
    FORECAST_COLUMNS,
    best_forecast,
    forecast_rollup,
    goal_counts,
    goal_rollup,
    risk_counts,
    risk_entries,
)

NAN = math.nan
#: a small organisation: two teams in the north, one in the south
TEAMS = pd.DataFrame({"team_id": ["a", "b", "c"], "region_id": ["north", "north", "south"]})


def _goals(*rows: tuple[str, str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["status", "audit"])


def test_goal_results_are_final_pending_or_untracked_and_never_missed_for_want_of_data():
    g = _goals(("met", "passes"), ("missed", "unrealistic"), ("on_track", "passes"), ("behind", "passes"),
               ("at_risk", "not_judged"), ("not_started", "passes"), ("no_data", "passes"),
               ("not_tracked", "no_period"))  # fmt: skip
    assert goal_counts(g) == {
        "goals": 8, "met": 1, "missed": 1, "pending": 4, "pending_short": 2, "no_data": 1, "not_tracked": 1,
        "flagged": 1,  # the unrealistic one; not judged is no flag, an untracked goal is counted apart
    }  # fmt: skip


def test_goal_counts_sum_per_region_and_in_total():
    progress = {
        "a": _goals(("met", "passes"), ("missed", "sandbagged")),
        "b": _goals(("on_track", "passes")),
        "c": _goals(("met", "passes"), ("met", "passes"), ("not_tracked", "no_period")),
    }
    out = goal_rollup(progress, TEAMS).set_index("unit_id")
    assert out.loc["north", ["goals", "met", "missed", "pending", "flagged"]].tolist() == [3, 1, 1, 1, 1]
    assert out.loc["south", ["goals", "met", "not_tracked"]].tolist() == [3, 2, 1]
    assert out.loc["total", ["goals", "met", "missed", "pending", "not_tracked", "flagged"]].tolist() == [
        6, 3, 1, 1, 1, 1,
    ]  # fmt: skip
    # a team without goal progress (no goals file) has no row: not a row of zeros
    assert "b" not in goal_rollup({"a": progress["a"]}, TEAMS)["unit_id"].tolist()


def _forecast(team: str, value: float, low: float, high: float, unreliable: bool, commit: float,
              best: float, step: float = 1000.0) -> dict:  # fmt: skip
    return {"team_id": team, "method": "run_rate", "forecast": value, "low": low, "high": high,
            "wape": 0.6 if unreliable else 0.1, "unreliable": unreliable, "step": step, "n_backtest": 6,
            "commit": commit, "best_case": best, "reason": None}  # fmt: skip


def test_forecasts_ranges_commit_and_best_case_sum_per_region_and_in_total():
    rows = pd.DataFrame(
        [
            _forecast("a", 100_000.0, 90_000.0, 120_000.0, False, 40_000.0, 150_000.0, step=100.0),
            _forecast("b", 50_000.0, 10_000.0, 200_000.0, True, 5_000.0, 80_000.0, step=10_000.0),
            _forecast("c", 30_000.0, 25_000.0, 33_000.0, False, 20_000.0, 35_000.0),
        ],
        columns=FORECAST_COLUMNS,
    )
    out = forecast_rollup(rows, TEAMS).set_index("unit_id")
    north = out.loc["north"]
    assert (north["forecast"], north["low"], north["high"]) == (150_000.0, 100_000.0, 320_000.0)
    assert (north["commit"], north["best_case"]) == (45_000.0, 230_000.0)
    assert (north["teams_forecast"], north["teams"], north["unreliable_teams"]) == (2, 2, 1)
    assert north["step"] == 10_000.0  # rounded like its least precise team
    total = out.loc["total"]
    assert (total["forecast"], total["low"], total["high"]) == (180_000.0, 125_000.0, 353_000.0)
    assert (total["commit"], total["best_case"], total["unreliable_teams"]) == (65_000.0, 265_000.0, 1)


def test_a_team_without_a_forecast_is_left_out_of_the_sum_and_said_to_be_not_zero():
    rows = pd.DataFrame(
        [
            _forecast("a", 100_000.0, 90_000.0, 120_000.0, False, 40_000.0, 150_000.0),
            _forecast("b", 50_000.0, NAN, NAN, False, 5_000.0, 80_000.0),  # too few backtests: no range
            {**_forecast("c", NAN, NAN, NAN, False, 0.0, 0.0), "method": "", "reason": "short_history"},
        ],
        columns=FORECAST_COLUMNS,
    )
    out = forecast_rollup(rows, TEAMS).set_index("unit_id")
    assert math.isnan(out.loc["south", "forecast"]) and out.loc["south", "teams_forecast"] == 0
    total = out.loc["total"]
    assert total["forecast"] == 150_000.0 and (total["teams_forecast"], total["teams"]) == (2, 3)
    # b has a forecast but no range: a range of a alone would pretend to cover b
    assert math.isnan(total["low"]) and math.isnan(total["high"]) and math.isnan(out.loc["north", "low"])


def test_the_best_forecast_is_the_lowest_backtest_error_never_one_that_forecast_nothing():
    f = pd.DataFrame(
        {
            "method": ["run_rate", "weighted_pipeline", "exp_smoothing"],
            "next_period": [900.0, 0.0, 1100.0],
            "next_low": [700.0, NAN, 800.0],
            "next_high": [1200.0, NAN, 1500.0],
            "wape": [0.40, 1.0, 0.30],
            "unreliable": [False, True, False],
            "step": [10.0, NAN, 10.0],
            "n_backtest": [6, 6, 6],
            "forecasts_nothing": [False, True, False],
            "reason": [None, None, None],
        }
    )
    deals = pd.DataFrame(
        {"period": ["2026-11", "2026-12"], "commit": [5.0, 300.0], "best_case": [9.0, 700.0]}
    )
    best = best_forecast(f, deals, "a")
    assert (best["method"], best["forecast"], best["low"], best["high"]) == (
        "exp_smoothing",
        1100.0,
        800.0,
        1500.0,
    )
    assert (best["commit"], best["best_case"]) == (300.0, 700.0)  # the next period's, as forecast
    f["wape"] = NAN
    f["reason"] = ["short_history"] * 3
    none = best_forecast(f, deals, "a")
    assert math.isnan(none["forecast"]) and none["reason"] == "short_history"


def _stalled(deal: str, amount: float, severity: str = "medium") -> Risk:
    return Risk.of("stalled_deal", Subject("deal", deal), "a-r1", severity, "days_in_stage", 60.0, None, 30.0,
                   "requalify", stage="proposal", amount=amount, customer_id="c1",
                   stage_entered_at="2026-09-01")  # fmt: skip


def _below(rep: str) -> Risk:
    return Risk.of("below_target", Subject("rep", rep), rep, "high", "quota_attainment", 0.3, None, 0.5,
                   "plan", periods_below=3, attainment={"2026-10": 0.3}, required_periods=3)  # fmt: skip


def _team_below(team: str) -> Risk:
    return Risk.of("team_below_quota", Subject("team", team), None, "high", "quota_attainment", 0.6, None,
                   0.8, "plan", periods_below=3, attainment={"2026-10": 0.6}, required_periods=3)  # fmt: skip


def test_risks_of_one_kind_are_one_entry_ranked_by_severity_then_the_registers_order():
    risks = {
        "a": [_stalled("d1", 1000.0), _stalled("d2", 2500.0, "high"), _stalled("d3", 500.0), _below("r1")],
        "b": [_below("r2"), _below("r3"), _team_below("b")],
        "c": [],
    }
    out = risk_entries(risks)
    # the team's own risk first within high, then the stalled deals (as the register orders kinds)
    assert list(zip(out["team_id"], out["kind"], strict=True)) == [
        ("b", "team_below_quota"), ("a", "stalled_deal"), ("b", "below_target"), ("a", "below_target"),
    ]  # fmt: skip
    stalled = out.iloc[1]
    assert (stalled["n"], stalled["amount"], stalled["severity"]) == (3, 4000.0, "high")  # the worst of three
    # risks about reps are flagged so the overview names no rep; a single risk keeps its record
    assert out.set_index(["team_id", "kind"]).loc[("b", "below_target"), "about_reps"]
    assert not out.iloc[0]["about_reps"] and out.iloc[0]["risk"] is risks["b"][2]
    assert out.iloc[2]["risk"] is None  # two reps: no one rep's record
    counts = risk_counts(risks).set_index("team_id")
    assert counts.loc["a"].tolist() == [2, 2, 0, 4] and counts.loc["c"].tolist() == [0, 0, 0, 0]


@pytest.mark.parametrize("empty", [{}, {"a": []}])
def test_no_risk_gives_no_entry(empty):
    assert risk_entries(empty).empty
