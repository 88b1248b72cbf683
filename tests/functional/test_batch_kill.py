"""``kill -9`` of the ``salesnb run`` process alone, as a scheduler's timeout does (#14 defect 11): within
seconds every process the batch started (fork server, workers, kernels, resource tracker) is gone, no
report appears afterwards, no kernel connection file is left and no kernel wrote an IPython history."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

psutil = pytest.importorskip("psutil")

ROOT = Path(__file__).parents[2]
pytestmark = pytest.mark.slow


def _marked(mark: str) -> list[psutil.Process]:
    """Every live process whose environment carries ``mark`` (a killed parent's children are reparented,
    so they are found by what they inherited, not by who their parent is)."""
    found = []
    for proc in psutil.process_iter():
        try:
            if proc.environ().get("SALESNB_TEST_MARK") == mark and proc.status() != psutil.STATUS_ZOMBIE:
                found.append(proc)
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
    return found


def _reports(root: Path) -> set[Path]:
    return {
        p for p in root.rglob("*") if p.suffix in (".html", ".ipynb", ".pdf") and not p.name.startswith(".")
    }


@pytest.mark.parametrize("warm", ["--warm", "--cold"])
def test_kill_9_of_the_batch_alone_ends_its_workers_and_kernels(demo_db, tmp_path, warm):
    mark = uuid.uuid4().hex
    reports, runtime, ipython = tmp_path / "reports", tmp_path / "runtime", tmp_path / "ipython"
    env = {
        **os.environ,
        "SALESNB_TEST_MARK": mark,
        "JUPYTER_RUNTIME_DIR": str(runtime),
        "IPYTHONDIR": str(ipython),
        "TMPDIR": str(tmp_path),
    }
    cmd = [sys.executable, "-m", "salesnb.cli", "run", "--period", "2026-10", "--workers", "2", warm]
    db = tmp_path / "w.duckdb"
    shutil.copy(demo_db, db)  # `run --reps` stores the coaching plans given: not in the session's warehouse
    cmd += ["--reps", "--db", str(db), "--reports", str(reports)]
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.time() + 300
        while not list(reports.glob("2026-10/*/team_review.html")):
            assert time.time() < deadline, "no report finished in time"
            assert proc.poll() is None, "the batch ended before its first report"
            time.sleep(0.2)
        started = _marked(mark)
        kernels = [p for p in started if "ipykernel_launcher" in " ".join(p.cmdline())]
        assert len(started) >= 3, [p.cmdline()[:3] for p in started]  # fork server, workers, kernels
        assert kernels or warm == "--cold"  # a cold worker may be between two kernels
        os.kill(proc.pid, signal.SIGKILL)  # the pid alone, not its group
        killed = time.time()
        before = _reports(reports)
        while left := _marked(mark):
            if time.time() - killed > 10:
                pytest.fail(f"still running 10 s after the kill: {[p.cmdline()[:3] for p in left]}")
            time.sleep(0.2)
        time.sleep(2)  # anything still about to write has had its chance
        assert _reports(reports) <= before, "a report appeared after the batch was killed"
        for page in reports.rglob("*.html"):
            assert page.read_text(encoding="utf-8").rstrip().endswith("</html>"), page
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        for p in _marked(mark):  # only if the test failed: leave nothing behind
            p.kill()
    leftovers = [p.name for p in runtime.glob("*.json")] + [p.name for p in tmp_path.glob("tmp*.json")]
    assert leftovers == [], "kernel connection files left behind"
    assert not list(ipython.rglob("history.sqlite")), "a kernel kept an IPython history file"
