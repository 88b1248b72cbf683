"""``salesnb run``: render the reports of one period for every team (or the teams named)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from salesnb.batch.plan import plan_org_overviews, plan_rep_reviews, plan_team_reviews, record
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
@click.option(
    "--org/--no-org",
    "org",
    default=None,
    help="Also render the organisation overview and one per region [default: when no --team is given].",
)
@click.option(
    "--reps/--no-reps",
    "reps",
    default=False,
    show_default=True,
    help="Also render a rep review and coaching plan for every rep of each team active at the period's end.",
)
@db_option
@reports_option
@params_option
@workers_option
def command(
    period: Period,
    teams: tuple[str, ...],
    org: bool | None,
    reps: bool,
    db_path: Path | None,
    reports_root: Path | None,
    params_dir: Path | None,
    workers: int | None,
) -> None:
    """Execute the report notebooks with papermill and render them to HTML: the team review for each
    team, the organisation overview for the whole organisation and each region, and with --reps a rep
    review for each active rep.

    Writes reports/<period>/<team>/team_review.html, reports/<period>/<team>/reps/<rep>.html and
    reports/<period>/org/overview.html (and org/region-<region>.html) beside the executed .ipynb, the
    period's manifest.json and reports/index.html. Exits 1 when any report failed (the others still run).
    """
    code = render_period(
        period,
        list(teams),
        not teams if org is None else org,
        resolve_db(db_path),
        resolve_reports(reports_root),
        resolve_params(params_dir),
        workers or default_workers(),
        reps=reps,
    )
    if code:
        sys.exit(code)


def render_period(
    period: Period,
    teams: list[str],
    org: bool,
    db: Path,
    reports_root: Path,
    params_dir: Path,
    workers: int,
    reps: bool = False,
) -> int:
    """Plan, run and record one period's reports; the exit code (1 when any report failed)."""
    jobs = plan_team_reviews(db, period, teams, reports_root, params_dir)
    if org:
        jobs += plan_org_overviews(db, period, reports_root, params_dir)
    if reps:
        jobs += plan_rep_reviews(db, period, teams, reports_root, params_dir)
    click.echo(f"rendering {len(jobs)} report(s) for {period.label} on {min(workers, len(jobs))} worker(s)")
    entries = run_jobs(jobs, workers, echo_done)
    return summarise(entries, record(entries, reports_root))
