"""Record ids as Zoho and spreadsheets write them (#14 defect 16): a UI export's ``zcrm_`` id and the API's
plain id are the same record; Excel's ``="00123"`` text quoting is unwrapped in every field."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from salesnb.ingest import ingest_files
from salesnb.ingest.stage import excel_text

BAD = Path(__file__).parents[1] / "data" / "bad"


@pytest.fixture
def imported(tmp_path: Path):
    db = tmp_path / "w.duckdb"
    ingest_files([BAD / "_roster_zoho.csv"], db)
    (result,) = ingest_files([BAD / "values_deals_ids.csv"], db)
    with duckdb.connect(str(db), read_only=True) as con:
        yield result, con


def test_ui_and_api_ids_are_the_same_record(imported):
    result, con = imported
    stored = dict(con.execute("SELECT opportunity_id, amount FROM opportunities").fetchall())
    # zcrm_4150868000000224005 (row 2) and 4150868000000224005 (row 3): one record, the later row wins
    assert stored == {"zoho:4150868000000224005": 150.0, "zoho:00123": 1200.0, "zoho:77": 100.0}
    rules = con.execute(
        "SELECT file_row, rule, value FROM quarantine WHERE import_id = ? ORDER BY 1", [result.import_id]
    ).fetchall()
    assert rules == [(2, "duplicate_record", "4150868000000224005"), (6, "unreadable_id", "zcrm_")]
    assert result.balanced


def test_excel_text_quoting_is_unwrapped_in_every_field(imported):
    _, con = imported
    names = {r[0] for r in con.execute("SELECT name FROM customers").fetchall()}
    assert names == {"Alpha Ltd", 'Acme "Big" Ltd'}


@pytest.mark.parametrize(
    ("cell", "text"),
    [('="00123"', "00123"), ('="a""b"', 'a"b'), ('=""', None), ('="x', '="x'), ('="1" & "2"', '="1" & "2"')],
)
def test_excel_text(cell, text):
    with duckdb.connect() as con:
        assert con.execute(f"SELECT {excel_text('x')} FROM (SELECT ? AS x)", [cell]).fetchone() == (text,)
