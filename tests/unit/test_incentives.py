"""Commission plans and statements against hand-computed cases; every tier edge, the cap, the bonuses.

The reference plan of most tests (quota 100,000 unless a test says otherwise)::

    tier 1  [0,   0.5)  2 %   decelerator (threshold 0.5)
    tier 2  [0.5, 1.0)  4 %   base
    tier 3  [1.0, 1.5)  6 %   accelerator
    tier 4  [1.5, ...)  8 %   accelerator
    cap 8,000 of tier commission per month

so a full tier 1 slice pays 50,000 × 2 % = 1,000, a full tier 2 slice 50,000 × 4 % = 2,000 and a full
tier 3 slice 50,000 × 6 % = 3,000.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from salesnb.config import PROJECT_ROOT
from salesnb.errors import ParameterError
from salesnb.incentives import (
    LINE_CODES,
    PAYOUT_COLUMNS,
    combine_payouts,
    commission,
    goals_met_by_rep,
    load_plans,
    money,
    payouts,
    statements,
)
from salesnb.incentives.plans import parse_plan
from salesnb.params import check_params_dir, load_settings
from salesnb.periods import Period
from salesnb.warehouse.schema import LEVELS, TEAM_TYPES

PARAMS = PROJECT_ROOT / "params"
TIERS = [
    {"from": 0, "rate": 0.02},
    {"from": 0.5, "rate": "4%"},  # percentages are read as fractions
    {"from": 1.0, "rate": 0.06},
    {"from": 1.5, "rate": 0.08},
]
QUOTA = 100_000.0


def make_plan(**overrides):
    raw = {"id": "ref", "applies_to": "default", "method": "marginal", "threshold": 0.5, "tiers": TIERS}
    raw |= {"cap": 8000} | overrides
    return parse_plan({k: v for k, v in raw.items() if v is not None}, "test.yaml", 1)


MARGINAL = make_plan()
FLAT = make_plan(method="flat", cap=None)


def tier_lines(statement):
    return [
        (line.tier, line.revenue, line.amount) for line in statement.lines if line.code.startswith("tier")
    ]


def codes(statement):
    return [line.code for line in statement.lines]


# ---- tiers, marginal -------------------------------------------------------------------------------------


def test_below_the_threshold_pays_the_decelerator_rate():
    # 40,000 of 100,000 = 40 %: 40,000 × 2 % = 800
    s = commission(MARGINAL, 40_000, QUOTA)
    assert tier_lines(s) == [(1, 40_000.0, 800.0)]
    assert s.lines[0].kind == "decelerator"
    assert (s.attainment, s.tier, s.total) == (0.4, 1, 800.0)


def test_exactly_at_the_threshold_reaches_the_base_tier_with_an_empty_slice():
    # 50,000 = 50 % exactly: tier 2 is reached ([0.5, 1.0) covers 0.5) but its slice holds nothing:
    # 50,000 × 2 % = 1,000
    s = commission(MARGINAL, 50_000, QUOTA)
    assert s.tier == 2
    assert tier_lines(s) == [(1, 50_000.0, 1000.0)]
    assert s.total == 1000.0


def test_exactly_at_quota_reaches_the_accelerator_tier():
    # 100 % exactly: tier 3 ([1.0, 1.5)) is reached; 1,000 + 50,000 × 4 % = 3,000, nothing above quota yet
    s = commission(MARGINAL, 100_000, QUOTA)
    assert s.attainment == 1.0
    assert s.tier == 3
    assert tier_lines(s) == [(1, 50_000.0, 1000.0), (2, 50_000.0, 2000.0)]
    assert s.total == 3000.0


def test_just_below_and_just_above_quota():
    # 99,999: 1,000 + 49,999 × 4 % = 1,000 + 1,999.96 = 2,999.96 (tier 2)
    below = commission(MARGINAL, 99_999, QUOTA)
    assert (below.tier, below.total) == (2, 2999.96)
    # 100,001: 3,000 + 1 × 6 % = 3,000.06 (tier 3)
    above = commission(MARGINAL, 100_001, QUOTA)
    assert (above.tier, above.total) == (3, 3000.06)
    assert tier_lines(above)[-1] == (3, 1.0, 0.06)
    assert above.lines[2].kind == "accelerator"


def test_accelerator_slice_and_the_tier_above_it():
    # 120,000: 3,000 + 20,000 × 6 % = 3,000 + 1,200 = 4,200
    assert commission(MARGINAL, 120_000, QUOTA).total == 4200.0
    # 160,000: 3,000 + 50,000 × 6 % + 10,000 × 8 % = 3,000 + 3,000 + 800 = 6,800
    s = commission(MARGINAL, 160_000, QUOTA)
    assert tier_lines(s) == [
        (1, 50_000.0, 1000.0),
        (2, 50_000.0, 2000.0),
        (3, 50_000.0, 3000.0),
        (4, 10_000.0, 800.0),
    ]
    assert [(ln.from_attainment, ln.to_attainment) for ln in s.lines[:4]] == [
        (0.0, 0.5),
        (0.5, 1.0),
        (1.0, 1.5),
        (1.5, 1.6),
    ]
    assert s.total == 6800.0


# ---- cap -------------------------------------------------------------------------------------------------


def test_cap_reached_exactly_is_not_a_cap():
    # 175,000: 6,000 + 25,000 × 8 % = 6,000 + 2,000 = 8,000 = the cap: nothing removed, no cap line
    s = commission(MARGINAL, 175_000, QUOTA)
    assert (s.commission_before_cap, s.cap_removed, s.commission) == (8000.0, 0.0, 8000.0)
    assert not s.cap_applied
    assert "cap" not in codes(s)


def test_cap_exceeded_removes_the_excess():
    # 200,000: 6,000 + 50,000 × 8 % = 10,000; cap 8,000 removes 2,000
    s = commission(MARGINAL, 200_000, QUOTA)
    assert (s.commission_before_cap, s.cap_removed, s.commission, s.total) == (
        10000.0,
        2000.0,
        8000.0,
        8000.0,
    )
    assert s.cap_applied
    cap = next(line for line in s.lines if line.code == "cap")
    assert (cap.amount, cap.limit) == (-2000.0, 8000.0)
    assert sum(line.amount for line in s.lines if line.code != "total") == s.total


# ---- flat ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("revenue", "tier", "marginal", "flat"),
    [
        (40_000, 1, 800.0, 800.0),  # flat: 40,000 × 2 %
        (50_000, 2, 1000.0, 2000.0),  # flat: 50,000 × 4 % (the threshold edge earns tier 2)
        (99_999, 2, 2999.96, 3999.96),  # flat: 99,999 × 4 %
        (100_000, 3, 3000.0, 6000.0),  # flat: 100,000 × 6 % (quota exactly earns the accelerator)
        (120_000, 3, 4200.0, 7200.0),  # flat: 120,000 × 6 %
        (160_000, 4, 6800.0, 12800.0),  # flat: 160,000 × 8 %
    ],
)
def test_flat_versus_marginal_on_the_same_numbers(revenue, tier, marginal, flat):
    m, f = commission(make_plan(cap=None), revenue, QUOTA), commission(FLAT, revenue, QUOTA)
    assert (m.tier, m.total) == (tier, marginal)
    assert (f.tier, f.total) == (tier, flat)
    assert codes(f) == ["tier_flat", "total"]
    line = f.lines[0]
    assert (line.tier, line.revenue, line.to_attainment) == (tier, float(revenue), revenue / QUOTA)


# ---- no quota, no revenue --------------------------------------------------------------------------------


@pytest.mark.parametrize("quota", [0, None, math.nan, -5])
def test_without_a_quota_all_revenue_is_paid_at_the_base_rate(quota):
    # no attainment: 30,000 × the base rate 4 % (the rate just below quota) = 1,200
    s = commission(MARGINAL, 30_000, quota)
    assert codes(s) == ["no_quota", "total"]
    assert (s.lines[0].revenue, s.lines[0].rate, s.total) == (30_000.0, 0.04, 1200.0)
    assert s.attainment is None and s.tier is None and s.quota is None


def test_no_quota_is_still_capped():
    # 300,000 × 4 % = 12,000, capped at 8,000
    s = commission(MARGINAL, 300_000, 0)
    assert (s.commission_before_cap, s.commission) == (12000.0, 8000.0)


@pytest.mark.parametrize("revenue", [0, None, -2_000])
def test_no_revenue_pays_nothing_and_says_so(revenue):
    s = commission(MARGINAL, revenue, QUOTA)
    assert codes(s) == ["no_revenue", "total"]
    assert s.total == 0.0 and s.attainment == 0.0 and s.tier == 1


# ---- bonuses ---------------------------------------------------------------------------------------------

BONUSES = [
    {"goal": "g-met", "amount": 500},
    {"goal": "g-missed", "amount": 300},
    {"kpi": "win_rate", "min": "40%", "amount": 200},
    {"kpi": "sales_cycle_days", "max": 30, "amount": 100},
    {"kpi": "contact_rate", "min": 0.3, "amount": 50},
]


def test_bonus_for_a_goal_met_and_none_for_one_missed():
    plan = make_plan(bonuses=BONUSES)
    # 40,000: 800 commission; g-met 500; win rate 0.40 reaches its min exactly: 200; cycle 31 > 30 days: 0;
    # contact rate unknown: 0. Total 800 + 500 + 200 = 1,500
    s = commission(plan, 40_000, QUOTA, goals_met=["g-met"], kpis={"win_rate": 0.4, "sales_cycle_days": 31})
    assert codes(s) == [
        "tier",
        "bonus_goal",
        "bonus_goal_missed",
        "bonus_kpi",
        "bonus_kpi_missed",
        "bonus_kpi_no_data",
        "total",
    ]
    assert [line.amount for line in s.lines] == [800.0, 500.0, 0.0, 200.0, 0.0, 0.0, 1500.0]
    assert (s.bonuses, s.total) == (700.0, 1500.0)
    assert s.lines[3].value == 0.4 and s.lines[3].minimum == 0.4
    assert s.lines[4].maximum == 30.0 and s.lines[2].bonus == 300.0


def test_bonuses_are_paid_on_top_of_the_cap():
    # 200,000: 10,000 capped at 8,000; plus the 500 goal bonus = 8,500
    s = commission(make_plan(bonuses=BONUSES[:1]), 200_000, QUOTA, goals_met=("g-met",))
    assert (s.commission, s.bonuses, s.total) == (8000.0, 500.0, 8500.0)


def test_nan_kpi_is_no_data():
    s = commission(make_plan(bonuses=BONUSES[2:3]), 0, QUOTA, kpis={"win_rate": math.nan})
    assert codes(s) == ["no_revenue", "bonus_kpi_no_data", "total"]


# ---- payouts: team basis, frames -------------------------------------------------------------------------

PLANS_YAML = """\
plans:
  - id: reps
    applies_to: default
    method: marginal
    threshold: 0.5
    tiers: [{from: 0, rate: 0.02}, {from: 0.5, rate: 0.04}, {from: 1.0, rate: 0.06}]
    bonuses: [{goal: team-goal, amount: 100}]
  - id: managers
    applies_to: {level: manager}
    basis: team
    method: marginal
    threshold: 0.8
    tiers: [{from: 0, rate: 0.01}, {from: 0.8, rate: 0.02}, {from: 1.0, rate: 0.03}]
    cap: 4000
    bonuses: [{goal: team-goal, amount: 1000}]
