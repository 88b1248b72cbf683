"""What a scope holds for a period: each input present or absent, computed from the slice's frames."""

import math

import pandas as pd
import pytest

from salesnb.analysis.inputs import (
    IMPORT_OF,
    KPI_INPUTS,
    Availability,
    Input,
    blank_unknown_columns,
    blank_unknown_rows,
    input_availability,
)
from salesnb.periods import Period

OCT = Period.parse("2026-10")


def _slice(**frames: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """A slice with one deal open through October, everything else empty unless given."""
    base = {
        "opportunities": pd.DataFrame(
            {
                "opportunity_id": ["d1"],
                "rep_id": ["r1"],
                "created_date": pd.to_datetime(["2026-09-01"]),
                "close_date": pd.to_datetime([None]),
                "amount": [100.0],
            }
        ),
        "stage_history": pd.DataFrame({"opportunity_id": ["d1"], "stage": ["proposal"]}),
        "targets": pd.DataFrame(columns=["scope", "scope_id", "metric", "month", "target"]),
        "activity_daily": pd.DataFrame(columns=["rep_id", "day"]),
        "leads": pd.DataFrame(columns=["created_date", "converted_date"]),
        "surveys": pd.DataFrame(columns=["survey_date"]),
        "costs": pd.DataFrame(columns=["month"]),
        "orders": pd.DataFrame(columns=["order_date"]),
    }
    base.update(frames)
    return base


def test_a_deals_only_export_holds_deals_and_amounts_and_nothing_else():
    got = input_availability(_slice(), OCT)
    assert got.present == {Input.DEALS, Input.DEAL_AMOUNTS, Input.LOST_DEALS}  # frames by hand: losses kept
    assert got.period == "2026-10"


def test_an_export_of_won_deals_only_records_no_losses_and_its_win_rate_is_unknown():
    won_only = pd.DataFrame({"won": [842], "lost": [0]})  # the warehouse's counts, as load_slice reads them
    got = input_availability(_slice(deal_outcomes=won_only), OCT)
    assert not got.has(Input.LOST_DEALS) and not got.shows("win_rate") and got.shows("revenue")
    assert got.kpi_missing("sales_velocity") == [Input.LOST_DEALS]  # every KPI built on losses
    # a team that lost nothing this month in a warehouse that records losses has a known 100 %
    some_lost = pd.DataFrame({"won": [842], "lost": [1]})
    assert input_availability(_slice(deal_outcomes=some_lost), OCT).shows("win_rate")


def test_deals_without_amounts_and_deals_closed_before_the_period_do_not_count():
    opps = _slice()["opportunities"].assign(amount=[math.nan])
    assert input_availability(_slice(opportunities=opps), OCT).present == {Input.DEALS, Input.LOST_DEALS}
    closed = opps.assign(close_date=pd.to_datetime(["2026-09-20"]))
    assert not input_availability(_slice(opportunities=closed), OCT).has(Input.DEALS)


def test_one_stage_row_per_deal_is_no_history_and_a_change_is():
    history = pd.DataFrame({"opportunity_id": ["d1", "d1"], "stage": ["qualification", "proposal"]})
    assert input_availability(_slice(stage_history=history), OCT).has(Input.STAGE_HISTORY)
    assert not input_availability(_slice(), OCT).has(Input.STAGE_HISTORY)


def test_targets_count_when_a_revenue_quota_above_zero_falls_in_the_period():
    def targets(month: str, value: float, metric: str = "revenue") -> pd.DataFrame:
        return pd.DataFrame(
            {"scope": ["rep"], "scope_id": ["r1"], "metric": [metric], "month": [month], "target": [value]}
        )

    assert input_availability(_slice(targets=targets("2026-10-01", 500.0)), OCT).has(Input.TARGETS)
    assert not input_availability(_slice(targets=targets("2026-10-01", 0.0)), OCT).has(Input.TARGETS)
    assert not input_availability(_slice(targets=targets("2026-11-01", 500.0)), OCT).has(Input.TARGETS)
    assert not input_availability(_slice(targets=targets("2026-10-01", 5.0, "win_rate")), OCT).has(
        Input.TARGETS
    )
    # a week takes its month's quota
    week = Period.parse("2026-W42")
    assert input_availability(_slice(targets=targets("2026-10-01", 500.0)), week).has(Input.TARGETS)


@pytest.mark.parametrize(
    ("frame", "column", "day", "what"),
    [
        ("activity_daily", "day", "2026-10-05", Input.ACTIVITIES),
        ("surveys", "survey_date", "2026-10-05", Input.SURVEYS),
        ("costs", "month", "2026-10-01", Input.COSTS),
        ("leads", "created_date", "2026-10-05", Input.LEADS),
        ("orders", "order_date", "2025-01-05", Input.CUSTOMERS),
    ],
)
def test_records_in_the_period_make_their_input_present(frame, column, day, what):
    rows = pd.DataFrame({column: pd.to_datetime([day])})
    if frame == "leads":
        rows["converted_date"] = pd.NaT
    assert input_availability(_slice(**{frame: rows}), OCT).has(what)
    if what != Input.CUSTOMERS:  # orders of any earlier day make tiers; the others count in the period only
        before = rows.assign(**{column: pd.to_datetime(["2026-08-05"])})
        assert not input_availability(_slice(**{frame: before}), OCT).has(what)


def test_each_kpi_declares_its_inputs_from_its_measures_and_each_input_names_its_import():
    assert KPI_INPUTS["quota_attainment"] == {Input.TARGETS}
    assert KPI_INPUTS["calls_per_working_day"] == {Input.ACTIVITIES}
    assert KPI_INPUTS["nps"] == {Input.SURVEYS}
    assert KPI_INPUTS["cac"] == {Input.COSTS}
    assert KPI_INPUTS["revenue"] == frozenset()
    assert set(IMPORT_OF) == set(Input)
    assert IMPORT_OF[Input.TARGETS] == "targets" and IMPORT_OF[Input.ACTIVITIES] == "activities"


def test_unknown_kpis_are_blanked_in_wide_and_long_tables():
    deals_only = Availability("2026-10", frozenset({Input.DEALS}))
    wide = pd.DataFrame(
        {"revenue": [5.0], "quota": [0.0], "quota_attainment": [math.nan], "contact_rate": [0.0]}
    )
    out = blank_unknown_columns(wide, deals_only)
    assert out["revenue"].tolist() == [5.0]
    assert out[["quota", "quota_attainment", "contact_rate"]].isna().all().all()
    long = pd.DataFrame({"kpi": ["revenue", "contact_rate"], "value": [5.0, 0.0], "previous": [4.0, 0.0],
                         "change": [1.0, 0.0], "change_pct": [0.25, math.nan]})  # fmt: skip
    rows = blank_unknown_rows(long, deals_only).set_index("kpi")
    assert rows.loc["revenue", "value"] == 5.0
    assert rows.loc["contact_rate", ["value", "previous", "change"]].isna().all()
