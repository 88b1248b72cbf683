"""A corpus of small bad CRM exports (tests/data/bad/) and the exact outcome of importing each one.

Every file either fails before anything is written (DataError / ParameterError with a clear message)
or imports with each bad row quarantined under a known rule, column and file row number, and
rows read = new + updated + unchanged + quarantined. Cases marked ``bug`` document the behaviour we
expect but the package does not deliver yet (strict xfail: they start failing loudly once fixed).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from salesnb.errors import DataError, ParameterError
from salesnb.ingest import ingest_files

BAD = Path(__file__).parents[1] / "data" / "bad"
DATE_HELP = "YYYY-MM-DD, YYYY/M/D, YYYY年M月D日"


@dataclass(frozen=True)
class Case:
    """One corpus file and what importing it must do.

    ``file`` is the file under test (a data file, or a mapping YAML when ``mapping`` is it); ``data``
    is what gets imported when it differs. Either ``raises`` (+ message fragments) or the quarantine:
    ``(file_row, source_column, rule)`` for every entry, plus the expected counts.
    """

    file: str
    data: tuple[str, ...] = ()
    source: str | None = None
    mapping: str | None = None
    fx: dict[str, float] | None = None
    raises: type[Exception] | None = None
    message: tuple[str, ...] = ()
    quarantine: tuple[tuple[int, str, str], ...] = ()
    rows_read: int = 0
    new: int = 0
    unchanged: int = 0
    blank_rows: int | None = 0
    stored: tuple[str, list[tuple]] | None = None  # SQL over the warehouse and its exact rows
    bug: str | None = None
    ignore_warning: str | None = None  # a known warning (a bug with its own test) not to fail on here

    @property
    def paths(self) -> list[Path]:
        return [BAD / f for f in (self.data or (self.file,))]


def q(*entries: tuple[int, str, str]) -> tuple[tuple[int, str, str], ...]:
    return tuple(entries)


OPPS = "SELECT name, amount, currency, stage, status, created_date, expected_close_date FROM opportunities"

CASES: list[Case] = [
    # ---- files that cannot be read at all -------------------------------------------------------------
    Case("zoho_deals_latin1.csv", raises=DataError, message=("cannot decode", "UTF-8 or GB18030/GBK")),
    Case("zoho_deals_utf16.csv", raises=DataError, message=("cannot decode",)),
    Case("random_bytes.csv", raises=DataError, message=("cannot decode",)),
    Case(
        "fxiaoke_opps_gbk_broken.csv",
        # the good GBK file comes first in the same call: nothing of it may be written
        data=("fxiaoke_opps_gbk_ok.csv", "fxiaoke_opps_gbk_broken.csv"),
        raises=DataError,
        message=("fxiaoke_opps_gbk_broken.csv", "cannot decode"),
    ),
    Case("zoho_deals.xls", raises=DataError, message=("unknown file type .xls", "use .csv or .xlsx")),
    Case("zoho_deals_no_suffix", raises=DataError, message=("unknown file type (none)",)),
    Case("csv_renamed_as.xlsx", raises=DataError, message=("not a readable XLSX file",)),
    # cells beyond the last header are quarantined, not dropped and not a reason to refuse the file
    Case(
        "zoho_deals_ragged.csv",
        rows_read=2,
        new=1,
        quarantine=((3, "column 10", "extra_cells"), (3, "column 9", "extra_cells")),
    ),
    Case(
        "empty.csv",
        raises=DataError,
        message=("the file is empty",),
    ),
    Case(
        "only_blank_lines.csv",
        raises=DataError,
        message=("the file is empty",),
    ),
    Case(
        "empty_sheet.xlsx",
        raises=DataError,
        message=("the file is empty",),
    ),
    # Latin-1 bytes that happen to form GB18030 pairs ('Müller GmbH' would read as 'M黮ler GmbH')
    Case(
        "zoho_deals_latin1_umlaut.csv",
        raises=DataError,
        message=("cannot decode", "no common Chinese character", "save it as UTF-8"),
    ),
    # ---- file shapes and bounds (#14 defects 10, 12, 16; memory and time: test_ingest_limits.py) ----------
    Case(
        "readers_data_in_xfd1.xlsx",
        raises=DataError,
        message=("row 1, column 'XFD (16,384)'", "more than 1,000 columns"),
    ),
    Case("readers_2000_columns.csv", raises=DataError, message=("column 'BXX (2,000)'", "1,000 columns")),
    Case(
        "readers_long_cell.csv",
        raises=DataError,
        message=("row 2, column 'Deal Name': a cell of 140,000 characters", "limit of 131,072 characters"),
    ),
    Case(
        "readers_repeated_amount_differs.csv",
        raises=DataError,
        message=("column D (4): '100', column I (9): '999'", "delete or rename one of them"),
    ),
    Case("readers_space_in_xfd1048576.xlsx", rows_read=2, new=2),
    Case("readers_space_in_xfd1.xlsx", rows_read=2, new=2),
    Case("readers_title_rows.csv", rows_read=2, new=2, blank_rows=0),
    Case("readers_trailing_commas.csv", rows_read=2, new=2),
    Case("readers_bom_repeated_header.csv", quarantine=q((3, "-", "repeated_header")), rows_read=3, new=2),
    Case(
        "readers_repeated_amount_empty_first.csv",
        rows_read=2,
        new=2,
        stored=("SELECT name, amount FROM opportunities ORDER BY 1", [("Alpha", 100.0), ("Beta", 100.0)]),
    ),
    # ---- files whose headers do not fit -------------------------------------------------------------------
    Case(
        "unknown_export.csv", raises=DataError, message=("cannot tell which export this is", "Kunde, Betrag")
    ),
    Case(
        "zoho_deals_typo_owner_header.csv",
        source="zoho",
        raises=DataError,
        message=("'Deal Owner'", "field owner", "closest headers: 'Deal Ownr'"),
    ),
    Case(
        "custom_missing_column.csv",
        mapping="custom_deals.yaml",
        source="csv",
        raises=DataError,
        message=("column 'Value'", "required column missing (field amount", "closest headers: 'Valeu'"),
    ),
    # ---- bad mapping files (ParameterError, before any file is read) --------------------------------------
    Case(
        "custom_unknown_key.yaml",
        data=("custom_deals.csv",),
        mapping="custom_unknown_key.yaml",
        raises=ParameterError,
        message=("unknown key colums", "allowed: columns"),
    ),
    Case(
        "custom_unknown_field.yaml",
        data=("custom_deals.csv",),
        mapping="custom_unknown_field.yaml",
        raises=ParameterError,
        message=("columns: unknown field revenue for module deals",),
    ),
    Case(
        "custom_noncanonical_value.yaml",
        data=("custom_deals.csv",),
        mapping="custom_noncanonical_value.yaml",
        raises=ParameterError,
        message=("values: stage: 'Late' maps to 'won', not one of", "closed_won"),
    ),
    Case(
        "custom_unknown_module.yaml",
        data=("custom_deals.csv",),
        mapping="custom_unknown_module.yaml",
        raises=ParameterError,
        message=("module must be one of", "not 'opportunities'"),
    ),
    Case(
        "custom_not_yaml.yaml",
        data=("custom_deals.csv",),
        mapping="custom_not_yaml.yaml",
        raises=ParameterError,
        message=("not valid YAML",),
    ),
    # ---- files that import, bad rows quarantined ---------------------------------------------------------
    Case(
        "zoho_deals_amounts.csv",
        # an empty amount is unknown, not 0, and not a reason to refuse the deal
        quarantine=q((2, "Amount", "unreadable_amount"), (3, "Amount", "negative_amount")),
        rows_read=4,
        new=2,
        stored=(
            f"{OPPS} ORDER BY name",
            [
                ("Delta", None, "CNY", "qualification", "open", date(2024, 8, 1), date(2024, 9, 30)),
                ("Gamma", 12000.0, "CNY", "qualification", "open", date(2024, 8, 1), date(2024, 9, 30)),
            ],
        ),
    ),
    Case(
        "zoho_deals_partial.csv",  # as CRMs export them: no title, no amount, no expected close
        quarantine=q((4, "Closing Date", "missing_close_date"), (5, "Closing Date", "missing_close_date")),
        rows_read=4,
        new=2,
        stored=(
            f"{OPPS} ORDER BY name",
            [
                ("Beta", None, "CNY", "closed_won", "won", date(2024, 8, 1), date(2024, 9, 10)),
                ("D1", None, "CNY", "qualification", "open", date(2024, 8, 1), None),
            ],
        ),
    ),
    Case(
        "zoho_deals_fx.csv",
        fx={"USD": 7.1},
        quarantine=q((3, "Amount", "no_fx_rate"), (4, "Amount", "no_fx_rate")),  # EUR column; € sign
        rows_read=4,
        new=2,
        stored=(
            f"{OPPS} ORDER BY name",
            [
                ("Alpha", 710.0, "USD", "qualification", "open", date(2024, 8, 1), date(2024, 9, 30)),
                ("Delta", 100.0, "CNY", "qualification", "open", date(2024, 8, 1), date(2024, 9, 30)),
            ],
        ),
    ),
    Case(
        "zoho_deals_dates.csv",
        quarantine=q(
            (2, "Closing Date", "unreadable_date"),
            (3, "Closing Date", "unreadable_date"),
            (4, "Created Time", "implausible_date"),
            (5, "Created Time", "missing_created"),
        ),
        rows_read=4,
    ),
    Case(
        "zoho_deals_excel_serial_dates.csv",  # 45524 = 2024-08-20, 45505.5 = 2024-08-01 12:00: accepted
        rows_read=2,
        new=2,
        stored=(
            f"{OPPS} ORDER BY name",
            [
                ("Alpha", 100.0, "CNY", "qualification", "open", date(2024, 8, 1), date(2024, 8, 20)),
                ("Beta", 200.0, "CNY", "closed_won", "won", date(2024, 8, 1), date(2024, 8, 20)),
            ],
        ),
    ),
    Case(
        "zoho_deals_unknown_stage.csv",  # 'closed won' in lower case is fine
        quarantine=q((2, "Stage", "unknown_value"), (4, "Stage", "required")),
        rows_read=3,
        new=1,
    ),
    Case(
        "zoho_deals_owners.csv",  # '  rachel   LIU ' matches Rachel Liu
        quarantine=q((2, "Deal Owner", "unknown_owner"), (3, "Deal Owner", "required")),
        rows_read=3,
        new=1,
    ),
    Case(
        "zoho_deals_duplicates.csv",  # zcrm_D1 and D1 are the same record: the later row wins
        quarantine=q((2, "Record Id", "duplicate_record")),
        rows_read=3,
        new=2,
        stored=(
            "SELECT opportunity_id, amount, stage FROM opportunities ORDER BY 1",
            [("zoho:D1", 150.0, "proposal"), ("zoho:D2", 100.0, "qualification")],
        ),
    ),
    Case(
        "zoho_deals_repeated_header.csv",
        quarantine=q((3, "-", "repeated_header")),
        rows_read=3,
        new=2,
    ),
    Case(
        "zoho_deals_trailing_blank_rows.csv",  # blank rows are counted, not read and not quarantined
        rows_read=2,
        new=2,
        blank_rows=3,
    ),
    Case(
        "zoho_deals_leading_blank_lines.csv",  # header on row 3: data rows are 4 and 5
        quarantine=q((5, "Stage", "unknown_value")),
        rows_read=2,
        new=1,
        blank_rows=None,
    ),
    Case(
        "zoho_deals_closed_before_created.csv",  # only closed deals are checked; same day is fine
        quarantine=q((2, "Closing Date", "closed_before_created")),
        rows_read=3,
        new=2,
    ),
    Case(
        "zoho_deals_probability.csv",
        quarantine=q(
            (2, "Probability (%)", "unreadable_percent"),
            (3, "Probability (%)", "unreadable_percent"),
            (5, "Probability (%)", "unreadable_percent"),
        ),
        rows_read=4,
        new=1,
        stored=("SELECT name, probability FROM opportunities", [("Gamma", 0.6)]),
    ),
    Case(
        "zoho_calls_duration.csv",  # 02:05 is fine
        ignore_warning="ignore::pandas.errors.Pandas4Warning",  # see test_duration_parsing_warns_nothing
        quarantine=q(
            (2, "Call Duration (in seconds)", "unreadable_duration"),
            (3, "Call Duration (in seconds)", "unreadable_duration"),
            (5, "Call Type", "unknown_value"),
        ),
        rows_read=4,
        new=1,
        stored=("SELECT activity_id, duration_seconds FROM activities", [("zoho:C3", 125)]),
    ),
    Case(
        "zoho_users_email.csv",  # a roster: Iris Lee is already there
        quarantine=q((2, "Email", "unreadable_email"), (3, "Status", "unknown_value")),
        rows_read=3,
        unchanged=1,
    ),
    Case(
        "header_only.csv",
        rows_read=0,
    ),
    Case(
        "zoho_deals_bad.xlsx",  # a date cell and an Excel serial number are both accepted
        quarantine=q((3, "Amount", "negative_amount"), (5, "Closing Date", "unreadable_date")),
        rows_read=4,
        new=2,
        stored=(
            f"{OPPS} ORDER BY name",
            [
                ("Alpha", 100.0, "CNY", "qualification", "open", date(2024, 8, 1), date(2024, 8, 20)),
                ("Gamma", 300.0, "CNY", "qualification", "open", date(2024, 8, 1), date(2024, 8, 20)),
            ],
        ),
    ),
    Case(
        "zoho_deals_na_cells.xlsx",
        quarantine=q((3, "Amount", "unreadable_amount")),
        rows_read=2,
        new=1,
        stored=("SELECT name FROM opportunities", [("NA",)]),
    ),
    Case(
        "fxiaoke_opps_gbk_ok.csv",  # GBK, 1.59万, ￥3,200.00, 2024年8月20日: all accepted
        rows_read=2,
        new=2,
        stored=(
            f"{OPPS} ORDER BY amount",
            [
                ("星辰软件 - 扩容", 3200.0, "CNY", "proposal", "open", date(2024, 8, 5), date(2024, 9, 30)),
                ("宏达教育 - 新签", 15900.0, "CNY", "closed_won", "won", date(2024, 8, 1), date(2024, 8, 20)),
            ],
        ),
    ),
    Case(
        "fxiaoke_opps_status.csv",
        quarantine=q(
            (2, "商机状态", "excluded"),  # 无效
            (3, "商机状态", "conflicting_status"),  # 进行中 but stage 赢单
            (5, "商机状态", "unknown_value"),  # 暂停
        ),
        rows_read=4,
        new=1,
    ),
    Case(
        "fxiaoke_opps_zh_dates.csv",
        quarantine=q((3, "预计成交日期", "unreadable_date"), (4, "负责人", "unknown_owner")),
        rows_read=3,
        new=1,
        stored=(
            OPPS,
            [("甲商机", 1000.0, "CNY", "qualification", "open", date(2024, 8, 1), date(2024, 8, 20))],
        ),
    ),
    Case(
        "fxiaoke_opps_duplicates.csv",  # no id column: identified by name, account, created
        quarantine=q((2, "record_id", "duplicate_record")),
        rows_read=2,
        new=1,
        stored=("SELECT name, amount FROM opportunities", [("甲商机", 2000.0)]),
    ),
    Case(
        "custom_dayfirst.csv",
        mapping="custom_dayfirst.yaml",
        quarantine=q((4, "Expected", "unreadable_date"), (5, "Expected", "closed_before_created")),
        rows_read=4,
        new=2,
        stored=(
            f"{OPPS} ORDER BY name",
            [
                ("Alpha", 100.0, "CNY", "qualification", "open", date(2024, 8, 1), date(2024, 9, 3)),
                ("Beta", 200.0, "CNY", "closed_won", "won", date(2024, 8, 1), date(2024, 12, 25)),
            ],
        ),
    ),
]


def _param(case: Case):
    marks = [pytest.mark.xfail(strict=True, reason=case.bug)] if case.bug else []
    if case.ignore_warning:
        marks.append(pytest.mark.filterwarnings(case.ignore_warning))
    return pytest.param(case, id=case.file, marks=marks)


@pytest.fixture
def roster_db(tmp_path: Path) -> Path:
    """A warehouse holding the two small rosters.

    Zoho: Iris Lee, Rachel Liu, Olivia Lee (Beijing Telesales); Fxiaoke: 吴超, 李艳 (上海电销团队).
    """
    db = tmp_path / "w.duckdb"
    for roster in ("_roster_zoho.csv", "_roster_fxiaoke.csv"):
        (result,) = ingest_files([BAD / roster], db)
        assert (result.module, result.quarantined, result.balanced) == ("roster", 0, True)
    return db


def _query(db: Path, sql: str, *args) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, list(args)).fetchall()
    finally:
        con.close()


def test_corpus_is_complete():
    """Every corpus file is used by a case (or is a roster / shared input), and there are enough of them."""
    # (files used only by the command-line cases are checked by tests/functional/test_bad_input_corpus.py)
    assert all((BAD / f).is_file() for c in CASES for f in (c.file, *c.data))
    assert len({c.file for c in CASES}) == len(CASES) >= 28


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_bad_input(case: Case, roster_db: Path):
    kwargs = dict(
        source=case.source,
        mapping_file=BAD / case.mapping if case.mapping else None,
        fx_rates=case.fx,
    )
    if case.raises:
        with pytest.raises(case.raises) as info:
            ingest_files(case.paths, roster_db, **kwargs)
        message = str(info.value)
        for fragment in case.message:
            assert fragment in message
        if isinstance(info.value, DataError):
            assert info.value.problems
        # nothing was written: only the two roster imports exist
        assert _query(roster_db, "SELECT count(*) FROM imports") == [(2,)]
        assert _query(roster_db, "SELECT count(*) FROM opportunities") == [(0,)]
        return

    (result,) = ingest_files(case.paths, roster_db, **kwargs)
    m = result.main
    assert result.rows_read == m.new + m.updated + m.unchanged + result.quarantined
    assert result.balanced
    assert (result.rows_read, m.new, m.updated, m.unchanged) == (case.rows_read, case.new, 0, case.unchanged)
    if case.blank_rows is not None:
        assert result.blank_rows == case.blank_rows

    stored = _query(
        roster_db,
        "SELECT file_row, source_column, rule, reason FROM quarantine WHERE import_id = ? ORDER BY 1, 2",
        result.import_id,
    )
    assert [(r, c, rule) for r, c, rule, _ in stored] == sorted(case.quarantine)
    assert all(reason for *_, reason in stored)
    assert result.quarantined == len({row for row, _, _ in case.quarantine})
    logged = _query(
        roster_db, "SELECT rows_read, rows_quarantined FROM imports WHERE import_id = ?", result.import_id
    )
    assert logged == [(case.rows_read, result.quarantined)]

    if case.quarantine:
        csv = pd.read_csv(result.quarantine_csv, dtype=str, encoding="utf-8-sig")
        assert sorted(zip(csv["row"].astype(int), csv["column"], csv["rule"], strict=True)) == sorted(
            case.quarantine
        )
    else:
        assert result.quarantine_csv is None

    if case.stored:
        sql, rows = case.stored
        assert _query(roster_db, sql) == rows


def test_quarantine_keeps_unreadable_date_reason_actionable(roster_db: Path):
    """The reason of a date the parser cannot read lists the accepted forms."""
    (result,) = ingest_files([BAD / "zoho_deals_dates.csv"], roster_db)
    reasons = _query(
        roster_db,
        "SELECT reason FROM quarantine WHERE import_id = ? AND rule = 'unreadable_date'",
        result.import_id,
    )
    assert reasons and all(DATE_HELP in r for (r,) in reasons)


def test_conflicting_status_value_is_the_cell_as_written(roster_db: Path):
    (result,) = ingest_files([BAD / "fxiaoke_opps_status.csv"], roster_db)
    values = _query(
        roster_db,
        "SELECT file_row, value FROM quarantine WHERE import_id = ? ORDER BY 1",
        result.import_id,
    )
    assert values == [(2, "无效"), (3, "进行中"), (5, "暂停")]


def test_duration_parsing_warns_nothing(roster_db: Path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        (result,) = ingest_files([BAD / "zoho_calls_duration.csv"], roster_db)
    assert (result.rows_read, result.quarantined) == (4, 3)


def test_csv_source_without_mapping_is_a_parameter_error(roster_db: Path):
    with pytest.raises(ParameterError, match="--source csv needs --mapping FILE"):
        ingest_files([BAD / "custom_deals.csv"], roster_db, source="csv")


def test_custom_mapping_imports_clean_file(roster_db: Path):
    """The shared input of the bad-mapping cases imports cleanly with the good mapping."""
    (result,) = ingest_files(
        [BAD / "custom_deals.csv"], roster_db, source="csv", mapping_file=BAD / "custom_deals.yaml"
    )
    assert (result.rows_read, result.main.new, result.quarantined) == (2, 2, 0)
    assert _query(roster_db, "SELECT name, stage FROM opportunities ORDER BY 1") == [
        ("Alpha", "qualification"),
        ("Beta", "negotiation"),
    ]
