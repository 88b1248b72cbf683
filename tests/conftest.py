"""Small builders for hand-computable frames, shared by every test module."""

from __future__ import annotations

import pandas as pd
import pytest


def ts(values: list[str | None]) -> pd.Series:
    return pd.Series(pd.to_datetime(values))


def make_reps(rows: list[tuple]) -> pd.DataFrame:
    """(rep_id, team_id, level, hire_date, left_date) rows."""
    df = pd.DataFrame(rows, columns=["rep_id", "team_id", "level", "hire_date", "left_date"])
    df["name"] = df["rep_id"].str.upper()
    df["manager_id"] = None
    df["status"] = ["left" if pd.notna(v) else "active" for v in df["left_date"]]
    df["hire_date"] = pd.to_datetime(df["hire_date"])
    df["left_date"] = pd.to_datetime(df["left_date"])
    return df


def make_opps(rows: list[tuple]) -> pd.DataFrame:
    """(opportunity_id, rep_id, status, amount, created_date, close_date, probability) rows."""
    df = pd.DataFrame(
        rows,
        columns=["opportunity_id", "rep_id", "status", "amount", "created_date", "close_date", "probability"],
    )
    df["created_date"] = pd.to_datetime(df["created_date"])
    df["close_date"] = pd.to_datetime(df["close_date"])
    df["amount"] = df["amount"].astype(float)
    return df


def make_daily(rows: list[tuple]) -> pd.DataFrame:
    """(rep_id, day, activity_type, activities, connected, talk_seconds) rows."""
    df = pd.DataFrame(
        rows, columns=["rep_id", "day", "activity_type", "activities", "connected", "talk_seconds"]
    )
    df["day"] = pd.to_datetime(df["day"])
    return df


