"""The analysis finds every pattern the demo organisation plants, and flags no healthy rep for the same
reason (``salesnb.demo.organisation.PLANTED``; the warehouse's ``meta.planted_patterns`` names the reps).

Each team's slice is loaded once (24 months back from 2026-10, more than the demo's 21) and every
analysis is run once per team.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from salesnb.analysis import (
    burnout_signals,
    find_bottleneck,
    forecast_revenue,
    rep_signals,
    risk_frame,
    risk_register,
    signal_frame,
    stalled_deals,
)
from salesnb.periods import Period
from salesnb.warehouse import connect, read_meta
from salesnb.warehouse.slices import list_teams, load_slice

PERIOD = Period.parse("2026-10")


@pytest.fixture(scope="module")
def demo(demo_db) -> dict:
    """Every team's slice and analyses, and the planted patterns."""
    with connect(demo_db) as con:
        planted = json.loads(read_meta(con)["planted_patterns"])
        teams = list_teams(con)["team_id"].tolist()
        start = PERIOD.history(24)[0].start
        data = {t: load_slice(con, [t], start, PERIOD.end) for t in teams}
    found = {t: rep_signals(d, PERIOD) for t, d in data.items()}
    return {
        "planted": planted,
        "data": data,
        "signals": {t: signal_frame(found[t], d["reps"]) for t, d in data.items()},
        "risks": {t: risk_frame(risk_register(d, PERIOD, signals=found[t])) for t, d in data.items()},
        "bottleneck": {
            t: find_bottleneck(d["opportunities"], d["stage_history"], PERIOD) for t, d in data.items()
        },
    }


def flagged(demo: dict, signal: str) -> set[str]:
    """Reps of every team with ``signal``."""
    return {r for s in demo["signals"].values() for r in s.loc[s["signal"] == signal, "rep_id"]}


def team_of(rep_id: str) -> str:
    return rep_id.rsplit("-r", 1)[0]


def test_the_demo_plants_what_the_test_expects(demo):
    p = demo["planted"]
    assert team_of(p["burned_out"]) == "sh-online"
    assert team_of(p["low_contact_rate"]) == "sh-telesales"
    assert team_of(p["high_activity_low_conversion"]) == "bj-telesales"
    assert team_of(p["new_hire_ramping"]) == "bj-telesales"
    assert team_of(p["departed"]) == "bj-telesales"
    assert (p["stalled_team"], p["stalled_stage"]) == ("bj-field", "proposal")


def test_burnout_finds_the_burned_out_rep_only(demo):
    rep = demo["planted"]["burned_out"]
    assert flagged(demo, "burnout") == {rep}
    b = burnout_signals(demo["data"]["sh-online"], PERIOD).set_index("rep_id")
    assert b["flagged"].sum() == 1
    row = b.loc[rep]
    # effort up (more activity, more of it after hours) and results down (win rate, revenue per activity)
    assert row["activity_change"] >= 0.2
    assert row["after_hours_change"] >= 0.05
    assert row["win_rate_change"] <= -0.2 and row["revenue_per_activity_change"] <= -0.2
    # healthy team mates: effort flat
    others = b.drop(index=rep)
    assert (others["activity_change"].abs() < 0.2).all()
    assert (others["after_hours_change"] < 0.05).all()
    risks = demo["risks"]["sh-online"]
    assert set(risks.loc[risks["risk"] == "burnout", "rep_id"]) == {rep}


def test_low_contact_rate_finds_the_planted_rep_only(demo):
    rep = demo["planted"]["low_contact_rate"]
    assert flagged(demo, "low_contact_rate") == {rep}
    s = demo["signals"]["sh-telesales"]
    row = s[(s["signal"] == "low_contact_rate")].iloc[0]
    assert row["value"] < 0.5 * row["benchmark"]  # about 12 % against a median near 30 %
    assert row["value"] < row["threshold"] < row["benchmark"]


def test_high_activity_low_conversion_finds_the_planted_rep_only(demo):
    rep = demo["planted"]["high_activity_low_conversion"]
    assert flagged(demo, "high_activity_low_conv") == {rep}
    s = demo["signals"]["bj-telesales"]
    row = s[s["signal"] == "high_activity_low_conv"].iloc[0]
    ev = row["evidence"]
    assert row["value"] > 1.25 * row["benchmark"]
    assert ev["win_rate"] < 0.5 * ev["win_rate_median"]


def test_departed_rep_is_an_attrition_risk(demo):
    rep = demo["planted"]["departed"]
    assert flagged(demo, "departed") == {rep}
    risks = demo["risks"]["bj-telesales"]
    row = risks[risks["risk"] == "rep_departed"]
    assert row["rep_id"].tolist() == [rep] and row["category"].tolist() == ["attrition"]
    assert row["response"].iloc[0] in ("reassign_open_deals", "confirm_handover")
    assert "opportunity_ids" in row["evidence"].iloc[0]


def test_new_hire_is_ramping_not_below_target(demo):
    rep = demo["planted"]["new_hire_ramping"]
    assert flagged(demo, "ramping") == {rep}
    assert rep not in flagged(demo, "below_target")
    for risks in demo["risks"].values():
        assert rep not in set(risks.loc[risks["risk"] == "below_target", "rep_id"])
    # the ramp keeps them out of the peer comparisons too
    assert rep not in flagged(demo, "low_contact_rate") | flagged(demo, "high_activity_low_conv")


def test_stalled_team_stalls_in_proposal(demo):
    team, stage = demo["planted"]["stalled_team"], demo["planted"]["stalled_stage"]
    data = demo["data"][team]
    stalled = stalled_deals(data["opportunities"], data["stage_history"], PERIOD)
    assert len(stalled) >= 10
    assert (stalled["stage"] == stage).mean() > 0.8
    b = demo["bottleneck"][team].set_index("stage")
    assert b.index[b["is_bottleneck"]].tolist() == [stage]
    row = b.loc[stage]
    assert row["significant"] and row["reason"] == "deteriorated"
    assert row["median_days"] > 2 * row["baseline_median_days"]
    risks = demo["risks"][team]
    pipe = risks[risks["risk"] == "stalled_pipeline"]
    assert len(pipe) == 1 and pipe["evidence"].iloc[0]["main_stage"] == stage


def test_healthy_teams_have_no_stalled_pipeline_or_significant_bottleneck(demo):
    stalled_team = demo["planted"]["stalled_team"]
    for team, b in demo["bottleneck"].items():
        if team == stalled_team:
            continue
        assert not b["significant"].any(), team
        risks = demo["risks"][team]
        assert not (risks["risk"] == "stalled_pipeline").any(), team


@pytest.mark.parametrize("team", ["bj-field", "sh-online"])
def test_forecast_has_every_method_with_its_backtest(demo, team):
    f = forecast_revenue(demo["data"][team], PERIOD).set_index("method")
    assert list(f.index) == ["run_rate", "weighted_pipeline", "exp_smoothing"]
    assert (f["n_backtest"] == 6).all()
    assert np.isfinite(f["wape"]).all() and np.isfinite(f["next_period"]).all()
    # the period is complete: every method's period-end figure is the actual revenue
    assert f["this_period"].tolist() == pytest.approx([f["actual_to_date"].iloc[0]] * 3)
    assert f["reason"].isna().all()


def test_register_rows_carry_their_numbers(demo):
    for risks in demo["risks"].values():
        assert risks["severity"].isin(["high", "medium", "low"]).all()
        assert risks["response"].notna().all()
        assert pd.notna(risks["value"]).all()
