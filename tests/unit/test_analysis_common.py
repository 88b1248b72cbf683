"""Shared helpers of the analysis layer, and :func:`make_slice`: the tiny slice analysis tests build on."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from salesnb.analysis.common import (
    core_measures,
    data_start,
    employed_at,
    months_between,
    open_deals_at,
    rep_data_start,
    team_measures,
    tenure_months,
)
from salesnb.periods import Period

OCT = Period.parse("2026-10")


def make_slice(
    reps: list[tuple] = (),
    opps: list[tuple] = (),
    history: list[tuple] = (),
    daily: list[tuple] = (),
    targets: list[tuple] = (),
    orders: list[tuple] = (),
) -> dict[str, pd.DataFrame]:
    """A slice like :func:`salesnb.warehouse.slices.load_slice` returns, from short tuples.

    reps: (rep_id, level, hire_date, left_date); opps: (opportunity_id, rep_id, customer_id, status,
    amount, created_date, close_date, stage, probability, expected_close_date); history:
    (opportunity_id, stage, entered_at); daily: (rep_id, day, activity_type, activities, connected,
    after_hours, weekend); targets: (rep_id, month, target); orders: (customer_id, rep_id, order_date,
    amount).
    """
    r = pd.DataFrame(list(reps), columns=["rep_id", "level", "hire_date", "left_date"])
    r["name"] = r["rep_id"].str.upper()
    r["team_id"] = "t"
    r["manager_id"] = None
    r["status"] = ["left" if pd.notna(v) else "active" for v in r["left_date"]]
    for c in ("hire_date", "left_date"):
        r[c] = pd.to_datetime(r[c])
    o = pd.DataFrame(
        list(opps),
        columns=[
            "opportunity_id", "rep_id", "customer_id", "status", "amount", "created_date", "close_date",
            "stage", "probability", "expected_close_date",
        ],
    )  # fmt: skip
    for c in ("created_date", "close_date", "expected_close_date"):
        o[c] = pd.to_datetime(o[c])
    o["amount"] = o["amount"].astype(float)
    o["probability"] = o["probability"].astype(float)
    h = pd.DataFrame(list(history), columns=["opportunity_id", "stage", "entered_at"])
    h["entered_at"] = pd.to_datetime(h["entered_at"])
    d = pd.DataFrame(
        list(daily),
        columns=["rep_id", "day", "activity_type", "activities", "connected", "after_hours", "weekend"],
    )
    d["day"] = pd.to_datetime(d["day"])
    d["talk_seconds"] = d["connected"] * 100.0
    d["duration_seconds"] = d["activities"] * 60.0
    t = pd.DataFrame(list(targets), columns=["scope_id", "month", "target"])
    t["scope"] = "rep"
    t["metric"] = "revenue"
    t["month"] = pd.to_datetime(t["month"])
    t["target"] = t["target"].astype(float)
    od = pd.DataFrame(list(orders), columns=["customer_id", "rep_id", "order_date", "amount"])
    od["order_date"] = pd.to_datetime(od["order_date"])
    od["amount"] = od["amount"].astype(float)
    od.insert(0, "order_id", [f"O{i}" for i in range(len(od))])
    customers = sorted(set(o["customer_id"].dropna()) | set(od["customer_id"]))
    owner = {
        **dict(zip(od["customer_id"], od["rep_id"], strict=True)),
        **dict(zip(o["customer_id"], o["rep_id"], strict=True)),
    }
    return {
        "teams": pd.DataFrame(
            {
                "team_id": ["t"],
                "name": ["T"],
                "region_id": ["r"],
                "region_name": ["R"],
                "team_type": ["telesales"],
            }
        ),
        "reps": r,
        "opportunities": o,
        "stage_history": h,
        "leads": pd.DataFrame(
            {
                "lead_id": pd.Series(dtype=str),
                "rep_id": pd.Series(dtype=str),
                "created_date": pd.Series(dtype="datetime64[ns]"),
                "converted_date": pd.Series(dtype="datetime64[ns]"),
            }
        ),
        "first_won": pd.DataFrame(
            {
                "customer_id": pd.Series(dtype=str),
                "rep_id": pd.Series(dtype=str),
                "first_won_date": pd.Series(dtype="datetime64[ns]"),
            }
        ),
        "activity_daily": d,
        "targets": t,
        "orders": od,
        "customers": pd.DataFrame(
            {
                "customer_id": customers,
                "name": [c.upper() for c in customers],
                "rep_id": [owner[c] for c in customers],
            }
        ),
        "costs": pd.DataFrame(columns=["team_id", "month", "sales_cost", "marketing_cost"]),
        "surveys": pd.DataFrame(columns=["survey_id", "rep_id", "customer_id", "survey_date", "csat", "nps"]),
    }


def test_months_between_counts_whole_months():
    # hired 7 July: on 7 October three whole months have passed, on 6 October only two
    hires = pd.Series(pd.to_datetime(["2026-07-07", "2026-07-07", "2025-10-31"]))
    assert months_between(hires, date(2026, 10, 7)).tolist() == [3, 3, 11]
    assert months_between(hires, date(2026, 10, 6)).tolist() == [2, 2, 11]


def test_tenure_and_employment():
    data = make_slice(reps=[("a", "junior", "2026-07-07", None), ("b", "senior", "2020-01-01", "2026-06-15")])
    assert tenure_months(data["reps"], date(2026, 10, 31)).to_dict() == {"a": 3, "b": 81}
    # b's leaving day is the first day they are gone
    assert employed_at(data["reps"], date(2026, 6, 14)).to_dict() == {"a": False, "b": True}
    assert employed_at(data["reps"], date(2026, 6, 15)).to_dict() == {"a": False, "b": False}


def test_data_start_ignores_creation_of_the_opening_pipeline():
    data = make_slice(
        reps=[("a", "junior", "2020-01-01", None)],
        # created long before, closed in the window: the close is the first record of the history
        opps=[("o1", "a", "c1", "won", 100, "2024-01-01", "2026-03-10", "closed_won", 1.0, "2024-03-01")],
        daily=[("a", "2026-04-01", "call", 10, 3, 0, 0)],
    )
    assert data_start(data) == date(2026, 3, 10)
    assert data_start(make_slice()) == date.max


def test_team_measures_are_missing_before_the_data_starts():
    data = make_slice(
        reps=[("a", "junior", "2020-01-01", None), ("b", "junior", "2020-01-01", None)],
        opps=[
            ("o1", "a", "c1", "won", 100, "2026-09-01", "2026-09-10", "closed_won", 1.0, "2026-09-20"),
            ("o2", "b", "c2", "won", 50, "2026-10-01", "2026-10-10", "closed_won", 1.0, "2026-10-20"),
        ],
    )
    m = team_measures(data, OCT.history(3))
    # August precedes the first close (10 September): unknown, not zero
    assert np.isnan(m.loc["2026-08", "revenue"])
    assert m.loc["2026-09", "revenue"] == 100.0
    assert m.loc["2026-10", ["revenue", "deals_won", "headcount"]].tolist() == [50.0, 1.0, 2.0]


def test_core_measures_empty_periods():
    assert core_measures(make_slice(), []).empty


def test_open_deals_at_reads_the_stage_then():
    data = make_slice(
        reps=[("a", "junior", "2020-01-01", None)],
        opps=[
            # now in negotiation; on 1 October it was in proposal (entered 20 September)
            ("o1", "a", "c1", "open", 1000, "2026-09-01", None, "negotiation", 0.75, "2026-11-10"),
            # closed before the moment: not open
            ("o2", "a", "c2", "lost", 500, "2026-09-01", "2026-09-25", "closed_lost", 0.0, "2026-10-01"),
            # no history: its stage on 1 October, and so its probability then, are unknown
            ("o3", "a", "c3", "open", 300, "2026-09-15", None, "qualification", 0.2, "2026-10-20"),
        ],
        history=[
            ("o1", "qualification", "2026-09-01"),
            ("o1", "proposal", "2026-09-20"),
            ("o1", "negotiation", "2026-10-05"),
        ],
    )
    deals = open_deals_at(data["opportunities"], data["stage_history"], pd.Timestamp("2026-10-01")).set_index(
        "opportunity_id"
    )
    assert sorted(deals.index) == ["o1", "o3"]
    assert deals.loc["o1", "stage_then"] == "proposal"
    assert deals.loc["o1", "probability_then"] == pytest.approx(0.5)  # the standard proposal probability
    assert deals.loc["o1", "stage_entered_at"] == pd.Timestamp("2026-09-20")
    assert deals["stage_known"].tolist() == [True, False]
    assert pd.isna(deals.loc["o3", "stage_then"])
    assert pd.isna(deals.loc["o3", "stage_entered_at"]) and np.isnan(deals.loc["o3", "probability_then"])


def test_open_deals_is_remembered_per_moment_on_a_slice(monkeypatch):
    from salesnb.analysis import common
    from salesnb.warehouse.slices import Slice

    data = Slice(
        make_slice(
            reps=[("a", "junior", "2020-01-01", None)],
            opps=[("o1", "a", "c1", "open", 1000, "2026-09-01", None, "proposal", 0.5, "2026-11-10")],
            history=[("o1", "proposal", "2026-09-20")],
        )
    )
    calls = []
    real = common.open_deals_over
    monkeypatch.setattr(common, "open_deals_over", lambda *a: calls.append(list(a[2])) or real(*a))
    end = pd.Timestamp("2026-11-01")
    first = common.open_deals(data, end)
    first["days_in_stage"] = 42  # a caller's own column stays its own
    second = common.open_deals(data, end)
    assert "days_in_stage" not in second and len(calls) == 1
    pd.testing.assert_frame_equal(
        second, common.open_deals_at(data["opportunities"], data["stage_history"], end), check_dtype=False
    )
    common.open_deals(data, pd.Timestamp("2026-10-01"))
    assert len(calls) == 2  # another moment is computed
    both = common.open_deals_many(data, [pd.Timestamp("2026-10-01"), pd.Timestamp("2026-08-15"), end])
    assert calls[-1] == [pd.Timestamp("2026-08-15")]  # only the moment not remembered, in one pass
    assert both[pd.Timestamp("2026-08-15")].empty and len(both[end]) == 1  # not yet created then
    data["stage_history"] = data["stage_history"].iloc[0:0]  # a new frame forgets what was remembered
    assert common.open_deals(data, end)["stage_then"].tolist() == ["proposal"] and len(calls) == 4


def test_rep_data_start_is_the_first_record_or_the_hire_date():
    data = make_slice(
        reps=[
            ("a", "senior", None, None),
            ("b", "junior", "2026-09-15", None),
            ("c", "junior", "2014-01-01", None),
        ],
        opps=[
            ("o1", "a", "c1", "won", 100, "2026-08-20", "2026-09-10", "closed_won", 1.0, "2026-09-10"),
            ("o2", "c", "c2", "won", 100, "2026-07-01", "2026-07-20", "closed_won", 1.0, "2026-07-20"),
        ],
        daily=[("b", "2026-10-05", "call", 10, 5, 0, 0)],
    )
    # a has no hire date: from their first deal, created 20 August
    assert rep_data_start(data, "a") == date(2026, 8, 20)
    # b was hired on 15 September and did nothing until October: the months since the hire count
    assert rep_data_start(data, "b") == date(2026, 9, 15)
    # c was hired in 2014, before the data: from their first deal (created 1 July), never from 2014
    assert rep_data_start(data, "c") == date(2026, 7, 1)
    assert rep_data_start(data, "nobody") == date.max


def test_team_measures_take_the_teams_own_target(team_target_data):
    """A team target with no rep targets: the trend's quota is the team's, as in the scorecard."""
    from salesnb.analysis.common import team_measures
    from salesnb.kpis import kpi_frame

    data = team_target_data
    october = Period.parse("2026-10")
    assert team_measures(data, [october]).loc["2026-10", "quota"] == pytest.approx(920.0)
    team = kpi_frame(data, [october], "team").loc[("2026-10", "t1")]
    assert team["quota_attainment"] == pytest.approx(460 / 920)
