"""The team review's analysis sections say what the analysis found, with the numbers behind it."""

import pandas as pd
import pytest

from salesnb.analysis.findings import risk_frame
from salesnb.reports import team_review as sections
from salesnb.reports.team_review import customers, outlook, people, risks
from salesnb.reviews import load_team_review
from salesnb.text.formatting import format_value


def capture(monkeypatch) -> list[str]:
    """What the analysis sections display, instead of displaying it (their charts are dropped)."""
    shown: list[str] = []
    for module in (outlook, customers, people, risks):
        monkeypatch.setattr(module, "show_html", shown.append)
        if hasattr(module, "show_figure"):
            monkeypatch.setattr(module, "show_figure", lambda fig: None)
    return shown


@pytest.fixture(scope="module")
def field(demo_db):
    return load_team_review("bj-field", "2026-10", "en", db_path=str(demo_db))


@pytest.fixture(scope="module")
def online(demo_db):
    return load_team_review("sh-online", "2026-10", "en", db_path=str(demo_db))


def test_bottleneck_sentence_names_the_stalled_stage_with_its_numbers(field):
    stages = field.analysis.stages.set_index("stage")
    proposal = stages.loc["proposal"]
    sentence = sections.bottleneck_sentence(field)
    assert sentence.startswith("Bottleneck: Proposal / quote.")
    for number in (
        format_value(proposal["conversion"], "ratio"),
        format_value(proposal["median_days"], "days"),
        f"{proposal['deterioration']:.1f}×",
        format_value(proposal["in_stage_at_end"], "count"),
    ):
        assert number in sentence


def test_no_bottleneck_is_claimed_for_a_healthy_team(online):
    assert not online.analysis.stages["significant"].any()
    assert not sections.bottleneck_sentence(online).startswith("Bottleneck")


def test_forecast_table_shows_every_method_with_its_error(field):
    frame = sections.forecast_frame(field)
    assert len(frame) == 3
    assert frame["Backtest WAPE"].str.endswith("%").all()
    assert (frame["This period"] == format_value(396000.0, "currency")).all()  # October is complete


def test_workload_names_the_burned_out_rep_and_rebalances_around_them(online):
    names = online.analysis.names
    text = " ".join(sections.workload_sentences(online))
    assert f"Burnout signal — {names['sh-online-r02']}" in text
    assert "+41%" in text  # activities per day 51.2 → 72.0
    # the rep holding the most open deals (1.5× the median or more) works ordinary hours: a full book, not
    # overload, so nothing moves (#17: overload needs effort, never only many deals)
    deals = online.analysis.imbalance.set_index("metric").loc["open_deals"]
    assert deals["flagged"] and deals["most_loaded"] != "sh-online-r02"
    assert online.analysis.rebalance.empty
    who, most = names[deals["most_loaded"]], int(deals["max"])
    assert f"{who} holds {most} open deals, {deals['max_to_median']:.1f}× the team median" in text
    assert "a full book, not overload, so no deals move" in text


def test_risk_register_rows_carry_evidence_and_response(field):
    frame, summary = sections.risks_frame(field)
    assert {"Stalled pipeline", "Below target"} <= set(frame["Risk"])
    # the stalled deals are one table with one summarising sentence, not a repeated row each
    assert "Stalled deal" not in set(frame["Risk"])
    assert frame["Evidence"].str.len().gt(10).all() and frame["Suggested response"].ne("").all()
    stalled = risk_frame(field.analysis.risks).query("risk == 'stalled_deal'")
    assert summary.startswith(f"{len(stalled)} open deals")
    table, more = sections.stalled_frame(field)
    assert len(table) == min(len(stalled), sections.MAX_ROWS)
    assert table["Days in stage"].str.replace(",", "").astype(int).is_monotonic_decreasing
    assert (more != "") == (len(stalled) > sections.MAX_ROWS)
    order = frame["Severity"].map({"high": 0, "medium": 1, "low": 2})
    assert order.is_monotonic_increasing


def test_payouts_total_row_adds_up(field):
    frame = sections.payouts_frame(field)
    assert frame["Rep"].iloc[-1] == "Team"
    assert frame["Total"].iloc[-1] == format_value(field.analysis.payouts["total"].sum(), "currency")


def test_recognition_top_performer_has_the_highest_attainment(online):
    reps = online.reps[online.reps["level"] != "manager"].dropna(subset=["quota_attainment"])
    best = reps.loc[reps["quota_attainment"].idxmax()]
    first = sections.recognition_sentences(online)[0]
    assert (
        first == f"Top performer: {best['name']}, {format_value(best['quota_attainment'], 'ratio')} of quota."
    )


def test_crm_names_are_escaped_in_the_at_risk_table(online, monkeypatch):
    shown = capture(monkeypatch)
    original = online.analysis.at_risk
    evil = original.copy()
    evil.loc[evil.index[0], "name"] = '<script>alert("x")</script>'
    online.analysis.at_risk = evil
    try:
        sections.show_customers(online)
    finally:
        online.analysis.at_risk = original
    html = "".join(shown)
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_both_languages_render_every_section(demo_db, monkeypatch):
    for language in ("en", "zh"):
        review = load_team_review("bj-field", "2026-10", language, db_path=str(demo_db))
        shown = capture(monkeypatch)
        for show in (
            sections.show_trends,
            sections.show_forecast,
            sections.show_recognition,
            sections.show_stages,
            sections.show_customers,
            sections.show_workload,
            sections.show_risks,
            sections.show_payouts,
        ):
            show(review)
        text = "".join(shown)
        assert "{" not in text.replace("{}", "")  # no unfilled placeholder
        if language == "zh":
            assert "瓶颈阶段" in text and "风险登记" in text
        assert pd.notna(review.analysis.forecast["wape"]).all()
