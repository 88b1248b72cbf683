"""Judgement scenarios for the rep review's coaching: small teams with known numbers, what the strengths,
gaps and goals must say and must not say (issue #17, "Coaching ranked by what matters and what the rep
controls")."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from salesnb.analysis.findings import SignalKind
from salesnb.coaching.feedback import DEFAULT_MIN_SAMPLE, TEAM_ALLOCATED, symptoms
from salesnb.goals.progress import COLUMNS as GOAL_COLUMNS
from salesnb.kpis import compute_measures
from salesnb.periods import Period
from salesnb.reviews.rep.benchmarks import improved_kpis, rep_benchmarks, rep_scorecard, strengths_and_gaps

sys.path.insert(0, str(Path(__file__).parents[1] / "unit"))
from test_analysis_common import make_slice

NOV = Period.parse("2026-11")
#: A settled telesales rep's month: 60 calls a day over 21 days, a third connected, 10 closed deals.
TYPICAL = {
    "revenue": 60000.0, "quota": 60000.0, "deals_won": 4.0, "deals_lost": 6.0, "cycle_days_won": 80.0,
    "leads_created": 40.0, "leads_converted": 4.0, "new_customers": 4.0, "dials": 1260.0,
    "connects": 400.0, "talk_seconds": 20 * 3600.0, "activities": 1300.0, "after_hours": 40.0,
    "weekend": 10.0, "csat_responses": 12.0, "csat_satisfied": 10.0, "nps_responses": 12.0,
    "nps_promoters": 6.0, "nps_detractors": 2.0, "sales_cost": 20000.0, "marketing_cost": 4000.0,
    "pipeline": 90000.0, "next_quota": 60000.0,
}  # fmt: skip


def team(people: dict[str, dict[str, float]], hired: dict[str, str] | None = None) -> tuple:
    """A telesales team of six typical reps plus ``people`` (rep id -> measures that differ), as the
    rep review reads it: the November measures and the roster."""
    ids = list(dict.fromkeys([*(f"mate{i}" for i in range(1, 7)), *people]))
    hired = hired or {}
    data = make_slice(reps=[(r, "junior", hired.get(r, "2023-01-02"), None) for r in ids])
    measures = compute_measures(data, [NOV])
    for rep in ids:
        for col, value in {**TYPICAL, **people.get(rep, {})}.items():
            measures.loc[(NOV.label, rep), col] = value
    roster = data["reps"].assign(team_type="telesales").set_index("rep_id")
    return measures, roster


def review(measures, roster, rep: str, signals=(), minimums=DEFAULT_MIN_SAMPLE):
    """The rep's scorecard, strengths and gaps as the rep review computes them."""
    bench, kpis, _, _ = rep_benchmarks(measures, roster, rep, "t", "junior", NOV, 5, minimums)
    row = measures.xs(NOV.label, level="period").loc[rep]
    card = rep_scorecard(
        list(kpis.index.drop("headcount")), kpis, pd.Series(dtype=float), bench, row,
        pd.DataFrame(columns=GOAL_COLUMNS), NOV, date(2026, 11, 30), minimums,
    )  # fmt: skip
    strengths, gaps = strengths_and_gaps(card, symptoms=symptoms(signals))
    return card.set_index("kpi"), strengths, gaps


def test_over_target_rep_is_never_given_a_gap_on_what_beats_its_target():
    # 125 % of quota while the team sells 200 %: below both medians, yet over target: no gap
    mates = {f"mate{i}": {"revenue": 120000.0} for i in range(1, 7)}
    measures, roster = team({"star": {"revenue": 75000.0}, **mates})
    card, _, gaps = review(measures, roster, "star")
    assert card.loc["quota_attainment", "value"] == pytest.approx(1.25)
    assert card.loc["quota_attainment", "team_median"] == pytest.approx(2.0)
    assert "quota_attainment" not in set(gaps["kpi"]) and "revenue" not in set(gaps["kpi"])


def test_a_rep_missing_target_has_it_as_a_gap_and_never_as_a_strength():
    mates = {f"mate{i}": {"revenue": 20000.0} for i in range(1, 7)}  # the team at 33 %
    measures, roster = team({"low": {"revenue": 30000.0}, **mates})  # 50 %: above the medians
    _, strengths, _ = review(measures, roster, "low")
    assert "quota_attainment" not in set(strengths["kpi"]) and "revenue" not in set(strengths["kpi"])
    measures, roster = team({"behind": {"revenue": 18000.0}})  # 30 % against a team at 100 %
    _, _, gaps = review(measures, roster, "behind")
    assert "quota_attainment" in set(gaps["kpi"])


