"""Goal progress in a team review against the warehouse, computed independently in SQL."""

from __future__ import annotations

import pytest

from salesnb.config import PROJECT_ROOT
from salesnb.goals import load_goals
from salesnb.goals.history import GoalData
from salesnb.goals.progress import goal_progress
from salesnb.periods import Period
from salesnb.warehouse import connect
from salesnb.warehouse.slices import load_slice

WON_IN_OCTOBER = """SELECT {what} FROM opportunities o JOIN reps r USING (rep_id)
                    WHERE r.team_id = 'bj-telesales' AND o.status = 'won'
                      AND o.close_date >= DATE '2026-10-01' AND o.close_date < DATE '2026-11-01' {more}"""


def test_monthly_and_quarterly_goals_pace_with_the_warehouse_numbers(demo_db):
    review = Period.parse("2026-10")
    start = review.shift(-11).start
    with connect(demo_db) as con:
        data = GoalData(load_slice(con, ["bj-telesales"], start, review.end), review.end, start)
        (revenue,) = con.execute(WON_IN_OCTOBER.format(what="sum(o.amount)", more="")).fetchone()
        seniors = dict(
            con.execute(
                WON_IN_OCTOBER.format(
                    what="r.name, avg(o.amount)", more="AND r.level = 'senior' GROUP BY r.name"
                )
            ).fetchall()
        )
    rows = goal_progress(load_goals(PROJECT_ROOT / "params" / "goals.yaml"), data, "bj-telesales", review)
    monthly = rows.set_index("goal_id").loc["bj-telesales-revenue"]
    assert monthly["actual"] == pytest.approx(revenue)
    assert monthly["status"] == ("met" if revenue >= monthly["target"] else "missed")
    # a quarterly goal in a monthly review: paced within 2026-Q4 after October's 22 of its 66 working days
    quarterly = rows[rows["goal_id"] == "bj-telesales-senior-deal-size"].set_index("who")
    assert set(quarterly["period"]) == {"2026-Q4"}
    assert set(quarterly["elapsed_days"]) == {22} and set(quarterly["total_days"]) == {66}
    for name, avg in seniors.items():
        row = quarterly.loc[name]
        assert row["actual"] == pytest.approx(avg) and row["projection"] == pytest.approx(avg)  # a ratio
        short = avg < row["target"] * 0.9
        assert row["status"] == ("on_track" if avg >= row["target"] else "behind" if short else "at_risk")
    # goals the audit rejects as unmeasurable are not paced (45 is not a contact rate), but listed as not
    # tracked with the audit's reason, never dropped (#17)
    invalid = rows.set_index("goal_id").loc["bj-telesales-contact-45"]
    assert invalid["status"] == "not_tracked" and invalid["audit"] == "not_a_share"
    assert invalid["actual"] != invalid["actual"]  # nothing measured
