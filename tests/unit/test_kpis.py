"""Every KPI against numbers counted by hand from ``tiny_data`` (see tests/conftest.py)."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from salesnb.errors import ParameterError
from salesnb.kpis import (
    CATALOG,
    GROSS_MARGIN,
    attainment_distribution,
    compute_kpis,
    compute_measures,
    kpi_frame,
    kpi_table,
    rollup,
    units,
)
from salesnb.kpis.measures import OPTIONAL_FRAMES, _compute_measures, per_period
from salesnb.periods import Period
from salesnb.warehouse.slices import Slice

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


def test_zero_denominators_are_missing_not_zero_or_infinite(tiny_data):
    m = pd.DataFrame(0.0, index=[0], columns=compute_measures(tiny_data, [OCT]).columns)
    k = compute_kpis(m).iloc[0]
    for name in [
        "quota_attainment",
        "win_rate",
        "avg_deal_size",
        "contact_rate",
        "pipeline_coverage",
        "sales_velocity",
        "cac",
        "clv",
        "clv_cac_ratio",
        "retention_rate",
        "churn_rate",
        "repeat_purchase_rate",
        "csat",
        "nps",
    ]:
        assert math.isnan(k[name]), name
    assert k["revenue"] == 0
    assert k["weighted_pipeline"] == 0


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


# ------------------------------------------------------------------ the extended catalog (issue #4)
# tiny_data's orders, costs and surveys (tests/conftest.py), October 2026 unless said otherwise.
# Active on a day = ordered in the 12 months before it. October: active at the start = ordered in
# [2025-10-01, 2026-10-01); at the end = ordered in [2025-11-01, 2026-11-01) (also the CLV window);
# the CLV base = ordered in [2024-11-01, 2025-11-01).


def test_margin_default_is_documented_assumption():
    assert GROSS_MARGIN == 0.3


def test_new_kpis_rep_a_by_hand(rep_kpis):
    a = rep_kpis.loc["a"]
    # costs: t1 October 6800 + 1700, a has 22 of the team's 34 working days: 4400 + 1100; 1 new customer (k1)
    assert a["cac"] == pytest.approx(5500)
    # active at start: k4 (Mar 26), k5 (20 Oct 25), k6 (Sep 26); k7 last ordered from c. k5 lapses: 2 of 3
    assert a["retention_rate"] == pytest.approx(2 / 3)
    assert a["churn_rate"] == pytest.approx(1 / 3)
    # ordered in October: k1 (1 order to date; the November one does not count) and k4 (3 orders)
    assert a["repeat_purchase_rate"] == pytest.approx(1 / 2)
    # 12 months to 1 November: k1 100, k4 300 + 300, k6 200 = 900 over 4 orders and 3 customers;
    # base: k4, k5 (2025) of whom k4 ordered again: annual churn 1/2, lifetime 2 years
    # CLV = 225 × 4/3 × 0.3 × 2 = 180
    assert a["clv"] == pytest.approx(900 / 4 * (4 / 3) * 0.3 * 2)
    assert a["clv"] == pytest.approx(180)
    assert a["clv_cac_ratio"] == pytest.approx(180 / 5500)
    # surveys s1-s3: CSAT 5, 4, 2 -> 2 of 3 satisfied; NPS 10 (promoter), 7, 3 (detractor) -> 33 - 33 = 0
    assert a["csat"] == pytest.approx(2 / 3)
    assert a["nps"] == pytest.approx(0)
    # open on 1 November: o9 1000 × its own 0.5 (still in needs_analysis, the stage it was in then) +
    # o11 700 × 0.5 (in proposal then; it was won on 3 November, which 1 November could not know)
    assert a["weighted_pipeline"] == pytest.approx(850)
    # 2 open deals × win rate 2/3 × deal size 200 ÷ cycle 15 days
    assert a["sales_velocity"] == pytest.approx(2 * (2 / 3) * 200 / 15)


def test_new_kpis_reps_b_and_c(rep_kpis):
    b, c = rep_kpis.loc["b"], rep_kpis.loc["c"]
    assert b["cac"] == pytest.approx(3000)  # (6800 + 1700) × 12/34 ÷ 1 new customer
    assert c["cac"] == pytest.approx(12000)  # t2: 9000 + 3000, all c's, 1 new customer
    assert math.isnan(b["retention_rate"])  # b had no customer on 1 October
    assert c["retention_rate"] == 1  # k7: last ordered from c (Aug 26), active all October
    assert b["repeat_purchase_rate"] == 0  # k2's first order
    # c: k3 5000 and k7 100 + 250 in the 12 months: 5350 over 2 customers; base k8 lapsed: churn 1
    assert c["clv"] == pytest.approx(5350 / 2 * 0.3 * 1)
    assert math.isnan(b["clv"])  # no base a year earlier: lifetime unknown
    assert b["csat"] == 0  # s4 scored 3 (s5 gave no CSAT)
    assert b["nps"] == pytest.approx(50)  # s4 9 promoter, s5 8 passive: 50 % − 0 %
    assert c["csat"] == 1 and math.isnan(c["nps"])  # s6 gave CSAT only
    assert b["weighted_pipeline"] == pytest.approx(50)  # o10 500 × 0.1
    assert b["sales_velocity"] == pytest.approx(1 * 0.25 * 60 / 5)


def test_new_kpis_team_and_org_from_sums(team_kpis, tiny_data):
    t1 = team_kpis.loc["t1"]
    assert t1["cac"] == pytest.approx(8500 / 2)
    assert t1["retention_rate"] == pytest.approx(2 / 3)  # b had none: a's 2 of 3
    assert t1["repeat_purchase_rate"] == pytest.approx(1 / 3)  # k1, k2, k4: only k4 repeats
    # 960 over 4 customers (k1, k2, k4, k6) × 0.3 × lifetime 2 (base k4, k5; k4 retained)
    assert t1["clv"] == pytest.approx(960 / 4 * 0.3 * 2)
    assert t1["csat"] == pytest.approx(2 / 4)  # 5, 4, 2, 3
    assert t1["nps"] == pytest.approx(100 * (2 - 1) / 5)  # 10, 7, 3, 9, 8
    assert t1["weighted_pipeline"] == pytest.approx(900)  # a 850 + b 50
    # 3 open deals × 3/7 × 460/3 ÷ 35/3 days
    assert t1["sales_velocity"] == pytest.approx(3 * (3 / 7) * (460 / 3) / (35 / 3))
    org = kpi_frame(tiny_data, [OCT], "org").xs("2026-10", level="period").loc["org"]
    assert org["cac"] == pytest.approx((8500 + 12000) / 3)
    assert org["retention_rate"] == pytest.approx(3 / 4)  # k4, k5, k6, k7: k5 lost
    assert org["churn_rate"] == pytest.approx(1 / 4)
    assert org["repeat_purchase_rate"] == pytest.approx(1 / 4)  # k1, k2, k3, k4
    # 6310 over 6 customers; base k4, k5, k8, only k4 retained: churn 2/3, lifetime 1.5 years
    assert org["clv"] == pytest.approx(6310 / 6 * 0.3 * 1.5)
    assert org["clv_cac_ratio"] == pytest.approx(6310 / 6 * 0.3 * 1.5 / (20500 / 3))
    assert org["csat"] == pytest.approx(3 / 5)
    assert org["nps"] == pytest.approx(20)


def test_costs_sum_to_the_team_and_weeks_take_their_share(tiny_data):
    m = compute_measures(tiny_data, [OCT, OCT.previous()])
    cost = m["sales_cost"] + m["marketing_cost"]
    assert cost.xs("2026-10", level="period")[["a", "b"]].sum() == pytest.approx(8500)
    assert cost[("2026-09", "a")] == pytest.approx(5000)  # b was not hired yet
    week = Period.parse("2026-W44")  # 5 of October's 22 working days; a's share 22/34: 6800 × 22/34 × 5/22
    w = compute_measures(tiny_data, [week])
    assert w.loc[("2026-W44", "a"), "sales_cost"] == pytest.approx(1000)
    assert w.loc[("2026-W44", "a"), "marketing_cost"] == pytest.approx(250)


def test_september_retention_and_previous_period(tiny_data):
    # 1 Sep: active = ordered since 1 Sep 2025: k4, k5 (a), k7 (c); all still active on 1 October
    m = compute_measures(tiny_data, [Period.parse("2026-09")])
    assert m.loc[("2026-09", "a"), ["customers_at_start", "customers_retained"]].tolist() == [2, 2]
    assert m.loc[("2026-09", "c"), ["customers_at_start", "customers_retained"]].tolist() == [1, 1]
    table = kpi_table(tiny_data, OCT, "rep")
    row = table[(table["unit_id"] == "a") & (table["kpi"] == "retention_rate")].iloc[0]
    assert (row["value"], row["previous"]) == pytest.approx((2 / 3, 1.0))


def test_slices_without_the_new_frames_still_compute(tiny_data):
    bare = {k: v for k, v in tiny_data.items() if k not in OPTIONAL_FRAMES}
    full = compute_measures(tiny_data, [OCT])
    m = compute_measures(bare, [OCT])
    assert list(m.columns) == list(full.columns)
    new = ["sales_cost", "customers_ordering", "ltm_orders", "csat_responses", "nps_responses"]
    assert (m[new] == 0).all().all()
    old = ["revenue", "pipeline", "quota", "dials", "headcount"]
    pd.testing.assert_frame_equal(m[old], full[old])
    k = compute_kpis(m)
    # without stage history the probability each deal open on 1 November had then is unknown
    assert m.loc[("2026-10", "a"), "pipeline_unweighted"] == 2
    assert math.isnan(k.loc[("2026-10", "a"), "weighted_pipeline"])
    assert math.isnan(k.loc[("2026-10", "a"), "cac"])  # no cost recorded: unknown, not free
    assert math.isnan(k.loc[("2026-10", "a"), "csat"])


def test_attainment_distribution_by_team_and_org(tiny_data):
    reps = kpi_frame(tiny_data, [OCT], "rep").xs("2026-10", level="period")
    # a 400/400 = 100 % (an edge: the band above), b 60/100 = 60 %, c 5000/4000 = 125 %
    teams = attainment_distribution(reps, mapping=units(tiny_data, "team")).set_index(["unit_id", "band"])
    assert teams.loc["t1", "reps"].tolist() == [0, 1, 0, 1, 0]
    assert teams.loc["t1", "share"].tolist() == pytest.approx([0, 0.5, 0, 0.5, 0])
    assert teams.loc["t2", "reps"].tolist() == [0, 0, 0, 0, 1]
    org = attainment_distribution(reps)
    assert org["label"].tolist() == ["<50%", "50–80%", "80–100%", "100–120%", "≥120%"]
    assert org["reps"].tolist() == [0, 1, 0, 1, 1]
    assert org["share"].sum() == pytest.approx(1)
    # measures work too (revenue ÷ quota), and custom edges: below 100 % and from 100 %
    m = compute_measures(tiny_data, [OCT])
    two = attainment_distribution(m, bands=(1.0,))
    assert two["band"].tolist() == ["lt100", "ge100"]
    assert two["reps"].tolist() == [1, 2]
    assert two["period"].unique().tolist() == ["2026-10"]
    with pytest.raises(ParameterError):
        attainment_distribution(m, bands=(1.0, 0.5))


def test_after_hours_and_weekend_shares_by_hand(tiny_data):
    daily = tiny_data["activity_daily"].copy()
    # rep a in October: 50 + 30 calls + 7 emails = 87 activities; 9 after hours, 3 at the weekend
    daily["after_hours"] = [6, 3, 0, 0, 10, 0]
    daily["weekend"] = [0, 3, 0, 4, 0, 0]
    rep = kpi_frame({**tiny_data, "activity_daily": daily}, [OCT], "rep").xs("2026-10", level="period")
    assert rep.loc["a", "after_hours_share"] == pytest.approx(9 / 87)
    assert rep.loc["a", "weekend_share"] == pytest.approx(3 / 87)
    assert rep.loc["b", "weekend_share"] == pytest.approx(4 / 40)
    team = kpi_frame({**tiny_data, "activity_daily": daily}, [OCT], "team").xs("2026-10", level="period")
    # team t1 = reps a and b: (9 + 0) / (87 + 40), from the sums
    assert team.loc["t1", "after_hours_share"] == pytest.approx(9 / 127)
    assert not CATALOG["after_hours_share"].higher_is_better


def test_a_slice_remembers_measures_per_period_and_they_match_a_fresh_computation(tiny_data):
    """Measures of a Slice are computed once per period; mixed and overlapping lists (a month, its
    quarter, the same month to date) give the rows a fresh computation of each list gives."""
    data = Slice(tiny_data)
    sep, oct_ = Period.parse("2026-09"), Period.parse("2026-10")
    oct_to_date = Period(oct_.start, date(2026, 10, 15), "month")
    asks = [[oct_], [sep, oct_], [Period.parse("2026-Q3"), oct_to_date], [oct_to_date, sep], [sep]]
    calls = []

    def counted(d, periods):
        calls.append([p.label for p in periods])
        return _compute_measures(d, periods)

    for periods in asks:
        got = per_period(data, "test", counted, periods)
        pd.testing.assert_frame_equal(got, _compute_measures(dict(tiny_data), periods))
    # each period once; the quarter and the to-date October share a call, overlapping nothing
    assert calls == [["2026-10"], ["2026-09"], ["2026-Q3", "2026-10"]]
    assert len(compute_measures(dict(tiny_data), [oct_])) == len(compute_measures(data, [oct_]))


def test_what_a_slice_remembers_is_returned_as_the_callers_own_copy(tiny_data):
    data = Slice(tiny_data)
    oct_ = Period.parse("2026-10")
    first = compute_measures(data, [oct_])
    first["revenue"] = -1.0  # a caller changing its result changes nothing remembered
    pd.testing.assert_frame_equal(compute_measures(data, [oct_]), _compute_measures(dict(tiny_data), [oct_]))
    mapping = units(data, "team")
    assert units(data, "team") is not mapping and ("units", "team") in data.memo
    mapping["unit_id"] = "elsewhere"
    pd.testing.assert_frame_equal(units(data, "team"), units(dict(tiny_data), "team"))


def test_no_period_gives_every_measure_column_and_no_row(tiny_data):
    # a history wholly before the data, or a team with no record: callers read the columns by name
    # (#14 defect 14: KeyError 'revenue' in the team review's trends)
    none = _compute_measures(tiny_data, [])
    one = _compute_measures(tiny_data, [OCT])
    assert none.empty and list(none.columns) == list(one.columns) and "revenue" in none.columns
    assert list(none.index.names) == ["period", "rep_id"]


def test_team_target_is_used_where_the_team_has_one(tiny_data):
    """Team t2 has its own October target (5000), t1 its own November one (1000); reps keep their own."""
    team_targets = pd.DataFrame(
        {
            "scope": "team",
            "scope_id": ["t2", "t1"],
            "metric": "revenue",
            "month": pd.to_datetime(["2026-10-01", "2026-11-01"]),
            "target": [5000.0, 1000.0],
        }
    )
    data = {**tiny_data, "targets": pd.concat([tiny_data["targets"], team_targets], ignore_index=True)}
    reps = kpi_frame(data, [OCT], "rep").xs("2026-10", level="period")
    teams = kpi_frame(data, [OCT], "team").xs("2026-10", level="period")
    org = kpi_frame(data, [OCT], "org").xs("2026-10", level="period").loc["org"]
    assert reps.loc["c", "quota_attainment"] == pytest.approx(5000 / 4000)  # c's own target, not t2's
    assert reps.loc["a", "pipeline_coverage"] == pytest.approx(1700 / 500)  # a's own November target
    assert teams.loc["t2", "quota_attainment"] == pytest.approx(5000 / 5000)  # the team's own target
    assert teams.loc["t1", "quota_attainment"] == pytest.approx(460 / 500)  # none: a 400 + b 100
    assert teams.loc["t1", "pipeline_coverage"] == pytest.approx(2200 / 1000)  # t1's own November target
    assert org["quota_attainment"] == pytest.approx(5460 / (500 + 5000))  # the teams' quotas summed


def test_team_target_alone_makes_no_rep_quota(tiny_data):
    """A team target with no rep targets: the team has a quota, its reps have none (missing, not 0 %)."""
    targets = pd.DataFrame(
        {
            "scope": ["team"],
            "scope_id": ["t1"],
            "metric": "revenue",
            "month": [pd.Timestamp("2026-10-01")],
            "target": [920.0],
        }
    )
    data = {**tiny_data, "targets": targets}
    reps = kpi_frame(data, [OCT], "rep").xs("2026-10", level="period")
    teams = kpi_frame(data, [OCT], "team").xs("2026-10", level="period")
    assert reps.loc[["a", "b"], "quota_attainment"].isna().all()
    assert teams.loc["t1", "quota_attainment"] == pytest.approx(460 / 920)
    assert math.isnan(teams.loc["t2", "quota_attainment"])


def _with_unknown_amounts(tiny_data: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """tiny_data plus deals whose amount the CRM left blank: a won one and two open ones of rep a."""
    extra = tiny_data["opportunities"].iloc[[1, 8, 8]].copy()  # o2 (won in October) and o9 (open) as models
    extra["opportunity_id"] = ["u1", "u2", "u3"]
    extra["amount"] = math.nan
    return {**tiny_data, "opportunities": pd.concat([tiny_data["opportunities"], extra], ignore_index=True)}


def test_unknown_amounts_are_left_out_and_counted_by_hand(tiny_data):
    data = _with_unknown_amounts(tiny_data)
    a = kpi_frame(data, [OCT], "rep").xs("2026-10", level="period").loc["a"]
    assert a["revenue"] == 400  # o1 100 + o2 300: u1 is won without an amount, so it adds nothing
    assert a["win_rate"] == pytest.approx(3 / 4)  # o1, o2, u1 won; o3 lost: the win counts
    assert a["avg_deal_size"] == pytest.approx(200)  # 400 over the 2 won deals with an amount, not 3
    assert a["quota_attainment"] == pytest.approx(1.0)
    assert a["pipeline_value"] == 1700  # o9 and o11; u2, u3 open without an amount
    assert a["weighted_pipeline"] == pytest.approx(1000 * 0.5 + 700 * 0.5)  # o11 was in Proposal then
    assert a["pipeline_coverage"] == pytest.approx(1700 / 500)
    # velocity: 4 open deals × 3/4 × 200 ÷ (cycle 10 + 20 + 20) / 3
    assert a["sales_velocity"] == pytest.approx(4 * 0.75 * 200 / (50 / 3))
    m = compute_measures(data, [OCT]).loc[("2026-10", "a")]
    assert (m["won_deals_unknown_amount"], m["open_deals_unknown_amount"], m["pipeline_deals"]) == (1, 2, 4)


def test_kpi_table_counts_what_each_kpi_left_out(tiny_data):
    table = kpi_table(_with_unknown_amounts(tiny_data), OCT, "team").set_index(["unit_id", "kpi"])
    left = table["left_out"]
    assert left[("t1", "pipeline_value")] == 2 and left[("t1", "weighted_pipeline")] == 2
    assert left[("t1", "revenue")] == 1 and left[("t1", "avg_deal_size")] == 1
    assert left[("t1", "win_rate")] == 0  # a win without an amount is still a win
    assert left[("t2", "pipeline_value")] == 0
    assert table.loc[("t1", "revenue"), "value"] == 460


def test_without_unknown_amounts_nothing_is_left_out(tiny_data):
    assert (kpi_table(tiny_data, OCT, "org")["left_out"] == 0).all()


def test_unassigned_leads_count_for_the_organisation_only(tiny_data):
    unassigned = pd.DataFrame(
        {
            "lead_id": ["u1", "u2", "u3"],
            "rep_id": [None, None, None],
            "created_date": pd.to_datetime(["2026-10-02", "2026-10-03", "2026-09-01"]),
            "converted_date": pd.to_datetime([None, "2026-10-20", "2026-10-04"]),
        }
    )
    data = {**tiny_data, "unassigned_leads": unassigned}
    org = kpi_frame(data, [OCT], "org").loc[("2026-10", "org")]
    # owned: 4 created in October (l1, l2, l4, l5), 3 converted (l1, l3, l5); unassigned: 2 and 2
    assert org["lead_conversion_rate"] == pytest.approx((3 + 2) / (4 + 2))
    team = kpi_frame(data, [OCT], "team").xs("2026-10", level="period")
    assert team.loc["t1", "lead_conversion_rate"] == pytest.approx(
        2 / 3
    )  # as without them: l1, l3 of l1, l2, l4
    assert kpi_frame(tiny_data, [OCT], "org").loc[
        ("2026-10", "org"), "lead_conversion_rate"
    ] == pytest.approx(3 / 4)


def test_every_org_figure_counts_the_unassigned_leads(tiny_data):
    """The org overview and org goals roll up through rollup_slice: the same lead figures as the KPI table."""
    from salesnb.kpis import compute_measures, rollup_slice

    unassigned = pd.DataFrame(
        {
            "lead_id": ["u1", "u2"],
            "rep_id": [None, None],
            "created_date": pd.to_datetime(["2026-10-02", "2026-10-03"]),
            "converted_date": pd.to_datetime([None, "2026-10-20"]),
        }
    )
    data = {**tiny_data, "unassigned_leads": unassigned}
    rolled = rollup_slice(compute_measures(data, [OCT]), data, "org").loc[("2026-10", "org")]
    assert (rolled["leads_created"], rolled["leads_converted"]) == (4 + 2, 3 + 1)
    table = kpi_frame(data, [OCT], "org").loc[("2026-10", "org")]
    assert table["lead_conversion_rate"] == pytest.approx(rolled["leads_converted"] / rolled["leads_created"])
    teams = rollup_slice(compute_measures(data, [OCT]), data, "team")
    assert teams.xs("2026-10", level="period")["leads_created"].sum() == 4  # in no team's figures
    # a region's overview rolls its slice up to "org" too: only part of the organisation, none of them
    part = rollup_slice(compute_measures(data, [OCT]), data, "org", whole_org=False)
    assert part.loc[("2026-10", "org"), "leads_created"] == 4


def test_a_trend_starts_at_the_first_deal_closed_even_without_an_amount():
    from salesnb.kpis import compute_measures, unit_trend, units
    from salesnb.kpis.sets import TEAM_ROWS
    from tests.unit.test_analysis_common import make_slice

    won = [(f"w{m}", "a", f"c{m}", "won", None, f"2026-{m:02d}-01", f"2026-{m:02d}-20", "closed_won", 1.0,
            None) for m in (9, 10)]  # fmt: skip
    data = make_slice(reps=[("a", "junior", "2020-01-01", None)], opps=won)
    months = [Period.parse(f"2026-{m:02d}") for m in (7, 8, 9, 10)]
    trend = unit_trend(compute_measures(data, months), units(data, "team"), "t", list(TEAM_ROWS.kpis))
    # July and August hold nothing: left out; September's won deal is a record though its revenue is unknown
    assert trend.index.tolist() == ["2026-09", "2026-10"]
    assert trend["revenue"].isna().all()  # every won deal without an amount: unknown, not 0
    assert trend["won_deals_unknown_amount"].tolist() == [1.0, 1.0]  # counted beside the revenue
