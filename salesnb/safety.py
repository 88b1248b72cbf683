"""What salesnb writes and prints stays inert, whatever a CRM holds: a spreadsheet cell is never a
formula, a string on a terminal never drives the terminal, a string in a chart is never maths.

Names of reps, teams, customers and deals, column headers and file names come from CRM exports that
anyone in an organisation may have typed into. This module is below every domain package (it imports
nothing of salesnb) so that every writer and printer can use the same rules:

- :func:`spreadsheet_frame` (and :func:`spreadsheet_cell`) for every CSV and XLSX salesnb writes
  (OWASP's rule against CSV injection, and no row break inside a cell);
- :func:`terminal_text` for every data string printed to a terminal, :func:`terminal_json` for JSON
  printed there;
- :data:`CHART_RC` for every chart (matplotlib's ``text.parse_math``).
"""

from __future__ import annotations

import re

import pandas as pd

#: A text cell starting with one of these is read as a formula by Excel, LibreOffice or Google Sheets
#: (``=``, ``+``, ``-``, ``@``), or leads them to skip to one (tab, carriage return): OWASP's list.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

#: A plain decimal number ("-5", "+1.25", "-3e4") or a lone sign (the "-" exports and the quarantine
#: use for "none"): a spreadsheet reads it as that number or that text, never as a formula, so a
#: negative amount written as text stays a number.
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|[+-]")


def spreadsheet_cell(value: object) -> object:
    """``value`` as a spreadsheet may hold it.

    Text that a spreadsheet would run as a formula gets a leading single quote (``=1+1`` becomes
    ``'=1+1``, shown as text), and a carriage return inside text becomes a newline: pandas' CSV writer
    leaves a field with a lone carriage return unquoted, and a spreadsheet starts a new row there, so
    ``x\\r=1+1`` would put a formula at the start of a row. Anything else is returned as is (numbers,
    plain numbers written as text such as ``-5``, a lone ``-``, missing values, other text).
    """
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(value):
        value = "'" + value
    return value.replace("\r\n", "\n").replace("\r", "\n")


def spreadsheet_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` safe to write with ``to_csv`` or ``to_excel``: every text cell and every
    column name through :func:`spreadsheet_cell`; numeric, boolean and date columns untouched (a
    numeric column's -5 stays the number -5)."""
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if not (
            pd.api.types.is_numeric_dtype(values)
            or pd.api.types.is_bool_dtype(values)
            or pd.api.types.is_datetime64_any_dtype(values)
        ):
            out[column] = values.map(spreadsheet_cell, na_action="ignore")
    out.columns = [spreadsheet_cell(c) for c in out.columns]
    return out


def _visible(code: int) -> str:
    named = {0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"}
    return named.get(code) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


#: Characters a terminal acts on or that change how a line reads: the C0 and C1 control characters
#: and DEL (escape sequences, bell, backspace, carriage return, 8-bit CSI), the line and paragraph
#: separators, and the bidirectional embeddings, overrides and isolates (text shown reversed).
_CONTROL_CODES = (
    *range(0x00, 0x20),
    *range(0x7F, 0xA0),
    0x2028,
    0x2029,
    *range(0x202A, 0x202F),
    *range(0x2066, 0x206A),
)
_TERMINAL = {code: _visible(code) for code in _CONTROL_CODES}
#: The same characters as JSON escapes, but for C0: ``json.dumps`` escapes U+0000 to U+001F in strings
#: itself, and the newlines it leaves raw are its own indentation.
_JSON = {code: f"\\u{code:04x}" for code in _CONTROL_CODES if code >= 0x20}


def terminal_text(value: object) -> str:
    """``value`` as text for a terminal: every control character shown as a visible escape
    (``ESC`` as ``\\x1b``, a newline as ``\\n``, U+202E as ``\\u202e``), so that the text prints as
    one line and cannot clear the screen, colour, retitle the window or link.

    This does not escape markup: a string printed through rich also needs ``rich.text.Text`` (or
    ``rich.markup.escape``).
    """
    return str(value).translate(_TERMINAL)


def terminal_json(text: str) -> str:
    """JSON text from ``json.dumps`` with the control characters it leaves raw (DEL, C1, separators,
    bidirectional controls) escaped as ``\\uXXXX``: the same data, safe on a terminal."""
    return text.translate(_JSON)


#: matplotlib settings for every chart: text is drawn as written, never parsed as mathtext (a name
#: such as ``$x^{2}$`` stays that name, ``Rich $\\foo$`` no longer fails the chart).
CHART_RC = {"text.parse_math": False}
