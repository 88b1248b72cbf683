"""What ingest reads of a file's shape, and its bounds (#14 defects 10, 12 and 16).

Readers work from the data a file holds, not the sheet's declared dimension: a stray space in cell
XFD1048576 drove ingest to 24 GB. Memory and CPU time are measured in a child process (its own rusage, an
address-space cap so a regression fails instead of exhausting the machine), never by a timed assertion.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import duckdb
import pytest
from openpyxl import Workbook

import salesnb
from salesnb.errors import DataError
from salesnb.ingest import ingest_files, readers
from salesnb.ingest.header import header_index, preset_headers, title_note
from salesnb.ingest.limits import MAX_CELL_CHARS, MAX_COLUMNS
from salesnb.ingest.staging import stage

BAD = Path(__file__).parents[1] / "data" / "bad"
HEADER = ["Record Id", "Deal Name", "Deal Owner", "Amount", "Stage", "Closing Date", "Created Time"]
ROWS = [
    ["D1", "Alpha", "Iris Lee", "100", "Qualification", "2024-09-30", "2024-08-01 10:00:00"],
    ["D2", "Beta", "Iris Lee", "200", "Qualification", "2024-09-30", "2024-08-01 10:00:00"],
]
MEMORY_GOAL = 1.5 * 2**30
CPU_GOAL = 60

_CHILD = """
import resource, sys
cap = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
resource.setrlimit(resource.RLIMIT_CPU, (90, 90))
from salesnb.cli import main
main(["ingest", sys.argv[2], "--db", sys.argv[3]])
sys.exit(main(["ingest", sys.argv[4], "--db", sys.argv[3]]))
"""


def _bounded_ingest(path: Path, tmp_path: Path) -> tuple[int, str, float, float]:
    """Import the Zoho roster then ``path`` in a child process: exit code, stderr, peak RSS (bytes), CPU s."""
    env = {**os.environ, "PYTHONPATH": str(Path(salesnb.__file__).parents[1])}
    env.pop("SALESNB_DEBUG", None)
    cap = str(4 * 2**30)  # a guard against a runaway: DuckDB reserves more address space than it uses
    args = [sys.executable, "-c", _CHILD, cap, str(BAD / "_roster_zoho.csv"), str(tmp_path / "w.duckdb")]
    with (tmp_path / "stderr").open("w+b") as err:
        child = subprocess.Popen([*args, str(path)], env=env, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)  # this child's own peak memory and CPU time
        child.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        text = err.read().decode()
    return child.returncode, text, usage.ru_maxrss * 1024, usage.ru_utime + usage.ru_stime


def _book(path: Path, rows: list[list[str]], extra: tuple[tuple[int, int, str], ...] = ()) -> Path:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for r, c, value in extra:
        sheet.cell(row=r, column=c, value=value)
    book.save(path)
    return path


@pytest.mark.parametrize("where", [(1_048_576, 16_384), (1, 16_384)], ids=["XFD1048576", "XFD1"])
def test_a_stray_space_far_away_costs_nothing(tmp_path: Path, where: tuple[int, int]):
    """An 8 KB workbook whose only far cell is a space: its 2 rows are read, within the memory goal."""
    path = _book(tmp_path / "deals.xlsx", [HEADER, *ROWS], ((*where, " "),))
    assert path.stat().st_size < 10_000
    code, err, rss, cpu = _bounded_ingest(path, tmp_path)
    assert code == 0, err
    assert rss < MEMORY_GOAL and cpu < CPU_GOAL, (rss, cpu)


def test_data_past_the_column_limit_is_one_line(tmp_path: Path):
    path = _book(tmp_path / "deals.xlsx", [HEADER, *ROWS], ((1, 16_384, "x"),))
    code, err, rss, cpu = _bounded_ingest(path, tmp_path)
    assert code == 2
    (line,) = err.strip().splitlines()
    assert "deals.xlsx: row 1, column 'XFD (16,384)'" in line and f"more than {MAX_COLUMNS:,} columns" in line
    assert rss < MEMORY_GOAL and cpu < CPU_GOAL, (rss, cpu)


@pytest.mark.parametrize("width", [2_000, 16_384])
def test_a_csv_with_thousands_of_columns_is_one_line(tmp_path: Path, width: int):
    path = tmp_path / "wide.csv"
    extra = [f"Custom {i}" for i in range(width - len(HEADER))]
    lines = [",".join(HEADER + extra)] + [",".join(r + ["v"] * len(extra)) for r in ROWS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, err, rss, cpu = _bounded_ingest(path, tmp_path)
    assert code == 2 and len(err.strip().splitlines()) == 1 and f"{MAX_COLUMNS:,} columns" in err
    assert rss < MEMORY_GOAL and cpu < CPU_GOAL, (rss, cpu)


def test_the_column_limit_itself_imports_within_the_goals(tmp_path: Path):
    """MAX_COLUMNS columns of data, 2,000 rows: imported, within memory and time."""
    path = tmp_path / "wide.csv"
    extra = [f"Custom {i}" for i in range(MAX_COLUMNS - len(HEADER))]
    with path.open("w", encoding="utf-8") as fh:
        fh.write(",".join(HEADER + extra) + "\n")
        for i in range(2_000):
            fh.write(",".join([f"D{i}", *ROWS[0][1:]] + [f"v{i}"] * len(extra)) + "\n")
    code, err, rss, cpu = _bounded_ingest(path, tmp_path)
    assert code == 0, err
    assert rss < MEMORY_GOAL and cpu < CPU_GOAL, (rss, cpu)


def test_nine_megabytes_of_separators_and_blank_lines_stay_bounded(tmp_path: Path):
    """Empty cells that run on and blank lines are not data: the 2 rows are read."""
    path = tmp_path / "deals.csv"
    body = [",".join(HEADER) + "," * 4_000_000] + [",".join(r) for r in ROWS]
    path.write_text("\n".join(body) + "\n" * 5_000_000, encoding="utf-8")
    assert 8e6 < path.stat().st_size < 10e6
    code, err, rss, cpu = _bounded_ingest(path, tmp_path)
    assert code == 0, err
    assert rss < MEMORY_GOAL and cpu < CPU_GOAL, (rss, cpu)


def test_workbook_bounds_are_one_line(tmp_path: Path, monkeypatch):
    """Past the cells or the unpacked bytes a workbook may hold: a clear line naming the fix (CSV)."""
    path = _book(tmp_path / "deals.xlsx", [HEADER, *ROWS])
    monkeypatch.setattr(readers, "MAX_XLSX_CELLS", 10)
    with pytest.raises(DataError, match=r"has more than 10 cells, over the limit .* save the sheet as CSV"):
        readers.read_cells(path)
    monkeypatch.setattr(readers, "MAX_XLSX_CELLS", 1_000)
    monkeypatch.setattr(readers, "MAX_XLSX_UNPACKED", 1_000)
    with pytest.raises(DataError, match=r"unpacks to [0-9.]+ MB, over the 0 MB an XLSX file may hold"):
        readers.read_cells(path)
    monkeypatch.setattr(readers, "MAX_XLSX_UNPACKED", 10**8)
    monkeypatch.setattr(readers, "MAX_XLSX_STRINGS", 1_000)
    with zipfile.ZipFile(path, "a") as archive:  # openpyxl writes inline strings: add a string table
        archive.writestr("xl/sharedStrings.xml", "<sst>" + "<si><t>a</t></si>" * 100 + "</sst>")
    with pytest.raises(DataError, match="MB of shared strings"):
        readers.read_cells(path)


def test_sheet_cells_read_as_text_from_the_data_extent(tmp_path: Path):
    from datetime import datetime

    rows = [["Id", "When", "N"], [1001, datetime(2024, 8, 20, 9, 30), 2.5], [None, None, "#N/A"]]
    path = _book(tmp_path / "t.xlsx", rows, ((5, 2, "x"), (9, 16_384, "  ")))
    cells = readers.read_cells(path)
    assert cells.rows == 5 and list(cells.frame.index) == [1, 2, 5]
    assert cells.frame.values.tolist() == [
        ["Id", "When", "N"],
        ["1001", "2024-08-20 09:30:00", "2.5"],
        ["", "x", ""],
    ]


@pytest.mark.parametrize("length", [MAX_CELL_CHARS + 1, 3_000_000])
def test_a_long_cell_in_the_first_lines_names_row_and_column(tmp_path: Path, length: int):
    path = tmp_path / "deals.csv"
    row = [*ROWS[0][:1], "A" * length, *ROWS[0][2:]]
    path.write_text("\n".join(",".join(r) for r in [HEADER, ROWS[1], row]) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        stage(duckdb.connect(), path)
    assert str(info.value) == (
        f"{path}: row 3, column 'Deal Name': a cell of {length:,} characters is over the limit of "
        f"{MAX_CELL_CHARS:,} characters for a cell: shorten the cell or leave its column out of the export"
    )


def test_a_cell_at_the_limit_is_read(tmp_path: Path):
    path = tmp_path / "deals.csv"
    row = [*ROWS[0][:1], "A" * MAX_CELL_CHARS, *ROWS[0][2:]]
    path.write_text("\n".join(",".join(r) for r in [HEADER, row]) + "\n", encoding="utf-8")
    con = duckdb.connect()
    stage(con, path)
    assert con.execute("SELECT length(c1) FROM _rows").fetchone() == (MAX_CELL_CHARS,)


def test_a_long_cell_from_an_open_quote_says_so():
    with pytest.raises(
        DataError, match=r"row 2, column 'Description'.* runs over 702 lines.*quote is left open"
    ):
        stage(duckdb.connect(), BAD / "readers_long_note_quote_open.csv")


# ------------------------------------------------------------------------------ header row, repeated columns


def test_the_header_is_the_first_row_of_known_headers():
    known = preset_headers("zoho")
    rows = [["Deals report", None], ["Exported by Iris Lee", "2024-09-01"], HEADER, ROWS[0]]
    assert header_index(rows, known) == 2
    assert header_index(rows, None) == 0 and header_index([["a", "b"], HEADER], frozenset()) == 0
    assert header_index([["Kunde", "Betrag"], ["x", "y"]], known) == 0  # none known: the first row
    assert (
        title_note([(1, ["Deals report", None])])
        == "row 1 above the header skipped as title rows: 'Deals report'"
    )


@pytest.mark.parametrize("name", ["readers_title_rows.csv", "readers_title_rows.xlsx"])
def test_title_rows_above_the_header_are_skipped_with_a_note(tmp_path: Path, name: str):
    db = tmp_path / "w.duckdb"
    ingest_files([BAD / "_roster_zoho.csv"], db)
    (result,) = ingest_files([BAD / name], db)
    assert (result.module, result.rows_read, result.main.new, result.quarantined) == ("deals", 2, 2, 0)
    assert any("rows 1, 2 above the header skipped as title rows: 'Deals report'" in n for n in result.notes)


def test_a_bom_before_a_repeated_header_is_a_repeated_header(tmp_path: Path):
    db = tmp_path / "w.duckdb"
    ingest_files([BAD / "_roster_zoho.csv"], db)
    (result,) = ingest_files([BAD / "readers_bom_repeated_header.csv"], db)
    con = duckdb.connect(str(db), read_only=True)
    rules = con.execute(
        "SELECT file_row, rule FROM quarantine WHERE import_id = ?", [result.import_id]
    ).fetchall()
    assert rules == [(3, "repeated_header")]


@pytest.mark.parametrize(
    "name", ["readers_repeated_amount_empty_first.csv", "readers_repeated_amount_same.csv"]
)
def test_copies_of_a_column_that_never_disagree_are_read_as_one(tmp_path: Path, name: str):
    db = tmp_path / "w.duckdb"
    ingest_files([BAD / "_roster_zoho.csv"], db)
    (result,) = ingest_files([BAD / name], db)
    assert (result.rows_read, result.main.new, result.quarantined) == (2, 2, 0)
    assert any("appears 2 times (D (4), I (9)): the copies never disagree" in n for n in result.notes)
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT amount FROM opportunities ORDER BY 1").fetchall() == [(100.0,), (100.0,)]


def test_copies_of_a_column_that_disagree_are_refused_naming_both(tmp_path: Path):
    with pytest.raises(DataError) as info:
        ingest_files([BAD / "readers_repeated_owner_three_copies.csv"], tmp_path / "w.duckdb")
    assert str(info.value).endswith(
        "row 3, column 'Deal Owner': the column appears 3 times and copies differ (column C (3): "
        "'Iris Lee', column J (10): 'Rachel Liu'): delete or rename one of them"
    )