def test_burnout_symptoms_are_never_strengths():
    # twice the calls and talk time, much of it after hours, winning less: burnout
    tired = {"dials": 2520.0, "connects": 800.0, "talk_seconds": 40 * 3600.0, "activities": 2600.0,
             "after_hours": 700.0, "deals_won": 2.0, "deals_lost": 8.0, "revenue": 30000.0}  # fmt: skip
    measures, roster = team({"tired": tired})
    _, strengths, _ = review(measures, roster, "tired")
    assert "calls_per_working_day" in set(strengths["kpi"])  # without the signal, effort reads as strength
    _, strengths, gaps = review(measures, roster, "tired", [SignalKind.BURNOUT])
    assert not {"calls_per_working_day", "talk_time_hours", "after_hours_share"} & set(strengths["kpi"])
    assert "win_rate" in set(gaps["kpi"])


def test_self_inflicted_over_dialer_is_coached_on_conversion_and_calls_are_no_strength():
    dialer = {"dials": 2100.0, "connects": 700.0, "activities": 2150.0, "talk_seconds": 33 * 3600.0,
              "deals_won": 1.0, "deals_lost": 14.0, "revenue": 15000.0, "leads_converted": 1.0}  # fmt: skip
    measures, roster = team({"dialer": dialer})
    card, strengths, gaps = review(measures, roster, "dialer", [SignalKind.HIGH_ACTIVITY_LOW_CONV])
    assert not {"calls_per_working_day", "talk_time_hours"} & set(strengths["kpi"])
    assert {"win_rate", "lead_conversion_rate"} <= set(gaps["kpi"])
    improved = card.reset_index().assign(change_pct=1.0)  # every KPI "up" on last month
    ups = improved_kpis(improved, symptoms=symptoms([SignalKind.HIGH_ACTIVITY_LOW_CONV]))
    assert "calls_per_working_day" not in set(ups["kpi"])


def test_tiny_survey_samples_are_shown_with_n_and_not_ranked():
    # NPS -100 and CSAT 0 % from two responses: two unhappy customers, not a gap
    unhappy = {"nps_responses": 2.0, "nps_promoters": 0.0, "nps_detractors": 2.0, "csat_responses": 2.0,
               "csat_satisfied": 0.0}  # fmt: skip
    measures, roster = team({"few": unhappy})
    card, strengths, gaps = review(measures, roster, "few")
    assert card.loc["nps", "value"] == pytest.approx(-100.0)
    assert card.loc["nps", "n"] == 2 and card.loc["nps", "min_n"] == DEFAULT_MIN_SAMPLE["nps"]
    assert not {"nps", "csat"} & (set(gaps["kpi"]) | set(strengths["kpi"]))
    # with enough responses the same rates are a gap
    measures, roster = team({"many": {k: v * 10 for k, v in unhappy.items()}})
    _, _, gaps = review(measures, roster, "many")
    assert {"nps", "csat"} <= set(gaps["kpi"])
    # a team-mate's two responses do not make the median either: the benchmark is over the others
    measures, roster = team({"mate1": unhappy, "me": {}})
    card, _, _ = review(measures, roster, "me", minimums={**DEFAULT_MIN_SAMPLE, "nps": 10})
    assert card.loc["nps", "team_n"] == 5  # six mates, one left out for its two responses


def test_team_allocated_costs_are_no_individual_feedback():
    assert {"cac", "clv_cac_ratio"} <= TEAM_ALLOCATED
    measures, roster = team({"costly": {"sales_cost": 90000.0, "new_customers": 1.0}})
    _, strengths, gaps = review(measures, roster, "costly")
    assert not TEAM_ALLOCATED & (set(gaps["kpi"]) | set(strengths["kpi"]))


def test_gaps_are_ranked_by_impact_not_by_the_largest_relative_number():
    # talk time 70 % below the team (activity: revenue weight 0.4) and win rate 40 % below (weight 0.8)
    slow = {"talk_seconds": 6 * 3600.0, "deals_won": 2.4, "deals_lost": 7.6, "cycle_days_won": 48.0}
    measures, roster = team({"slow": slow})
    _, _, gaps = review(measures, roster, "slow")
    assert gaps["kpi"].tolist()[:2] == ["win_rate", "talk_time_hours"]
    assert gaps["score"].tolist()[:2] == pytest.approx([0.4 * 0.8, 0.7 * 0.4])