"""


@pytest.fixture
def two_plans(tmp_path):
    path = tmp_path / "commission_plans.yaml"
    path.write_text(PLANS_YAML, encoding="utf-8")
    return load_plans(path, {"team-goal"})


def rep_frame():
    return pd.DataFrame(
        {
            "rep_id": ["m", "a", "b"],
            "name": ["M", "A", "B"],
            "team_type": ["online"] * 3,
            "level": ["manager", "senior", "junior"],
            "revenue": [10_000.0, 190_000.0, 100_000.0],
            "quota": [20_000.0, 150_000.0, 0.0],
            "team_revenue": [300_000.0] * 3,
            "team_quota": [250_000.0] * 3,
        }
    )


def test_manager_is_paid_on_the_team_revenue_against_the_team_quota(two_plans):
    # team 300,000 of 250,000 = 120 %: 200,000 × 1 % + 50,000 × 2 % + 50,000 × 3 % = 2,000 + 1,000 + 1,500
    # = 4,500, capped at 4,000; the manager's own 10,000 of 20,000 plays no part
    s = statements(two_plans, rep_frame(), {"m": ["team-goal"]})["m"]
    assert (s.basis, s.revenue, s.quota, s.attainment) == ("team", 300_000.0, 250_000.0, 1.2)
    assert [line.amount for line in s.lines] == [2000.0, 1000.0, 1500.0, -500.0, 1000.0, 5000.0]


def test_payouts_one_row_per_rep(two_plans):
    out = payouts(two_plans, rep_frame(), {"m": ["team-goal"], "a": ["team-goal"]})
    assert list(out.columns) == PAYOUT_COLUMNS
    rows = out.set_index("rep_id")
    # a: 190,000 of 150,000: 75,000 × 2 % + 75,000 × 4 % + 40,000 × 6 % = 1,500 + 3,000 + 2,400 = 6,900 + 100
    assert rows.loc["a", ["plan_id", "commission", "bonuses", "total"]].tolist() == [
        "reps",
        6900.0,
        100.0,
        7000.0,
    ]
    # b: no quota: 100,000 × 4 % = 4,000; no attainment, no tier
    assert rows.loc["b", "total"] == 4000.0
    assert pd.isna(rows.loc["b", "attainment"]) and pd.isna(rows.loc["b", "tier"])
    assert rows.loc["m", ["cap_applied", "cap_removed", "total"]].tolist() == [True, 500.0, 5000.0]


def test_payouts_need_team_columns_only_for_a_team_basis(two_plans):
    reps = rep_frame().drop(columns=["team_revenue", "team_quota"])
    assert payouts(two_plans, reps.iloc[1:])["total"].tolist() == [6900.0, 4000.0]
    with pytest.raises(ParameterError, match="team_revenue, team_quota"):
        payouts(two_plans, reps)
    with pytest.raises(ParameterError, match="lacks column quota"):
        payouts(two_plans, reps.drop(columns="quota"))


def test_payouts_read_kpis_per_rep(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text(
        "plans:\n  - id: p\n    applies_to: default\n    method: flat\n    tiers: [{from: 0, rate: 0.1}]\n"
        "    bonuses: [{kpi: win_rate, min: 0.5, amount: 50}]\n",
        encoding="utf-8",
    )
    reps = rep_frame().drop(columns=["team_revenue", "team_quota"]).assign(level="senior")
    kpis = pd.DataFrame({"rep_id": ["m", "a"], "win_rate": [0.5, 0.49]})
    # m: 10,000 × 10 % + 50; a: 190,000 × 10 %; b: 100,000 × 10 % (no KPI row)
    assert payouts(load_plans(path), reps, kpis=kpis)["total"].tolist() == [1050.0, 19000.0, 10000.0]


def test_a_quarter_is_the_sum_of_its_months(two_plans):
    reps = rep_frame().iloc[1:2]  # a
    october = payouts(two_plans, reps)  # 6,900 (above)
    november = payouts(two_plans, reps.assign(revenue=60_000.0))  # 60,000 of 150,000: 60,000 × 2 % = 1,200
    quarter = combine_payouts([october, november]).set_index("rep_id")
    assert quarter.loc["a", ["commission", "total", "months"]].tolist() == [8100.0, 8100.0, 2]
    # attainment of the two months together: 250,000 of 300,000
    assert quarter.loc["a", "attainment"] == pytest.approx(250_000 / 300_000)


def test_goals_met_by_rep():
    reps = pd.DataFrame({"rep_id": ["r1", "r2"], "name": ["Ann", "Ann"]})  # two reps may share a name
    progress = pd.DataFrame(
        {
            "goal_id": ["team-rev", "calls", "calls", "cycle", "other-team-rep"],
            "scope": ["team", "level", "level", "rep", "rep"],
            "rep_id": ["", "r1", "r2", "r2", "r9"],
            "status": ["met", "met", "missed", "on_track", "met"],
        }
    )
    assert goals_met_by_rep(progress, reps) == {"r1": ["team-rev", "calls"], "r2": ["team-rev"]}


def test_money_rounds_half_up_to_cents():
    assert (money(0.125), money(2.675), money(1999.9600000000001)) == (0.13, 2.68, 1999.96)


def test_statement_frame_has_every_line():
    s = commission(MARGINAL, 200_000, QUOTA)
    frame = s.to_frame()
    assert frame["code"].tolist() == ["tier", "tier", "tier", "tier", "cap", "total"]
    assert set(frame["code"]) <= set(LINE_CODES)
    assert str(frame["tier"].dtype) == "Int64"


# ---- plan selection --------------------------------------------------------------------------------------

PRECEDENCE = """\
plans:
  - {id: everyone, applies_to: default, method: flat, tiers: [{from: 0, rate: 0.01}]}
  - {id: field, applies_to: {team_type: field}, method: flat, tiers: [{from: 0, rate: 0.02}]}
  - {id: managers, applies_to: {level: manager}, method: flat, tiers: [{from: 0, rate: 0.03}]}
  - {id: field-managers, applies_to: {team_type: field, level: manager}, method: flat,
     tiers: [{from: 0, rate: 0.04}]}
