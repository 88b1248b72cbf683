"""Forecasts and their backtests on a team that sells a steady 1,000 a month.

Working days (Monday–Friday) in 2026: April 22, May 21, June 22, July 23, August 21, September 22,
October 22, November 21; 1–14 October holds 10.
"""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest

from salesnb.analysis.forecast import forecast_revenue, pipeline_expected, revenue_by_period
from salesnb.periods import Period
from tests.unit.test_analysis_common import make_slice

OCT = Period.parse("2026-10")


def _steady(amounts: dict[int, float]) -> tuple[list[tuple], list[tuple]]:
    """One won deal per 2026 month: created on the 25th before, qualification until it closes on the 10th."""
    opps, hist = [], []
    for month, amount in amounts.items():
        created = (pd.Timestamp(2026, month, 1) - pd.Timedelta(days=7)).date().isoformat()
        close = f"2026-{month:02d}-10"
        oid = f"w{month:02d}"
        opps.append((oid, "a", f"c{month}", "won", amount, created, close, "closed_won", 1.0, close))
        hist += [(oid, "qualification", created), (oid, "closed_won", close)]
    return opps, hist


# open at the end of October: p1 1000 in proposal expected 10 November; p2 2000 in negotiation, expected
# 20 October (slipped 12 days); p3 4000 in qualification expected 1 August (stale); p4 expected in December
OPEN = [
    ("p1", "a", "cp1", "open", 1000, "2026-10-02", None, "proposal", 0.5, "2026-11-10"),
    ("p2", "a", "cp2", "open", 2000, "2026-10-02", None, "negotiation", 0.75, "2026-10-20"),
    ("p3", "a", "cp3", "open", 4000, "2026-10-02", None, "qualification", 0.1, "2026-08-01"),
    ("p4", "a", "cp4", "open", 8000, "2026-10-02", None, "qualification", 0.1, "2026-12-05"),
]
OPEN_HISTORY = [
    ("p1", "qualification", "2026-10-02"),
    ("p1", "proposal", "2026-10-15"),
    ("p2", "qualification", "2026-10-02"),
    ("p2", "negotiation", "2026-10-05"),
    ("p3", "qualification", "2026-10-02"),
    ("p4", "qualification", "2026-10-02"),
]


@pytest.fixture
def steady() -> dict[str, pd.DataFrame]:
    opps, hist = _steady({m: 1000.0 for m in range(1, 11)})
    return make_slice(
        reps=[("a", "senior", "2020-01-01", None)], opps=opps + OPEN, history=hist + OPEN_HISTORY
    )


def test_revenue_by_period(steady):
    rev = revenue_by_period(steady["opportunities"], OCT.history(11))
    assert rev.tolist() == [0.0] + [1000.0] * 10  # December 2025 had no close
    assert revenue_by_period(steady["opportunities"], []).empty


def test_pipeline_expected_counts_slipped_but_not_stale_deals(steady):
    o, h, end = steady["opportunities"], steady["stage_history"], pd.Timestamp("2026-11-01")
    nov = (pd.Timestamp("2026-11-01"), pd.Timestamp("2026-12-01"))
    # p1 at the proposal probability: 0.5 × 1000
    assert pipeline_expected(o, h, end, *nov) == 500.0
    # + p2, 12 days past its date: 0.75 × 2000; p3 is 92 days past: stale
    assert pipeline_expected(o, h, end, *nov, slipped_days=30) == 2000.0
    assert pipeline_expected(o, h, end, *nov, slipped_days=100) == 2400.0  # + 0.1 × 4000


def test_complete_period(steady):
    f = forecast_revenue(steady, OCT).set_index("method")
    assert f["this_period"].tolist() == [1000.0] * 3  # the period is over: the actual
    assert f["complete"].all() and f["reason"].isna().all()
    assert (f["elapsed_days"].iloc[0], f["total_days"].iloc[0]) == (22, 22)
    # run rate: 1000 / 22 working days × 21 in November
    assert f.loc["run_rate", "next_period"] == pytest.approx(1000 / 22 * 21)
    assert f.loc["weighted_pipeline", "next_period"] == 2000.0  # p1 500 + slipped p2 1500
    assert f.loc["exp_smoothing", "next_period"] == pytest.approx(1000.0, rel=1e-3)
    assert f.loc["exp_smoothing", "model"] == "holt"  # 10 periods: too few for a season


