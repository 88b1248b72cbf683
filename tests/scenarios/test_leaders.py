"""Judgement scenario for the leaders' views (issue #17, point 5): a small organisation of three teams in two
regions, each team's goals, forecast and risks computed as its team review computes them, and the org
overview's roll-ups checked against those numbers summed by hand."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from salesnb.analysis.deal_forecast import deal_forecast
from salesnb.analysis.forecast import forecast_revenue
from salesnb.analysis.inputs import Availability, Input
from salesnb.goals.model import Goal, GoalSet, Scope
from salesnb.params import Settings
from salesnb.periods import Period
from salesnb.reports.org_outlook import forecast_frame, goal_list_frame, risk_counts_frame, top_risks_frame
from salesnb.reviews.outlook import outlook_of, team_parts
from tests.scenarios.test_workload_risks import _lumpy_revenue
from tests.unit.test_analysis_common import make_slice

OCT = Period.parse("2026-10")
AS_OF = date(2026, 10, 31)
START = date(2024, 1, 1)
TEAMS = pd.DataFrame(
    {
        "team_id": ["steady", "lumpy", "quiet"],
        "name": ["Steady", "Lumpy", "Quiet"],
        "region_id": ["north", "north", "south"],
        "region_name": ["North", "North", "South"],
        "team_type": ["telesales", "field", "online"],
    }
)


def _as_team(data: dict, team_id: str) -> dict:
    """The slice of ``team_id`` (its reps renamed ``<team>-<rep>``, so no two teams share a rep)."""
    data["teams"] = TEAMS[TEAMS["team_id"] == team_id].reset_index(drop=True)
    reps = data["reps"]
    rename = {r: f"{team_id}-{r}" for r in reps["rep_id"]}
    data["reps"] = reps.assign(
        team_id=team_id, rep_id=reps["rep_id"].map(rename), name=reps["name"] + team_id
    )
    for key in ("opportunities", "activity_daily", "orders", "customers"):
        data[key] = data[key].assign(rep_id=data[key]["rep_id"].map(rename))
    data["targets"] = data["targets"].assign(scope_id=data["targets"]["scope_id"].map(rename))
    return data


def _steady() -> dict:
    """12,345 won every month of 2026 to October, a quota of 10,000 a month; one deal at 75 % due in
    November that moved last week: commit 3,000."""
    opps = [(f"w{m}", "a", f"c{m}", "won", 12_345.0, f"2026-{m:02d}-01", f"2026-{m:02d}-10", "closed_won",
             1.0, f"2026-{m:02d}-10") for m in range(1, 11)]  # fmt: skip
    opps.append(("n1", "a", "cn1", "open", 3000.0, "2026-10-02", None, "negotiation", 0.75, "2026-11-10"))
    history = [("n1", "negotiation", "2026-10-25")]
    targets = [("a", f"2026-{m:02d}-01", 10_000.0) for m in range(1, 13)]
    return _as_team(make_slice(reps=[("a", "senior", "2020-01-01", None)], opps=opps, history=history,
                               targets=targets), "steady")  # fmt: skip


def _lumpy() -> dict:
    """5,000 then 500 every other month; two deals stalled since the summer (a stall of 2 deals, 5,000)."""
    stalled = [
        ("q1", "a", "cq1", "open", 1000.0, "2026-06-02", None, "qualification", 0.1, "2026-11-25"),
        ("n2", "a", "cn2", "open", 4000.0, "2026-06-02", None, "negotiation", 0.75, "2026-11-15"),
    ]
    history = [("q1", "qualification", "2026-06-02"), ("n2", "negotiation", "2026-07-01")]
    return _as_team(_lumpy_revenue(stalled, history), "lumpy")


def _quiet() -> dict:
    """A team that has sold nothing yet: no forecast at all."""
    return _as_team(make_slice(reps=[("a", "junior", "2026-09-01", None)]), "quiet")


GOALS = GoalSet(
    "goals.yaml",
    [
        Goal("steady-revenue", "revenue", Scope("team", "steady"), 12_000.0, "monthly"),  # met in October
        Goal("steady-q4", "revenue", Scope("team", "steady"), 40_000.0, "2026-Q4"),  # pending: Q4 runs
        Goal("lumpy-revenue", "revenue", Scope("team", "lumpy"), 3_000.0, "monthly"),  # missed: 500
        Goal("lumpy-someday", "revenue", Scope("team", "lumpy"), 3_000.0, None),  # not tracked: no period
    ],
    history_periods=4,
)


@pytest.fixture(scope="module")
def org():
    slices = {"steady": _steady(), "lumpy": _lumpy(), "quiet": _quiet()}
    settings = Settings(Path("params"), goals=GOALS)
    parts = {t: team_parts(d, OCT, AS_OF, START, settings) for t, d in slices.items()}
    return slices, parts, outlook_of(parts, TEAMS, True, OCT.next().label)


def _best(data: dict) -> pd.Series:
    """The team review's most reliable method (lowest error, never one that forecast nothing)."""
    f = forecast_revenue(data, OCT, as_of=AS_OF)
    tested = f[f["wape"].notna() & ~f["forecasts_nothing"]]
    return tested.loc[tested["wape"].idxmin()]


