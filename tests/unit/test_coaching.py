"""Coaching rules and plans against hand-built numbers: which rule fires, the evidence, the goal."""

import math
from pathlib import Path

import pandas as pd
import pytest

from salesnb.coaching import benchmarks, coaching_actions, goal_target, load_catalog, load_rules
from salesnb.coaching.plan import shortfall
from salesnb.errors import ParameterError

PARAMS = Path(__file__).parents[2] / "params"


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(PARAMS / "training_catalog.yaml")


@pytest.fixture(scope="module")
def rules(catalog):
    return load_rules(PARAMS / "coaching_rules.yaml", catalog)


@pytest.fixture
def team():
    # four telesales reps; team medians: contact 0.30, win rate 0.30, calls 60, cycle 20 days
    return pd.DataFrame(
        {
            "contact_rate": [0.18, 0.30, 0.30, 0.34],
            "win_rate": [0.30, 0.28, 0.32, 0.35],
            "calls_per_working_day": [62.0, 58.0, 60.0, 60.0],
            "sales_cycle_days": [20.0, 19.0, 21.0, 20.0],
            "quota_attainment": [0.95, 1.0, 1.05, 1.1],
            "avg_deal_size": [10000.0, 10000.0, 10000.0, 10000.0],
            "csat": [0.9, 0.9, 0.9, 0.9],
            "after_hours_share": [0.03, 0.03, 0.03, 0.03],
        },
        index=["r1", "r2", "r3", "r4"],
    )


def rep(rep_id="r1", level="junior", team_type="telesales"):
    return pd.Series({"rep_id": rep_id, "level": level, "team_type": team_type})


def no_signals():
    return pd.DataFrame(columns=["rep_id", "signal", "metric", "value", "benchmark", "threshold", "evidence"])


def test_shortfall_and_targets_by_hand():
    assert shortfall(0.18, 0.30, "contact_rate") == pytest.approx(0.4)  # (0.30 - 0.18) / 0.30
    assert shortfall(0.36, 0.30, "contact_rate") == pytest.approx(-0.2)  # better than the benchmark
    assert shortfall(30.0, 20.0, "sales_cycle_days", "above") == pytest.approx(0.5)  # (30 - 20) / 20
    assert math.isnan(shortfall(0.2, 0.0, "contact_rate"))
    assert goal_target(0.18, 0.30, "contact_rate", 0.5) == pytest.approx(0.24)  # halfway: 0.18 + 0.06
    assert goal_target(0.40, 0.30, "contact_rate", 0.5) == pytest.approx(0.40)  # already better: hold


def test_metric_rule_fires_with_its_evidence(team, rules, catalog):
    bench = benchmarks(team, team, min_group=1)  # peers = the team here; four hand-built reps: no floor
    plan = coaching_actions(rep(), team.loc["r1"], bench, no_signals(), rules, catalog)
    first = plan[0]
    # contact 0.18 vs peer median 0.30: 40 % short, past the 15 % the rule allows
    assert first.rule.id == "contact-rate-below-peers" and first.module.id == "call-openers"
    assert (first.value, first.benchmark) == (pytest.approx(0.18), pytest.approx(0.30))
    assert first.gap == pytest.approx(0.4) and first.kind == "fix"
    assert first.peer_percentile == 0.0  # no peer does worse


def test_signal_rule_outranks_and_excludes_the_metric_rule(team, rules, catalog):
    signals = pd.DataFrame(
        [{"rep_id": "r1", "signal": "low_contact_rate", "metric": "contact_rate", "value": 0.18,
          "benchmark": 0.30, "threshold": 0.195, "evidence": {}}]
    )  # fmt: skip
    bench = benchmarks(team, team, min_group=1)
    plan = coaching_actions(rep(), team.loc["r1"], bench, signals, rules, catalog)
    ids = [a.rule.id for a in plan]
    assert ids[0] == "low-contact-rate" and plan[0].module.id == "call-timing"
    assert "contact-rate-below-peers" not in ids  # "unless: low_contact_rate"
    assert plan[0].signal["threshold"] == 0.195


def test_burnout_blocks_the_push_for_more_calls(team, rules, catalog):
    kpis = team.loc["r2"].copy()
    kpis["calls_per_working_day"] = 30.0  # half the team median: "few-calls" would fire
    signals = pd.DataFrame(
        [{"rep_id": "r2", "signal": "burnout", "metric": "after_hours_share", "value": 0.3, "benchmark": 0.03,
          "threshold": 0.1, "evidence": {}}]
    )  # fmt: skip
    plan = coaching_actions(rep("r2"), kpis, benchmarks(team, team, min_group=1), signals, rules, catalog)
    modules = [a.module.id for a in plan]
    assert modules[0] == "workload-review"
    assert "time-management" not in modules


