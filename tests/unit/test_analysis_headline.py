"""The headline's one ranking rule (docs/findings.md): severity (a cause raised to the outcome it explains),
then tier, then kind, then size."""

from __future__ import annotations

import pytest

from salesnb.analysis.findings import Severity
from salesnb.analysis.headline import MAX_FINDINGS, TIERS, Candidate, HeadlineKind, rank_findings


def test_every_kind_has_a_tier_and_causes_come_before_outcomes():
    assert set(TIERS) == set(HeadlineKind)
    assert HeadlineKind.BURNOUT.tier < HeadlineKind.LOW_CONTACT_RATE.tier < HeadlineKind.BELOW_TARGET.tier
    assert HeadlineKind.BELOW_TARGET.tier < HeadlineKind.GOALS_BEHIND.tier < HeadlineKind.COACHING_GAP.tier


def test_severity_then_kind_then_the_larger_size_lead():
    small = Candidate("stalled_pipeline", "high", 0.2, "risks", "small stall")
    large = Candidate("stalled_pipeline", "high", 0.6, "risks", "large stall")
    slow = Candidate("bottleneck", "high", 3.8, "stages", "slow stage")
    medium = Candidate("stalled_pipeline", "medium", 0.9, "risks", "medium stall")
    assert [c.text for c in rank_findings([medium, slow, small, large])] == [
        "large stall", "small stall", "slow stage", "medium stall",
    ]  # fmt: skip


def test_a_sentence_is_kept_once_and_at_most_five_are_kept():
    same = [Candidate("goals_behind", "low", i, "goals", "the same") for i in range(3)]
    assert len(rank_findings(same)) == 1
    many = [Candidate("coaching_gap", "low", i, "rep.feedback", str(i)) for i in range(9)]
    assert [c.text for c in rank_findings(many)] == ["8", "7", "6", "5", "4"]
    assert len(rank_findings(many, limit=2)) == 2 and MAX_FINDINGS == 5
    assert rank_findings([]) == []


def test_a_candidate_takes_only_known_kinds_and_severities():
    c = Candidate("burnout", "high", 1.0, "workload", "x")
    assert c.kind is HeadlineKind.BURNOUT and c.severity is Severity.HIGH
    with pytest.raises(ValueError):
        Candidate("mood", "high", 1.0, "workload", "x")
    with pytest.raises(ValueError):
        Candidate("burnout", "dire", 1.0, "workload", "x")


def test_a_cause_takes_the_severity_of_the_outcome_it_explains_and_only_of_that():
    dialer = Candidate("high_activity_low_conv", "medium", 3.0, "rep.plan", "busy, not converting")
    missed = Candidate("below_target", "high", 0.4, "rep.scorecard", "missed quota")
    forecast = Candidate("forecast_unreliable", "medium", 0.9, "forecast", "forecast")
    ranked = rank_findings([forecast, missed, dialer])
    assert [(c.text, c.severity) for c in ranked] == [
        ("busy, not converting", Severity.HIGH),
        ("missed quota", Severity.HIGH),
        ("forecast", Severity.MEDIUM),
    ]
    # in a team review, a rep's finding explains only the outcomes that name that rep
    burnout = Candidate("burnout", "medium", 1.0, "workload", "r2 burned out", frozenset({"r2"}))
    others = Candidate("below_target", "high", 2.0, "reps", "r1, r3 below", frozenset({"r1", "r3"}))
    assert [(c.text, c.severity) for c in rank_findings([burnout, others])] == [
        ("r1, r3 below", Severity.HIGH), ("r2 burned out", Severity.MEDIUM),
    ]  # fmt: skip
    named = Candidate("below_target", "high", 3.0, "reps", "r1, r2 below", frozenset({"r1", "r2"}))
    assert [c.text for c in rank_findings([named, burnout])] == ["r2 burned out", "r1, r2 below"]
    # a team-wide cause (the stall) explains every outcome; nothing is ever lowered
    stall = Candidate("stalled_pipeline", "low", 1.0, "risks", "stall")
    assert rank_findings([others, stall])[0] == Candidate("stalled_pipeline", "high", 1.0, "risks", "stall")
    assert (
        rank_findings([Candidate("burnout", "high", 1.0, "workload", "x"), missed])[0].severity
        == Severity.HIGH
    )
