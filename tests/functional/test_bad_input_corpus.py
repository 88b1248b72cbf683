"""The bad-input corpus at the command line: every case runs ``salesnb ...`` as a user would and checks its
exit code, what it printed and that rows read = stored + quarantined.

Cases live in ``tests/data/bad/cases/*.yaml`` (one file per area), each a list of mappings:

``id``        unique, readable (the test id)
``setup``     the warehouse the command starts from: ``empty`` (none yet, the default), ``roster`` (the two
              small rosters ``_roster_zoho.csv`` and ``_roster_fxiaoke.csv`` imported) or a list of
              ``salesnb`` argument lists run first (each must exit 0)
``command``   the ``salesnb`` arguments; ``{bad}`` is ``tests/data/bad``, ``{db}`` the case's warehouse,
              ``{tmp}`` its own temporary folder (``--db {db}`` is added to commands that take it when
              absent)
``exit``      the exit code (0 ok, 1 reports failed or --strict found quarantined rows, 2 bad input)
``message``   fragments that must all appear in what the command printed (stdout and stderr)
``absent``    fragments that must not appear (e.g. a traceback, a raw escape character)
``rows``      ``{read: N, stored: N, quarantined: N}`` summed over the files' summary lines, or ``none``
              for a command that must store nothing (the warehouse's imports are unchanged)
``copy``      ``{destination: source}`` files copied before the command, after the setup (both formatted
              like ``command``: ``{"{db}": "{bad}/batch_zero.warehouse"}`` makes a broken warehouse); a
              copied warehouse must come out byte for byte as it went in when the command exits 2

A failing case (exit 2) must explain itself in one line on stderr and write nothing to the warehouse.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
import pytest
import yaml

from salesnb.cli import main

BAD = Path(__file__).parents[1] / "data" / "bad"
CASES_DIR = BAD / "cases"
SUMMARY = re.compile(
    r"rows read ([\d,]+) / stored ([\d,]+) new \+ ([\d,]+) unchanged"
    r" / updated ([\d,]+) / quarantined ([\d,]+)"
)
WITH_DB = {"ingest", "kpis", "goals", "teams", "run", "demo", "audiences", "send"}
KEYS = {"id", "setup", "command", "exit", "message", "absent", "rows", "env", "copy"}


def load_cases() -> list[dict]:
    cases = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            unknown = set(case) - KEYS
            assert not unknown, f"{path.name}: case {case.get('id')}: unknown keys {sorted(unknown)}"
            cases.append({**case, "_file": path.name})
    return cases


CASES = load_cases()


def _expand(args: list, env: dict[str, str]) -> list[str]:
    out = [str(a).format(**env) for a in args]
    has_db = any(a == "--db" or a.startswith("--db=") for a in out)
    if out and out[0] in WITH_DB and not has_db and out[:2] != ["goals", "--help"]:
        out += ["--db", env["db"]]
    return out


def _imports(db: str) -> int | None:
    if not Path(db).exists():
        return None
    try:
        con = duckdb.connect(db, read_only=True)
    except duckdb.Error:
        return None
    try:
        return con.execute("SELECT count(*) FROM imports").fetchone()[0]
    except duckdb.Error:
        return None
    finally:
        con.close()


def _run(args: list[str], capsys) -> tuple[int, str, str]:
    capsys.readouterr()
    try:
        code = main(args)
    except SystemExit as exc:  # click's sys.exit paths (e.g. --strict)
        code = exc.code if isinstance(exc.code, int) else 1
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cases_are_well_formed():
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids)), "case ids must be unique"
    for c in CASES:
        assert isinstance(c["command"], list) and c["command"], c["id"]
        assert isinstance(c.get("exit"), int), c["id"]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_bad_input_case(case: dict, tmp_path: Path, capsys, monkeypatch):
    env = {"bad": str(BAD), "db": str(tmp_path / "w.duckdb"), "tmp": str(tmp_path)}
    monkeypatch.chdir(tmp_path)
    for key, value in (case.get("env") or {}).items():
        monkeypatch.setenv(key, str(value).format(**env))
    monkeypatch.delenv("SALESNB_DEBUG", raising=False)
    setup = case.get("setup", "empty")
    if setup == "roster":
        setup = [["ingest", "{bad}/_roster_zoho.csv"], ["ingest", "{bad}/_roster_fxiaoke.csv"]]
    if isinstance(setup, list):
        for step in setup:
            code, out, err = _run(_expand(step, env), capsys)
            assert code == 0, f"setup {step} exited {code}: {err or out}"
    copied = {}
    for dest, source in (case.get("copy") or {}).items():
        target = Path(dest.format(**env))
        shutil.copyfile(source.format(**env), target)
        copied[target] = target.read_bytes()
    before = _imports(env["db"])

    code, out, err = _run(_expand(case["command"], env), capsys)
    printed = out + err
    assert code == case["exit"], f"exit {code}, expected {case['exit']}:\n{printed}"
    assert "Traceback" not in printed
    for fragment in case.get("message") or []:
        assert str(fragment).format(**env) in printed, f"{fragment!r} not in:\n{printed}"
    for fragment in case.get("absent") or []:
        assert str(fragment).format(**env) not in printed, f"{fragment!r} printed:\n{printed}"
    if code == 2:
        lines = [line for line in err.splitlines() if line.strip()]
        assert len(lines) == 1, f"a bad input is explained in one line, got:\n{err}"
        for target, data in copied.items():
            assert target.read_bytes() == data, f"{target.name} changed"

    rows = case.get("rows")
    summaries = [tuple(int(g.replace(",", "")) for g in m.groups()) for m in SUMMARY.finditer(out)]
    for read, new, unchanged, updated, quarantined in summaries:
        assert read == new + unchanged + updated + quarantined, f"rows do not add up:\n{out}"
    if rows == "none" or code == 2:
        assert _imports(env["db"]) == before, "a refused command wrote to the warehouse"
    if isinstance(rows, dict):
        assert summaries, f"no import summary printed:\n{printed}"
        read = sum(s[0] for s in summaries)
        stored = sum(s[1] + s[2] + s[3] for s in summaries)
        quarantined = sum(s[4] for s in summaries)
        assert (read, stored, quarantined) == (rows["read"], rows["stored"], rows["quarantined"]), printed


def test_corpus_size():
    """The issue asked for a corpus of at least 100 cases at the command line (counted with the API-level
    cases of tests/unit/test_ingest_bad_inputs.py)."""
    from tests.unit.test_ingest_bad_inputs import CASES as API_CASES

    assert len(CASES) + len(API_CASES) >= 100, (len(CASES), len(API_CASES))


def test_every_corpus_file_is_used():
    """Every file (or folder, such as a params folder) under tests/data/bad/ is used by an API case, a
    command-line case or a roster setup."""
    from tests.unit.test_ingest_bad_inputs import CASES as API_CASES

    text = "\n".join(p.read_text(encoding="utf-8") for p in CASES_DIR.glob("*.yaml"))
    used = {c.file for c in API_CASES} | {f for c in API_CASES for f in c.data}
    used |= {c.mapping for c in API_CASES}
    files = {p.name for p in BAD.iterdir() if p.is_file() or (p.is_dir() and p != CASES_DIR)}
    unused = {f for f in files - used - {"_roster_zoho.csv", "_roster_fxiaoke.csv"} if f"/{f}" not in text}
    assert unused == set()
