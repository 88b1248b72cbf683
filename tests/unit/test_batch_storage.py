"""A full disk or a read-only folder under a batch (#14 defects 12 and 13): a report file is moved into place
only when whole, each report that could not be written is a failed report, the batch goes on, rebuilds the
manifest and the index where it can and exits 1 with a summary; a folder that cannot be written at all is
one line before anything renders."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from salesnb.batch import runner
from salesnb.batch.runner import Job, execute_job
from salesnb.cli import main
from salesnb.cli import run as run_cli
from salesnb.errors import StorageError
from salesnb.files import atomic
from salesnb.files.atomic import move_into_place, write_text_atomic
from salesnb.ingest.load import write_quarantine_csv
from salesnb.periods import Period
from salesnb.report_params import TeamReviewParams
from salesnb.reports.kinds import TEAM_REVIEW, Scope
from salesnb.reports.manifest import Entry, now, read_manifest


def _full(*_args, **_kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def job(tmp_path: Path) -> Job:
    params = TeamReviewParams(team="t1", period="2026-10")
    return Job(TEAM_REVIEW, Scope("Team One", team="t1"), params, str(tmp_path / "reports"))


def test_papermill_cut_short_by_a_full_disk_moves_no_notebook_into_place(tmp_path, monkeypatch):
    final = tmp_path / "reports" / "2026-10" / "t1" / "team_review.ipynb"
    final.parent.mkdir(parents=True)
    final.write_text('{"cells": [], "previous": true}', encoding="utf-8")  # last month's good run

    def cut_short(source, output, **kwargs):
        Path(output).write_text('{"cells": [{"cell_type": "co', encoding="utf-8")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(runner.papermill, "execute_notebook", cut_short)
    entry = execute_job(job(tmp_path))
    assert entry.status == "failed" and entry.ipynb is None and entry.html is None
    assert entry.error.startswith(f"cannot write {final.parent}: no space left on the device: free some")
    assert json.loads(final.read_text(encoding="utf-8"))["previous"]  # the old one, whole
    assert [p.name for p in final.parent.iterdir()] == ["team_review.ipynb"]  # no temporary left


@pytest.mark.parametrize("written", ["", '{"cells": [{"cell_type": "markdown", "sou'])
def test_an_empty_or_cut_notebook_that_papermill_did_not_notice_is_not_moved_either(
    tmp_path, monkeypatch, written
):
    monkeypatch.setattr(
        runner.papermill, "execute_notebook", lambda source, output, **kw: Path(output).write_text(written)
    )
    entry = execute_job(job(tmp_path))
    assert entry.status == "failed" and entry.ipynb is None
    assert entry.error.startswith("the executed notebook could not be written:")
    folder = tmp_path / "reports" / "2026-10" / "t1"
    assert list(folder.iterdir()) == []


def test_move_into_place_fsyncs_checks_and_renames_only_a_whole_file(tmp_path):
    tmp, final = tmp_path / ".x.tmp", tmp_path / "x.json"
    tmp.write_text('{"cells": []}')
    move_into_place(tmp, final, json.loads)
    assert final.read_text() == '{"cells": []}' and not tmp.exists()
    tmp.write_text('{"cel')
    with pytest.raises(ValueError):
        move_into_place(tmp, final, json.loads)
    assert final.read_text() == '{"cells": []}' and not tmp.exists()


def test_an_atomic_write_on_a_full_disk_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    path = tmp_path / "manifest.json"
    write_text_atomic(path, "old")
    monkeypatch.setattr(atomic.os, "fsync", _full)
    with pytest.raises(OSError, match="No space left"):
        write_text_atomic(path, "new")
    assert path.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["manifest.json"]


def test_the_quarantine_csv_is_written_whole_or_not_at_all(tmp_path, monkeypatch):
    result = SimpleNamespace(import_id="imp1")  # all write_quarantine_csv reads of the FileResult
    rows = pd.DataFrame({"row": [2], "reason": ["unknown_owner"]})
    monkeypatch.setattr(atomic.os, "fsync", _full)
    with pytest.raises(OSError, match="No space left"):
        write_quarantine_csv("deals.csv", result, rows, tmp_path / "imports")
    assert list((tmp_path / "imports").iterdir()) == []
    monkeypatch.undo()
    out = write_quarantine_csv("deals.csv", result, rows, tmp_path / "imports")
    assert out.read_bytes().startswith(b"\xef\xbb\xbfrow,reason,file\n")  # UTF-8 with BOM, as before


def _entry(team: str, status: str = "ok") -> Entry:
    return Entry("team_review", team, team, "2026-10", "en", status, None, None, 0.1, now())


def test_a_full_disk_under_the_manifest_stops_no_report_and_the_batch_exits_1(demo_db, tmp_path, monkeypatch):
    reports = tmp_path / "reports"
    seen = []

    def fake_run(jobs, workers, on_done, **kwargs):
        entries = [_entry(j.team) for j in jobs]
        for n, e in enumerate(entries, 1):
            on_done(e, n, len(entries))
            seen.append(e.team)
        return entries

    writes = {"n": 0}
    real = run_cli.write_manifest

    def manifest_on_a_full_disk(*args, **kwargs):
        writes["n"] += 1
        if writes["n"] <= 2:  # the first two reports find the disk full; then space is freed
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(*args, **kwargs)

    monkeypatch.setattr(run_cli, "run_jobs", fake_run)
    monkeypatch.setattr(run_cli, "write_manifest", manifest_on_a_full_disk)
    code = run_cli.render_period(Period.parse("2026-10"), [], False, demo_db, reports, Path("params"), 1)
    assert code == 1
    assert len(seen) == 6  # every report ran
    assert len(read_manifest(reports / "2026-10")) == 6  # rebuilt at the end: every report is recorded
    assert (reports / "index.html").exists()


def test_a_read_only_reports_folder_is_one_line_before_anything_renders(
    demo_db, tmp_path, monkeypatch, capsys
):
    ran = []
    monkeypatch.setattr(run_cli, "run_jobs", lambda *a, **k: ran.append(1) or [])
    real_mkdir = Path.mkdir

    def read_only(self, *args, **kwargs):
        if str(self).startswith(str(tmp_path / "reports")):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(self))
        return real_mkdir(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", read_only)
    args = ["run", "--period", "2026-10", "--db", str(demo_db), "--reports", str(tmp_path / "reports")]
    code = main(args)
    err = capsys.readouterr().err
    assert code == 2 and not ran
    assert err == (
        f"salesnb: error: cannot write {tmp_path / 'reports' / '2026-10'}: read-only file system: choose a "
        "folder that can be written (nothing was rendered; --reports chooses the folder)\n"
    )


def test_any_command_meeting_a_full_disk_says_so_in_one_line(monkeypatch, capsys):
    from salesnb.cli import teams

    def full(db_path):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "/srv/reports/index.html")

    monkeypatch.setattr(teams.command, "callback", full)
    assert main(["teams"]) == 1
    assert capsys.readouterr().err == (
        "salesnb: error: cannot write /srv/reports/index.html: no space left on the device: free some space "
        "there, then run the command again\n"
    )
    assert StorageError.from_os_error(OSError(errno.ENOENT, "gone")) is None  # not a storage error
