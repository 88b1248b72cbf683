"""The CLI as a user runs it: demo, kpis, teams, run; bad input gets one line and exit code 2."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest

from salesnb.cli import main
from salesnb.errors import ParameterError
from salesnb.periods import Period
from salesnb.warehouse import connect
from tests.functional.commands import salesnb

ROOT = Path(__file__).parents[2]


def test_kpis_json_matches_an_independent_query(demo_db, capsys):
    assert (
        main(
            [
                "kpis",
                "--db",
                str(demo_db),
                "--period",
                "2026-10",
                "--team",
                "bj-telesales",
                "--format",
                "json",
            ]
        )
        == 0
    )
    doc = json.loads(capsys.readouterr().out)
    rows = {r["kpi"]: r for r in doc["rows"] if r["unit_id"] == "bj-telesales"}
    with connect(demo_db) as con:
        revenue, won, lost = con.execute(
            """SELECT sum(amount) FILTER (WHERE o.status = 'won'), count(*) FILTER (WHERE o.status = 'won'),
                      count(*) FILTER (WHERE o.status = 'lost')
               FROM opportunities o JOIN reps r USING (rep_id)
               WHERE r.team_id = 'bj-telesales'
                 AND close_date >= '2026-10-01' AND close_date < '2026-11-01'"""
        ).fetchone()
        dials, connects = con.execute(
            """SELECT count(*), count(*) FILTER (WHERE connected) FROM activities a JOIN reps r USING (rep_id)
               WHERE r.team_id = 'bj-telesales' AND a.activity_type = 'call'
                 AND started_at >= '2026-10-01' AND started_at < '2026-11-01'"""
        ).fetchone()
    assert rows["revenue"]["value"] == pytest.approx(revenue)
    assert rows["win_rate"]["value"] == pytest.approx(won / (won + lost))
    assert rows["contact_rate"]["value"] == pytest.approx(connects / dials)
    assert doc["period"] == "2026-10" and doc["currency"] == "CNY"


@pytest.mark.parametrize("level", ["rep", "team", "region", "org"])
def test_kpis_levels_and_formats(demo_db, capsys, level):
    assert main(["kpis", "--db", str(demo_db), "--period", "2026-Q3", "--by", level, "--format", "csv"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("period,unit_id,unit_name,kpi,label,unit,value,previous,change,change_pct")
    assert len(out) > 13


def test_kpis_table_format(demo_db, capsys):
    assert main(["kpis", "--db", str(demo_db), "--period", "2026-W40", "--team", "sh-online"]) == 0
    out = capsys.readouterr().out
    assert "Calls per working day" in out and "2026-W40" in out


def test_teams_lists_every_team(demo_db, capsys):
    assert main(["teams", "--db", str(demo_db)]) == 0
    assert len(capsys.readouterr().out.strip().splitlines()) == 6


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["kpis", "--period", "2026-13"], "malformed period '2026-13': use YYYY (year), YYYY-Qn"),
        (
            ["kpis", "--period", "2026-10", "--team", "nope"],
            "unknown team 'nope': valid teams are hz-key-accounts",
        ),
        (["run", "--period", "Q3", "--team", "bj-field"], "malformed period 'Q3'"),
        (["run", "--period", "2026-10", "--team", "../etc"], "unknown team '../etc'"),
        (["run", "--period", "2026-10", "--team", "../etc", "--reps"], "unknown team '../etc'"),
        (["run", "--period", "2026-10", "--format", "docx"], "docx: choose from html, pdf"),
        (["run", "--period", "2026-10", "--executor", "dask"], "--executor dask needs --scheduler"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(demo_db, args, message):
    result = salesnb(*args, "--db", str(demo_db))
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_missing_warehouse_says_how_to_create_one(tmp_path):
    result = salesnb("kpis", "--period", "2026-10", "--db", str(tmp_path / "nope.duckdb"))
    assert result.returncode == 2
    assert "salesnb demo --db" in result.stderr and "Traceback" not in result.stderr


def test_debug_switch_shows_the_traceback(tmp_path):
    result = salesnb(
        "kpis", "--period", "2026-10", "--db", str(tmp_path / "nope.duckdb"), env={"SALESNB_DEBUG": "1"}
    )
    assert result.returncode != 0 and "Traceback" in result.stderr


@pytest.mark.slow
def test_run_renders_reports_manifest_and_index(demo_db, tmp_path):
    reports = tmp_path / "reports"
    result = salesnb(
        "run",
        "--period",
        "2026-10",
        "--team",
        "sh-telesales",
        "--team",
        "tj-online",
        "--db",
        str(demo_db),
        "--reports",
        str(reports),
        "--workers",
        "2",
    )
    assert result.returncode == 0, result.stderr
    html = (reports / "2026-10" / "sh-telesales" / "team_review.html").read_text(encoding="utf-8")
    assert "上海电销团队" in html and "团队绩效评估" in html  # the team's params say zh
    assert "load_team_review" not in html and 'class="jp-InputArea' not in html  # no code cells
    assert html.count('class="jp-Cell ') == 16  # header, headline + 14 sections; no notes or parameters
    assert "db_path" not in html and "injected-parameters" not in html  # no parameter cells
    assert "data:image/png;base64" in html and "<script src=" not in html
    en = (reports / "2026-10" / "tj-online" / "team_review.html").read_text(encoding="utf-8")
    assert "Team performance review" in en and "Tianjin Online" in en
    assert (reports / "2026-10" / "sh-telesales" / "team_review.ipynb").exists()
    manifest = json.loads((reports / "2026-10" / "manifest.json").read_text(encoding="utf-8"))
    assert {(e["team"], e["status"]) for e in manifest["reports"]} == {
        ("sh-telesales", "ok"),
        ("tj-online", "ok"),
    }
    assert all(e["seconds"] > 0 and e["html"] and e["error"] is None for e in manifest["reports"])
    index = (reports / "index.html").read_text(encoding="utf-8")
    assert 'href="2026-10/sh-telesales/team_review.html"' in index
    assert not list(reports.rglob("*.tmp*"))


@pytest.mark.slow
def test_one_failing_team_does_not_stop_the_others(demo_db, tmp_path):
    notebooks = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", notebooks)
    nb = nbformat.read(notebooks / "team_review.ipynb", as_version=4)
    nb.cells.insert(2, nbformat.v4.new_code_cell('if team == "bj-field":\n    raise RuntimeError("boom")'))
    nbformat.write(nb, notebooks / "team_review.ipynb")
    reports = tmp_path / "reports"
    result = salesnb(
        "run",
        "--period",
        "2026-10",
        "--team",
        "bj-field",
        "--team",
        "tj-online",
        "--db",
        str(demo_db),
        "--reports",
        str(reports),
        "--workers",
        "1",
        env={"SALESNB_NOTEBOOKS": str(notebooks)},
    )
    assert result.returncode == 1
    assert "1 report(s) failed: team_review bj-field 2026-10" in result.stderr
    manifest = json.loads((reports / "2026-10" / "manifest.json").read_text(encoding="utf-8"))
    by_team = {e["team"]: e for e in manifest["reports"]}
    assert by_team["tj-online"]["status"] == "ok"
    assert by_team["bj-field"]["status"] == "failed"
    assert "RuntimeError: boom" in by_team["bj-field"]["error"]
    assert by_team["bj-field"]["ipynb"] and by_team["bj-field"]["html"] is None
    assert (reports / "2026-10" / "bj-field" / "team_review.ipynb").exists()
    assert "RuntimeError: boom" in (reports / "index.html").read_text(encoding="utf-8")


def test_goals_check_flags_the_deliberately_unrealistic_demo_goals(demo_db):
    result = salesnb(
        "goals", "check", str(ROOT / "params" / "goals.yaml"), "--db", str(demo_db), "--format", "json"
    )
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    failed = {
        g["id"]: sorted(k for k, v in g["verdicts"].items() if v == "fail")
        for g in report["goals"]
        if not g["ok"]
    }
    # exactly the goals params/goals.yaml marks "deliberately", each for the property it was written to break
    assert failed == {
        "sh-online-revenue-moonshot": ["A"],
        "tj-online-win-rate-sandbag": ["A"],
        "bj-field-cycle": ["R"],
        "hz-happiness": ["M", "S"],
        "sh-telesales-calls-someday": ["T"],
        "bj-telesales-contact-45": ["M"],
    }
    by_id = {g["id"]: g for g in report["goals"]}
    moonshot = by_id["sh-online-revenue-moonshot"]
    # the numbers behind the verdict: the target against last month's actual revenue of the team
    with connect(demo_db) as con:
        (last,) = con.execute(
            """SELECT sum(o.amount) FROM opportunities o JOIN reps r USING (rep_id)
               WHERE r.team_id = 'sh-online' AND o.status = 'won'
                 AND o.close_date >= DATE '2026-10-01' AND o.close_date < DATE '2026-11-01'"""
        ).fetchone()
    assert moonshot["baseline"] == pytest.approx(last)
    assert f"needs {1_100_000 / last - 1:+.0%} on 2026-10 (¥{last:,.0f})" in moonshot["reasons"]["A"][0]
    table = salesnb("goals", "check", str(ROOT / "params" / "goals.yaml"), "--db", str(demo_db))
    assert "14 goals: 8 pass, 6 fail" in table.stdout


def test_params_check_validates_every_file_and_names_the_bad_one(tmp_path):
    ok = salesnb("params", "check", "--params", str(ROOT / "params"))
    assert ok.returncode == 0, ok.stderr
    assert "kpi_sets.yaml" in ok.stdout and "goals.yaml" in ok.stdout
    shutil.copytree(ROOT / "params", tmp_path / "params")
    (tmp_path / "params" / "kpi_sets.yaml").write_text("telesales: [revnue]\n", encoding="utf-8")
    bad = salesnb("params", "check", "--params", str(tmp_path / "params"))
    assert bad.returncode == 2
    assert "kpi_sets.yaml" in bad.stderr and "no KPI list" in bad.stderr


@pytest.fixture(scope="module")
def usd_2018(tmp_path_factory) -> Path:
    """A US-dollar organisation whose data ends on 2018-12-14 (tests/data/usd_2018), imported as a user
    would: its currency chosen at the first import."""
    db = tmp_path_factory.mktemp("usd") / "w.duckdb"
    data = ROOT / "tests" / "data" / "usd_2018"
    assert (
        main(
            ["ingest", "--db", str(db), "--currency", "USD", str(data / "Users.csv"), str(data / "Deals.csv")]
        )
        == 0
    )
    return db


def test_status_says_what_the_warehouse_holds(usd_2018, capsys):
    assert main(["status", "--db", str(usd_2018)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1:4] == [
        "currency: USD",
        "as of: 2018-12-14 (the last day with a record)",
        "  opportunities: 2017-01-03 to 2018-12-14",
    ]
    assert lines[4].startswith("imports: 2, the last ") and lines[4].endswith("Deals.csv (deals)")
    assert main(["status", "--db", str(usd_2018), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["currency"], doc["as_of"], doc["as_of_stated"]) == ("USD", "2018-12-14", False)
    assert doc["tables"] == {"opportunities": {"first": "2017-01-03", "last": "2018-12-14"}}


def test_a_warehouse_in_dollars_shows_dollars_and_full_precision(usd_2018, capsys):
    assert main(["kpis", "--db", str(usd_2018), "--period", "2018-11", "--by", "org"]) == 0
    table = capsys.readouterr().out
    assert "$" in table and "¥" not in table and "CNY" not in table
    assert main(["kpis", "--db", str(usd_2018), "--period", "2018", "--by", "org", "--format", "csv"]) == 0
    csv = capsys.readouterr().out
    revenue = next(line for line in csv.splitlines() if ",revenue," in line).split(",")
    with connect(usd_2018) as con:
        (won,) = con.execute(
            "SELECT sum(amount) FROM opportunities WHERE status = 'won' AND year(close_date) = 2018"
        ).fetchone()
    # every digit to the cent (the sums may differ in the last bit of a double), never 2.19445e+06
    assert round(float(revenue[6]), 2) == round(won, 2) and won > 1e6 and "e+" not in csv


def test_goals_and_reviews_read_the_data_end_not_the_clock(usd_2018, capsys):
    from salesnb.reviews.team import load_team_review

    result = salesnb("goals", "check", str(ROOT / "params" / "goals.yaml"), "--db", str(usd_2018))
    assert "(data to 2018-12-14)" in result.stdout
    review = load_team_review("ny-field", db_path=str(usd_2018), params_dir=str(ROOT / "params"))
    assert (review.period.label, review.as_of, review.currency) == ("2018-11", "2018-12-14", "USD")
    with pytest.raises(
        ParameterError, match=r"2026-10 .* is after the data: the warehouse covers 2017-01-03 to 2018-12-14"
    ):
        load_team_review("ny-field", "2026-10", db_path=str(usd_2018), params_dir=str(ROOT / "params"))
    for args in (["kpis", "--period", "2026-11"], ["run", "--period", "2016-Q4"]):
        result = salesnb(*args, "--db", str(usd_2018))
        assert result.returncode == 2 and "the warehouse covers 2017-01-03 to 2018-12-14" in result.stderr


def test_a_team_review_links_only_rep_reviews_the_run_renders(usd_2018):
    from salesnb.batch.plan import plan_jobs
    from salesnb.params import load_settings
    from salesnb.reports.kinds import KINDS
    from salesnb.reports.team_review import rep_links_html
    from salesnb.reviews.team import load_team_review

    given = {"db_path": str(usd_2018), "params_dir": str(ROOT / "params")}
    alone = rep_links_html(load_team_review("ny-field", **given))
    assert "href" not in alone and "salesnb run --period 2018-11 --team ny-field --reps renders them" in alone
    with_reps = rep_links_html(load_team_review("ny-field", rep_reviews=True, **given))
    assert with_reps.count('href="reps/') == 3 and "--reps" not in with_reps
    # `salesnb run --reps` tells each team review; other kinds take no such parameter
    settings, period = load_settings(ROOT / "params"), Period.parse("2018-11")
    for reps in (True, False):
        jobs = plan_jobs(KINDS["team_review"], usd_2018, period, [], ROOT, settings, {"rep_reviews": reps})
        assert {j.params.rep_reviews for j in jobs} == {reps} and len(jobs) == 2
    (job, *_) = plan_jobs(
        KINDS["rep_review"], usd_2018, period, ["ny-field"], ROOT, settings, {"rep_reviews": True}
    )
    assert not hasattr(job.params, "rep_reviews")


def test_kpis_show_what_a_figure_left_out(tmp_path: Path, capsys):
    """Deals without an amount are stored; `salesnb kpis` counts them beside the sums they are not in."""
    bad = ROOT / "tests" / "data" / "bad"
    db = tmp_path / "w.duckdb"
    for name in ("_roster_zoho.csv", "zoho_deals_partial.csv"):  # D1 open, Beta won 2024-09-10: no amounts
        assert main(["ingest", "--db", str(db), "--log-dir", str(tmp_path / "logs"), str(bad / name)]) == 0
    capsys.readouterr()
    assert main(["kpis", "--db", str(db), "--period", "2024-09", "--by", "org"]) == 0
    out = capsys.readouterr().out
    assert "Not included" in out and "1 won deal without an amount" in out
    assert "1 open deal without an amount" in out
    assert main(["kpis", "--db", str(db), "--period", "2024-09", "--by", "org", "--format", "json"]) == 0
    rows = {r["kpi"]: r for r in json.loads(capsys.readouterr().out)["rows"]}
    # the one won deal has no amount: the revenue is unknown (not 0), with the deal counted beside it
    assert (rows["revenue"]["value"], rows["revenue"]["left_out"]) == (None, 1.0)
    assert (rows["pipeline_value"]["left_out"], rows["win_rate"]["left_out"]) == (1.0, 0.0)
