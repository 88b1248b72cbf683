"""The SQL stage keeps every row and its file row number, on files large enough for parallel reading; cells
are staged trimmed; the careful reader tells GBK from Latin-1."""

from pathlib import Path

import duckdb
import pytest

from salesnb.errors import DataError
from salesnb.ingest.readers import decode
from salesnb.ingest.staging import lit, stage


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


def test_cells_are_stored_trimmed_and_empty_cells_as_null(tmp_path: Path):
    # trim() strips Unicode space separators (space, no-break space, ideographic space), not tabs
    cells = [" a ", "\u3000b\u00a0", "\tc", "", "   "]
    for encoding in ("utf-8", "gb18030"):
        path = tmp_path / f"{encoding}.csv"
        head = "Id,A,B,C,D,E\n" if encoding == "utf-8" else "编号,A,B,C,D,E\n"
        path.write_bytes((head + "1," + ",".join(f'"{c}"' for c in cells) + "\n").encode(encoding))
        con = duckdb.connect()
        staged = stage(con, path)
        assert staged.encoding == encoding
        assert con.execute("SELECT c1, c2, c3, c4, c5 FROM _rows").fetchall() == [
            ("a", "b", "\tc", None, None)
        ]


def test_gbk_text_with_rare_characters_is_read_and_latin1_text_is_refused(tmp_path: Path):
    # 镕 is GBK but not GB2312: a file with some everyday characters beside it is Chinese text
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes("姓名,部门\n朱镕基,销售部\n".encode("gbk"))
    assert decode(gbk.read_bytes(), gbk) == ("姓名,部门\n朱镕基,销售部\n", "gb18030")
    # Windows-1252 accents and quotes followed by letters pair up as GB18030 ideographs
    latin = tmp_path / "latin.csv"
    latin.write_bytes("Name,Note\nRenée Müller,“Bonjour”s\n".encode("cp1252"))
    assert latin.read_bytes().decode("gb18030")  # it does decode, as nonsense
    with pytest.raises(DataError, match="no common Chinese character"):
        decode(latin.read_bytes(), latin)
