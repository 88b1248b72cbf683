"""The batch runner's guarantees: warm kernels change nothing in the output, a dying kernel or a kill -9
costs only the reports in flight, unchanged reports are skipped, hostile names stay text, Dask runs the
same jobs."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import nbformat
import pytest

from salesnb.batch.kernels import WarmKernel
from salesnb.batch.plan import plan_team_reviews
from salesnb.batch.runner import execute_job, run_jobs
from salesnb.config import notebooks_dir
from salesnb.params import load_settings
from salesnb.periods import Period
from tests.functional.commands import salesnb

ROOT = Path(__file__).parents[2]
OCT = Period.parse("2026-10")
SETTINGS = load_settings(ROOT / "params")
pytestmark = pytest.mark.slow


def _outputs(path: Path) -> list:
    nb = nbformat.read(path, as_version=4)
    return [
        (c.execution_count, [{k: v for k, v in o.items() if k != "metadata"} for o in c.outputs])
        for c in nb.cells
        if c.cell_type == "code"
    ]


def test_warm_kernel_output_is_identical_to_a_plain_papermill_run(demo_db, tmp_path):
    plain_root, warm_root = tmp_path / "plain", tmp_path / "warm"
    (plain_job,) = plan_team_reviews(demo_db, OCT, ["tj-online"], plain_root, SETTINGS)
    (warm_job,) = plan_team_reviews(demo_db, OCT, ["tj-online"], warm_root, SETTINGS)
    kernel = WarmKernel(notebooks_dir())
    try:
        # a first notebook leaves variables behind in the kernel; the second run must not see them
        first = plan_team_reviews(demo_db, OCT, ["bj-field"], tmp_path / "first", SETTINGS)[0]
        assert execute_job(first, kernel).status == "ok"
        warm = execute_job(warm_job, kernel)
    finally:
        kernel.close()
    plain = execute_job(plain_job)
    assert plain.status == warm.status == "ok"
    a = _outputs(plain_root / "2026-10" / "tj-online" / "team_review.ipynb")
    b = _outputs(warm_root / "2026-10" / "tj-online" / "team_review.ipynb")
    assert [n for n, _ in a] == list(range(1, len(a) + 1))  # execution counts start at 1 in both
    assert a == b


def _notebooks_with(tmp_path: Path, code: str) -> Path:
    """A copy of the notebooks whose team review runs ``code`` after its parameters."""
    notebooks = tmp_path / "notebooks"
    shutil.copytree(
        ROOT / "notebooks", notebooks, ignore=shutil.ignore_patterns("kernel-*", ".ipynb_checkpoints")
    )
    nb = nbformat.read(notebooks / "team_review.ipynb", as_version=4)
    nb.cells.insert(3, nbformat.v4.new_code_cell(code))
    nbformat.write(nb, notebooks / "team_review.ipynb")
    return notebooks


def test_a_kernel_that_dies_fails_its_report_only(demo_db, tmp_path):
    notebooks = _notebooks_with(tmp_path, 'import os\nif team == "bj-field":\n    os._exit(1)')
    reports = tmp_path / "reports"
    env = {"SALESNB_NOTEBOOKS": str(notebooks)}
    args = ["run", "--period", "2026-10", "--team", "bj-field", "--team", "tj-online", "--workers", "1"]
    result = salesnb(*args, "--db", str(demo_db), "--reports", str(reports), env=env)
    assert result.returncode == 1
    manifest = json.loads((reports / "2026-10" / "manifest.json").read_text(encoding="utf-8"))
    by_team = {e["team"]: e for e in manifest["reports"]}
    assert by_team["bj-field"]["status"] == "failed" and "Dead" in by_team["bj-field"]["error"]
    assert by_team["tj-online"]["status"] == "ok"  # the next report got a new kernel
    assert (reports / "2026-10" / "tj-online" / "team_review.html").exists()


def test_a_notebook_asking_for_input_fails_its_cell_instead_of_waiting(demo_db, tmp_path):
    notebooks = _notebooks_with(tmp_path, 'answer = input("continue? ")')
    reports = tmp_path / "reports"
    args = ["run", "--period", "2026-10", "--team", "tj-online", "--workers", "1", "--db", str(demo_db)]
    # a kernel allowed to ask for input would wait for ever: salesnb() gives up after ten minutes
    result = salesnb(*args, "--reports", str(reports), env={"SALESNB_NOTEBOOKS": str(notebooks)})
    assert result.returncode == 1
    manifest = json.loads((reports / "2026-10" / "manifest.json").read_text(encoding="utf-8"))
    (entry,) = manifest["reports"]
    assert entry["status"] == "failed" and "StdinNotImplementedError" in entry["error"]


def test_kill_9_mid_batch_leaves_whole_reports_and_the_next_run_completes_the_rest(demo_db, tmp_path):
    reports = tmp_path / "reports"
    cmd = [sys.executable, "-m", "salesnb.cli", "run", "--period", "2026-10", "--workers", "1"]
    cmd += ["--db", str(demo_db), "--reports", str(reports)]
    proc = subprocess.Popen(
        cmd, cwd=ROOT, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    manifest = reports / "2026-10" / "manifest.json"
    deadline = time.time() + 240
    try:
        while time.time() < deadline:
            if manifest.exists() and len(json.loads(manifest.read_text(encoding="utf-8"))["reports"]) >= 2:
                break
            time.sleep(0.2)
        else:
            pytest.fail("no report finished in time")
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the batch, its workers and their kernels, like a lost machine
        proc.wait()
    done = json.loads(manifest.read_text(encoding="utf-8"))["reports"]  # still valid JSON
    assert 2 <= len(done) < 9
    for page in reports.rglob("*.html"):
        assert page.read_text(encoding="utf-8").rstrip().endswith("</html>"), page  # never half a file
    again = salesnb("run", "--period", "2026-10", "--db", str(demo_db), "--reports", str(reports))
    assert again.returncode == 0, again.stderr
    assert f"{len(done)} unchanged since their last success skipped" in again.stdout
    final = json.loads(manifest.read_text(encoding="utf-8"))["reports"]
    assert len(final) == 9 and all(e["status"] == "ok" for e in final)
    assert not [p for p in reports.rglob("*") if ".tmp" in p.name]  # the killed run's temporaries are gone


def test_unchanged_reports_are_skipped_until_data_or_params_change(demo_db, tmp_path):
    db = tmp_path / "w.duckdb"
    shutil.copy(demo_db, db)
    params = tmp_path / "params"
    shutil.copytree(ROOT / "params", params)
    base = ["run", "--period", "2026-10", "--team", "tj-online", "--team", "bj-field", "--db", str(db)]
    base += ["--reports", str(tmp_path / "reports"), "--params", str(params), "--format", "html,pdf"]
    first = salesnb(*base)
    assert first.returncode == 0, first.stderr
    assert (tmp_path / "reports" / "2026-10" / "tj-online" / "team_review.pdf").read_bytes()[:4] == b"%PDF"
    assert "0 unchanged" in first.stdout
    assert "2 unchanged" in salesnb(*base).stdout
    with duckdb.connect(str(db)) as con:  # one deal of one team changes: only that team re-renders
        first_deal = "SELECT min(opportunity_id) FROM opportunities WHERE rep_id LIKE 'tj-online-%'"
        con.execute(f"UPDATE opportunities SET amount = amount + 1 WHERE opportunity_id = ({first_deal})")
    third = salesnb(*base)
    assert "rendering 1 report(s)" in third.stdout and "team_review tj-online" in third.stdout
    (params / "teams" / "bj-field.yaml").write_text("language: zh\n", encoding="utf-8")
    assert "team_review bj-field" in salesnb(*base).stdout
    assert "rendering 2 report(s)" in salesnb(*base, "--force").stdout


def test_retry_failed_reruns_only_the_failures(demo_db, tmp_path):
    notebooks = tmp_path / "notebooks"
    shutil.copytree(
        ROOT / "notebooks", notebooks, ignore=shutil.ignore_patterns("kernel-*", ".ipynb_checkpoints")
    )
    nb = nbformat.read(notebooks / "team_review.ipynb", as_version=4)
    nb.cells.insert(3, nbformat.v4.new_code_cell('if team == "bj-field":\n    raise RuntimeError("boom")'))
    nbformat.write(nb, notebooks / "team_review.ipynb")
    args = ["run", "--period", "2026-10", "--team", "bj-field", "--team", "tj-online", "--db", str(demo_db)]
    args += ["--reports", str(tmp_path / "reports")]
    assert salesnb(*args, env={"SALESNB_NOTEBOOKS": str(notebooks)}).returncode == 1
    retry = salesnb(*args, "--retry-failed")  # the notebook is fixed: the failure renders now
    assert retry.returncode == 0 and "rendering 1 report(s)" in retry.stdout and "bj-field" in retry.stdout


def test_hostile_names_are_text_in_the_report_and_never_a_path(demo_db, tmp_path):
    db = tmp_path / "w.duckdb"
    shutil.copy(demo_db, db)
    evil = "<script>alert(\"x\")</script> {team} 'q' ../../etc"
    with duckdb.connect(str(db)) as con:
        con.execute("UPDATE teams SET name = ? WHERE team_id = 'tj-online'", [evil])
        con.execute("UPDATE reps SET name = ? WHERE rep_id = 'tj-online-r02'", [evil])
        con.execute("UPDATE opportunities SET name = ? WHERE rep_id = 'tj-online-r02'", [evil])
    reports = tmp_path / "reports"
    result = salesnb("run", "--period", "2026-10", "--team", "tj-online", "--reps", "--db", str(db),
                     "--reports", str(reports))  # fmt: skip
    assert result.returncode == 0, result.stderr
    pages = list(reports.rglob("*.html"))
    assert len(pages) >= 3
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert '<script>alert("x")' not in text
    team_page = (reports / "2026-10" / "tj-online" / "team_review.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(" in team_page and "{team} 'q' ../../etc" in team_page  # shown as typed
    outside = [p for p in tmp_path.rglob("*") if reports not in p.parents and p != reports]
    assert {p.name for p in outside} <= {"w.duckdb", "reports", "w.duckdb.wal", "w.duckdb.lock"}


def test_dask_local_cluster_runs_the_same_jobs(demo_db, tmp_path):
    distributed = pytest.importorskip("distributed")
    jobs = plan_team_reviews(demo_db, OCT, ["tj-online", "bj-field"], tmp_path / "reports", SETTINGS)
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as c:
        entries = run_jobs(jobs, executor="dask", scheduler=c.scheduler_address)
    assert sorted(e.team for e in entries) == ["bj-field", "tj-online"]
    assert all(e.status == "ok" for e in entries), [e.error for e in entries]
    assert (tmp_path / "reports" / "2026-10" / "bj-field" / "team_review.html").exists()
