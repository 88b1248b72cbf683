"""Judgement scenarios of the headline that opens every review (#17 point 1, "Findings first"): what it
must lead with, what a healthy team or rep is told, the ranking, and the demo's four planted patterns.

The teams come from the builders of the other scenarios and of the analysis tests; the headline reads
only what a review already holds, so each scenario hands it the parts of a review it reads.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import pandas as pd
import pytest

from salesnb.analysis.findings import RiskKind, Severity, Signal, SignalKind
from salesnb.analysis.headline import MAX_FINDINGS, Candidate, HeadlineKind, rank_findings
from salesnb.analysis.inputs import EVERYTHING, Availability, Input
from salesnb.analysis.risks import risk_register
from salesnb.analysis.signals import rep_signals
from salesnb.goals.progress import COLUMNS as GOAL_COLUMNS
from salesnb.reports.headline import findings_html, headline_html, tile_html
from salesnb.reports.rep_review.headline import rep_findings, rep_tiles
from salesnb.reports.team_review.headline import team_findings, team_tiles
from tests.scenarios.test_coaching import NOV, build_demo, review, team
from tests.scenarios.test_workload_risks import MONTHS, OCT, _deal, _review, _telesales
from tests.unit.test_analysis_common import make_slice
from tests.unit.test_analysis_workload import build

EMPTY = pd.DataFrame()


def team_review(data: dict, risks: list, stages: pd.DataFrame = EMPTY, **more: object) -> SimpleNamespace:
    """The parts of a team review the headline reads (no forecast, no goals unless given)."""
    r = _review(data, risks=risks, stages=stages, forecast=EMPTY)
    r.goals = more.pop("goals", pd.DataFrame(columns=GOAL_COLUMNS))
    r.reps = data["reps"]
    r.__dict__.update(more)
    return r


def test_burnout_leads_the_team_and_the_rep_headline():
    data = build()  # rep a: 20 → 30 calls a day, after hours 2.5 % → 20 %, win rate halved
    signals = rep_signals(data, OCT, burnout_periods=1)
    assert [s.kind for s in signals if s.rep_id == "a"] == [SignalKind.BURNOUT]
    risks = risk_register(data, OCT, signals=signals)
    assert {r.kind for r in risks} >= {RiskKind.BURNOUT, RiskKind.REP_CONCENTRATION}
    found = team_findings(team_review(data, risks))
    assert found[0].kind == HeadlineKind.BURNOUT and found[0].section == "workload"
    assert found[0].text.startswith("Burnout – A: ") and "after-hours share 2.5% → 20.0%" in found[0].text
    # the rep's own review leads with it too, and never shows the extra calls as good news
    measures, roster = team({"a": {"activities": 2600.0, "after_hours": 500.0, "deals_won": 2.0}})
    card, _, gaps = review(measures, roster, "a", [SignalKind.BURNOUT])
    rep = rep_review(card, gaps, [s for s in signals if s.rep_id == "a"])
    first = rep_findings(rep)[0]
    assert first.kind == HeadlineKind.BURNOUT and first.section == "rep.workload"
    assert first.text.startswith("Burnout: ")


def test_a_stalled_stage_is_in_the_headline_with_its_deals_and_amount():
    # 14 deals of two reps sit in Proposal since the summer (the stalled-deal scenario's team)
    reps = [("a", "senior", "2020-01-01", None), ("b", "senior", "2020-01-01", None)]
    opps = [_deal(f"d{i}", "ab"[i % 2], "open", "2026-06-01", 1000.0 * (i + 1)) for i in range(14)]
    history = [(f"d{i}", "proposal", f"2026-{7 + i % 3:02d}-0{1 + i % 5}") for i in range(14)]
    data = make_slice(reps=reps, opps=opps, history=history)
    found = team_findings(team_review(data, risk_register(data, OCT)))
    stall = [c for c in found if c.kind in (HeadlineKind.STALLED_PIPELINE, HeadlineKind.STALLED_DEALS)]
    assert stall and found[0] == stall[0] and found[0].section == "risks"
    assert "¥105,000" in found[0].text
    # a stage bottleneck the stage analysis found is a finding with its numbers, linked to the stages
    stages = pd.DataFrame([{
        "stage": "proposal", "deterioration": 3.8, "is_bottleneck": True, "significant": True,
        "in_stage_at_end": 37, "conversion": 0.433, "baseline_conversion": 0.638,
    }])  # fmt: skip
    found = team_findings(team_review(data, risk_register(data, OCT), stages=stages))
    bottleneck = next(c for c in found if c.kind == HeadlineKind.BOTTLENECK)
    assert bottleneck.section == "stages" and bottleneck.severity == Severity.HIGH
    assert "37 deals are waiting in Proposal / quote" in bottleneck.text and "3.8×" in bottleneck.text
    # not significant: no finding
    assert not [c for c in team_findings(team_review(data, [], stages.assign(significant=False)))]


def rep_review(
    card: pd.DataFrame, gaps: pd.DataFrame, signals: list, language: str = "en"
) -> SimpleNamespace:
    """The parts of a rep review the headline reads, from the coaching scenarios' scorecard and gaps."""
    return SimpleNamespace(
        language=language, currency="CNY", signals=signals, gaps=gaps, period=NOV,
        goals=pd.DataFrame(columns=GOAL_COLUMNS), scorecard=card.reset_index(), min_group=5,
        trend=pd.DataFrame(), inputs=Availability(NOV.label, EVERYTHING), team_type="telesales",
        level="junior", tenure_months=30.0, peer_group=6, team_size=6,
    )  # fmt: skip