def test_the_forecast_roll_up_sums_each_teams_own_forecast_and_leaves_out_the_team_without_one(org):
    slices, _, outlook = org
    f = outlook.forecast.set_index("unit_id")
    steady, lumpy = _best(slices["steady"]), _best(slices["lumpy"])
    assert not steady["unreliable"] and lumpy["unreliable"]
    assert f.loc["steady", "forecast"] == pytest.approx(steady["next_period"])
    assert f.loc["north", "forecast"] == pytest.approx(steady["next_period"] + lumpy["next_period"])
    assert f.loc["north", "low"] == pytest.approx(steady["next_low"] + lumpy["next_low"])
    assert f.loc["north", "high"] == pytest.approx(steady["next_high"] + lumpy["next_high"])
    assert f.loc["north", "unreliable_teams"] == 1
    # the quiet team has no forecast: its region has none, the total sums two of three teams
    assert math.isnan(f.loc["south", "forecast"]) and math.isnan(f.loc["quiet", "forecast"])
    assert (f.loc["total", "teams_forecast"], f.loc["total", "teams"]) == (2, 3)
    assert f.loc["total", "forecast"] == pytest.approx(f.loc["north", "forecast"])
    # commit: 3,000 (steady's moving negotiation); lumpy's negotiation is stalled, no commitment.
    # best case: every open deal due in November, 3,000 + 1,000 + 4,000
    assert (f.loc["total", "commit"], f.loc["total", "best_case"]) == (3000.0, 8000.0)
    nov = deal_forecast(slices["lumpy"], OCT, AS_OF).set_index("period").loc["2026-11"]
    assert f.loc["lumpy", "commit"] == nov["commit"] == 0.0


def test_goal_progress_counts_met_missed_pending_and_untracked_per_region(org):
    _, _, outlook = org
    g = outlook.goals.set_index("unit_id")
    assert g.loc["steady", ["met", "pending", "missed"]].tolist() == [1, 1, 0]
    assert g.loc["lumpy", ["met", "missed", "not_tracked"]].tolist() == [0, 1, 1]
    assert g.loc["north", ["goals", "met", "missed", "pending", "not_tracked"]].tolist() == [4, 1, 1, 1, 1]
    assert "quiet" not in g.index or g.loc["quiet", "goals"] == 0


def _overview(outlook, language: str = "en") -> SimpleNamespace:
    return SimpleNamespace(
        language=language, currency="CNY", teams=TEAMS.assign(quota_attainment=math.nan), outlook=outlook,
        team_reviews=("steady",), period=OCT, scope_id="org", as_of="2026-10-31",
        inputs=Availability(OCT.label, frozenset(Input)),
    )  # fmt: skip


def test_top_risks_name_the_team_and_the_stall_once_and_no_rep(org):
    slices, parts, outlook = org
    o = _overview(outlook)
    top = top_risks_frame(o)
    stalled = top[(top["Team"] == "Lumpy") & (top["Risk"] == "Stalled deal")]
    assert stalled["What"].tolist() == ["2 deals, ¥5,000"]
    rep_names = {n for d in slices.values() for n in d["reps"]["name"]}
    shown = " ".join(top.astype(str).to_numpy().ravel())
    assert not any(n in shown for n in rep_names)
    # a link only to the review the run renders; the others say so
    assert 'href="../steady/team_review.html"' in " ".join(risk_counts_frame(o)["Review"])
    assert "not rendered" in risk_counts_frame(o).set_index("Team").loc["Lumpy", "Review"]
    counts = risk_counts_frame(o).set_index("Team")
    assert counts.loc["Lumpy", "All"] == str(len(parts["lumpy"].risks))


def test_the_goal_list_shows_the_audit_and_pending_goals_as_projections(org):
    _, _, outlook = org
    goals = goal_list_frame(_overview(outlook)).set_index("Goal")
    assert goals.loc["steady-q4", "Status"] in ("on track", "at risk", "behind")
    assert goals.loc["lumpy-someday", "Status"] == "not tracked"
    assert goals.loc["lumpy-revenue", "Status"] == "missed"
    zh = goal_list_frame(_overview(outlook, "zh")).set_index("目标")
    assert zh.loc["lumpy-revenue", "状态"] == "未达成"


def test_commit_and_best_case_without_deal_amounts_are_unknown_not_zero(org):
    _, _, outlook = org
    o = _overview(outlook)
    shown = forecast_frame(o).set_index("Team or region")
    assert shown.loc["Total", "Commit"] == "¥3,000" and shown.loc["Total", "Teams"] == "2 / 3"
    assert shown.loc["Quiet", "Forecast 2026-11"].startswith("no forecast (")
    o.inputs = Availability(OCT.label, frozenset(Input) - {Input.DEAL_AMOUNTS})
    shown = forecast_frame(o).set_index("Team or region")
    assert set(shown["Commit"]) == {"–"} and set(shown["Best case"]) == {"–"}