"""


def test_the_most_specific_plan_wins(tmp_path):
    path = tmp_path / "commission_plans.yaml"
    path.write_text(PRECEDENCE, encoding="utf-8")
    plans = load_plans(path)
    assert plans.plan_for("field", "manager").id == "field-managers"  # level + team type
    assert plans.plan_for("online", "manager").id == "managers"  # level beats team type
    assert plans.plan_for("field", "junior").id == "field"  # team type beats default
    assert plans.plan_for("online", "junior").id == "everyone"
    with pytest.raises(ParameterError, match="unknown team type 'retail'"):
        plans.plan_for("retail", "junior")


# ---- the demo file ---------------------------------------------------------------------------------------


def test_demo_plans_load_and_cover_every_team_type_and_level():
    from salesnb.goals.model import load_goals

    goal_ids = {g.id for g in load_goals(PARAMS / "goals.yaml").goals}
    plans = load_plans(PARAMS / "commission_plans.yaml", goal_ids)
    chosen = {(t, lv): plans.plan_for(t, lv).id for t in TEAM_TYPES for lv in LEVELS}
    assert len(chosen) == len(TEAM_TYPES) * len(LEVELS)
    assert chosen[("telesales", "junior")] == "inside-junior"
    assert chosen[("field", "senior")] == "field-senior"
    assert chosen[("online", "manager")] == "inside-manager"
    assert chosen[("field", "manager")] == "field-manager"
    assert {p.id for p in plans.plans} == set(chosen.values())  # no plan is dead
    assert all(plans[pid].basis == "team" for pid in ("inside-manager", "field-manager"))
    assert [p for p in check_params_dir(PARAMS) if p.name == "commission_plans.yaml"] == [
        PARAMS / "commission_plans.yaml"
    ]


def test_demo_plan_notes_match_the_arithmetic():
    plans = load_plans(PARAMS / "commission_plans.yaml")
    assert commission(plans["inside-junior"], 55_000, 55_000).total == 2200.0
    assert commission(plans["inside-junior"], 110_000, 55_000).total == 7150.0
    assert commission(plans["inside-senior"], 66_000, 66_000).total == 3300.0
    assert commission(plans["field-junior"], 230_000, 230_000).total == 8050.0
    assert commission(plans["field-senior"], 306_000, 306_000).total == 9180.0
    assert commission(plans["inside-manager"], 413_000, 413_000).total == 4956.0
    assert commission(plans["field-manager"], 1_500_000, 1_500_000).total == 7200.0


def test_settings_without_the_plans_file(tmp_path):
    assert load_settings(tmp_path).plans is None and check_params_dir(tmp_path) == []


# ---- errors name the file and the plan -------------------------------------------------------------------

ONE = "  - {id: all, applies_to: default, method: marginal, tiers: [{from: 0, rate: 0.05}]}\n"


def plan_text(body: str) -> str:
    return "plans:\n  - id: p\n    applies_to: default\n    method: marginal\n" + body


def one_line(pid: str, applies_to: str, extra: str = "") -> str:
    """A one-tier flat plan on one line of YAML."""
    tiers = "[{from: 0, rate: 0.05}]"
    return f"  - {{id: {pid}, applies_to: {applies_to}, method: flat, tiers: {tiers}{extra}}}\n"


def with_bonuses(bonuses: str) -> str:
    return plan_text(f"    tiers: [{{from: 0, rate: 0.05}}]\n    bonuses: [{bonuses}]\n")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # coverage
        (
            "plans:\n" + one_line("j", "{level: junior}"),
            r"no plan for online senior, online manager, telesales senior.*field manager",
        ),
        (
            "plans:\n" + ONE + ONE.replace("id: all", "id: also"),
            r"more than one plan equally specific for online junior \(all and also\)",
        ),
        (
            "plans:\n"
            + ONE
            + "  - {id: a, applies_to: {team_type: field}, method: flat, tiers: [{from: 0, rate: 0.05}]}\n"
            + "  - {id: b, applies_to: {team_type: [field, online]}, method: flat,"
            + " tiers: [{from: 0, rate: 0.05}]}\n",
            r"equally specific for field junior \(a and b\)",
        ),
        (
            "plans:\n" + ONE + "".join(one_line(lv, f"{{level: {lv}}}") for lv in LEVELS),
            "plan all never applies",
        ),
        ("plans:\n" + ONE + ONE, "plan id all is used twice"),
        ("plans: []\n", "plans must be a non-empty list"),
        ("plan:\n" + ONE, "unknown key plan"),
        # keys and values
        (plan_text("    tiers: [{from: 0, rate: 0.05}]\n    rates: 1\n"), "plan 'p' has unknown key rates"),
        (plan_text("    tiers: [{from: 0, rate: 0.05, to: 1}]\n"), "plan 'p': tier 1 must have exactly"),
        (plan_text(""), "plan 'p' has no tiers"),
        (
            plan_text("    tiers: [{from: 0, rate: -0.01}]\n"),
            "tier 1 rate -0.01 must be a fraction from 0 to 1",
        ),
        (plan_text("    tiers: [{from: 0, rate: 5}]\n"), "tier 1 rate 5 must be a fraction"),
        (plan_text("    tiers: [{from: 0, rate: lots}]\n"), "tier 1 rate 'lots' is not a number"),
        (
            plan_text(
                "    tiers: [{from: 0, rate: 0.01}, {from: 1.0, rate: 0.02}, {from: 0.8, rate: 0.03}]\n"
            ),
            "tier 3 from 0.8 must be above tier 2 from 1",
        ),
        (
            plan_text(
                "    tiers: [{from: 0, rate: 0.01}, {from: 0.5, rate: 0.02}, {from: 0.5, rate: 0.03}]\n"
            ),
            "tier 3 from 0.5 must be above tier 2 from 0.5",
        ),
        (plan_text("    tiers: [{from: 0.1, rate: 0.05}]\n"), "first tier must start from 0"),
        (
            plan_text("    threshold: 0.6\n    tiers: [{from: 0, rate: 0.01}, {from: 0.5, rate: 0.02}]\n"),
            "threshold 0.6 must be the from of a tier",
        ),
        (
            plan_text("    threshold: 0.5\n    tiers: [{from: 0, rate: 0.03}, {from: 0.5, rate: 0.02}]\n"),
            "tier 1 is below the threshold but its rate 0.03 is not below the base rate 0.02",
        ),
        (plan_text("    tiers: [{from: 0, rate: 0.05}]\n    cap: 0\n"), "cap must be an amount above 0"),
        (plan_text("    tiers: [{from: 0, rate: 0.05}]\n    cap: 10%\n"), "cap '10%' is not a number"),
        (
            "plans:\n  - {id: p, applies_to: default, method: tiered, tiers: [{from: 0, rate: 0.05}]}\n",
            "method 'tiered' is not one of marginal, flat",
        ),
        (
            "plans:\n" + one_line("p", "default", ", basis: region"),
            "basis 'region' is not one of rep, team",
        ),
        (
            "plans:\n" + one_line("p", "{level: intern}"),
            "applies_to.level intern unknown",
        ),
        (
            "plans:\n" + one_line("p", "{team: bj}"),
            "applies_to has unknown key team",
        ),
        (
            "plans:\n" + one_line("p", "everyone"),
            "applies_to must be 'default' or a mapping",
        ),
        (
            "plans:\n" + one_line("P 1", "default"),
            "plan 'P 1': id must be lower-case",
        ),
        # bonuses
        (
            with_bonuses("{goal: nope, amount: 100}"),
            "bonus 1: goal 'nope' is not a goal id of goals.yaml",
        ),
        (
            with_bonuses("{kpi: happiness, min: 1, amount: 100}"),
            "bonus 1: unknown KPI 'happiness'",
        ),
        (
            with_bonuses("{kpi: win_rate, min: 45, amount: 1}"),
            "win_rate is a share: min 45 must be from 0 to 1",
        ),
        (
            with_bonuses("{kpi: sales_cycle_days, min: 30, amount: 1}"),
            "sales_cycle_days is better lower: give a max, not a min",
        ),
        (
            with_bonuses("{kpi: win_rate, amount: 1}"),
            "a KPI bonus needs one of min or max",
        ),
        (
            with_bonuses("{goal: g, amount: -5}"),
            "bonus 1 amount must be above 0",
        ),
        (
            with_bonuses("{goal: g, amount: 5, pay: now}"),
            "bonus 1 has unknown key pay",
        ),
        (
            with_bonuses("{goal: g, amount: 5}, {goal: g, amount: 6}"),
            "bonus goal:g listed more than once",
        ),
    ],
)
def test_bad_plans_name_the_file_and_the_problem(tmp_path, text, message):
    path = tmp_path / "commission_plans.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ParameterError, match=message) as err:
        load_plans(path, goal_ids={"g"})
    assert str(path) in str(err.value)


def test_goal_ids_are_only_checked_when_given(tmp_path):
    path = tmp_path / "commission_plans.yaml"
    path.write_text(with_bonuses("{goal: any, amount: 1}"))
    assert load_plans(path).plans[0].bonuses[0].goal == "any"


def test_settings_check_bonus_goals_against_goals_yaml(tmp_path):
    (tmp_path / "goals.yaml").write_text(
        "goals:\n  - {id: real, metric: revenue, scope: org, target: 1, period: monthly}\n", encoding="utf-8"
    )
    (tmp_path / "commission_plans.yaml").write_text(
        with_bonuses("{goal: real, amount: 1}, {goal: fake, amount: 1}"),
        encoding="utf-8",
    )
    with pytest.raises(ParameterError, match="goal 'fake' is not a goal id"):
        load_settings(tmp_path)


def test_team_quota_of_a_payout_is_the_teams_own_target(team_target_data):
    """A team-based plan pays on the team's quota: its own target where it has one, not its reps' sum."""
    from salesnb.incentives.payouts import rep_inputs
    from salesnb.kpis import compute_measures

    data = team_target_data
    october = Period.parse("2026-10")
    frame = rep_inputs(data, compute_measures(data, [october]), "2026-10").set_index("rep_id")
    assert frame.loc[["a", "b"], "team_quota"].tolist() == pytest.approx([920.0, 920.0])
    assert frame.loc[["a", "b"], "quota"].tolist() == [0.0, 0.0]  # no rep quota made from the team's
