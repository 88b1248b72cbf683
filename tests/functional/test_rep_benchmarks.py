"""Benchmarks over other people across every rep review of the demo (#14 defect 5).

The demo's managers each had one peer (same level and team type: the other team's manager), so the
"peer median" was that person's exact figures. Every active rep's review is computed for a month, and for
a quarter every manager's and one rep's per team (the groups a benchmark rests on are the same people in
both grains; the quarter checks that its medians are formed alike): no median or rank may rest on fewer
than ``min_group_size`` people besides the rep, none may be one other person's figures, and the report says
why a benchmark is missing.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from salesnb.analysis.findings import signal_frame
from salesnb.kpis import compute_kpis, compute_measures
from salesnb.periods import Period
from salesnb.privacy import MIN_GROUP_SIZE
from salesnb.reports import rep_review as report
from salesnb.reviews.rep import NOT_COMPARED, TEAM_MEDIAN_SIGNALS, load_rep_review
from salesnb.warehouse import connect
from salesnb.warehouse.slices import list_teams, load_slice

pytestmark = pytest.mark.slow
PERIODS = ["2026-10", "2026-Q3"]


def _everyone(db, period: Period) -> pd.DataFrame:
    """Every rep's KPIs in ``period`` (reps who worked in it)."""
    with connect(db) as con:
        teams = list_teams(con)
        data = load_slice(con, teams["team_id"].tolist(), period.start, period.end)
    m = compute_measures(data, [period]).xs(period.label, level="period")
    return compute_kpis(m[m["headcount"] > 0])


@pytest.fixture(scope="module")
def reviews(demo_db):
    """(period, review, every rep's KPIs): every active rep of the demo in a month, the managers and one rep
    per team in a quarter."""
    from salesnb.reviews.rep import active_reps

    out = []
    for label in PERIODS:
        period = Period.parse(label)
        kpis = _everyone(demo_db, period)
        with connect(demo_db) as con:
            reps = active_reps(con, list_teams(con)["team_id"].tolist(), period)
        if period.grain != "month":  # the managers and the first rep of each team
            manager = reps["level"].eq("manager")
            first_rep = ~manager & ~reps.assign(m=manager)[["team_id", "m"]].duplicated()
            reps = reps[manager | first_rep]
        for rep_id in reps["rep_id"]:
            review = load_rep_review(rep=rep_id, period=label, db_path=str(demo_db))
            out.append((label, review, kpis))
    return out


def _medians(review, column: str) -> pd.Series:
    card = review.scorecard.set_index("kpi")
    card = card[~card.index.isin(NOT_COMPARED)]
    return card[column].astype(float).dropna()


def test_every_active_rep_was_reviewed(reviews):
    months = [r for label, r, _ in reviews if label == PERIODS[0]]
    assert len(months) > 40  # 46 reps in the demo, the active ones
    quarters = [r for label, r, _ in reviews if label == PERIODS[1]]
    assert "manager" in {r.level for r in quarters} and len(quarters) >= 12
    assert {r.min_group for _, r, _ in reviews} == {MIN_GROUP_SIZE}


def test_no_benchmark_rests_on_fewer_people_than_the_setting(reviews):
    for label, r, _ in reviews:
        card = r.scorecard
        where = f"{r.rep_id} {label}"
        peer = card["peer_median"].notna() | card["peer_percentile"].notna()
        assert (card.loc[peer, "peers"] >= r.min_group).all(), where
        assert (card.loc[card["team_median"].notna(), "team_n"] >= r.min_group).all(), where
        if r.workload["team_median"].notna().any():
            assert r.workload_group >= r.min_group, where
        for s in signal_frame(r.signals).itertuples(index=False):
            if s.signal in TEAM_MEDIAN_SIGNALS:
                assert s.evidence["peers"] - 1 >= r.min_group, where
        for group in (r.strengths, r.gaps):  # the sentences rest on the same benchmarks
            assert (group["peer_median"].isna() | (group["peers"] >= r.min_group)).all(), where


def test_no_benchmark_is_one_other_persons_figures(reviews):
    checked = 0
    for label, r, kpis in reviews:
        others = kpis.drop(index=r.rep_id, errors="ignore")
        for column in ("peer_median", "team_median"):
            medians = _medians(r, column)
            if len(medians) < 2:
                continue
            theirs = others[medians.index]
            same = np.isclose(theirs.to_numpy(dtype=float), medians.to_numpy()[None, :], rtol=1e-9)
            assert not same.all(axis=1).any(), (r.rep_id, label, column, list(theirs.index[same.all(axis=1)]))
            checked += 1
    assert checked > 50


def test_the_managers_see_no_other_managers_pipeline(reviews):
    """The reproduction: every manager's one peer is the other team's manager."""
    managers = [(label, r) for label, r, _ in reviews if r.level == "manager"]
    assert len(managers) >= 6
    for _, r in managers:
        assert r.peer_group < r.min_group
        assert r.scorecard["peer_median"].isna().all() and r.scorecard["peer_percentile"].isna().all()
        notes = report.benchmark_notes(r)
        assert any(n.startswith(f"No peer median or rank: {r.peer_group} manager ") for n in notes), notes


def test_the_report_says_why_a_benchmark_is_missing(reviews):
    for _, r, _ in reviews:
        notes = report.benchmark_notes(r)
        if r.team_size < r.min_group:
            assert any("No team median" in n for n in notes)
        if r.peer_group < r.min_group:
            assert any("No peer median or rank" in n for n in notes)
        if not (r.scorecard["peer_median"].isna() | r.scorecard["team_median"].isna()).any():
            assert notes == [] or r.hidden_signals
