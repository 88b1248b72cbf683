"""Run report notebooks with papermill for many teams, in parallel, one failure never stopping the rest.

Each job executes the notebook into a temporary file beside its final place, renames it once it is whole
(fsynced, parsed: :func:`salesnb.files.atomic.move_into_place`), renders the HTML and writes that
atomically too, so an interrupted batch or a full disk never leaves a half-written or empty report; a
report that could not be written is a failed report, like one whose notebook failed.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import logging
import multiprocessing
import multiprocessing.util
import os
import sys
import time
import warnings
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import papermill
from papermill.exceptions import PapermillExecutionError

from salesnb.batch import lifeline
from salesnb.batch.kernels import BatchKernelManager, WarmKernel
from salesnb.config import notebooks_dir
from salesnb.errors import ParameterError, StorageError
from salesnb.files.atomic import move_into_place, write_text_atomic
from salesnb.files.paths import ORG_SCOPE, contained, org_dir, period_dir, team_dir
from salesnb.ids import check_slug
from salesnb.periods import Period
from salesnb.reports.html import render_html_file
from salesnb.reports.manifest import Entry, now
from salesnb.text.i18n import tr

#: Report notebooks and the i18n key of their title.
NOTEBOOKS = {"team_review": "team_review", "org_overview": "org_overview", "rep_review": "rep.title"}
#: The folder of a team's rep reviews inside the team's folder (``salesnb.reports.rep_review.REPS_DIR``).
REPS_DIR = "reps"


@dataclass(frozen=True)
class Job:
    """One report: a notebook for one team (or one rep of it) and period, with its validated parameters.

    For a rep review ``rep`` is the rep's id and ``team_name`` the rep's name (the report's title).
    """

    notebook: str
    team: str
    team_name: str
    period: str
    reports_root: str
    parameters: dict = field(hash=False)
    rep: str = ""
    formats: tuple[str, ...] = ("html",)  # html always; pdf on request
    fingerprint: str = ""  # salesnb.batch.incremental: what the report depends on

    @property
    def language(self) -> str:
        return str(self.parameters.get("language", "en"))

    @property
    def key(self) -> str:
        """The manifest's ``team`` field: the team, or ``<team>/<rep>`` for a rep review."""
        return f"{self.team}/{self.rep}" if self.rep else self.team

    def output(self) -> tuple[Path, str]:
        """The folder and file stem of the report: ``<team>/team_review``, ``<team>/reps/<rep>`` for a rep
        review, or ``org/overview`` and ``org/region-<region>`` for the organisation overview (``team``
        is then ``org`` or a region)."""
        root, period = Path(self.reports_root), Period.parse(self.period)
        if self.notebook == "org_overview":
            stem = "overview" if self.team == ORG_SCOPE else f"region-{check_slug(self.team, 'region')}"
            return org_dir(root, period), stem
        if self.notebook == "rep_review":
            folder = contained(root, team_dir(root, period, self.team) / REPS_DIR)
            return folder, check_slug(self.rep, "rep")
        return team_dir(root, period, self.team), self.notebook


@contextmanager
def stderr_to(path: Path) -> Iterator[None]:
    """Send this process's stderr, and so the kernel's and papermill's logs, to ``path``.

    Redirects the file descriptor, not just ``sys.stderr``, because the kernel is a child process
    that inherits descriptor 2. A log that cannot be written (a full or read-only log folder) is not the
    report's failure: the messages are then dropped.
    """
    log = _open_log(path)
    sys.stderr.flush()
    saved = os.dup(2)
    os.dup2(log.fileno(), 2)
    handler = logging.StreamHandler(log)
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    papermill_log = logging.getLogger("papermill")
    papermill_log.addHandler(handler)
    papermill_log.setLevel(logging.INFO)
    papermill_log.propagate = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("default")
            yield
    finally:
        papermill_log.removeHandler(handler)
        with contextlib.suppress(OSError):  # a log folder that filled up: the report is not its log
            sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)
        with contextlib.suppress(OSError):
            log.close()


