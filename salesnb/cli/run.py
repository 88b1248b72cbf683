"""``salesnb run``: render the reports of one period for every team (or the teams named)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from salesnb.batch.plan import plan_team_reviews, record
from salesnb.batch.runner import run_jobs
from salesnb.cli.options import (
    db_option,
    params_option,
    parse_period,
    reports_option,
    resolve_db,
    resolve_params,
    resolve_reports,
    workers_option,
)
from salesnb.cli.progress import default_workers, echo_done, summarise
from salesnb.periods import Period


@click.command("run")
@click.option(
    "--period",
    required=True,
    callback=parse_period,
    help="2026-10 (month), 2026-Q3 (quarter), 2026 (year) or 2026-W42 (ISO week).",
)
@click.option("--team", "teams", multiple=True, help="Team id; repeat for several [default: all].")
@db_option
@reports_option
@params_option
@workers_option
def command(
    period: Period,
    teams: tuple[str, ...],
    db_path: Path | None,
    reports_root: Path | None,
    params_dir: Path | None,
    workers: int | None,
) -> None:
    """Execute the team review notebook with papermill for each team and render it to HTML.

    Writes reports/<period>/<team>/team_review.html beside the executed .ipynb, the period's
    manifest.json and reports/index.html. Exits 1 when any report failed (the others still run).
    """
    code = render_period(
        period,
        list(teams),
        resolve_db(db_path),
        resolve_reports(reports_root),
        resolve_params(params_dir),
        workers or default_workers(),
    )
    if code:
        sys.exit(code)


def render_period(
    period: Period, teams: list[str], db: Path, reports_root: Path, params_dir: Path, workers: int
) -> int:
    jobs = plan_team_reviews(db, period, teams, reports_root, params_dir)
    click.echo(f"rendering {len(jobs)} report(s) for {period.label} on {min(workers, len(jobs))} worker(s)")
    entries = run_jobs(jobs, workers, echo_done)
    return summarise(entries, record(entries, reports_root))
