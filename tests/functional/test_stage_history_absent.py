"""A small organisation exported without stage history: no claim about a past moment from today's stage.

Its CRM export (Zoho's deal columns) carries each deal's current stage and its last modification only,
so the warehouse's history holds one row per deal: the stage it is in now, entered when last modified (a
closed deal's on its close day).
The October team review must not say a deal open on 31 October and won on 15 November was "in Won".
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from salesnb.analysis.findings import risk_frame
from salesnb.ingest import ingest_files
from salesnb.kpis import kpi_frame
from salesnb.periods import Period
from salesnb.reports.team_review import outlook, risks
from salesnb.reviews import load_team_review
from salesnb.warehouse.slices import load_slice
from salesnb.warehouse.store import connect

SAMPLES = Path(__file__).parents[1] / "data" / "samples"
# open on 31 October: d1 (won 15 November), d3 (lost 20 December), d5 (still open, modified 20 November)
HEAD = "Record Id,Deal Owner,Deal Name,Account Name,Type,Amount,Closing Date,Stage,Created Time,Modified Time"
ROWS = [
    # id, owner, name, account, amount, closing date, stage, created, modified (2026)
    ("d1", "Rachel Liu", "Big one", "Acme", 5559, "11-15", "Closed Won", "08-18", "11-15"),
    ("d2", "Rachel Liu", "Small", "Birch", 1200, "10-10", "Closed Won", "09-01", "10-10"),
    ("d3", "Olivia Lee", "Lost one", "Cedar", 800, "12-20", "Closed Lost", "08-20", "12-02"),
    ("d4", "Olivia Lee", "Won Sep", "Dune", 2000, "09-15", "Closed Won", "08-01", "09-15"),
    ("d5", "Olivia Li", "Still open", "Elm", 3000, "12-30", "Negotiation/Review", "08-05", "11-20"),
    ("d6", "Iris Lee", "Won Aug", "Fir", 900, "08-25", "Closed Won", "08-02", "08-25"),
]  # fmt: skip
DEALS = "\n".join(
    [HEAD]
    + [
        f"{i},{o},{n},{a},New Business,{m}.00,2026-{c},{s},2026-{t} 10:00:00,2026-{u} 09:00:00"
        for i, o, n, a, m, c, s, t, u in ROWS
    ]
)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("no-history")
    deals = folder / "Deals.csv"
    deals.write_text(DEALS, encoding="utf-8")
    path = folder / "w.duckdb"
    ingest_files([SAMPLES / "zoho" / "Users.csv", deals], path)
    return path


@pytest.fixture(scope="module")
def review(db: Path):
    return load_team_review("bj-telesales", "2026-10", "en", db_path=str(db))


def test_the_team_review_makes_no_stage_claim_about_31_october(review, monkeypatch):
    frame, _ = risks.risks_frame(review)
    text = " ".join(frame.astype(str).to_numpy().ravel())
    assert "in Won" not in text and "in Lost" not in text
    # the three deals open then have no stage entered before 1 November: none can be called stalled
    found = risk_frame(review.analysis.risks)
    assert not found["risk"].isin(["stalled_deal", "stalled_pipeline"]).any()
    # what is known is still said: the pipeline open then, ¥9,359, and who holds it
    pipe = found[found["risk"] == "customer_concentration"].iloc[0]
    assert pipe["evidence"]["total"] == 9359.0


def test_weighted_numbers_of_october_are_unavailable_not_the_final_outcome(review, db):
    wp = review.analysis.forecast.set_index("method").loc["weighted_pipeline"]
    # d1's final 100 % would have put November at ¥5,559: the probability it had then is unknown
    assert math.isnan(wp["next_period"]) and wp["reason"] == "stage_unknown"
    shown = outlook.forecast_frame(review)
    assert "no stage history" in " ".join(shown.astype(str).to_numpy().ravel())
    with connect(db) as con:
        data = load_slice(con, ["bj-telesales"], Period.parse("2026-08").start, Period.parse("2026-12").end)
    k = kpi_frame(data, [Period.parse("2026-10"), Period.parse("2026-12")], "team").loc[
        :, "weighted_pipeline"
    ]
    assert math.isnan(k[("2026-10", "bj-telesales")])
    # December ends after the export's last record: d5 is still open at its recorded 75 %
    assert k[("2026-12", "bj-telesales")] == pytest.approx(3000 * 0.75)
