"""Amounts and exchange rates are finite and in range (#14 defects 3, 12, 16): a rate outside
[0.000001, 1,000,000] is a bad parameter, an amount that is not finite, reaches 10^15 in the warehouse
currency or rounds to zero is quarantined as ``amount_out_of_range``."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from salesnb.errors import ParameterError
from salesnb.ingest import ingest_files
from salesnb.ingest.money import MAX_AMOUNT, check_currency, check_rate, parse_fx_option

BAD = Path(__file__).parents[1] / "data" / "bad"
HEADER = "Record Id,Deal Name,Deal Owner,Amount,Currency,Stage,Closing Date,Created Time,Account Name\n"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    db = tmp_path / "w.duckdb"
    ingest_files([BAD / "_roster_zoho.csv"], db)
    return db


def _deals(tmp_path: Path, amounts: list[tuple[str, str]]) -> Path:
    path = tmp_path / "deals.csv"
    rows = [
        f'D{i},Deal {i},Iris Lee,"{amount}",{cur},Qualification,2024-09-30,2024-08-01 10:00:00,Acme {i}\n'
        for i, (amount, cur) in enumerate(amounts, start=1)
    ]
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return path


def _stored(db: Path) -> dict[str, float]:
    with duckdb.connect(str(db), read_only=True) as con:
        return dict(con.execute("SELECT opportunity_id, amount FROM opportunities").fetchall())


@pytest.mark.parametrize("value", [0, -7.1, float("nan"), float("inf"), 1e308, 1e-9, "seven", "", None, True])
def test_a_rate_outside_the_range_is_refused(value):
    with pytest.raises(ParameterError, match=r"is not a number from 0\.000001 to 1,000,000"):
        check_rate("USD", value, "fx_rates: USD")


@pytest.mark.parametrize(("value", "rate"), [(7.1, 7.1), ("7.1", 7.1), (1, 1.0), ("0.000039", 0.000039)])
def test_a_rate_in_the_range_is_read(value, rate):
    assert check_rate("USD", value, "x") == rate


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ("=7.1", "'' is not a three-letter currency code"),
        ("US=7.1", "'US' is not a three-letter currency code"),
        ("USD", "use CUR=RATE"),
        ("USD=nan", "exchange rate 'nan' for USD"),
        ("USD=inf", "exchange rate 'inf' for USD"),
        ("USD=0", "exchange rate '0' for USD"),
        ("USD=1e308", "exchange rate '1e308' for USD"),
    ],
)
def test_fx_option_errors_name_the_option(item, message):
    with pytest.raises(ParameterError) as info:
        parse_fx_option(item)
    assert str(info.value).startswith(f"--fx-rate {item!r}: ") and message in str(info.value)


def test_fx_option_and_currency_codes():
    assert parse_fx_option(" usd = 7.1 ") == ("USD", 7.1)
    assert check_currency("eur", "x") == "EUR"
    for bad in ("EURO", "", 12, None, "U$D"):
        with pytest.raises(ParameterError, match="three-letter currency code"):
            check_currency(bad, "x")


def test_api_fx_rates_are_checked_like_the_option(db: Path, tmp_path: Path):
    path = _deals(tmp_path, [("100", "USD")])
    for bad in (0, float("inf"), float("nan"), -1):
        with pytest.raises(ParameterError, match="fx_rates: exchange rate"):
            ingest_files([path], db, fx_rates={"USD": bad})
    assert _stored(db) == {}


def test_amounts_out_of_range_are_quarantined_not_stored_as_inf_or_zero(db: Path, tmp_path: Path):
    path = _deals(
        tmp_path,
        [
            ("1" + "0" * 400, "CNY"),  # 401 digits: inf as a double
            ("1" + "0" * 400, "USD"),
            (f"{MAX_AMOUNT / 7:.0f}", "USD"),  # just below the bound as read, above it converted
            ("999999999999999", "CNY"),  # the largest whole amount stored
            ("0.001", "JPY"),  # rounds to 0.00 CNY
            ("0", "CNY"),  # a zero amount is a value, not an error
            ("1.2万", "CNY"),
        ],
    )
    (result,) = ingest_files([path], db, fx_rates={"USD": 7, "JPY": 0.05})
    assert result.balanced and (result.rows_read, result.quarantined) == (7, 4)
    q = result_rules(db, result.import_id)
    assert q == [
        (2, "amount_out_of_range"),
        (3, "amount_out_of_range"),
        (4, "amount_out_of_range"),
        (6, "amount_out_of_range"),
    ]
    assert _stored(db) == {"zoho:D4": 999999999999999.0, "zoho:D6": 0.0, "zoho:D7": 12000.0}


def test_the_reason_names_the_bound(db: Path, tmp_path: Path):
    (result,) = ingest_files([_deals(tmp_path, [("9" * 401, "CNY")])], db)
    with duckdb.connect(str(db), read_only=True) as con:
        (reason,) = con.execute(
            "SELECT reason FROM quarantine WHERE import_id = ?", [result.import_id]
        ).fetchone()
    assert "1,000,000,000,000,000 in the warehouse currency" in reason


def result_rules(db: Path, import_id: str) -> list[tuple[int, str]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(
            "SELECT file_row, rule FROM quarantine WHERE import_id = ? ORDER BY 1", [import_id]
        ).fetchall()
