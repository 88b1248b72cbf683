"""Judgement scenarios for the plan given and followed through (issue #17, point 2: "The plan given is
stored, and next period's follow-through compares against it"): a rep given a plan in one month is judged
the next month against the targets given, even when the coaching rules changed in between; a rep with no
plan on record is told so, and a re-derived plan is shown only as such."""

from __future__ import annotations

import html
import shutil
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from salesnb.coaching import load_catalog
from salesnb.periods import Period
from salesnb.reports.rep_review import conversation
from salesnb.reviews.rep.coaching_goals import follow_through, stored_follow_through
from salesnb.reviews.rep.previous_plan import plan_given
from salesnb.warehouse import connect, replace_tables
from salesnb.warehouse.plans import read_plan, store_plans
from tests.scenarios.test_coaching import PARAMS, build_demo, plan

OCT, NOV = Period.parse("2026-10"), Period.parse("2026-11")
#: October: a 20 % win rate against team-mates at 30 %, with a history that makes half the gap realistic.
WIN_RATE = {"win_rate": 0.20}
HISTORY = {"win_rate": [0.2, 0.26, 0.22, 0.27, 0.24, 0.2]}
MATES = {"win_rate": 0.30}


def shown(monkeypatch, review) -> str:
    """The follow-through section as the report shows it (its HTML, entities decoded)."""
    out: list[str] = []
    monkeypatch.setattr(conversation, "show_html", out.append)
    conversation.show_follow_through(review)
    return html.unescape("".join(out))


def as_review(follow: pd.DataFrame, on_record: bool, language: str = "en") -> SimpleNamespace:
    return SimpleNamespace(language=language, currency="CNY", period=NOV, follow_through=follow,
                           plan_on_record=on_record, previous_plan=True)  # fmt: skip


@pytest.fixture
def warehouse(tmp_path) -> Path:
    path = tmp_path / "w.duckdb"
    replace_tables(path, {"regions": pd.DataFrame({"region_id": ["east"], "name": ["East"]})}, fresh=True)
    return path


def test_half_the_gap_closed_is_partly_against_the_stored_target_though_the_rules_changed(
    warehouse, monkeypatch
):
    given = plan(WIN_RATE, [], HISTORY, mates=MATES, period=OCT, close_gap=0.5)["win-rate-below-peers"]
    assert (given.goal_baseline, given.agreed.target) == pytest.approx((0.20, 0.25))
    store_plans(warehouse, [("me", OCT.label, plan_given([given], "me", OCT, "rules-of-october"))])
    # by November the rules ask for a quarter of the gap: re-derived, October's goal would be 22.5 %
    changed = plan(WIN_RATE, [], HISTORY, mates=MATES, period=OCT, close_gap=0.25)["win-rate-below-peers"]
    assert changed.agreed.target == pytest.approx(0.225)
    november = pd.Series({"win_rate": 0.225})  # half of the way from 20 % to the 25 % given
    with connect(warehouse) as con:
        stored = read_plan(con, "me", OCT.label)
    catalog = load_catalog(PARAMS / "training_catalog.yaml")
    f = stored_follow_through(stored, november, catalog).iloc[0]
    assert f["target"] == pytest.approx(0.25) and f["goal_period"] == NOV.label
    assert f["verdict"] == "partly" and f["gap_closed"] == pytest.approx(0.5)
    assert follow_through([changed], november).iloc[0]["verdict"] == "met"  # what re-deriving would say
    page = shown(monkeypatch, as_review(stored_follow_through(stored, november, catalog), True))
    assert "partly, 50% of the gap" in page and "25.0%" in page
    assert "No plan on record" not in page and "re-derived" not in page and "target met" not in page
    zh = shown(monkeypatch, as_review(stored_follow_through(stored, november, catalog, "zh"), True, "zh"))
    assert "部分达成，差距缩小 50%" in zh