def test_a_healthy_rep_and_team_are_told_nothing_needs_action():
    measures, roster = team({"steady": {}})  # a rep exactly like the six team-mates
    card, _, gaps = review(measures, roster, "steady")
    rep = rep_review(card, gaps, [])
    assert gaps.empty and rep_findings(rep) == []
    html = findings_html(rep_findings(rep), "en", "Nothing needs action for 2026-11.")
    assert "Nothing needs action" in html and "<ol>" not in html
    # a team of six reps dialling and connecting alike, no deal stalled: no risk, so no finding either
    reps = [(f"r{i}", "senior", "2020-01-01", None) for i in range(6)]
    daily = [(f"r{i}", f"{m}-05", "call", 600, 180, 0, 0) for i in range(6) for m in MONTHS]
    data = make_slice(reps=reps, daily=daily)
    risks = risk_register(data, OCT)
    assert risks == [] and team_findings(team_review(data, risks)) == []
    # a missing input is said, never a finding of zero
    rep.inputs = Availability(NOV.label, frozenset(EVERYTHING) - {Input.ACTIVITIES})
    from salesnb.reports.missing import missing_sentence

    said = missing_sentence(rep.inputs, "headline", "rep", "en")
    assert said.startswith("No activities") and "leave out" in said


def test_findings_are_ranked_severe_above_mild_and_at_most_five():
    mild = Candidate("coaching_gap", "low", 0.9, "rep.feedback", "gap")
    risk = [Candidate("below_target", s, 1.0, "reps", f"below {s}") for s in ("low", "high", "medium")]
    ranked = rank_findings([mild, *risk])
    assert [c.text for c in ranked] == ["below high", "below medium", "below low", "gap"]
    # the over-dialer: conversion (a cause) ranks above the missed quota it explains
    many = [Candidate(k, "medium", i, "risks", f"{k} {i}") for i, k in enumerate(HeadlineKind)]
    assert len(rank_findings(many)) == MAX_FINDINGS
    assert rank_findings(many)[0].kind == HeadlineKind.BURNOUT
    # a low-contact signal (medium) and a below-target risk (high) on one team: both shown, cause first
    data = _telesales()
    risks = risk_register(data, OCT)
    low = next(r for r in risks if r.kind == RiskKind.LOW_CONTACT_RATE)
    found = team_findings(team_review(data, risks))
    assert found[0].kind == HeadlineKind.LOW_CONTACT_RATE and found[0].severity == low.severity
    assert "12.0%" in found[0].text and "1,800 dials" in found[0].text


def test_the_headline_is_escaped_and_worded_in_chinese():
    bad = Candidate("coaching_gap", "low", 1.0, "rep.feedback", "<script>x</script> & co")
    html = headline_html(findings_html([bad], "zh", ""), [], "zh", "CNY")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "要点速览" in html and 'href="#sec-rep-feedback"' in html and "低" in html


# ------------------------------------------------------------------------- the demo's planted patterns
@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    return build_demo(tmp_path_factory.mktemp("headline-demo"))


def _rep_of(db, name: str) -> str:
    from salesnb.warehouse import connect

    with connect(db) as con:
        return con.execute("SELECT rep_id FROM reps WHERE name = ?", [name]).fetchone()[0]


def _load_rep(db, name: str):
    from salesnb.reviews.rep import load_rep_review
    from tests.scenarios.test_coaching import PARAMS

    return load_rep_review(rep=_rep_of(db, name), period="2026-11", db_path=str(db), params_dir=str(PARAMS))


