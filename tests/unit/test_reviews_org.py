"""The org overview's manager column: the team's manager, else whom its reps report to in the roster."""

import pandas as pd

from salesnb.periods import Period
from salesnb.reviews.org import _managers

OCT = Period.parse("2026-10")


def _rep_kpis(rep_ids: list[str]) -> pd.DataFrame:
    index = pd.MultiIndex.from_product([[OCT.label], rep_ids], names=["period", "unit_id"])
    return pd.DataFrame(
        {"revenue": 0.0, "quota": 0.0, "quota_attainment": float("nan"), "headcount": 1.0}, index=index
    )


def _roster(levels: list[str], managers: list[object]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "rep_id": ["m1", "r1", "r2"],
            "name": ["Maria Boss", "Rita Rep", "Rob Rep"],
            "team_id": ["other", "t1", "t1"],
            "level": levels,
            "status": "active",
            "manager_id": managers,
        }
    )


def test_the_manager_column_names_whom_the_reps_report_to_when_no_manager_is_in_the_team():
    roster = _roster(["manager", "senior", "junior"], [None, "m1", "m1"])
    ranking = pd.DataFrame({"team_id": ["t1"], "name": ["Team One"], "quota_attainment": [float("nan")]})
    out = _managers(_rep_kpis(["r1", "r2"]), roster, ranking, OCT.history(6), OCT)
    assert out.loc[0, "manager"] == "Maria Boss"


def test_a_manager_in_the_team_comes_first_and_no_reporting_line_leaves_it_blank():
    ranking = pd.DataFrame({"team_id": ["t1"], "name": ["Team One"], "quota_attainment": [float("nan")]})
    inside = _roster(["senior", "manager", "junior"], [None, None, "r1"])
    assert _managers(_rep_kpis(["r2"]), inside, ranking, OCT.history(6), OCT).loc[0, "manager"] == "Rita Rep"
    nobody = _roster(["senior", "senior", "junior"], [None, None, None])
    assert _managers(_rep_kpis(["r2"]), nobody, ranking, OCT.history(6), OCT).loc[0, "manager"] == ""
