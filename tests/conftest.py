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
    return {
        "teams": teams,
        "reps": reps,
        "opportunities": opps,
        "leads": leads,
        "first_won": first_won,
        "activity_daily": daily,
        "targets": targets,
    }
