"""Each amount column's decimal convention is decided from the file (#14 defect 7: in a ';'-delimited export
20.000 was stored as 20.0, silently); what stays ambiguous is quarantined as ambiguous_number."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from salesnb.errors import ParameterError
from salesnb.ingest import ingest_files
from salesnb.ingest.mapping import parse_mapping
from salesnb.ingest.numbers import evidence_sql

BAD = Path(__file__).parents[1] / "data" / "bad"
HEADER = "Record Id;Deal Name;Deal Owner;Amount;Stage;Closing Date;Created Time;Account Name\n"
MAPPING = """module: deals
source: eu
columns: {record_id: Record Id, name: Deal Name, owner: Deal Owner, amount: Amount, stage: Stage,
          close_date: Closing Date, created: Created Time, account: Account Name}
fx_rates: {EUR: 7.5, CHF: 8}
"""


@pytest.fixture
def db(tmp_path: Path) -> Path:
    db = tmp_path / "w.duckdb"
    ingest_files([BAD / "_roster_zoho.csv"], db)
    return db


def _import(db: Path, tmp_path: Path, amounts: list[str], mapping: str | None = None):
    """Import one deal per amount; {file row: stored amount or quarantine rule} and the notes."""
    path = tmp_path / "deals.csv"
    rows = "".join(
        f"D{i};Deal {i};Iris Lee;{a};Qualification;2024-09-30;2024-08-01 10:00:00;Acme\n"
        for i, a in enumerate(amounts, start=2)
    )
    path.write_text(HEADER + rows, encoding="utf-8")
    kwargs = {}
    if mapping is not None:
        (tmp_path / "m.yaml").write_text(MAPPING + mapping, encoding="utf-8")
        kwargs = {"source": "csv", "mapping_file": tmp_path / "m.yaml"}
    (result,) = ingest_files([path], db, fx_rates={"EUR": 7.5}, **kwargs)
    assert result.balanced
    with duckdb.connect(str(db), read_only=True) as con:
        out = {
            int(i.split(":D")[1]): a
            for i, a in con.execute("SELECT opportunity_id, amount FROM opportunities").fetchall()
        }
        for row, rule in con.execute(
            "SELECT file_row, rule FROM quarantine WHERE import_id = ?", [result.import_id]
        ).fetchall():
            out[row] = rule
    return dict(sorted(out.items())), result.notes


@pytest.mark.parametrize(
    ("text", "decimal"),
    [
        ("1.234,56", ","),
        ("1,234.56", "."),
        ("1.234.567", ","),
        ("1,234,567", "."),
        ("1 234,5", ","),
        ("1'234.5", "."),
        ("1\u00a0234,50", ","),
        ("20,5", ","),
        ("12000.00", "."),
        ("0,500", ","),
        ("1234,567", ","),
        (",5", ","),
        ("12,34,567.00", "."),
        ("20.000", None),
        ("1,200", None),
        ("12000", ""),
        ("1 234", ""),
    ],
)
def test_what_a_value_shows_by_itself(text, decimal):
    with duckdb.connect() as con:
        assert con.execute(f"SELECT {evidence_sql('n')} FROM (SELECT ? AS n)", [text]).fetchone() == (
            decimal,
        )


def test_a_european_column_reads_20_000_as_twenty_thousand(db, tmp_path):
    stored, notes = _import(db, tmp_path, ["20.000", "1.234,56", "1.500.000", "7,5", "300", "12.000,00 €"])
    assert stored == {2: 20000.0, 3: 1234.56, 4: 1500000.0, 5: 7.5, 6: 300.0, 7: 90000.0}  # € at 7.5
    assert any("read with a decimal comma (1.234,56)" in n for n in notes)


def test_an_english_column_reads_1_200_as_twelve_hundred(db, tmp_path):
    stored, notes = _import(db, tmp_path, ["1,200", "¥3,200.00", "1.2万", "1'234.50", "12,34,567.00"])
    assert stored == {2: 1200.0, 3: 3200.0, 4: 12000.0, 5: 1234.5, 6: 1234567.0}
    assert notes == []


def test_a_column_that_never_tells_quarantines_what_is_ambiguous(db, tmp_path):
    stored, notes = _import(db, tmp_path, ["20.000", "15.500", "1 250", "800", "1,2,3"])
    assert stored == {
        2: "ambiguous_number",
        3: "ambiguous_number",
        4: 1250.0,
        5: 800.0,
        6: "unreadable_amount",
    }
    assert any("such as '15.500' could use either decimal separator" in n for n in notes)


def test_a_column_mixing_both_conventions_reads_no_separated_number(db, tmp_path):
    stored, notes = _import(db, tmp_path, ["1.234,56", "1,234.56", "20.000", "500"])
    assert stored == {2: "ambiguous_number", 3: "ambiguous_number", 4: "ambiguous_number", 5: 500.0}
    assert any("1 value(s) show a decimal point and 1 a decimal comma" in n for n in notes)


def test_a_value_against_a_clear_convention_is_quarantined(db, tmp_path):
    amounts = [f"{i}.{i:03d},50" for i in range(1, 11)] + ["1,234.56"]
    stored, notes = _import(db, tmp_path, amounts)
    assert stored[2] == 1001.5 and stored[12] == "unreadable_amount"
    assert any("1 value(s) written the other way are quarantined" in n for n in notes)


@pytest.mark.parametrize(("decimal", "scale"), [(",", 1000.0), (".", 1.0)])
def test_a_mapping_states_the_convention(db, tmp_path, decimal, scale):
    stored, notes = _import(
        db, tmp_path, ["20.000", "1.250", "20.000 EUR"], mapping=f"numbers: {{decimal: '{decimal}'}}\n"
    )
    assert stored == {2: 20 * scale, 3: 1.25 * scale, 4: 20 * scale * 7.5} and notes == []


def test_a_stated_convention_refuses_the_other(db, tmp_path):
    stored, _ = _import(db, tmp_path, ["1,234.56", "1.234,56"], mapping="numbers: {decimal: ','}\n")
    assert stored == {2: "unreadable_amount", 3: 1234.56}


@pytest.mark.parametrize("numbers", [{"decimal": ";"}, {"grouping": "."}, ",", {"decimal": 1}])
def test_a_bad_numbers_key_is_one_line(numbers):
    with pytest.raises(ParameterError, match=r"m\.yaml: numbers takes decimal: ','"):
        parse_mapping({"module": "deals", "numbers": numbers}, "m.yaml")
