"""A batch on a disk that fills up or is read-only, for real (#14 defects 12 and 13): a small tmpfs (mounting
needs root, so these skip elsewhere, saying why; tests/unit/test_batch_storage.py injects the same errors).

A full disk mid-batch: every report that fit is whole and recorded, every one that did not is a failed
report, no empty or cut file sits in a final place, the manifest and the index are rebuilt, exit 1 with a
summary and no traceback. A read-only reports folder: one line, exit 2, nothing rendered.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.functional.commands import salesnb

pytestmark = pytest.mark.slow


@pytest.fixture
def tmpfs(tmp_path) -> Iterator[Callable[[str, str], Path]]:
    mounted: list[Path] = []

    def mount(name: str, options: str) -> Path:
        point = tmp_path / name
        point.mkdir()
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(point)], capture_output=True, text=True
        )
        if done.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here ({done.stderr.strip() or done.returncode})")
        mounted.append(point)
        return point

    yield mount
    for point in mounted:
        subprocess.run(["umount", "-l", str(point)], check=False)


def test_a_disk_that_fills_up_mid_batch_fails_only_the_reports_that_did_not_fit(demo_db, tmpfs):
    reports = tmpfs("reports", "size=3m")  # two or three reports fit
    run = salesnb(
        "run", "--period", "2026-10", "--workers", "2", "--db", str(demo_db), "--reports", str(reports)
    )
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    assert "no space left on the device: free some space there, then run the command again" in run.stderr
    assert "report(s) failed" in run.stderr and "reports ok" in run.stdout
    for path in reports.rglob("*"):
        if path.is_file():
            assert path.stat().st_size > 0, f"{path} is empty"
            assert not path.name.startswith("."), f"{path}: a temporary left behind"
    for page in reports.rglob("*.html"):
        assert page.read_text(encoding="utf-8").rstrip().endswith("</html>"), page
    for notebook in reports.rglob("*.ipynb"):
        json.loads(notebook.read_text(encoding="utf-8"))  # whole
    manifest = json.loads((reports / "2026-10" / "manifest.json").read_text(encoding="utf-8"))["reports"]
    assert len(manifest) == 9  # every report recorded, the failures with why
    ok = [e for e in manifest if e["status"] == "ok"]
    assert ok and len(ok) < 9
    for e in ok:
        assert (reports / "2026-10" / e["html"]).exists()
    for e in manifest:
        if e["status"] != "ok":
            assert "no space left on the device" in e["error"]
            assert e["html"] is None or (reports / "2026-10" / e["html"]).exists()
    assert (reports / "index.html").exists()


def test_a_read_only_reports_folder_is_one_line_and_exit_2(demo_db, tmpfs):
    reports = tmpfs("reports", "ro,size=1m")
    run = salesnb("run", "--period", "2026-10", "--db", str(demo_db), "--reports", str(reports))
    assert run.returncode == 2
    assert run.stderr == (
        f"salesnb: error: cannot write {reports / '2026-10'}: read-only file system: choose a folder that "
        "can be written (nothing was rendered; --reports chooses the folder)\n"
    )


def test_ingest_on_a_full_disk_leaves_the_warehouse_as_it_was(demo_db, tmpfs, tmp_path):
    folder = tmpfs("data", "size=70m")  # the demo warehouse fits, its copy does not
    db = folder / "w.duckdb"
    db.write_bytes(demo_db.read_bytes())
    before = db.read_bytes()
    roster = Path(__file__).parents[1] / "data" / "bad" / "_roster_zoho.csv"
    run = salesnb("ingest", str(roster), "--db", str(db), "--log-dir", str(tmp_path / "imports"))
    assert run.returncode == 1
    assert run.stderr == (
        f"salesnb: error: cannot write {db}: no space left on the device: free some space there, then run "
        "the command again (the warehouse is unchanged)\n"
    )
    assert db.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["w.duckdb"]
