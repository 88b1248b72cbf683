"""The SQL stage keeps every row and its file row number, on files large enough for parallel reading."""

from pathlib import Path

import duckdb

from salesnb.ingest.stage import lit, stage


def test_row_numbers_follow_the_file_on_a_large_file(tmp_path: Path):
    rows = 300_000
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8") as fh:
        fh.write("Record Id,Name,Note\n")
        for i in range(rows):
            fh.write(f'{i},name {i},"quoted, with comma"\n' if i % 7 else f"{i},name {i},plain\n")
    con = duckdb.connect()
    staged = stage(con, path)
    assert (staged.rows_read, staged.blank_rows) == (rows, 0)
    misplaced = con.execute("SELECT count(*) FROM _rows WHERE CAST(c0 AS BIGINT) <> file_row - 2").fetchone()[
        0
    ]
    assert misplaced == 0
    assert con.execute("SELECT c2 FROM _rows WHERE file_row = 3").fetchone()[0] == "quoted, with comma"


def test_quoted_newlines_bom_and_crlf(tmp_path: Path):
    path = tmp_path / "crlf.csv"
    path.write_bytes('\ufeffRecord Id,Note\r\n1,"two\r\nlines"\r\n2,plain\r\n'.encode())
    con = duckdb.connect()
    staged = stage(con, path)
    assert staged.headers == ["Record Id", "Note"] and staged.encoding == "utf-8-bom"
    assert con.execute("SELECT file_row, c0 FROM _rows ORDER BY file_row").fetchall() == [(2, "1"), (3, "2")]


def test_lit_quotes_sql_strings():
    assert lit("O'Brien") == "'O''Brien'"
    con = duckdb.connect()
    assert con.execute(f"SELECT {lit(chr(39) + '; DROP TABLE x; --')}").fetchone()[0] == "'; DROP TABLE x; --"
