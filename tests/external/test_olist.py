"""The Olist marketing funnel (real public data, kept outside the project) imported through the documented
mappings of ``docs/examples/olist/``: every file balances and the stored figures equal a pandas computation
on the raw CSVs. Skipped, with the reason, when ``../shared/real-data/olist-marketing-funnel`` is absent."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from salesnb.ingest import ingest_files
from salesnb.kpis import kpi_table
from salesnb.periods import Period
from salesnb.warehouse.slices import load_slice

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
    assert table.loc["revenue", "value"] == 0 and table.loc["revenue", "left_out"] == march
    assert table.loc["win_rate", "value"] == 1.0  # only won deals are published
    assert pd.isna(table.loc["avg_deal_size", "value"])  # no amount known: no size, not 0
    # the leads nobody owns count for the organisation: converted in March over created in March
    org = kpi_table(data, Period.parse("2018-03"), "org").set_index("kpi")
    created = int((raw["leads"]["created"].dt.strftime("%Y-%m") == "2018-03").sum())
    assert org.loc["lead_conversion_rate", "value"] == pytest.approx(march / created)
    assert pd.isna(table.loc["lead_conversion_rate", "value"])  # in no team's figures