def test_backtest_errors(steady):
    f = forecast_revenue(steady, OCT).set_index("method")
    # the model needs 6 months to fit: May (4 before it) and June (5) cannot be backtested
    assert f["n_backtest"].tolist() == [6, 6, 4]
    # run rate forecasts month t as 1000 × wd(t) ÷ wd(t − 1), May to October:
    # 21/22, 22/21, 23/22, 21/23, 22/21, 22/22 → errors .04545, .04762, .04545, .08696, .04762, 0
    errors = [1 - 21 / 22, 22 / 21 - 1, 23 / 22 - 1, 1 - 21 / 23, 22 / 21 - 1, 0.0]
    signed = [21 / 22 - 1, 22 / 21 - 1, 23 / 22 - 1, 21 / 23 - 1, 22 / 21 - 1, 0.0]
    assert f.loc["run_rate", "wape"] == pytest.approx(sum(errors) / 6)  # 0.0455
    assert f.loc["run_rate", "bias"] == pytest.approx(sum(signed) / 6)
    # at the start of each month its deal is open in qualification: 0.1 × 1000 = 100, 90 % short
    assert f.loc["weighted_pipeline", "wape"] == pytest.approx(0.9)
    assert f.loc["weighted_pipeline", "bias"] == pytest.approx(-0.9)
    assert f.loc["exp_smoothing", "wape"] == pytest.approx(0.0, abs=1e-3)


def test_period_in_progress(steady):
    f = forecast_revenue(steady, OCT, as_of=date(2026, 10, 14)).set_index("method")
    assert not f["complete"].any()
    assert (f["elapsed_days"].iloc[0], f["actual_to_date"].iloc[0]) == (10, 1000.0)
    # 1000 in 10 of 22 working days → 2200; November 2200 / 22 × 21 = 2100
    assert f.loc["run_rate", ["this_period", "next_period"]].tolist() == pytest.approx([2200.0, 2100.0])
    # on 15 October p2 is in negotiation, expected in October: 1000 + 0.75 × 2000; November: p1, then in
    # qualification, 0.1 × 1000 (p1 entered proposal on the 15th, at midnight: not before the moment)
    assert f.loc["weighted_pipeline", ["this_period", "next_period"]].tolist() == [2500.0, 100.0]
    # the model was fit on January to September
    assert f.loc["exp_smoothing", "this_period"] == pytest.approx(1000.0, rel=1e-3)


def test_trend_is_extrapolated():
    opps, hist = _steady({m: 100.0 * m for m in range(1, 11)})
    data = make_slice(reps=[("a", "senior", "2020-01-01", None)], opps=opps, history=hist)
    f = forecast_revenue(data, OCT).set_index("method")
    assert f.loc["exp_smoothing", "next_period"] == pytest.approx(1100.0, rel=0.01)


def test_short_history_gives_missing_numbers_and_a_reason():
    opps, hist = _steady({9: 1000.0, 10: 1000.0})
    data = make_slice(reps=[("a", "senior", "2020-01-01", None)], opps=opps, history=hist)
    f = forecast_revenue(data, OCT).set_index("method")
    assert f.loc["exp_smoothing", "reason"] == "short_history"
    assert math.isnan(f.loc["exp_smoothing", "next_period"]) and math.isnan(f.loc["exp_smoothing", "wape"])
    # run rate: September has no month before it in the data; October is forecast exactly from September
    assert f.loc["run_rate", "n_backtest"] == 1 and f.loc["run_rate", "wape"] == 0.0


def test_empty_slice_does_not_fail():
    f = forecast_revenue(make_slice(reps=[("a", "senior", "2020-01-01", None)]), OCT).set_index("method")
    assert f.loc["exp_smoothing", "reason"] == "short_history"
    assert f.loc["run_rate", "reason"] == "no_backtest"
    assert f["n_backtest"].eq(0).all()


def test_not_started():
    data = make_slice(reps=[("a", "senior", "2020-01-01", None)])
    f = forecast_revenue(data, OCT, as_of=date(2026, 9, 30))
    assert (f["reason"] == "not_started").all()
    assert math.isnan(f.set_index("method").loc["run_rate", "this_period"])


def test_weighted_pipeline_without_stage_history_is_missing_with_its_reason(steady):
    # the deals won later but open at each backtest month's start were weighted by their final 100 %
    bare = dict(steady, stage_history=steady["stage_history"].iloc[0:0])
    f = forecast_revenue(bare, OCT).set_index("method")
    wp = f.loc["weighted_pipeline"]
    assert wp["this_period"] == 1000.0  # October is over: the actual
    # p1–p4 are still open and 1 November is after the last record: their recorded probabilities hold
    assert wp["next_period"] == 2000.0
    # the backtests start at month starts before the last record: every deal's stage then is unknown
    assert math.isnan(wp["wape"]) and wp["n_backtest"] == 0 and wp["reason"] == "stage_unknown"
    assert pd.isna(f.loc["run_rate", "reason"])  # the other methods do not need stages
    # with the history the backtest reads the stage each deal had at the start of the month: qualification
    with_history = forecast_revenue(steady, OCT).set_index("method").loc["weighted_pipeline"]
    assert with_history["n_backtest"] > 0 and with_history["reason"] is None
