"""The render button: the selected team's (or rep's) report for the period, rendered exactly as
``salesnb run --team TEAM --period PERIOD`` renders it: the job the batch plans, run by the batch's
runner, recorded in the period's manifest and the index.

The batch package is imported only here and only when asked (papermill takes seconds to import).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from salesnb.errors import ParameterError
from salesnb.files.paths import period_dir
from salesnb.periods import Period

if TYPE_CHECKING:
    from salesnb.batch.job import Job
    from salesnb.params import Settings
    from salesnb.reports.manifest import Entry


@dataclass(frozen=True)
class RenderResult:
    """A report rendered from the workbench: the manifest entry and where the files are."""

    entry: Entry
    html: Path | None  # path of the HTML report (None when it failed)
    log: Path
    team: str
    rep: str  # the rep whose review was rendered ("" for a team review)
    fallback: bool  # a rep was chosen but has no rep review: their team's review was rendered


def render_jobs(
    db_path: Path, settings: Settings, reports_dir: Path, period: Period, team: str, rep: str
) -> list[Job]:
    """The batch job the render button runs, planned as ``salesnb run`` plans it: the rep's review
    (:func:`~salesnb.batch.plan.plan_rep_reviews`, where the batch has rep reviews and the rep is active
    at the period's end), else the team's review (:func:`~salesnb.batch.plan.plan_team_reviews`). One
    job, in a list."""
    from salesnb.batch import plan as batch_plan

    if not team:
        raise ParameterError("choose a team to render its report")
    args = (db_path, period, [team], reports_dir, settings)
    if rep:
        mine = [job for job in batch_plan.plan_rep_reviews(*args) if job.rep == rep]
        if mine:
            return mine
    return batch_plan.plan_team_reviews(*args)


def render_report(job: Job, reports_dir: Path, period: Period, chosen_rep: str) -> RenderResult:
    """Run ``job`` through :func:`~salesnb.batch.runner.execute_job` and record it in the period's
    manifest and the index, as ``salesnb run`` does; ``chosen_rep`` is the rep the analyst picked."""
    from salesnb.batch import plan as batch_plan
    from salesnb.batch import runner as batch_runner

    entry = batch_runner.execute_job(job)
    batch_plan.record([entry], reports_dir)
    base = period_dir(reports_dir, period)  # the manifest's paths are relative to it
    return RenderResult(
        entry=entry,
        html=base / entry.html if entry.html else None,
        log=job.log_path(),
        team=job.team,
        rep=job.rep,
        fallback=bool(chosen_rep) and not job.rep,
    )
