"""Run report notebooks with papermill for many teams, in parallel, one failure never stopping the rest.

Each job executes the notebook into a temporary file beside its final place, renames it, renders the
HTML and writes that atomically too, so an interrupted batch never leaves a half-written report.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
import time
import warnings
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import papermill
from papermill.exceptions import PapermillExecutionError

from salesnb.batch.manifest import Entry, now
from salesnb.config import notebooks_dir
from salesnb.params import check_slug
from salesnb.periods import Period
from salesnb.reports.atomic import write_text_atomic
from salesnb.reports.html import render_html_file
from salesnb.reports.i18n import tr
from salesnb.reports.paths import ORG_SCOPE, contained, org_dir, period_dir, team_dir

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
    that inherits descriptor 2.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    sys.stderr.flush()
    saved = os.dup(2)
    with open(path, "a", encoding="utf-8") as log:
        log.write(f"--- {now()} pid {os.getpid()}\n")
        log.flush()
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
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)


def execute_job(job: Job) -> Entry:
    """Execute one job; never raises for a notebook failure, returns a failed entry instead."""
    start = time.perf_counter()
    out_dir, stem = job.output()
    out_dir.mkdir(parents=True, exist_ok=True)
    base = period_dir(Path(job.reports_root), Period.parse(job.period))  # manifest paths are relative to it
    source = notebooks_dir() / f"{job.notebook}.ipynb"
    final_ipynb = out_dir / f"{stem}.ipynb"
    tmp_ipynb = out_dir / f".{stem}.{os.getpid()}.tmp.ipynb"
    who = f"{job.team}.{job.rep}" if job.rep else job.team
    log_path = base / "logs" / f"{who}.{job.notebook}.log"
    error: str | None = None
    cell: int | None = None
    try:
        with stderr_to(log_path):
            papermill.execute_notebook(
                str(source),
                str(tmp_ipynb),
                parameters=job.parameters,
                kernel_name="python3",
                language="python",
                cwd=str(notebooks_dir()),
                progress_bar=False,
                log_output=True,
            )
    except PapermillExecutionError as exc:
        error, cell = f"{exc.ename}: {exc.evalue}", exc.exec_count
    except Exception as exc:  # kernel did not start, notebook missing, …: still a per-job failure
        error = f"{type(exc).__name__}: {exc}"
    html_rel = None
    ipynb_rel = None
    if tmp_ipynb.exists():
        os.replace(tmp_ipynb, final_ipynb)
        ipynb_rel = final_ipynb.relative_to(base).as_posix()
    if error is None:
        try:
            title = f"{tr(NOTEBOOKS[job.notebook], job.language)} · {job.team_name} · {job.period}"
            html_path = out_dir / f"{stem}.html"
            write_text_atomic(html_path, render_html_file(final_ipynb, title, job.language))
            html_rel = html_path.relative_to(base).as_posix()
        except Exception as exc:
            error = f"rendering failed: {type(exc).__name__}: {exc}"
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
    )


def run_jobs(
    jobs: Iterable[Job], workers: int = 1, on_done: Callable[[Entry, int, int], None] | None = None
) -> list[Entry]:
    """Run ``jobs`` on ``workers`` processes; ``on_done(entry, done, total)`` after each."""
    jobs = list(jobs)
    entries: list[Entry] = []
    if not jobs:
        return entries
    workers = max(1, min(workers, len(jobs)))
    if workers == 1:
        for job in jobs:
            entries.append(execute_job(job))
            if on_done:
                on_done(entries[-1], len(entries), len(jobs))
        return entries
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        futures = {pool.submit(execute_job, job): job for job in jobs}
        for future in as_completed(futures):
            job = futures[future]
            try:
                entry = future.result()
            except Exception as exc:  # the worker process itself died
                entry = Entry(
                    job.notebook,
                    job.key,
                    job.team_name,
                    job.period,
                    job.language,
                    "failed",
                    None,
                    None,
                    0.0,
                    now(),
                    f"worker died: {exc}",
                )
            entries.append(entry)
            if on_done:
                on_done(entry, len(entries), len(jobs))
    return entries