def test_a_rep_without_a_stored_plan_is_told_so_and_a_re_derived_plan_is_labelled(warehouse, monkeypatch):
    with connect(warehouse) as con:
        assert read_plan(con, "me", OCT.label) is None
    rederived = plan(WIN_RATE, [], HISTORY, mates=MATES, period=OCT)["win-rate-below-peers"]
    page = shown(monkeypatch, as_review(follow_through([rederived], pd.Series({"win_rate": 0.3})), False))
    assert "No plan on record for 2026-10" in page
    assert "re-derived from the numbers of 2026-10 with today's params/coaching_rules.yaml" in page
    assert "It is not the plan given" in page
    # a plan on record without goals is no "no plan on record"
    page = shown(monkeypatch, as_review(follow_through([], pd.Series(dtype=float)), True))
    assert "gave no coaching goal" in page and "No plan on record" not in page


# ---------------------------------------------------------------------------------- on the demo data
@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    return build_demo(tmp_path_factory.mktemp("plans-demo"))


def fingerprints(db: Path, root: Path, *reps: str) -> list[str]:
    """The batch's fingerprints of the November reviews of ``reps`` and of their team reviews."""
    from salesnb.batch.incremental import fingerprint_jobs
    from salesnb.batch.plan import plan_jobs
    from salesnb.params import load_settings
    from salesnb.reports.kinds import KINDS

    settings = load_settings(PARAMS)
    with connect(db) as con:
        teams = [con.execute("SELECT team_id FROM reps WHERE rep_id = ?", [r]).fetchone()[0] for r in reps]
    jobs = [
        j for k in ("rep_review", "team_review") for j in plan_jobs(KINDS[k], db, NOV, teams, root, settings)
    ]
    jobs = fingerprint_jobs(jobs, db, PARAMS)
    by_rep = {j.rep: j.fingerprint for j in jobs if j.rep}
    return [by_rep[r] for r in reps] + sorted(j.fingerprint for j in jobs if not j.rep)


def test_demo_november_follows_the_october_plan_given_not_todays_rules(demo_db, tmp_path):
    from salesnb.reviews.rep import load_rep_review

    with connect(demo_db) as con:
        names = dict(con.execute("SELECT name, rep_id FROM reps WHERE name IN ('胡秀英', '李艳')").fetchall())
    given_to, not_stored = names["胡秀英"], names["李艳"]
    october = load_rep_review(rep=given_to, period=OCT.label, db_path=str(demo_db), params_dir=str(PARAMS))
    goals = plan_given(october.actions, given_to, OCT, october.rules_fingerprint)
    assert len(goals) >= 1
    prints = fingerprints(demo_db, tmp_path, given_to, not_stored)
    store_plans(demo_db, [(given_to, OCT.label, goals)])
    # the batch renders again the one November review whose October plan is now on record
    after = fingerprints(demo_db, tmp_path, given_to, not_stored)
    assert after[0] != prints[0] and after[1:] == prints[1:]
    # the rules change before November: a quarter of the gap instead of half
    params = tmp_path / "params"
    shutil.copytree(PARAMS, params)
    rules = params / "coaching_rules.yaml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("close_gap: 0.5", "close_gap: 0.25"), "utf-8")
    nov = load_rep_review(rep=given_to, period=NOV.label, db_path=str(demo_db), params_dir=str(params))
    assert nov.plan_on_record and nov.previous_actions == []  # nothing re-derived
    f = nov.follow_through
    assert list(f["target"]) == pytest.approx(list(goals["target"]))
    assert list(f["metric"]) == list(goals["metric"]) and set(f["verdict"]) <= {"met", "partly", "not_met"}
    assert nov.rules_fingerprint != october.rules_fingerprint
    other = load_rep_review(rep=not_stored, period=NOV.label, db_path=str(demo_db), params_dir=str(PARAMS))
    assert not other.plan_on_record
    assert date.fromisoformat(other.as_of) >= NOV.last_day
