"""A batch worker ends with its batch, and a batch's kernels leave no connection file or history behind
(#14 defect 11; tests/functional/test_batch_kill.py kills a real batch)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from jupyter_core.utils import run_sync

from salesnb.batch import lifeline
from salesnb.batch.kernels import KERNEL, BatchKernelManager

WORKER = """
import sys, time
from pathlib import Path
from salesnb.batch import lifeline
lifeline.on_end(lambda: Path(sys.argv[2]).write_text("cleaned up"))
lifeline.watch(int(sys.argv[1]))
print("watching", flush=True)
time.sleep(60)
"""


def test_a_worker_ends_within_moments_of_its_batch_and_runs_its_clean_ups(tmp_path):
    batch = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    marker = tmp_path / "cleaned"
    worker = subprocess.Popen(
        [sys.executable, "-c", WORKER, str(batch.pid), str(marker)],
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])},
    )
    try:
        assert worker.stdout.readline() == b"watching\n"
        time.sleep(0.5)
        assert worker.poll() is None  # the batch lives: the worker goes on
        batch.kill()  # not reaped yet: a zombie still has its pid, the pidfd says it has ended
        started = time.monotonic()
        assert worker.wait(timeout=5) == lifeline.ORPHANED
        assert time.monotonic() - started < 2
        assert marker.read_text() == "cleaned up"
    finally:
        for p in (batch, worker):
            p.kill()
            p.wait()


PLACING = """
import os, signal, sys, time
from pathlib import Path
from salesnb.batch import lifeline
lifeline.watch(int(sys.argv[1]))
report = Path(sys.argv[2])
with lifeline.placing(report):
    os.kill(int(sys.argv[1]), signal.SIGKILL)  # the batch dies while the report moves into place
    time.sleep(0.5)  # the watcher has seen it and waits for the move
    report.write_text("moved into place")
    report.with_suffix(".done").write_text("the end waited for the move")
print("not reached", flush=True)
"""


def test_a_report_moved_into_place_as_the_batch_dies_is_taken_away_again(tmp_path):
    """The worker checks the batch before a move and again after it: a report that went into place as the
    batch died does not stay (the window between a last check and a rename is never left open)."""
    batch = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    report = tmp_path / "team_review.html"
    worker = subprocess.run(
        [sys.executable, "-c", PLACING, str(batch.pid), str(report)],
        capture_output=True,
        timeout=30,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])},
    )
    batch.wait()
    assert worker.returncode == lifeline.ORPHANED, worker.stderr
    assert worker.stdout == b""
    assert report.with_suffix(".done").exists()  # the watcher did not end the worker mid-move
    assert not report.exists()


def test_a_report_moves_into_place_while_the_batch_lives(tmp_path):
    report = tmp_path / "team_review.html"
    with lifeline.placing(report):  # nothing watched: the main process, a Dask worker, a test
        report.write_text("moved into place")
    assert report.read_text() == "moved into place"


def test_nothing_is_watched_outside_a_pool_worker():
    assert not lifeline.orphaned()
    lifeline.check()  # returns: the main process, a Dask worker, a test


def test_a_batch_kernel_removes_its_connection_file_and_keeps_history_in_memory(tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "runtime"))
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    km = BatchKernelManager(kernel_name=KERNEL)
    run_sync(km.start_kernel)()
    kc = km.client()
    try:
        kc.start_channels()
        run_sync(kc.wait_for_ready)(timeout=60)
        assert Path(km.connection_file).parent == tmp_path / "runtime"
        reply = run_sync(kc.execute_interactive)("x = 1\nx + 1", timeout=30)
        assert reply["content"]["status"] == "ok"
        deadline = time.monotonic() + 10
        while Path(km.connection_file).exists():  # removed by the kernel once it is up
            assert time.monotonic() < deadline, "the connection file is still there"
            time.sleep(0.1)
    finally:
        kc.stop_channels()
        run_sync(km.shutdown_kernel)(now=True)
    assert list((tmp_path / "runtime").iterdir()) == []
    assert not list((tmp_path / "ipython").rglob("history.sqlite"))