def test_healthy_rep_gets_only_development_or_nothing(team, rules, catalog):
    bench = benchmarks(team, team, min_group=1)
    plan = coaching_actions(rep("r4"), team.loc["r4"], bench, no_signals(), rules, catalog)
    assert all(a.kind == "develop" for a in plan)
    assert not {a.module.id for a in plan} & {"call-timing", "workload-review", "discovery-questions"}


def test_departed_rep_gets_no_plan(team, rules, catalog):
    signals = pd.DataFrame([{"rep_id": "r1", "signal": "departed", "metric": None, "value": math.nan,
                             "benchmark": math.nan, "threshold": math.nan, "evidence": {}}])  # fmt: skip
    bench = benchmarks(team, team, min_group=1)
    assert coaching_actions(rep(), team.loc["r1"], bench, signals, rules, catalog) == []


def test_rule_scope_by_team_type(team, rules, catalog):
    bench = benchmarks(team, team, min_group=1)
    plan = coaching_actions(rep(team_type="field"), team.loc["r1"], bench, no_signals(), rules, catalog)
    assert "contact-rate-below-peers" not in [a.rule.id for a in plan]  # a telesales-only rule


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("rules:\n  - {id: x, when: {signal: sad}, module: negotiation, support: check_in, impact: 3}\n",
         "rule x: unknown signal sad"),
        ("rules:\n  - {id: x, when: {signal: burnout}, module: yoga, support: check_in, impact: 3}\n",
         "module 'yoga' is not in the training catalog"),
        ("rules:\n  - {id: x, when: {metric: wins, below: team_median}, module: negotiation,"
         " support: check_in, impact: 3}\n", "metric 'wins' is not a KPI"),
        ("rules:\n  - {id: x, when: {signal: burnout}, module: negotiation, support: check_in, impact: 3}\n",
         "a signal rule needs goal"),
        ("rules:\n  - {id: x, when: {metric: win_rate, below: boss}, module: negotiation, support: check_in,"
         " impact: 3}\n", "benchmark 'boss'"),
        ("rules:\n  - {id: x, when: {signal: burnout}, module: negotiation, goal: win_rate,"
         " support: check_in, impact: 9}\n",
         "impact must be a whole number from 1 to 5"),
        ("rules:\n  - {id: x, when: {signal: burnout}, module: negotiation, goal: win_rate,"
         " support: hugs, impact: 3}\n",
         "support 'hugs'"),
        ("rules:\n  - {id: x, when: {signal: burnout}, module: negotiation, support: check_in, impact: 3,"
         " colour: red}\n", "unknown key colour"),
        ("min_sample: {revenue: 3}\nrules:\n  - {id: x, when: {signal: burnout}, module: negotiation,"
         " goal: win_rate, support: check_in, impact: 3}\n", "min_sample: 'revenue' is not a rate KPI"),
        ("min_sample: {nps: 0}\nrules:\n  - {id: x, when: {signal: burnout}, module: negotiation,"
         " goal: win_rate, support: check_in, impact: 3}\n", "min_sample nps must be a whole number from 1"),
        ("min_sample: [nps]\nrules:\n  - {id: x, when: {signal: burnout}, module: negotiation,"
         " goal: win_rate, support: check_in, impact: 3}\n", "min_sample must be a mapping"),
        ("stretch: 2\nrules:\n  - {id: x, when: {signal: burnout}, module: negotiation,"
         " goal: win_rate, support: check_in, impact: 3}\n", "stretch must be a share"),
        ("quota_ramped: 'no'\nrules:\n  - {id: x, when: {signal: burnout}, module: negotiation,"
         " goal: win_rate, support: check_in, impact: 3}\n", "quota_ramped must be true or false, not 'no'"),
    ],
)  # fmt: skip
def test_bad_rules_name_the_file_and_rule(tmp_path, catalog, text, message):
    (tmp_path / "coaching_rules.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ParameterError, match=message) as err:
        load_rules(tmp_path / "coaching_rules.yaml", catalog)
    assert "coaching_rules.yaml" in str(err.value)


def test_bad_catalog_names_the_module(tmp_path):
    (tmp_path / "c.yaml").write_text(
        "modules:\n  - {id: m1, title: {en: A}, skill_area: sales_skills, format: workshop, hours: 2}\n",
        encoding="utf-8",
    )
    with pytest.raises(ParameterError, match=r"module m1: title needs text in each of en, zh"):
        load_catalog(tmp_path / "c.yaml")


# ----------------------------------------------- benchmarks over other people need a group (#14 defect 5)
def test_a_peer_group_of_one_is_no_benchmark(team):
    """The demo's managers each had one peer, the other team's manager: the "peer median" was that
    person's exact figures. Below the floor there is no median, no rank and no peer column at all."""
    other_manager = team.loc[["r2"]]
    bench = benchmarks(team, other_manager, rep_id="r1")  # the default floor: 5
    assert bench.min_group == 5 and bench.peers.empty
    assert int(bench.peer_count["win_rate"]) == 1
    assert math.isnan(bench.peer_median("win_rate")) and math.isnan(bench.peer_percentile("win_rate", 0.3))
    assert math.isnan(bench.value("peer_median", "contact_rate"))


def test_the_team_median_counts_the_others_not_the_rep(team):
    five = pd.concat([team, team.loc[["r4"]].rename(index={"r4": "r5"})])  # the rep and four others
    assert math.isnan(benchmarks(five, five.drop("r1"), rep_id="r1").team_median["win_rate"])
    six = pd.concat([five, team.loc[["r4"]].rename(index={"r4": "r6"})])  # the rep and five others
    bench = benchmarks(six, six.drop("r1"), rep_id="r1")
    assert bench.team_median["win_rate"] == pytest.approx(0.335)  # 0.28 0.30 0.32 0.35 0.35 0.35
    assert bench.peer_median("win_rate") == pytest.approx(0.35)  # the rep left out of the peers
    assert int(bench.team_others["win_rate"]) == 5


def test_a_kpi_with_too_few_values_has_no_benchmark_while_the_others_keep_theirs(team):
    six = pd.concat([team.rename(index=lambda r: f"{r}a"), team.rename(index=lambda r: f"{r}b")]).iloc[:6]
    six.loc[six.index[1:4], "csat"] = math.nan  # two people besides r1a have a CSAT
    bench = benchmarks(six, six.drop("r1a"), rep_id="r1a")
    assert math.isnan(bench.team_median["csat"]) and "csat" not in bench.peers
    assert not math.isnan(bench.team_median["win_rate"]) and "win_rate" in bench.peers


def test_no_rule_fires_on_a_benchmark_that_is_not_there(team, rules, catalog):
    """The rule "contact rate 15 % below the peer median" cannot fire on one other person's figure."""
    bench = benchmarks(team, team.loc[["r3"]], rep_id="r1")
    plan = coaching_actions(rep(), team.loc["r1"], bench, no_signals(), rules, catalog)
    assert all(a.benchmark_kind not in ("peer_median", "team_median") for a in plan)
    with pytest.raises(ValueError, match="min_group must be at least 1"):
        benchmarks(team, team, min_group=0)


def test_minimum_samples_default_and_override(tmp_path, catalog, rules):
    from salesnb.coaching.feedback import DEFAULT_MIN_SAMPLE

    assert rules.min_sample["nps"] == 10 and rules.min_sample["win_rate"] == 5 and rules.stretch == 0.1
    (tmp_path / "coaching_rules.yaml").write_text(
        "min_sample: {nps: 30}\nrules:\n  - {id: x, when: {signal: burnout}, module: negotiation,"
        " goal: win_rate, support: check_in, impact: 3}\n",
        encoding="utf-8",
    )
    own = load_rules(tmp_path / "coaching_rules.yaml", catalog)
    assert own.min_sample["nps"] == 30 and own.min_sample["csat"] == DEFAULT_MIN_SAMPLE["csat"]
    assert rules.quota_ramped and own.quota_ramped  # quotas ramp unless the file says they do not
    (tmp_path / "coaching_rules.yaml").write_text(
        "quota_ramped: false\nrules:\n  - {id: x, when: {signal: burnout}, module: negotiation,"
        " goal: win_rate, support: check_in, impact: 3}\n",
        encoding="utf-8",
    )
    assert not load_rules(tmp_path / "coaching_rules.yaml", catalog).quota_ramped


def test_every_kpi_has_an_impact_weight_and_team_costs_weigh_nothing():
    from salesnb.coaching.feedback import TEAM_ALLOCATED, WEIGHTS, impact_score
    from salesnb.kpis import CATALOG

    assert set(WEIGHTS) == set(CATALOG)
    assert all(0 <= r <= 1 and 0 <= c <= 1 for r, c in WEIGHTS.values())
    assert {"cac", "clv_cac_ratio"} == TEAM_ALLOCATED
    assert all(impact_score(k, 0.9) == 0 for k in TEAM_ALLOCATED)
