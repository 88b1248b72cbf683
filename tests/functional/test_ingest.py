"""Importing CRM exports: the committed samples, the demo round trip, idempotency, updates, atomicity."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from salesnb.cli import main
from salesnb.demo import generate
from salesnb.demo.exports import export_fxiaoke, export_zoho
from salesnb.ingest import ingest_files
from salesnb.ingest import load as load_module
from salesnb.kpis import kpi_table
from salesnb.periods import Period
from salesnb.warehouse import connect
from salesnb.warehouse.slices import load_slice
from tests.plugins.warehouse import AS_OF

SAMPLES = Path(__file__).parents[1] / "data" / "samples"
OCT = Period.parse("2026-10")


def counts(db: Path) -> dict[str, int]:
    with connect(db) as con:
        return {
            t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("reps", "teams", "opportunities", "stage_history", "activities", "customers")
        }


def team_kpis(db: Path, team: str, period: Period = OCT) -> pd.Series:
    with connect(db) as con:
        data = load_slice(con, [team], period.previous().start, period.end)
    table = kpi_table(data, period, "team")
    return table.set_index("kpi")["value"]


def test_zoho_sample_imports_with_exact_counts_and_stages(tmp_path):
    db = tmp_path / "w.duckdb"
    files = sorted((SAMPLES / "zoho").glob("*.csv"))
    results = {Path(r.path).name: r for r in ingest_files(files, db)}
    assert [r.module for r in results.values()] == ["roster", "deals", "calls"]  # roster first
    users, deals, calls = results["Users.csv"], results["Deals.csv"], results["Calls.csv"]
    assert (users.rows_read, users.main.new, users.quarantined) == (9, 9, 0)
    assert (deals.rows_read, deals.main.new, deals.quarantined) == (219, 219, 0)
    assert (calls.rows_read, calls.main.new, calls.quarantined) == (942, 942, 0)
    raw = pd.read_csv(SAMPLES / "zoho" / "Deals.csv", dtype=str)
    with connect(db) as con:
        stages = dict(con.execute("SELECT stage, count(*) FROM opportunities GROUP BY 1").fetchall())
        team = con.execute("SELECT team_id, team_type FROM teams").fetchall()
        left = con.execute("SELECT count(*) FROM reps WHERE status = 'left'").fetchone()[0]
    expected = (
        raw["Stage"]
        .map(
            {
                "Qualification": "qualification",
                "Needs Analysis": "needs_analysis",
                "Proposal/Price Quote": "proposal",
                "Negotiation/Review": "negotiation",
                "Closed Won": "closed_won",
                "Closed Lost": "closed_lost",
            }
        )
        .value_counts()
    )
    assert stages == expected.to_dict()
    assert team == [("bj-telesales", "telesales")] and left == 1


def test_fxiaoke_gbk_sample_imports_with_exact_counts_and_stages(tmp_path):
    db = tmp_path / "w.duckdb"
    results = {Path(r.path).name: r for r in ingest_files(sorted((SAMPLES / "fxiaoke").iterdir()), db)}
    opps = results["商机.csv"]
    assert opps.encoding == "gb18030" and results["跟进记录.xlsx"].encoding == "xlsx"
    raw = pd.read_csv(SAMPLES / "fxiaoke" / "商机.csv", dtype=str, encoding="gbk")
    assert (opps.rows_read, opps.main.new, opps.quarantined) == (len(raw), len(raw), 0)
    with connect(db) as con:
        stages = dict(con.execute("SELECT stage, count(*) FROM opportunities GROUP BY 1").fetchall())
        levels = dict(con.execute("SELECT level, count(*) FROM reps GROUP BY 1").fetchall())
        team = con.execute("SELECT team_id, name, team_type FROM teams").fetchall()
    fx = {
        "初步接洽": "qualification",
        "需求确定": "needs_analysis",
        "方案/报价": "proposal",
        "谈判审核": "negotiation",
        "赢单": "closed_won",
        "输单": "closed_lost",
    }
    assert stages == raw["销售阶段"].map(fx).value_counts().to_dict()
    assert team == [("sh-online", "上海网络销售团队", "online")]
    assert levels["manager"] == 1 and levels["senior"] >= 1
    follow = results["跟进记录.xlsx"]
    assert follow.rows_read == follow.main.new + follow.quarantined


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory):
    """The demo organisation, exported as Zoho (bj-telesales) and Fxiaoke (sh-online), imported back."""
    folder = tmp_path_factory.mktemp("roundtrip")
    tables = generate(AS_OF)
    zoho = export_zoho(tables, ["bj-telesales"], folder / "zoho", OCT.start)
    fx = export_fxiaoke(tables, ["sh-online"], folder / "fxiaoke", OCT.start)
    db = folder / "imported.duckdb"
    ingest_files(zoho + fx, db)
    return db


@pytest.mark.parametrize(
    ("team", "kpis"),
    [
        (
            "bj-telesales",
            [
                "revenue",
                "win_rate",
                "avg_deal_size",
                "sales_cycle_days",
                "pipeline_value",
                "new_customers",
                "calls_per_working_day",
                "contact_rate",
                "talk_time_hours",
                "headcount",
            ],
        ),
        # Fxiaoke follow-ups log conversations only, so call-outcome KPIs cannot round-trip
        (
            "sh-online",
            [
                "revenue",
                "win_rate",
                "avg_deal_size",
                "sales_cycle_days",
                "pipeline_value",
                "new_customers",
                "headcount",
            ],
        ),
    ],
)
def test_round_trip_gives_the_same_kpis(round_trip, demo_db, team, kpis):
    imported, original = team_kpis(round_trip, team), team_kpis(demo_db, team)
    for kpi in kpis:
        assert imported[kpi] == pytest.approx(original[kpi]), kpi


@pytest.mark.slow
def test_imported_teams_render(round_trip, tmp_path):
    """An imported organisation renders with an empty params folder (none of the demo's goals or plans)."""
    reports = tmp_path / "reports"
    (tmp_path / "no-params").mkdir()
    code = main(
        [
            "run",
            "--period",
            "2026-10",
            "--db",
            str(round_trip),
            "--reports",
            str(reports),
            "--params",
            str(tmp_path / "no-params"),
            "--workers",
            "2",
        ]
    )
    assert code == 0
    for team in ("bj-telesales", "sh-online"):
        html = (reports / "2026-10" / team / "team_review.html").read_text(encoding="utf-8")
        assert "data:image/png" in html


def test_reimport_changes_nothing_and_a_changed_record_updates_in_place(tmp_path):
    db = tmp_path / "w.duckdb"
    files = sorted((SAMPLES / "zoho").glob("*.csv"))
    ingest_files(files, db)
    before = counts(db)
    again = ingest_files(files, db)
    assert all(r.main.new == 0 and r.main.updated == 0 and r.main.unchanged == r.rows_read for r in again)
    assert counts(db) == before
    # a re-export in which one open deal moved to Closed Won
    deals = pd.read_csv(SAMPLES / "zoho" / "Deals.csv", dtype=str, keep_default_na=False)
    row = deals.index[deals["Stage"] == "Negotiation/Review"][0]
    deal_id = "zoho:" + deals.at[row, "Record Id"].removeprefix("zcrm_")
    deals.loc[row, ["Stage", "Probability (%)", "Modified Time"]] = [
        "Closed Won",
        "100",
        "2026-10-30 16:00:00",
    ]
    deals.loc[row, "Closing Date"] = "2026-10-30"
    folder = tmp_path / "reexport"
    folder.mkdir()
    deals.to_csv(folder / "Deals.csv", index=False)
    (result,) = ingest_files([folder / "Deals.csv"], db)
    assert (result.main.updated, result.main.new) == (1, 0)
    with connect(db) as con:
        status = con.execute(
            "SELECT status, stage FROM opportunities WHERE opportunity_id = ?", [deal_id]
        ).fetchone()
        history = con.execute(
            "SELECT stage FROM stage_history WHERE opportunity_id = ? ORDER BY entered_at", [deal_id]
        ).fetchall()
    assert status == ("won", "closed_won")
    assert [h[0] for h in history] == ["negotiation", "closed_won"]
    assert counts(db)["opportunities"] == before["opportunities"]


def test_a_crash_mid_file_leaves_the_warehouse_as_it_was(tmp_path, monkeypatch):
    db = tmp_path / "w.duckdb"
    ingest_files([SAMPLES / "zoho" / "Users.csv"], db)
    before = counts(db)
    real = load_module._upsert
    calls = {"n": 0}

    def crash_on_second_table(con, table, frame, insert_only):
        calls["n"] += 1
        if calls["n"] == 3:  # customers and stage history written, then the deals fail
            raise OSError("disk full")
        return real(con, table, frame, insert_only)

    monkeypatch.setattr(load_module, "_upsert", crash_on_second_table)
    with pytest.raises(OSError, match="disk full"):
        ingest_files([SAMPLES / "zoho" / "Deals.csv"], db)
    assert counts(db) == before
    with connect(db) as con:
        assert con.execute("SELECT count(*) FROM imports WHERE file LIKE '%Deals.csv'").fetchone()[0] == 0


def test_dry_run_writes_nothing_and_strict_fails_on_quarantine(tmp_path, capsys):
    db = tmp_path / "w.duckdb"
    assert main(["ingest", str(SAMPLES / "zoho" / "Users.csv"), "--db", str(db)]) == 0
    before = counts(db)
    assert main(["ingest", str(SAMPLES / "zoho" / "Deals.csv"), "--db", str(db), "--dry-run"]) == 0
    assert "dry run: nothing was written" in capsys.readouterr().out
    assert counts(db) == before
    bad = tmp_path / "Deals.csv"
    shutil.copy(SAMPLES / "zoho" / "Deals.csv", bad)
    with bad.open("a", encoding="utf-8") as fh:
        fh.write("zcrm_9,zcrm_x,Nobody,Ghost,,,New Business,,abc,2026-10-01,Qualification,10,")
        fh.write("2026-10-01 09:00:00,\n")
    with pytest.raises(SystemExit) as exit_info:
        main(["ingest", str(bad), "--db", str(db), "--strict"])
    assert exit_info.value.code == 1
    out = capsys.readouterr()
    assert "quarantined 1" in out.out and "(--strict)" in out.err


HEADER = (
    "Record Id,Deal Owner,Deal Name,Account Name,Type,Lead Source,Amount,Closing Date,Stage,"
    "Probability (%),Created Time,Modified Time"
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(
        st.tuples(
            st.integers(0, 40),  # record id (repeats = duplicates)
            st.sampled_from(["1200", "¥1,200.00", "1.2万", "-5", "abc", "", "$3"]),
            st.integers(1, 31),
            st.sampled_from(["Closed Won", "Closed Lost", "Qualification", "Made Up Stage", ""]),
            st.sampled_from(["Iris Lee", "Somebody Else", ""]),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_rows_in_equal_stored_plus_quarantined(tmp_path_factory, rows):
    folder = tmp_path_factory.mktemp("prop")
    db = folder / "w.duckdb"
    ingest_files([SAMPLES / "zoho" / "Users.csv"], db)
    lines = [HEADER]
    for rid, amount, day, stage, owner in rows:
        amount = f'"{amount}"' if "," in amount else amount
        lines.append(
            f"zcrm_{rid},{owner},Deal {rid},Acme {rid},New Business,web,{amount},2026-10-{day:02d},"
            f"{stage},50,2026-09-01 10:00:00,2026-10-01 12:00:00"
        )
    path = folder / "Deals.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (r,) = ingest_files([path], db)
    assert r.rows_read == len(rows)
    assert r.rows_read == r.main.new + r.main.updated + r.main.unchanged + r.quarantined
    with duckdb.connect(str(db), read_only=True) as con:
        stored = con.execute("SELECT count(*) FROM opportunities").fetchone()[0]
        q_rows = con.execute("SELECT count(DISTINCT file_row) FROM quarantine").fetchone()[0]
    assert stored == r.main.new and q_rows == r.quarantined


def test_readme_mapping_example_imports_as_documented(tmp_path):
    db = tmp_path / "w.duckdb"
    ingest_files([SAMPLES / "zoho" / "Users.csv"], db)  # Iris Lee is on the roster
    docs = Path(__file__).parents[2] / "docs" / "examples"
    (r,) = ingest_files(
        [docs / "pipedrive-deals.csv"], db, source="csv", mapping_file=docs / "pipedrive-deals.yaml"
    )
    assert (r.rows_read, r.main.new, r.quarantined) == (3, 3, 0)
    with connect(db) as con:
        rows = con.execute(
            "SELECT opportunity_id, stage, status, amount, currency, created_date, close_date "
            "FROM opportunities ORDER BY 1"
        ).fetchall()
    assert [r[:5] for r in rows] == [
        ("pipedrive:7001", "closed_won", "won", 12500.0, "CNY"),
        ("pipedrive:7002", "proposal", "open", 14200.0, "USD"),
        ("pipedrive:7003", "closed_lost", "lost", 8000.0, "CNY"),
    ]
    assert str(rows[0][5]) == "2026-09-03" and str(rows[0][6]) == "2026-09-28"  # day first
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    assert (docs / "pipedrive-deals.yaml").read_text(encoding="utf-8").rstrip() in readme


def test_repeated_imports_keep_the_warehouse_openable(tmp_path):
    # DuckDB truncates free blocks at the end of the file but keeps counting them in total_blocks: a size
    # check against that count refused the warehouse on the fourth round of these two imports.
    db = tmp_path / "w.duckdb"
    roster = Path(__file__).parents[1] / "data" / "bad" / "_roster_zoho.csv"
    for _ in range(5):
        for export in (roster, SAMPLES / "zoho" / "Calls.csv"):
            assert main(["ingest", str(export), "--db", str(db)]) == 0
    with connect(db) as con:
        assert con.execute("SELECT count(*) FROM reps").fetchone()[0] > 0


USD_2018 = Path(__file__).parents[1] / "data" / "usd_2018"


def _meta(db: Path) -> dict[str, str]:
    with connect(db) as con:
        return dict(con.execute("SELECT key, value FROM meta").fetchall())


def test_the_first_import_chooses_the_currency_and_a_change_is_refused(tmp_path, capsys):
    db = tmp_path / "w.duckdb"
    files = [str(USD_2018 / "Users.csv"), str(USD_2018 / "Deals.csv")]
    assert main(["ingest", "--db", str(db), "--currency", "usd", *files]) == 0
    out = capsys.readouterr().out
    # every USD amount is stored as it is: no rate, nothing quarantined
    assert "rows read 795 / stored 795 new" in out and "quarantined 0" in out
    assert "  currency: USD\n" in out and "  as of: 2018-12-14 (the last day with a record)\n" in out
    assert "    opportunities: 2017-01-03 to 2018-12-14\n" in out
    assert "Deals.csv: rows read 795" in out and "  records dated 2017-01-03 to 2018-12-14\n" in out
    assert _meta(db)["currency"] == "USD"
    with connect(db) as con:
        assert con.execute("SELECT sum(amount) FROM opportunities").fetchone()[0] == pytest.approx(
            pd.read_csv(USD_2018 / "Deals.csv")["Amount"].sum()
        )
    # the same currency again, or none, is the warehouse's; another is one line naming the stored one
    assert main(["ingest", "--db", str(db), "--currency", "USD", files[1]]) == 0
    assert main(["ingest", "--db", str(db), "--currency", "EUR", files[1]]) == 2
    err = capsys.readouterr().err
    assert err.strip().splitlines() == [
        "salesnb: error: --currency EUR: the warehouse currency is USD, chosen at its first import; it "
        "cannot change (every stored amount is in USD): drop --currency, or use a new warehouse (--db)"
    ]
    assert main(["ingest", "--db", str(db), "--fx-rate", "USD=7.1", files[1]]) == 2
    assert "USD=7.1 is a rate for the warehouse currency itself" in capsys.readouterr().err
    assert _meta(db)["currency"] == "USD"


def test_a_mapping_currency_chooses_it_when_the_warehouse_has_none(tmp_path):
    db = tmp_path / "w.duckdb"
    ingest_files([USD_2018 / "Users.csv"], db, currency="CNY")
    assert _meta(db)["currency"] == "CNY"
    roster_first = tmp_path / "roster_first.duckdb"
    ingest_files([USD_2018 / "Users.csv"], roster_first)
    assert "currency" not in _meta(roster_first)  # a roster holds no money: the first amounts choose
    mapping = tmp_path / "m.yaml"
    mapping.write_text(
        "name: euro deals\nmodule: deals\ncurrency: EUR\ncolumns:\n  record_id: [Id]\n  owner: [Owner]\n"
        "  amount: [Amount]\n  stage: [Stage]\n  close_date: [Closed]\n  created: [Created]\n"
        "  name: [Id]\n",
        encoding="utf-8",
    )
    deals = tmp_path / "d.csv"
    deals.write_text(
        "Id,Owner,Amount,Stage,Closed,Created\nE1,Ava Stone,100,closed_won,2018-01-05,2018-01-02\n"
    )
    fresh = tmp_path / "fresh.duckdb"
    ingest_files([deals], fresh, source="csv", mapping_file=mapping)
    assert _meta(fresh)["currency"] == "EUR"
    ingest_files([deals], roster_first, source="csv", mapping_file=mapping)
    assert _meta(roster_first)["currency"] == "EUR"
    # in a CNY warehouse the same file needs a rate: without one its row is quarantined, with one converted
    (result,) = ingest_files([deals], db, source="csv", mapping_file=mapping)
    assert result.quarantined == 1
    with connect(db) as con:
        assert con.execute("SELECT rule FROM quarantine").fetchall() == [("no_fx_rate",)]
    ingest_files([deals], db, source="csv", mapping_file=mapping, fx_rates={"EUR": 7.5})
    with connect(db) as con:
        assert con.execute("SELECT amount, currency FROM opportunities").fetchall() == [(750.0, "EUR")]


def test_a_dry_run_writes_nothing_and_says_what_it_would_quarantine(tmp_path, capsys):
    db, logs = tmp_path / "w.duckdb", tmp_path / "logs"
    ingest_files([USD_2018 / "Users.csv"], db, currency="USD")
    before = db.read_bytes()
    deals = tmp_path / "Deals.csv"
    deals.write_text(
        (USD_2018 / "Deals.csv").read_text(encoding="utf-8").replace(",USD,", ",JPY,", 2), encoding="utf-8"
    )
    argv = ["ingest", "--db", str(db), "--dry-run", "--log-dir", str(logs), str(deals)]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "note: would quarantine 2 row(s) by no_fx_rate (rows 2, 3; Amount): no exchange rate to USD" in out
    assert "the warehouse holds (unchanged by this dry run):" in out and "dry run: nothing was written" in out
    assert db.read_bytes() == before and not logs.exists()


def test_a_warehouse_filled_before_the_currency_was_recorded_keeps_its_amounts_in_cny(tmp_path, capsys):
    """Warehouses from before the currency was kept in meta hold CNY: a first --currency USD is refused
    rather than relabelling every stored amount as dollars."""
    db = tmp_path / "w.duckdb"
    files = [str(USD_2018 / "Users.csv"), str(USD_2018 / "Deals.csv")]
    assert main(["ingest", "--db", str(db), "--currency", "CNY", "--fx-rate", "USD=7.1", *files]) == 0
    with duckdb.connect(str(db)) as con:
        assert con.execute("SELECT count(*) FROM opportunities").fetchone()[0] == 795
        con.execute("DELETE FROM meta WHERE key = 'currency'")
    capsys.readouterr()
    assert main(["ingest", "--db", str(db), "--currency", "USD", files[1]]) == 2
    assert "the warehouse currency is CNY" in capsys.readouterr().err
    assert main(["ingest", "--db", str(db), "--fx-rate", "USD=7.1", files[1]]) == 0
    assert _meta(db)["currency"] == "CNY"
