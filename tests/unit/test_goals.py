"""Goals: parsing, pacing, suggested targets and the SMART audit against hand-computed numbers."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from salesnb.errors import ParameterError
from salesnb.goals import GoalSet, Scope, load_goals, pace, suggest_target
from salesnb.goals.audit import audit_goal
from salesnb.goals.model import parse_goal
from salesnb.goals.pacing import growth, round_target
from salesnb.periods import Period

# ------------------------------------------------------------------------------------------ pacing


@pytest.mark.parametrize(
    ("actual", "target", "accumulates", "hib", "elapsed", "total", "projection", "status"),
    [
        # 11 of 22 working days, ¥50,000 of ¥100,000: run rate 50,000 × 22 / 11 = 100,000, exactly on target
        (50_000.0, 100_000.0, True, True, 11, 22, 100_000.0, "on_track"),
        # 10 of 20 days, 46 of 100: projection 92 is within 10 % of 100
        (46.0, 100.0, True, True, 10, 20, 92.0, "at_risk"),
        # 10 of 20 days, 40 of 100: projection 80 is more than 10 % short
        (40.0, 100.0, True, True, 10, 20, 80.0, "behind"),
        # a share is not extrapolated: 31 % against 30 % is on track whatever the days
        (0.31, 0.30, False, True, 5, 20, 0.31, "on_track"),
        # lower is better: a 60-day cycle against a 50-day target, 20 % over, is behind
        (60.0, 50.0, False, False, 10, 20, 60.0, "behind"),
        # 54 days is within 10 % of 50
        (54.0, 50.0, False, False, 10, 20, 54.0, "at_risk"),
        # a finished period is met or missed, with no projection beyond the actual
        (99.0, 100.0, True, True, 20, 20, 99.0, "missed"),
        (100.0, 100.0, True, True, 20, 20, 100.0, "met"),
    ],
)
def test_pace_against_hand_computed_cases(
    actual, target, accumulates, hib, elapsed, total, projection, status
):
    p = pace(actual, target, accumulates, hib, elapsed, total)
    assert p.projection == pytest.approx(projection)
    assert p.status == status


def test_pace_before_the_first_working_day_and_without_data():
    assert pace(0.0, 10.0, True, True, 0, 20).status == "not_started"
    assert pace(math.nan, 0.3, False, True, 5, 20).status == "no_data"


def test_growth_skips_gaps_and_zeros():
    g = growth(pd.Series([100.0, 0.0, 50.0, 75.0]))
    assert g.tolist() == [0.5]  # 0 → 50 is no growth rate; 50 → 75 is +50 %


def test_suggested_targets_by_hand():
    # last three mean (110 + 121 + 133.1) / 3 = 121.366…, median growth +10 % → 133.5 → 134 (3 figures)
    assert suggest_target(pd.Series([100.0, 110.0, 121.0, 133.1]), "currency", True) == 134.0
    # shrinking history: hold at the recent mean (100 + 90 + 80) / 3 = 90, do not plan a decline
    assert suggest_target(pd.Series([110.0, 100.0, 90.0, 80.0]), "currency", True) == 90.0
    # lower is better, cycle 60 → 50 → 40 days: improvements 1.2 − 1 = 20 % and 1.25 − 1 = 25 %, median
    # 22.5 %; recent mean 50 ÷ 1.225 = 40.816…, looser than the 40 just done: the last result (#17)
    assert suggest_target(pd.Series([60.0, 50.0, 40.0]), "days", False) == 40.0
    # more is better: never below the last result; a mean of 0.473 after a 0.6 month suggests 0.6 (#17)
    assert suggest_target(pd.Series([0.41, 0.41, 0.41, 0.6]), "ratio", True) == 0.6
    # nor does rounding to three figures take it below: 508,300 done suggests 509,000, not 508,000
    assert suggest_target(pd.Series([508_300.0]), "currency", True) == 509_000.0
    assert suggest_target(pd.Series([40.55]), "days", False) == 40.5
    # shares stop at 100 % (the cap); attainment, not a share, may go past it: mean 0.9 × 1.118 = 1.006
    assert suggest_target(pd.Series([0.8, 0.9, 1.0]), "ratio", True, cap=1.0) == 1.0
    assert suggest_target(pd.Series([0.8, 0.9, 1.0]), "ratio", True) == pytest.approx(1.006)
    assert round_target(1234567.0, "currency") == 1230000.0


# ------------------------------------------------------------------------------------------ parsing


def test_scopes_and_percent_targets_parse():
    g = parse_goal(
        {
            "id": "x",
            "metric": "contact_rate",
            "scope": {"level": "junior", "team": "t1"},
            "target": "35%",
            "period": "monthly",
        },
        "goals.yaml",
        1,
    )
    assert g.scope == Scope("level", "junior", "t1") and g.target == pytest.approx(0.35) and g.recurring
    assert g.period_for(date(2026, 11, 23)) == Period.parse("2026-11")
    d = parse_goal({"metric": "revenue", "scope": "org", "target": 1, "deadline": "2026-12-15"}, "f", 2)
    assert d.id == "goal-2" and d.period_for(date(2026, 1, 1)) == Period.parse("2026-12")


def test_unknown_keys_are_errors_naming_file_and_goal(tmp_path: Path):
    path = tmp_path / "goals.yaml"
    path.write_text("goals:\n  - id: g1\n    metric: revenue\n    traget: 5\n", encoding="utf-8")
    with pytest.raises(ParameterError, match=r"goals.yaml: goal 'g1' has unknown key traget"):
        load_goals(path)
    path.write_text("goal: []\n", encoding="utf-8")
    with pytest.raises(ParameterError, match="unknown key goal"):
        load_goals(path)
    path.write_text("goals:\n  - {id: a, metric: revenue}\n  - {id: a, metric: revenue}\n", encoding="utf-8")
    with pytest.raises(ParameterError, match="goal id 'a' is used twice"):
        load_goals(path)


# -------------------------------------------------------------------------------------------- audit


class FakeData:
    """Stands in for GoalData: a fixed history per metric, two teams in one region."""

    def __init__(self, history: dict[str, list[float]], as_of: date = date(2026, 11, 23)):
        self.history = history
        self.as_of = as_of

    def unknown(self, scope: Scope):
        return (
            None
            if scope.kind == "org" or scope.id in {"t1", "t2", "east", "junior"}
            else f"unknown {scope.id}"
        )

    def team_ids(self, scope: Scope):
        return {scope.id} if scope.kind == "team" else {"t1", "t2"}

    def series(self, scope, metric, periods):
        values = self.history[metric][-len(periods) :]
        return pd.Series(values, index=[p.label for p in periods[-len(values) :]])


GOALS = GoalSet("goals.yaml", [], {"obj": "An objective"}, ("t2",), 12)
#: twelve months of revenue growing +10 % a month except one +30 % month: 90th percentile of growth
REVENUE = [100.0 * 1.1**k for k in range(11)]
REVENUE.insert(6, REVENUE[5] * 1.3)
REVENUE = REVENUE[:12]


def _goal(**kw):
    raw = {"id": "g", "metric": "revenue", "scope": {"team": "t1"}, "target": 300, "period": "monthly"} | kw
    return parse_goal(raw, "goals.yaml", 1)


def test_a_plausible_goal_passes_every_property():
    a = audit_goal(_goal(target=REVENUE[-1] * 1.1), GOALS, FakeData({"revenue": REVENUE}))
    assert a.ok and a.verdicts == dict.fromkeys("SMART", "pass")


def test_a_moonshot_fails_achievable_with_the_numbers():
    data = FakeData({"revenue": REVENUE})
    a = audit_goal(_goal(target=REVENUE[-1] * 2), GOALS, data)
    assert a.failed == ["A"]
    g = growth(pd.Series(REVENUE))
    p90 = float(g.quantile(0.9))
    assert "needs +100% on 2026-10" in a.reasons["A"][0]
    assert f"above {p90:+.0%} only one period in ten" in a.reasons["A"][0]


def test_a_target_below_the_worst_recent_period_fails_achievable():
    a = audit_goal(_goal(target=10), GOALS, FakeData({"revenue": REVENUE}))
    worst = min(REVENUE[-6:])
    assert (
        a.failed == ["A"]
        and f"below the worst of the last 6 periods (¥{worst:,.0f} in 2026-06)" in a.reasons["A"][0]
    )


def test_lower_is_better_goals_are_judged_mirrored():
    cycle = [60.0, 58.0, 61.0, 57.0, 59.0, 60.0, 58.0, 57.0, 59.0, 58.0, 57.0, 56.0]
    data = FakeData({"sales_cycle_days": cycle})
    too_tight = audit_goal(_goal(metric="sales_cycle_days", target=30), GOALS, data)
    assert too_tight.failed == ["A"] and "a 87% improvement on 2026-10" in too_tight.reasons["A"][0]
    too_loose = audit_goal(_goal(metric="sales_cycle_days", target=70), GOALS, data)
    assert "looser than the worst of the last 6 periods (59.0 in 2026-07)" in too_loose.reasons["A"][0]
    fine = audit_goal(_goal(metric="sales_cycle_days", target=55), GOALS, data)
    assert fine.ok


def test_specific_measurable_relevant_time_bound_failures():
    data = FakeData({"revenue": REVENUE, "contact_rate": [0.3] * 12})
    unknown = audit_goal(_goal(metric="revenu"), GOALS, data)
    assert unknown.failed == ["S", "M"] and "did you mean revenue" in unknown.reasons["S"][0]
    assert unknown.verdicts["A"] == "n/a"
    share = audit_goal(_goal(metric="contact_rate", target=45), GOALS, data)
    assert share.failed == ["M"] and "above 100 %" in share.reasons["M"][0]
    # attainment is a ratio but not a share: 110 % of quota is a target a person can set
    ahead = audit_goal(
        _goal(metric="quota_attainment", target=1.1), GOALS, FakeData({"quota_attainment": [1.0] * 12})
    )
    assert "M" not in ahead.failed
    no_link = audit_goal(_goal(scope={"team": "t2"}, target=REVENUE[-1]), GOALS, data)
    assert no_link.failed == ["R"] and "t2 requires every goal to link" in no_link.reasons["R"][0]
    bad_link = audit_goal(_goal(objective="nope", target=REVENUE[-1]), GOALS, data)
    assert bad_link.failed == ["R"] and "objective 'nope', which is not declared" in bad_link.reasons["R"][0]
    org_wide = audit_goal(_goal(scope="org", target=REVENUE[-1]), GOALS, data)
    assert org_wide.ok  # the policy binds team goals, not organisation-wide ones
    no_period = audit_goal(_goal(period=None), GOALS, data)
    assert no_period.failed == ["T"]
    past = audit_goal(_goal(period="2026-09", target=REVENUE[-1]), GOALS, data)
    assert past.failed == ["T"] and "ended on 2026-09-30" in past.reasons["T"][0]
    nowhere = audit_goal(_goal(scope={"team": "t9"}), GOALS, data)
    assert nowhere.failed == ["S"] and "unknown t9" in nowhere.reasons["S"][0]


def test_short_history_is_not_judged():
    a = audit_goal(_goal(), GOALS, FakeData({"revenue": [100.0, 110.0]}))
    assert a.ok and a.verdicts["A"] == "n/a" and "only 2 period(s) of history" in a.reasons["A"][0]