@pytest.fixture
def tiny_data() -> dict[str, pd.DataFrame]:
    """Two teams, three reps, October 2026 and September 2026; every number is easy to count by hand.

    Team t1: reps a (senior) and b (junior, hired 2026-10-15). Team t2: rep c.
    """
    reps = make_reps(
        [
            ("a", "t1", "senior", "2024-01-01", None),
            ("b", "t1", "junior", "2026-10-15", None),
            ("c", "t2", "junior", "2023-05-01", None),
        ]
    )
    opps = make_opps(
        [
            # rep a: 2 won (100 in 10 days, 300 in 20 days), 1 lost in October; 1 won in September
            ("o1", "a", "won", 100, "2026-09-25", "2026-10-05", 1.0),
            ("o2", "a", "won", 300, "2026-10-01", "2026-10-21", 1.0),
            ("o3", "a", "lost", 50, "2026-09-01", "2026-10-10", 0.0),
            ("o4", "a", "won", 200, "2026-08-01", "2026-09-15", 1.0),
            # rep b: 1 won (60, 5 days), 3 lost in October
            ("o5", "b", "won", 60, "2026-10-16", "2026-10-21", 1.0),
            ("o6", "b", "lost", 10, "2026-10-16", "2026-10-22", 0.0),
            ("o7", "b", "lost", 10, "2026-10-16", "2026-10-23", 0.0),
            ("o8", "b", "lost", 10, "2026-10-16", "2026-10-24", 0.0),
            # open at the end of October: a 1000 (p 0.5), b 500 (p 0.1); o11 closes in November
            ("o9", "a", "open", 1000, "2026-10-20", None, 0.5),
            ("o10", "b", "open", 500, "2026-10-25", None, 0.1),
            ("o11", "a", "won", 700, "2026-10-28", "2026-11-03", 1.0),
            # rep c (other team): 1 won in October
            ("o12", "c", "won", 5000, "2026-10-01", "2026-10-30", 1.0),
        ]
    )
    leads = pd.DataFrame(
        {
            "lead_id": ["l1", "l2", "l3", "l4", "l5"],
            "rep_id": ["a", "a", "a", "b", "c"],
            "created_date": pd.to_datetime(
                ["2026-10-01", "2026-10-02", "2026-09-20", "2026-10-16", "2026-10-03"]
            ),
            "converted_date": pd.to_datetime(["2026-10-05", None, "2026-10-21", None, "2026-10-30"]),
        }
    )
    first_won = pd.DataFrame(
        {
            "customer_id": ["k1", "k2", "k3"],
            "rep_id": ["a", "b", "c"],
            "first_won_date": pd.to_datetime(["2026-10-05", "2026-10-21", "2026-10-30"]),
        }
    )
    daily = make_daily(
        [
            ("a", "2026-10-01", "call", 50, 10, 1800),
            ("a", "2026-10-02", "call", 30, 5, 900),
            ("a", "2026-10-02", "email", 7, 0, 0),
            ("b", "2026-10-16", "call", 40, 20, 3600),
            ("c", "2026-10-01", "call", 100, 50, 9000),
            ("a", "2026-09-30", "call", 10, 1, 60),
        ]
    )
    targets = pd.DataFrame(
        {
            "scope": "rep",
            "scope_id": ["a", "b", "c", "a", "a", "b"],
            "metric": "revenue",
            "month": pd.to_datetime(
                ["2026-10-01", "2026-10-01", "2026-10-01", "2026-09-01", "2026-11-01", "2026-11-01"]
            ),
            "target": [400.0, 100.0, 4000.0, 250.0, 500.0, 300.0],
        }
    )
    teams = pd.DataFrame(
        {
            "team_id": ["t1", "t2"],
            "name": ["Team One", "Team Two"],
            "region_id": ["r1", "r1"],
            "region_name": ["Region", "Region"],
            "team_type": ["telesales", "field"],
        }
    )
    # Orders: k1-k3 are the new customers of o1, o5, o12; k4-k8 bought before. See test_kpis.py for sums.
    orders = pd.DataFrame(
        [
            ("q1", "k1", "a", "2026-10-05", 100.0),
            ("q2", "k2", "b", "2026-10-21", 60.0),
            ("q3", "k3", "c", "2026-10-30", 5000.0),
            ("q4", "k4", "a", "2025-06-10", 200.0),  # k4: three orders, the last in October
            ("q5", "k4", "a", "2026-03-15", 300.0),
            ("q6", "k4", "a", "2026-10-21", 300.0),
            ("q7", "k5", "a", "2025-10-20", 150.0),  # k5: active on 1 October, lapses on 20 October
            ("q8", "k6", "a", "2026-09-15", 200.0),  # k6: no October order but still active
            ("q9", "k7", "a", "2025-12-01", 100.0),  # k7: last ordered from c, so c's customer
            ("q10", "k7", "c", "2026-08-01", 250.0),
            ("q11", "k8", "c", "2025-01-15", 1000.0),  # k8: lapsed before October
            ("q12", "k1", "a", "2026-11-03", 700.0),  # after October: ignored for October
        ],
        columns=["order_id", "customer_id", "rep_id", "order_date", "amount"],
    )
    orders["order_date"] = pd.to_datetime(orders["order_date"])
    orders["opportunity_id"] = None
    orders["currency"] = "CNY"
    customers = pd.DataFrame(
        {
            "customer_id": [f"k{i}" for i in range(1, 9)],
            "name": [f"K{i}" for i in range(1, 9)],
            "rep_id": ["a", "b", "c", "a", "a", "a", "c", "c"],
            "industry": None,
            "created_date": pd.to_datetime(["2026-10-01"] * 3 + ["2025-01-01"] * 5),
        }
    )
    # t1 October: a 22 and b 12 of the team's 34 working days; t2 October all to c; t1 September all to a
    costs = pd.DataFrame(
        {
            "team_id": ["t1", "t2", "t1"],
            "month": pd.to_datetime(["2026-10-01", "2026-10-01", "2026-09-01"]),
            "sales_cost": [6800.0, 9000.0, 4000.0],
            "marketing_cost": [1700.0, 3000.0, 1000.0],
        }
    )
    surveys = pd.DataFrame(
        {
            "survey_id": [f"s{i}" for i in range(1, 8)],
            "rep_id": ["a", "a", "a", "b", "b", "c", "a"],
            "customer_id": ["k1", "k4", "k6", "k2", "k2", "k3", "k6"],
            "survey_date": pd.to_datetime(
                [
                    "2026-10-10",
                    "2026-10-12",
                    "2026-10-20",
                    "2026-10-25",
                    "2026-10-26",
                    "2026-10-28",
                    "2026-09-20",
                ]
            ),
            "csat": pd.array([5, 4, 2, 3, None, 5, 1], dtype="Int64"),
            "nps": pd.array([10, 7, 3, 9, 8, None, 0], dtype="Int64"),
        }
    )
    # o7 and o8 have no history; o12's stops at qualification (it closed won on 30 October)
    stage_history = pd.DataFrame(
        [
            ("o2", "qualification", "2026-10-01"),
            ("o2", "proposal", "2026-10-11"),
            ("o2", "closed_won", "2026-10-21"),
            ("o3", "qualification", "2026-09-01"),
            ("o3", "needs_analysis", "2026-10-02"),
            ("o3", "closed_lost", "2026-10-10"),
            ("o5", "qualification", "2026-10-16"),
            ("o5", "negotiation", "2026-10-19"),
            ("o5", "closed_won", "2026-10-21"),
            ("o6", "qualification", "2026-10-16"),
            ("o6", "closed_lost", "2026-10-22"),
            ("o9", "qualification", "2026-10-20"),
            ("o9", "needs_analysis", "2026-10-27"),
            ("o10", "qualification", "2026-10-25"),
            ("o11", "qualification", "2026-10-28"),
            ("o11", "proposal", "2026-10-30"),
            ("o11", "closed_won", "2026-11-03"),
            ("o12", "qualification", "2026-10-01"),
        ],
        columns=["opportunity_id", "stage", "entered_at"],
    )
    stage_history["entered_at"] = pd.to_datetime(stage_history["entered_at"])
    return {
        "teams": teams,
        "reps": reps,
        "opportunities": opps,
        "leads": leads,
        "first_won": first_won,
        "activity_daily": daily,
        "targets": targets,
        "orders": orders,
        "customers": customers,
        "costs": costs,
        "surveys": surveys,
        "stage_history": stage_history,
    }


@pytest.fixture
def team_target_data(tiny_data) -> dict[str, pd.DataFrame]:
    """:func:`tiny_data` whose only target is team t1's own for October 2026 (920): no rep quotas."""
    targets = pd.DataFrame(
        {"scope": ["team"], "scope_id": ["t1"], "metric": "revenue",
         "month": [pd.Timestamp("2026-10-01")], "target": [920.0]}
    )  # fmt: skip
    return {**tiny_data, "targets": targets}