def test_demo_bj_field_leads_with_its_stall(demo_db):
    from salesnb.reviews import load_team_review
    from tests.scenarios.test_coaching import PARAMS

    t = load_team_review(team="bj-field", period="2026-11", db_path=str(demo_db), params_dir=str(PARAMS))
    found = team_findings(t)
    assert 3 <= len(found) <= MAX_FINDINGS
    assert found[0].kind in (HeadlineKind.STALLED_PIPELINE, HeadlineKind.BOTTLENECK)
    assert "Proposal" in found[0].text and re.search(r"¥[\d,]+", found[0].text)
    # the tiles: attainment below target, in words, with its last six months
    attainment = next(x for x in team_tiles(t) if x.kpi == "quota_attainment")
    assert attainment.status == "below_target" and len(attainment.series) == 6
    # a coverage swollen by stalled deals never reads as healthy: amber, with the live coverage beside it
    coverage = next(x for x in team_tiles(t) if x.kpi == "pipeline_coverage")
    assert coverage.status == "inflated" and t.coverage["stalled_deals"] > 0
    assert coverage.against.endswith(f"without its {int(t.coverage['stalled_deals'])} stalled deals")
    assert coverage.value > t.coverage["without"]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("李艳", HeadlineKind.BURNOUT),
        ("Olivia Lee", HeadlineKind.HIGH_ACTIVITY_LOW_CONV),
        ("胡秀英", HeadlineKind.LOW_CONTACT_RATE),
    ],
)
def test_demo_reps_lead_with_their_planted_pattern(demo_db, name, kind):
    r = _load_rep(demo_db, name)
    found = rep_findings(r)
    assert found[0].kind == kind and len(found) <= MAX_FINDINGS
    if kind == HeadlineKind.HIGH_ACTIVITY_LOW_CONV:  # the dialling is a symptom, never good news
        calls = next(t for t in rep_tiles(r) if t.kpi == "calls_per_working_day")
        assert calls.status == "symptom"


def test_signal_records_reach_the_rep_headline_in_their_own_words():
    s = Signal.of("low_contact_rate", "me", "medium", "contact_rate", 0.12, 0.3, 0.2,
                  periods=3, peers=6, connects=120, dials=1000, margin=0.35, ratio_to_median=0.4)  # fmt: skip
    measures, roster = team({"me": {}})
    card, _, gaps = review(measures, roster, "me")
    found = rep_findings(rep_review(card, gaps, [s], "zh"))
    assert found[0].text.startswith("接通率偏低：") and found[0].section == "rep.plan"


def test_tiles_say_their_status_in_words_and_colour_with_a_trend_in_text():
    # behind on quota, two survey answers, dialling far above the team while burned out
    people = {"me": {"revenue": 30000.0, "csat_responses": 2.0, "csat_satisfied": 1.0, "activities": 2600.0}}
    measures, roster = team(people)
    card, _, gaps = review(measures, roster, "me", [SignalKind.BURNOUT])
    # a burnout signal as the analysis makes one (the workload tests' rep a), for this rep
    burnout = next(s for s in rep_signals(build(), OCT, burnout_periods=1) if s.kind == SignalKind.BURNOUT)
    rep = rep_review(card, gaps, [burnout])
    rep.trend = pd.DataFrame({"quota_attainment": [1.0, 0.8, 0.5]}, index=["2026-09", "2026-10", "2026-11"])
    tiles = {t.kpi: t for t in rep_tiles(rep)}
    assert tiles["quota_attainment"].status == "below_target"
    assert tiles["csat"].status == "too_few" and tiles["csat"].against.startswith("n = 2")
    html = tile_html(tiles["quota_attainment"], "en", "CNY")
    assert "below target (target 100.0%)" in html and "#b42318" in html  # the words and the colour
    assert "<svg" in html and "2026-09–2026-11: 100.0%, 80.0%, 50.0%" in html  # the trend, also as text
    assert "too few to judge" in tile_html(tiles["csat"], "en", "CNY")
    calls = tiles.get("calls_per_working_day")
    assert calls is None or calls.status in ("symptom", "below_median", "near_median")  # never good news
    rep.language = "zh"
    zh = tile_html(next(t for t in rep_tiles(rep) if t.kpi == "quota_attainment"), "zh", "CNY")
    assert "未达标（目标 100.0%）" in zh and "100.0%、80.0%、50.0%" in zh


def test_a_departure_with_nothing_left_is_no_finding_but_one_with_open_deals_is():
    reps = [("a", "senior", "2020-01-01", "2026-08-15"), ("b", "senior", "2020-01-01", None)]
    data = make_slice(reps=reps, opps=[_deal("d1", "a", "open", "2026-10-01", 500.0)])
    left = [r for r in risk_register(data, OCT) if r.kind == RiskKind.REP_DEPARTED]
    assert left and left[0].value == 1
    found = team_findings(team_review(data, left))
    assert [c.kind for c in found] == [HeadlineKind.REP_DEPARTED] and "¥500" in found[0].text
    done = make_slice(reps=reps, opps=[_deal("d1", "b", "open", "2026-10-01", 500.0)])
    gone = [r for r in risk_register(done, OCT) if r.kind == RiskKind.REP_DEPARTED]
    assert all(not r.value for r in gone) and team_findings(team_review(done, gone)) == []