def _open_log(path: Path) -> TextIO:
    """``path`` opened for appending, with a first line; the null device when it cannot be written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        log = open(path, "a", encoding="utf-8")  # noqa: SIM115 (the caller closes it)
    except OSError:
        return open(os.devnull, "w", encoding="utf-8")
    try:
        log.write(f"--- {now()} pid {os.getpid()}\n")
        log.flush()
    except OSError:
        with contextlib.suppress(OSError):
            log.close()
        return open(os.devnull, "w", encoding="utf-8")
    return log


def execute_job(job: Job, kernel: WarmKernel | None = None) -> Entry:
    """Execute one job; never raises for a notebook failure, returns a failed entry instead.

    With ``kernel`` the notebook runs on that warm kernel (:mod:`salesnb.batch.kernels`), otherwise on a
    kernel papermill starts for it; the executed notebook is the same either way.
    """
    start = time.perf_counter()
    out_dir, stem = job.output()
    base = period_dir(Path(job.reports_root), Period.parse(job.period))  # manifest paths are relative to it
    source = notebooks_dir() / f"{job.notebook}.ipynb"
    final_ipynb = out_dir / f"{stem}.ipynb"
    tmp_ipynb = out_dir / f".{stem}.{os.getpid()}.tmp.ipynb"
    _IN_FLIGHT.add(tmp_ipynb)
    who = f"{job.team}.{job.rep}" if job.rep else job.team
    log_path = base / "logs" / f"{who}.{job.notebook}.log"
    error: str | None = None
    cell: int | None = None
    options = {"progress_bar": False, "log_output": True}
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        with stderr_to(log_path):
            if kernel is not None:
                kernel.execute(source, tmp_ipynb, job.parameters, **options)
            else:
                papermill.execute_notebook(
                    str(source),
                    str(tmp_ipynb),
                    parameters=job.parameters,
                    kernel_name="python3",
                    language="python",
                    cwd=str(notebooks_dir()),
                    kernel_manager_class=BatchKernelManager,
                    **options,
                )
    except PapermillExecutionError as exc:
        error, cell = f"{exc.ename}: {exc.evalue}", exc.exec_count
    except Exception as exc:  # kernel did not start or died, notebook missing, disk full: a per-job failure
        error = _describe(exc, out_dir)
    html_rel = pdf_rel = ipynb_rel = None
    lifeline.check()  # a worker whose batch died moves nothing into place
    if tmp_ipynb.exists():  # a failed notebook too: it shows where and why
        try:
            move_into_place(tmp_ipynb, final_ipynb, _whole_notebook)
            ipynb_rel = final_ipynb.relative_to(base).as_posix()
        except Exception as exc:  # cut short by a full disk: nothing is moved into place
            error = error or f"the executed notebook could not be written: {_describe(exc, final_ipynb)}"
    _IN_FLIGHT.discard(tmp_ipynb)
    if error is None:
        try:
            title = f"{tr(NOTEBOOKS[job.notebook], job.language)} · {job.team_name} · {job.period}"
            html_path = out_dir / f"{stem}.html"
            html = render_html_file(final_ipynb, title, job.language)
            lifeline.check()
            write_text_atomic(html_path, html)
            html_rel = html_path.relative_to(base).as_posix()
            if "pdf" in job.formats:
                from salesnb.reports.pdf import render_pdf  # WeasyPrint: only when PDF is asked for

                pdf_path = out_dir / f"{stem}.pdf"
                lifeline.check()
                render_pdf(html, pdf_path, title=title, language=job.language, root=Path(job.reports_root))
                pdf_rel = pdf_path.relative_to(base).as_posix()
        except Exception as exc:
            error = f"rendering failed: {_describe(exc, out_dir)}"
    return Entry(
        notebook=job.notebook,
        team=job.key,
        team_name=job.team_name,
        period=job.period,
        language=job.language,
        status="ok" if error is None else "failed",
        html=html_rel,
        ipynb=ipynb_rel,
        seconds=round(time.perf_counter() - start, 2),
        finished_at=now(),
        error=error,
        failed_cell=cell,
        pdf=pdf_rel,
        fingerprint=job.fingerprint if error is None else None,
    )


def _whole_notebook(data: bytes) -> None:
    """Raise unless ``data`` is a whole notebook document (papermill's write cut short is not JSON)."""
    doc = json.loads(data)
    if not isinstance(doc, dict) or not isinstance(doc.get("cells"), list):
        raise ValueError("not a notebook")


def _describe(exc: BaseException, where: Path) -> str:
    """A job's error in one line: a full or read-only disk as :class:`~salesnb.errors.StorageError` says
    it (the file, else ``where``, and the fix), anything else as ``Type: message``."""
    path = getattr(exc, "filename", None) or where
    storage = StorageError.from_os_error(exc, path) if isinstance(exc, OSError) else None
    return str(storage) if storage is not None else f"{type(exc).__name__}: {exc}"


#: The temporary notebooks of the jobs this process runs: removed by a worker whose batch died.
_IN_FLIGHT: set[Path] = set()


def _discard_in_flight() -> None:
    for path in list(_IN_FLIGHT):
        path.unlink(missing_ok=True)


#: This worker process's warm kernel (a pool worker, a Dask worker, or the main process with one worker).
_WARM: WarmKernel | None = None


def warm_kernel(log_dir: Path | None = None) -> WarmKernel:
    """This process's warm kernel, started on first use and shut down when the process exits; its own
    messages go to ``<log_dir>/kernel-<pid>.log`` when a folder is given."""
    global _WARM
    if _WARM is None:
        log = log_dir / f"kernel-{os.getpid()}.log" if log_dir is not None else None
        _WARM = WarmKernel(notebooks_dir(), log_path=log)
        atexit.register(_WARM.close)
        lifeline.on_end(_WARM.kill)  # a worker whose batch died takes its kernel with it
        # a forked pool worker ends without atexit; multiprocessing's own exit hook runs in every worker
        multiprocessing.util.Finalize(None, _WARM.close, exitpriority=10)
    return _WARM


def _start_worker(
    env: dict[str, str],
    module: str,
    log_dir: Path | None = None,
    warm: bool = True,
    batch: int | None = None,
) -> None:
    """Pool initializer: take the caller's environment (a process from the fork server has the one the
    server started with; multiprocessing already gives it the caller's folder and ``sys.path``), check it
    runs the caller's salesnb, watch the batch's process ``batch`` (the worker ends with it:
    :mod:`salesnb.batch.lifeline`), then start the kernel while the other workers start theirs."""
    if batch is not None:
        lifeline.on_end(_discard_in_flight)
        lifeline.watch(batch)
    os.environ.clear()
    os.environ.update(env)
    if os.path.realpath(__file__) != module:
        raise RuntimeError(
            f"the batch worker imported salesnb from {__file__}, the caller from {module}: a different "
            "salesnb package in the folder the batch started in? Run it from elsewhere."
        )
    if warm:
        with contextlib.suppress(Exception):  # a kernel that cannot start now is retried by the first job
            warm_kernel(log_dir).ensure()


def _pool_context() -> multiprocessing.context.BaseContext:
    """Worker processes forked from a server process that has imported this module (papermill,
    nbconvert, jupyter_client): a worker does not import them again (the caller's main module still is,
    as with spawn, on top of what is loaded), and copies nothing of the caller (its threads, an open
    warehouse). The server imports with the default ``sys.path`` of the folder it started in (Python
    3.11 does not pass it the caller's), so each worker checks it got the caller's salesnb
    (:func:`_start_worker`). ``spawn`` where there is no fork server (Windows)."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload([__name__])  # applies when the server starts (once per process)
    return ctx


def execute_job_warm(job: Job) -> Entry:
    """:func:`execute_job` on this process's warm kernel."""
    logs = period_dir(Path(job.reports_root), Period.parse(job.period)) / "logs"
    return execute_job(job, warm_kernel(logs))


def _died(job: Job, exc: BaseException) -> Entry:
    return Entry(
        job.notebook, job.key, job.team_name, job.period, job.language, "failed", None, None, 0.0, now(),
        f"worker died: {type(exc).__name__}: {exc}",
    )  # fmt: skip


def run_jobs(
    jobs: Iterable[Job],
    workers: int = 1,
    on_done: Callable[[Entry, int, int], None] | None = None,
    *,
    warm: bool = True,
    executor: str = "local",
    scheduler: str | None = None,
) -> list[Entry]:
    """Run ``jobs`` on ``workers`` processes (or on a Dask cluster); ``on_done(entry, done, total)`` after
    each. ``warm`` runs each worker's notebooks on one pre-started, pre-imported kernel."""
    jobs = list(jobs)
    entries: list[Entry] = []
    if not jobs:
        return entries

    def finished(entry: Entry) -> None:
        entries.append(entry)
        if on_done:
            on_done(entry, len(entries), len(jobs))

    if executor == "dask":
        _run_dask(jobs, scheduler, warm, finished)
        return entries
    run_one = execute_job_warm if warm else execute_job
    workers = max(1, min(workers, len(jobs)))
    if workers == 1:
        for job in jobs:
            finished(run_one(job))
        return entries
    logs = period_dir(Path(jobs[0].reports_root), Period.parse(jobs[0].period)) / "logs"
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=_pool_context(),
        initializer=_start_worker,
        initargs=(dict(os.environ), os.path.realpath(__file__), logs, warm, os.getpid()),
    ) as pool:
        futures = {pool.submit(run_one, job): job for job in jobs}
        for future in as_completed(futures):
            job = futures[future]
            try:
                entry = future.result()
            except Exception as exc:  # the worker process itself died
                entry = _died(job, exc)
            finished(entry)
    return entries


def _run_dask(jobs: list[Job], scheduler: str | None, warm: bool, finished: Callable[[Entry], None]) -> None:
    """The same jobs on a Dask distributed cluster: each Dask worker keeps its own warm kernel."""
    from distributed import Client  # only when Dask is asked for
    from distributed import as_completed as dask_completed

    if not scheduler:
        raise ParameterError("--executor dask needs --scheduler ADDRESS (for example tcp://10.0.0.5:8786)")
    with Client(scheduler, timeout="30s") as client:
        run_one = execute_job_warm if warm else execute_job
        futures = client.map(
            run_one, jobs, pure=False, key=[f"{j.notebook}-{j.key}-{j.period}" for j in jobs]
        )
        by_key = dict(zip([f.key for f in futures], jobs, strict=True))
        for future in dask_completed(futures):
            try:
                entry = future.result()
            except Exception as exc:  # the worker died or the task was lost
                entry = _died(by_key[future.key], exc)
            finished(entry)
