"""The pipeline at a moment: the stage and probability each deal had then, from the stage history only."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from salesnb.kpis import compute_kpis, compute_measures
from salesnb.kpis.measures.pipeline import open_deals_at, open_deals_over, records_end
from salesnb.periods import Period
from tests.unit.test_analysis_common import make_slice

MARCH = Period.parse("2026-03")
END = pd.Timestamp("2026-04-01")  # the moment after 31 March

# open on 31 March, won on 15 April; another still open (now in negotiation, at the CRM's own 0.8)
DEALS = [
    ("won", "a", "c1", "won", 1000, "2026-03-01", "2026-04-15", "closed_won", 1.0, "2026-04-10"),
    ("open", "a", "c2", "open", 400, "2026-03-10", None, "negotiation", 0.8, "2026-05-10"),
]
HISTORY = [
    ("won", "qualification", "2026-03-01"),
    ("won", "proposal", "2026-03-20"),
    ("won", "closed_won", "2026-04-15"),
    ("open", "qualification", "2026-03-10"),
    ("open", "negotiation", "2026-04-20"),
]


def _slice(history=HISTORY, deals=DEALS):
    return make_slice(reps=[("a", "senior", "2020-01-01", None)], opps=deals, history=history)


def test_a_deal_won_later_was_open_with_the_stage_it_had_then():
    data = _slice()
    d = open_deals_at(data["opportunities"], data["stage_history"], END).set_index("opportunity_id")
    assert d.loc["won", "stage_then"] == "proposal"  # not "closed_won": it was won on 15 April
    assert d.loc["won", "stage_entered_at"] == pd.Timestamp("2026-03-20")
    assert d.loc["won", "probability_then"] == 0.5  # proposal's standard, not the final 1.0
    assert d.loc["open", "stage_then"] == "qualification"  # moved to negotiation on 20 April
    assert d.loc["open", "probability_then"] == 0.1  # its own 0.8 belongs to negotiation
    assert d["stage_known"].all()


def test_without_history_the_stage_then_is_unknown_and_never_a_closed_stage():
    data = _slice(history=[])
    d = open_deals_at(data["opportunities"], data["stage_history"], END).set_index("opportunity_id")
    assert sorted(d.index) == ["open", "won"]  # both were open: age since creation is known
    assert not d["stage_known"].any()
    assert d["stage_then"].isna().all() and d["stage_entered_at"].isna().all()
    assert d["probability_then"].isna().all()


def test_a_closing_entry_before_a_later_close_says_nothing_of_the_stage_then():
    # a CRM that stamped the win on 28 March though the close date is 15 April
    history = [("won", "qualification", "2026-03-01"), ("won", "closed_won", "2026-03-28")]
    data = _slice(history=history, deals=DEALS[:1])
    d = open_deals_at(data["opportunities"], data["stage_history"], END)
    assert d["stage_then"].isna().all() and not d["stage_known"].any()


def test_after_the_last_record_a_deal_still_open_is_in_its_recorded_stage():
    data = _slice(history=[])
    assert records_end(data["opportunities"], data["stage_history"]) == pd.Timestamp("2026-04-15")
    d = open_deals_at(data["opportunities"], data["stage_history"], pd.Timestamp("2026-05-01"))
    assert d[["opportunity_id", "stage_then", "probability_then"]].values.tolist() == [
        ["open", "negotiation", 0.8]
    ]
    # the as-of day, when the caller knows it, overrides the inference
    later = open_deals_at(
        data["opportunities"], data["stage_history"], pd.Timestamp("2026-05-01"), pd.Timestamp("2026-06-01")
    )
    assert not later["stage_known"].any()


def test_weighted_pipeline_of_a_past_month_by_hand():
    m = compute_measures(_slice(), [MARCH]).loc[("2026-03", "a")]
    k = compute_kpis(m.to_frame().T).iloc[0]
    assert k["pipeline_value"] == 1400
    # won: 1000 × 0.5 (proposal on 31 March) + open: 400 × 0.1 (qualification on 31 March) = 540
    assert k["weighted_pipeline"] == pytest.approx(540)
    assert k["weighted_pipeline"] != k["pipeline_value"]


def test_weighted_pipeline_is_unavailable_while_a_stage_then_is_unknown():
    m = compute_measures(_slice(history=HISTORY[:3]), [MARCH])  # "open" has no history
    assert m.loc[("2026-03", "a"), "pipeline_unweighted"] == 1
    assert math.isnan(compute_kpis(m).iloc[0]["weighted_pipeline"])
    # April's end is after the last record: the open deal's own probability holds, the won deal is closed
    april = compute_kpis(compute_measures(_slice(history=HISTORY[:3]), [Period.parse("2026-04")]))
    assert april.iloc[0]["weighted_pipeline"] == pytest.approx(400 * 0.8)


@pytest.mark.parametrize("history", [HISTORY, [], [*HISTORY[:2], ("won", "proposal", "2026-03-20")]])
def test_the_pipeline_over_many_moments_is_the_pipeline_at_each_of_them(history):
    """One pass over all period ends (the measures' path) agrees row for row with one moment at a time,
    including an entry on the moment itself (not before it), a tie in the history and moments past the
    data's end."""
    data = _slice(history=history)
    opps, hist = data["opportunities"], data["stage_history"]
    moments = pd.to_datetime(
        ["2026-03-01", "2026-03-10", "2026-03-20", "2026-04-01", "2026-04-16", "2026-06-01"]
    )
    over = open_deals_over(opps, hist, moments[::-1])  # in any order, by moment in the result
    assert over["moment"].is_monotonic_increasing
    for moment in moments:
        one = open_deals_at(opps, hist, moment)
        mine = over[over["moment"] == moment].drop(columns="moment").reset_index(drop=True)
        pd.testing.assert_frame_equal(mine, one, check_dtype=False)  # a column all missing is object
    assert open_deals_over(opps, hist, []).empty


def test_coverage_without_stalled_deals_by_hand():
    """31 March: "won" entered proposal on 20 March (11 days: moving), "open" qualification on 10 March
    (21 days); by 30 April "open" has sat in negotiation since 20 April (10 days): nothing stalled.
    Seen from the end of May, "open" has been in negotiation since 20 April: 41 days, stalled."""
    may = Period.parse("2026-05")
    m = compute_measures(_slice(), [MARCH, may])
    assert m.loc[("2026-03", "a"), "pipeline_stalled_deals"] == 0
    row = m.loc[("2026-05", "a")]
    assert (row["pipeline"], row["pipeline_stalled"], row["pipeline_stalled_deals"]) == (400, 400, 1)
    m = pd.DataFrame([{"pipeline": 1400.0, "pipeline_stalled": 400.0, "next_quota": 500.0}])
    k = compute_kpis(m, ["pipeline_coverage", "pipeline_coverage_unstalled"])
    assert k.iloc[0]["pipeline_coverage"] == pytest.approx(2.8)
    assert k.iloc[0]["pipeline_coverage_unstalled"] == pytest.approx(2.0)
