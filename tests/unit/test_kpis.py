"""Every KPI against numbers counted by hand from ``tiny_data`` (see tests/conftest.py)."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from salesnb.errors import ParameterError
from salesnb.kpis import CATALOG, compute_kpis, compute_measures, kpi_frame, kpi_table, rollup, units
from salesnb.periods import Period

OCT = Period.parse("2026-10")


@pytest.fixture
def rep_kpis(tiny_data):
    return kpi_frame(tiny_data, [OCT], "rep").xs("2026-10", level="period")


@pytest.fixture
def team_kpis(tiny_data):
    return kpi_frame(tiny_data, [OCT], "team").xs("2026-10", level="period")


def test_rep_a_by_hand(rep_kpis):
    a = rep_kpis.loc["a"]
    assert a["revenue"] == 400  # o1 100 + o2 300; o11 closes in November
    assert a["quota_attainment"] == pytest.approx(1.0)  # 400 / 400
    assert a["win_rate"] == pytest.approx(2 / 3)  # o1, o2 won; o3 lost
    assert a["avg_deal_size"] == pytest.approx(200)
    assert a["sales_cycle_days"] == pytest.approx(15)  # (10 + 20) / 2
    assert a["pipeline_value"] == 1700  # o9 open, o11 still open on 1 November
    assert a["pipeline_coverage"] == pytest.approx(1700 / 500)  # November quota 500
    assert a["lead_conversion_rate"] == pytest.approx(2 / 2)  # l1, l3 converted; l1, l2 created
    assert a["new_customers"] == 1
    assert a["calls_per_working_day"] == pytest.approx(80 / 22)  # October 2026 has 22 working days
    assert a["contact_rate"] == pytest.approx(15 / 80)
    assert a["talk_time_hours"] == pytest.approx(0.75)
    assert a["headcount"] == 1


def test_rep_b_hired_mid_month(rep_kpis):
    b = rep_kpis.loc["b"]
    assert b["revenue"] == 60
    assert b["win_rate"] == pytest.approx(0.25)
    # hired Thursday 15 October: 15, 16, 19-23, 26-30 = 12 working days
    assert b["calls_per_working_day"] == pytest.approx(40 / 12)
    assert b["quota_attainment"] == pytest.approx(0.6)
    assert b["lead_conversion_rate"] == 0


def test_team_ratios_come_from_sums_not_averages(team_kpis, rep_kpis):
    t1 = team_kpis.loc["t1"]
    assert t1["revenue"] == 460
    assert t1["quota_attainment"] == pytest.approx(460 / 500)
    assert t1["win_rate"] == pytest.approx(3 / 7)
    assert t1["win_rate"] != pytest.approx(rep_kpis.loc[["a", "b"], "win_rate"].mean())
    assert t1["avg_deal_size"] == pytest.approx(460 / 3)
    assert t1["sales_cycle_days"] == pytest.approx(35 / 3)
    assert t1["pipeline_coverage"] == pytest.approx(2200 / 800)
    assert t1["calls_per_working_day"] == pytest.approx(120 / 34)
    assert t1["contact_rate"] == pytest.approx(35 / 120)
    assert t1["headcount"] == 2


def test_region_and_org_sum_every_team(tiny_data):
    org = kpi_frame(tiny_data, [OCT], "org").xs("2026-10", level="period").loc["org"]
    region = kpi_frame(tiny_data, [OCT], "region").xs("2026-10", level="period").loc["r1"]
    assert org["revenue"] == region["revenue"] == 5460
    assert org["quota_attainment"] == pytest.approx(5460 / 4500)
    assert org["contact_rate"] == pytest.approx(85 / 220)
    assert org["win_rate"] == pytest.approx(4 / 8)


def test_kpi_table_previous_and_change(tiny_data):
    table = kpi_table(tiny_data, OCT, "rep")
    row = table[(table["unit_id"] == "a") & (table["kpi"] == "revenue")].iloc[0]
    assert (row["value"], row["previous"], row["change"]) == (400, 200, 200)
    assert row["change_pct"] == pytest.approx(1.0)
    att = table[(table["unit_id"] == "a") & (table["kpi"] == "quota_attainment")].iloc[0]
    assert att["previous"] == pytest.approx(200 / 250)
    assert set(table["kpi"]) == set(CATALOG)


def test_zero_denominators_are_missing_not_zero_or_infinite():
    m = pd.DataFrame(
        {
            "revenue": [0.0],
            "quota": [0.0],
            "deals_won": [0.0],
            "deals_lost": [0.0],
            "cycle_days_won": [0.0],
            "pipeline": [0.0],
            "next_quota": [0.0],
            "leads_created": [0.0],
            "leads_converted": [0.0],
            "new_customers": [0.0],
            "dials": [0.0],
            "connects": [0.0],
            "talk_seconds": [0.0],
            "working_days": [0.0],
            "headcount": [0.0],
        }
    )
    k = compute_kpis(m).iloc[0]
    for name in ["quota_attainment", "win_rate", "avg_deal_size", "contact_rate", "pipeline_coverage"]:
        assert math.isnan(k[name]), name
    assert k["revenue"] == 0


def test_week_quota_takes_working_day_share(tiny_data):
    week = Period.parse("2026-W44")  # Mon 26 Oct – Sun 1 Nov: 5 working days of October's 22
    m = compute_measures(tiny_data, [week])
    assert m.loc[("2026-W44", "a"), "quota"] == pytest.approx(400 * 5 / 22)


def test_unknown_kpi_is_a_parameter_error(tiny_data):
    with pytest.raises(ParameterError, match="unknown KPI nope"):
        compute_kpis(compute_measures(tiny_data, [OCT]), ["nope"])


def test_rollup_keeps_only_mapped_reps(tiny_data):
    measures = compute_measures(tiny_data, [OCT])
    mapping = units(tiny_data, "team")
    rolled = rollup(measures, mapping[mapping["unit_id"] == "t2"])
    assert list(rolled.index.get_level_values("unit_id")) == ["t2"]
    assert rolled.iloc[0]["revenue"] == 5000


def test_every_kpi_is_documented():
    doc = (Path(__file__).parents[2] / "docs" / "kpis.md").read_text(encoding="utf-8")
    for name, kpi in CATALOG.items():
        assert f"`{name}`" in doc, f"{name} missing from docs/kpis.md"
        assert kpi.compute.__doc__ and "Examples" in kpi.compute.__doc__, name
