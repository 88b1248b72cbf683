"""The demo organisation: its shape, determinism and the planted patterns, measured through the KPIs."""

import json
from datetime import date

import pandas as pd
import pytest

from salesnb.demo import generate
from salesnb.kpis import kpi_frame
from salesnb.periods import Period
from salesnb.warehouse import connect, read_meta
from salesnb.warehouse.slices import load_slice


@pytest.fixture(scope="module")
def meta(demo_db):
    with connect(demo_db) as con:
        m = read_meta(con)
    return m | {"planted": json.loads(m["planted_patterns"])}


def _team_kpis(demo_db, team, periods):
    with connect(demo_db) as con:
        data = load_slice(con, [team], periods[0].start, periods[-1].end)
    return kpi_frame(data, periods, "rep")


def test_shape(demo_db):
    with connect(demo_db) as con:
        teams = con.execute("SELECT team_type, count(*) FROM teams GROUP BY 1").fetchall()
        regions = con.execute("SELECT count(*) FROM regions").fetchone()[0]
        sizes = con.execute("SELECT team_id, count(*) FROM reps GROUP BY 1").fetchall()
        levels = {r[0] for r in con.execute("SELECT DISTINCT level FROM reps").fetchall()}
        span = con.execute("SELECT min(started_at), max(started_at) FROM activities").fetchone()
    assert regions >= 2
    assert dict(teams) == {"telesales": 2, "online": 2, "field": 2}
    assert all(5 <= n <= 12 for _, n in sizes)
    assert levels == {"junior", "senior", "manager"}
    months = (span[1].year - span[0].year) * 12 + span[1].month - span[0].month + 1
    assert months >= 18
    assert span[1] < pd.Timestamp("2026-11-01")  # history ends with the latest complete month


def test_same_seed_same_organisation():
    a = generate(date(2026, 3, 10), seed=3, months=18)
    b = generate(date(2026, 3, 10), seed=3, months=18)
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name], obj=name)
    c = generate(date(2026, 3, 10), seed=4, months=18)
    assert not a["opportunities"]["amount"].equals(c["opportunities"]["amount"])


def test_low_contact_rate_rep(demo_db, meta):
    rep = meta["planted"]["low_contact_rate"]
    team = rep.rsplit("-r", 1)[0]
    k = _team_kpis(demo_db, team, [Period.parse("2026-10")]).xs("2026-10", level="period")
    others = k.drop(index=rep)["contact_rate"]
    assert k.loc[rep, "contact_rate"] < 0.6 * others.median()
    assert (others > k.loc[rep, "contact_rate"] * 1.5).all()


def test_high_activity_low_conversion_rep(demo_db, meta):
    rep = meta["planted"]["high_activity_low_conversion"]
    team = rep.rsplit("-r", 1)[0]
    q = Period.parse("2026-Q3")
    k = _team_kpis(demo_db, team, [q]).xs("2026-Q3", level="period")
    peers = k.drop(index=rep)
    assert k.loc[rep, "calls_per_working_day"] > peers["calls_per_working_day"].max()
    assert k.loc[rep, "win_rate"] < peers["win_rate"].median() * 0.7


def test_burned_out_rep_works_more_and_sells_less(demo_db, meta):
    rep = meta["planted"]["burned_out"]
    team = rep.rsplit("-r", 1)[0]
    early, late = Period.parse("2026-01"), Period.parse("2026-10")
    k = _team_kpis(demo_db, team, [early, late])
    assert (
        k.loc[("2026-10", rep), "calls_per_working_day"]
        > 1.3 * k.loc[("2026-01", rep), "calls_per_working_day"]
    )
    assert k.loc[("2026-10", rep), "win_rate"] < k.loc[("2026-01", rep), "win_rate"]
    with connect(demo_db) as con:
        share = con.execute(
            """SELECT month(started_at) m, avg((hour(started_at) >= 19 OR isodow(started_at) >= 6)::INT)
               FROM activities WHERE rep_id = ? AND started_at >= '2026-01-01' GROUP BY 1 ORDER BY 1""",
            [rep],
        ).fetchall()
    assert share[-1][1] > 3 * share[0][1]


def test_new_hire_ramps_up(demo_db, meta):
    rep = meta["planted"]["new_hire_ramping"]
    with connect(demo_db) as con:
        hire = con.execute("SELECT hire_date FROM reps WHERE rep_id = ?", [rep]).fetchone()[0]
        quotas = con.execute("SELECT target FROM targets WHERE scope_id = ? ORDER BY month", [rep]).fetchall()
    assert hire >= date(2026, 7, 1)
    assert quotas[0][0] < quotas[-1][0]  # ramped quota


def test_stalled_pipeline_team(demo_db, meta):
    team = meta["planted"]["stalled_team"]
    stage = meta["planted"]["stalled_stage"]
    with connect(demo_db) as con:
        open_by_stage = dict(
            con.execute(
                """SELECT o.stage, count(*) FROM opportunities o JOIN reps r USING (rep_id)
               WHERE r.team_id = ? AND o.status = 'open' GROUP BY 1""",
                [team],
            ).fetchall()
        )
        other = dict(
            con.execute(
                """SELECT o.stage, count(*) FROM opportunities o JOIN reps r USING (rep_id)
               WHERE r.team_id = 'hz-key-accounts' AND o.status = 'open' GROUP BY 1"""
            ).fetchall()
        )
    share = open_by_stage[stage] / sum(open_by_stage.values())
    share_other = other.get(stage, 0) / sum(other.values())
    assert share > 0.5 and share > 1.5 * share_other
