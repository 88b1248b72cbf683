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
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import papermill
from papermill.exceptions import PapermillExecutionError

from salesnb.batch import lifeline
from salesnb.batch.job import Job
from salesnb.batch.kernels import BatchKernelManager, WarmKernel
from salesnb.config import notebooks_dir
from salesnb.errors import NotebookRunError, ParameterError, StorageError
from salesnb.files.atomic import move_into_place, write_bytes_atomic, write_text_atomic
from salesnb.files.paths import period_dir
from salesnb.periods import Period
from salesnb.reports.html import render_html_file
from salesnb.reports.manifest import Entry, now


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
    kernel papermill starts for it; the executed notebook is the same either way. A failure is the
    :class:`~salesnb.errors.NotebookRunError` :func:`_produce` raises, recorded by :func:`_entry`.
    """
    start = time.perf_counter()
    written = _Written()
    try:
        _produce(job, kernel, written)
    except NotebookRunError as failure:
        return _entry(job, written, time.perf_counter() - start, failure)
    return _entry(job, written, time.perf_counter() - start)


@dataclass
class _Written:
    """The files of one job put in their final place, relative to the period folder."""

    ipynb: str | None = None
    html: str | None = None
    pdf: str | None = None


def _produce(job: Job, kernel: WarmKernel | None, written: _Written) -> None:
    """Execute the notebook, move it into place (a failed one too: it shows where and why) and render it,
    recording each file in ``written``; raise :class:`~salesnb.errors.NotebookRunError` on any failure."""
    out_dir, stem = job.output()
    base = period_dir(Path(job.reports_root), Period.parse(job.period))  # manifest paths are relative to it
    source = notebooks_dir() / f"{job.notebook}.ipynb"
    final_ipynb = out_dir / f"{stem}.ipynb"
    tmp_ipynb = out_dir / f".{stem}.{os.getpid()}.tmp.ipynb"
    _IN_FLIGHT.add(tmp_ipynb)
    failure: NotebookRunError | None = None
    options = {"progress_bar": False, "log_output": True}
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        with stderr_to(job.log_path()):
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
        failure = _failure(job, f"{exc.ename}: {exc.evalue}", exc.exec_count)
    except Exception as exc:  # kernel did not start or died, notebook missing, disk full: a per-job failure
        failure = _failure(job, _describe(exc, out_dir))
    if tmp_ipynb.exists():
        try:
            with lifeline.placing(final_ipynb):  # a worker whose batch died moves nothing into place
                move_into_place(tmp_ipynb, final_ipynb, _whole_notebook)
            written.ipynb = final_ipynb.relative_to(base).as_posix()
        except Exception as exc:  # cut short by a full disk: nothing is moved into place
            reason = f"the executed notebook could not be written: {_describe(exc, final_ipynb)}"
            failure = failure or _failure(job, reason)
    _IN_FLIGHT.discard(tmp_ipynb)
    if failure is not None:
        raise failure
    try:
        title = job.title()
        html_path = out_dir / f"{stem}.html"
        html = render_html_file(final_ipynb, title, job.language)
        with lifeline.placing(html_path):
            write_text_atomic(html_path, html)
        written.html = html_path.relative_to(base).as_posix()
        if "pdf" in job.formats:
            from salesnb.reports.pdf import html_to_pdf_bytes  # WeasyPrint: only when PDF is asked for

            pdf_path = out_dir / f"{stem}.pdf"
            data, _ = html_to_pdf_bytes(
                html, title=title, language=job.language, base_dir=out_dir, root=Path(job.reports_root)
            )
            with lifeline.placing(pdf_path):
                write_bytes_atomic(pdf_path, data)
            written.pdf = pdf_path.relative_to(base).as_posix()
    except Exception as exc:
        raise _failure(job, f"rendering failed: {_describe(exc, out_dir)}") from exc


def _failure(job: Job, reason: str, cell: int | None = None) -> NotebookRunError:
    return NotebookRunError(job.kind.name, job.key, job.period, cell, reason)


def _entry(job: Job, written: _Written, seconds: float, failure: NotebookRunError | None = None) -> Entry:
    """The job's manifest entry; a failure's error is its one-line reason, with the cell it failed at."""
    return Entry(
        notebook=job.notebook,
        team=job.key,
        team_name=job.team_name,
        period=job.period,
        language=job.language,
        status="ok" if failure is None else "failed",
        html=written.html,
        ipynb=written.ipynb,
        seconds=round(seconds, 2),
        finished_at=now(),
        error=failure.reason if failure is not None else None,
        failed_cell=failure.cell if failure is not None else None,
        pdf=written.pdf,
        fingerprint=job.fingerprint if failure is None else None,
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
    return _entry(job, _Written(), 0.0, _failure(job, f"worker died: {type(exc).__name__}: {exc}"))


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
