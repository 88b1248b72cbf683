"""The Olist marketing funnel (real public data, kept outside the project) imported through the documented
mappings of ``docs/examples/olist/``: every file balances and the stored figures equal a pandas computation
on the raw CSVs. Skipped, with the reason, when ``../shared/real-data/olist-marketing-funnel`` is absent."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from bs4 import BeautifulSoup

from salesnb.analysis.inputs import Input, input_availability
from salesnb.ingest import ingest_files
from salesnb.kpis import kpi_table
from salesnb.periods import Period
from salesnb.warehouse.slices import load_slice
from tests.functional.commands import salesnb

ROOT = Path(__file__).parents[2]
DATA = ROOT.parent / "shared" / "real-data" / "olist-marketing-funnel"
MAPPINGS = ROOT / "docs" / "examples" / "olist"
LEADS = DATA / "olist_marketing_qualified_leads_dataset.csv"
DEALS = DATA / "olist_closed_deals_dataset.csv"

pytestmark = [
    pytest.mark.external,
    pytest.mark.skipif(not DATA.is_dir(), reason=f"the Olist data is not at {DATA} (see tests/external)"),
]


@pytest.fixture(scope="module")
def raw() -> dict[str, pd.DataFrame]:
    leads = pd.read_csv(LEADS, dtype=str)
    leads["created"] = pd.to_datetime(leads["first_contact_date"], format="%d-%m-%Y")
    deals = pd.read_csv(DEALS, dtype=str)
    deals["won"] = pd.to_datetime(deals["won_date"], format="%d-%m-%Y %H:%M").dt.normalize()
    deals = deals.merge(leads[["mql_id", "created"]], on="mql_id", how="left")
    # a deal won before its lead's first contact cannot be placed in time: the import quarantines it
    deals["placeable"] = deals["created"].notna() & (deals["won"] >= deals["created"])
    return {"leads": leads, "deals": deals}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:
    db = tmp_path_factory.mktemp("olist") / "w.duckdb"
    results = []
    for mapping, path in (
        ("olist-reps.yaml", DEALS),
        ("olist-leads.yaml", LEADS),
        ("olist-deals.yaml", DEALS),
    ):
        results += ingest_files([path], db, mapping_file=MAPPINGS / mapping, log_dir=db.parent / "logs")
    return db, results


def _query(db: Path, sql: str) -> pd.DataFrame:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).df()
    finally:
        con.close()


def test_every_file_balances(warehouse, raw):
    _, (reps, leads, deals) = warehouse
    for result in (reps, leads, deals):
        m = result.main
        assert result.balanced and result.rows_read == m.new + m.updated + m.unchanged + result.quarantined
    assert (reps.main.new, reps.quarantined) == (raw["deals"]["sr_id"].nunique(), 0)
    assert (leads.main.new, leads.quarantined) == (len(raw["leads"]), 0)
    assert deals.quarantined == int((~raw["deals"]["placeable"]).sum())
    assert deals.main.new == int(raw["deals"]["placeable"].sum())


def test_lead_counts_per_origin_equal_pandas(warehouse, raw):
    db, _ = warehouse
    stored = _query(db, "SELECT coalesce(source, '-') AS origin, count(*) AS n FROM leads GROUP BY 1")
    expected = raw["leads"]["origin"].fillna("-").value_counts()
    assert stored.set_index("origin")["n"].sort_index().to_dict() == expected.sort_index().to_dict()
    assert _query(db, "SELECT count(*) AS n FROM leads WHERE rep_id IS NOT NULL")["n"][0] == 0  # unassigned


def test_won_deals_per_rep_and_month_equal_pandas(warehouse, raw):
    db, _ = warehouse
    stored = _query(
        db,
        """SELECT substr(r.crm_user_id, 7) AS sr_id, strftime(o.close_date, '%Y-%m') AS month, count(*) AS n
           FROM opportunities o JOIN reps r USING (rep_id) WHERE o.status = 'won' GROUP BY ALL""",
    )
    ok = raw["deals"][raw["deals"]["placeable"]]
    expected = ok.groupby([ok["sr_id"], ok["won"].dt.strftime("%Y-%m")]).size()
    got = stored.set_index(["sr_id", "month"])["n"]
    assert got.sort_index().to_dict() == expected.sort_index().to_dict()
    # the won deal converts its lead on the win day; its created day is the lead's first contact
    conv = _query(
        db, "SELECT count(*) AS n FROM leads WHERE status = 'converted' AND converted_date IS NOT NULL"
    )
    assert conv["n"][0] == len(ok)
    created = _query(db, "SELECT min(created_date) AS first FROM opportunities")["first"][0]
    assert pd.Timestamp(created) == ok["created"].min()


def test_the_kpis_count_the_won_deals_without_an_amount(warehouse, raw):
    db, _ = warehouse
    con = duckdb.connect(str(db), read_only=True)
    try:
        data = load_slice(con, ["olist-sales"], date(2018, 2, 1), date(2018, 4, 1))  # every team
    finally:
        con.close()
    table = kpi_table(data, Period.parse("2018-03"), "team").set_index("kpi")
    ok = raw["deals"][raw["deals"]["placeable"]]
    march = int((ok["won"].dt.strftime("%Y-%m") == "2018-03").sum())
    assert pd.isna(table.loc["revenue", "value"]) and table.loc["revenue", "left_out"] == march  # unknown
    assert table.loc["win_rate", "value"] == 1.0  # the engine's ratio: only won deals are published
    available = input_availability(data, Period.parse("2018-03"))
    assert not available.shows("win_rate") and available.missing([Input.LOST_DEALS])  # so a review says "–"
    assert pd.isna(table.loc["avg_deal_size", "value"])  # no amount known: no size, not 0
    # the leads nobody owns count for the organisation: converted in March over created in March
    org = kpi_table(data, Period.parse("2018-03"), "org").set_index("kpi")
    created = int((raw["leads"]["created"].dt.strftime("%Y-%m") == "2018-03").sum())
    assert org.loc["lead_conversion_rate", "value"] == pytest.approx(march / created)
    assert pd.isna(table.loc["lead_conversion_rate", "value"])  # in no team's figures


# ------------------------------------------------------------------------------ the rendered reports
MONTH = "2018-03"
#: A rate of 0 % (an attainment without a quota, a conversion without leads); not 100.0% nor a change +0.0%
ZERO_PERCENT = re.compile(r"(?<![\d.+−-])0\.0 ?%")


def _tables(soup: BeautifulSoup) -> list[list[list[str]]]:
    """Every table of a page as rows of cell texts, the header row first."""
    return [
        [[c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])] for tr in t.find_all("tr")]
        for t in soup.find_all("table")
    ]


def _table(soup: BeautifulSoup, first: str, having: str) -> dict[str, dict[str, str]]:
    """The table whose header starts with ``first`` and names ``having``: {first cell: {column: text}}."""
    for rows in _tables(soup):
        if rows and rows[0][0] == first and having in rows[0]:
            return {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    raise AssertionError(f"no table {first!r} with a column {having!r}")


@pytest.fixture(scope="module")
def pages(warehouse, tmp_path_factory: pytest.TempPathFactory) -> dict[str, BeautifulSoup]:
    """The team review and the org overview of the month, rendered as a new user does: params init, run."""
    db, _ = warehouse
    base = tmp_path_factory.mktemp("olist-reports")
    params, reports = base / "params", base / "reports"
    done = salesnb("params", "init", str(params), "--db", str(db))
    assert done.returncode == 0, done.stderr
    done = salesnb(
        "run", "--period", MONTH, "--team", "olist-sales", "--org", "--db", str(db), "--params", str(params),
        "--reports", str(reports), "--workers", "1",
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    read = lambda p: BeautifulSoup((reports / MONTH / p).read_text(encoding="utf-8"), "html.parser")  # noqa: E731
    return {"team": read("olist-sales/team_review.html"), "org": read("org/overview.html")}


def _won_in_month(raw: dict[str, pd.DataFrame]) -> pd.DataFrame:
    ok = raw["deals"][raw["deals"]["placeable"]]
    won = ok[ok["won"].dt.strftime("%Y-%m") == MONTH].copy()
    won["days"] = (won["won"] - won["created"]).dt.days
    return won


def test_the_team_review_prints_the_won_deals_and_time_to_win_per_rep(pages, raw):
    won = _won_in_month(raw)
    per_rep = won.groupby("sr_id")["days"].agg(["size", "mean"])
    reps = _table(pages["team"], "Rep", "New customers")
    assert set(reps) == set(raw["deals"]["sr_id"])  # every rep of the roster, named by the full id
    for rep, row in reps.items():
        n = int(per_rep["size"].get(rep, 0))
        assert row["New customers"] == str(n)  # each won deal signs a new seller
        if n:
            assert row["Win rate"] == "–"  # only won deals are published: no rate, not 100 %
            assert row["Sales cycle (days)"] == f"{per_rep.loc[rep, 'mean']:.1f}"
            assert row["Revenue"] == f"– · {n} won deal{'s' if n > 1 else ''} without an amount"
        else:  # nothing closed: no rate and no cycle, not 0
            assert (row["Win rate"], row["Sales cycle (days)"], row["Revenue"]) == ("–", "–", "R$0")
        assert row["Quota attainment"].startswith("–") and row["Average deal size"].startswith("–")
    score = _table(pages["team"], "KPI", "Previous period")
    assert score["New customers"]["This period"] == str(len(won))
    assert score["Sales cycle (days)"]["This period"] == f"{won['days'].mean():.1f}"
    assert score["Revenue"]["This period"] == f"– · {len(won)} won deals without an amount"


def test_the_team_review_says_what_the_export_lacks(pages, raw):
    text = pages["team"].get_text(" ", strip=True)
    won = len(_won_in_month(raw))
    assert f"The {won} won deals of {MONTH} have no amount in the export, so revenue cannot be" in text
    assert "No stage history is recorded for the deals of this team" in text  # funnel and stages
    assert "No activities (calls, meetings, e-mails, visits) are loaded for this team" in text
    assert "No quotas are loaded for this team" in text
    score = _table(pages["team"], "KPI", "Previous period")
    for kpi in (
        "Quota attainment",
        "Calls per working day",
        "Contact rate",
        "Talk time (hours)",
        "Net Promoter Score",
    ):
        assert score[kpi]["This period"].startswith("–")
    assert "¥" not in text and not ZERO_PERCENT.search(text)  # no invented attainment, BRL throughout
    assert not any(rows[0][0] == "Stage" for rows in _tables(pages["team"]))  # no stage analysis
    averages = _table(pages["team"], "KPI", "3-period average")
    assert averages["Revenue"]["This period"] == f"– · {won} won deals without an amount"
    trend = _table(pages["team"], "Period", "New customers")
    assert trend[MONTH]["New customers"] == str(won)  # the trend starts with the first won deals


def test_the_org_overview_prints_lead_conversion_and_unknown_revenue(pages, raw):
    won = _won_in_month(raw)
    created = int((raw["leads"]["created"].dt.strftime("%Y-%m") == MONTH).sum())
    text = pages["org"].get_text(" ", strip=True)
    assert f"Lead conversion rate: {len(won) / created:.1%}" in text
    assert f"Sales cycle (days): {won['days'].mean():.1f}" in text
    assert f"Revenue: – · {len(won)} won deals without an amount" in text
    region = _table(pages["org"], "Region", "Revenue")["Brazil"]
    assert region["Revenue"] == f"– · {len(won)} won deals without an amount"
    assert region["New customers"] == str(len(won))
    assert "cannot be ranked by revenue" in text and "No data for this period" not in text
    assert "¥" not in text and not ZERO_PERCENT.search(text)
