"""``salesnb run``: render the reports of one period for every team (or the teams named)."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import click

from salesnb.batch.incremental import fingerprint_jobs, select_jobs
from salesnb.batch.plan import plan_jobs, record, team_reviews
from salesnb.batch.plans import store_batch_plans
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
from salesnb.cli.progress import (
    BatchProgress,
    Problems,
    RunLog,
    check_writable,
    default_workers,
    remove_stale_temporaries,
    summarise,
)
from salesnb.delivery.audiences import check_selectors
from salesnb.delivery.period import write_audience_pages
from salesnb.errors import ParameterError, SalesnbError
from salesnb.files.paths import AUDIENCES, period_dir
from salesnb.files.share import sharing
from salesnb.params import load_settings
from salesnb.periods import Period
from salesnb.reports.index import write_index
from salesnb.reports.kinds import KINDS
from salesnb.reports.manifest import MANIFEST, write_manifest
from salesnb.warehouse import connect
from salesnb.warehouse.extent import check_period_covered
from salesnb.warehouse.slices import resolve_teams

FORMATS = ("html", "pdf")


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
@click.option(
    "--format",
    "formats",
    default="html",
    show_default=True,
    callback=lambda _c, _p, v: parse_formats(v),
    help="Output formats, comma-separated: html, pdf (PDF through WeasyPrint, from the HTML).",
)
@click.option("--force", is_flag=True, help="Render every report even when nothing it depends on changed.")
@click.option("--retry-failed", is_flag=True, help="Render only the reports whose last run failed.")
@click.option(
    "--executor",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="local: a process pool on this machine; dask: the workers of a Dask distributed cluster.",
)
@click.option("--scheduler", default=None, help="Dask scheduler address, e.g. tcp://10.0.0.5:8786.")
@click.option(
    "--warm/--cold",
    default=True,
    show_default=True,
    help="Run each worker's notebooks on one pre-started kernel (--cold: a new kernel per report).",
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
    formats: tuple[str, ...],
    force: bool,
    retry_failed: bool,
    executor: str,
    scheduler: str | None,
    warm: bool,
    db_path: Path | None,
    reports_root: Path | None,
    params_dir: Path | None,
    workers: int | None,
) -> None:
    """Execute the report notebooks with papermill and render them to HTML (and PDF): the team review
    for each team, the organisation overview for the whole organisation and each region, and with --reps
    a rep review for each active rep.

    Writes reports/<period>/<team>/team_review.html, reports/<period>/<team>/reps/<rep>.html and
    reports/<period>/org/overview.html (and org/region-<region>.html) beside the executed .ipynb, the
    period's manifest.json (updated after every report), a run log in reports/<period>/logs/ and
    reports/index.html. A report whose notebook, parameters, params files, salesnb version and data are
    unchanged since its last success is skipped. Exits 1 when any report failed (the others still run).
    """
    if force and retry_failed:
        raise ParameterError("--force and --retry-failed do not go together")
    if executor == "dask" and not scheduler:
        raise ParameterError("--executor dask needs --scheduler ADDRESS (for example tcp://10.0.0.5:8786)")
    code = render_period(
        period,
        list(teams),
        not teams if org is None else org,
        resolve_db(db_path),
        resolve_reports(reports_root),
        resolve_params(params_dir),
        workers or default_workers(),
        reps=reps,
        formats=formats,
        force=force,
        retry_failed=retry_failed,
        executor=executor,
        scheduler=scheduler,
        warm=warm,
    )
    if code:
        sys.exit(code)


def parse_formats(value: str) -> tuple[str, ...]:
    chosen = [v.strip().lower() for v in value.split(",") if v.strip()]
    bad = [v for v in chosen if v not in FORMATS]
    if bad or not chosen:
        raise ParameterError(f"--format {', '.join(bad) or 'nothing'}: choose from {', '.join(FORMATS)}")
    return tuple(dict.fromkeys(["html", *chosen]))


def render_period(
    period: Period,
    teams: list[str],
    org: bool,
    db: Path,
    reports_root: Path,
    params_dir: Path,
    workers: int,
    reps: bool = False,
    *,
    formats: tuple[str, ...] = ("html",),
    force: bool = False,
    retry_failed: bool = False,
    executor: str = "local",
    scheduler: str | None = None,
    warm: bool = True,
) -> int:
    """Plan, run and record one period's reports; the exit code (1 when any report failed).

    The params folder is validated as a whole first (:func:`salesnb.params.load_settings`): a bad file
    raises :class:`~salesnb.errors.ParameterError` (exit 2) before anything is planned or rendered; so does
    a period wholly outside the data's extent (naming the extent).
    """
    settings = load_settings(params_dir)  # the very call `salesnb params check` makes
    check_selectors(settings.delivery)  # and its check of delivery.yaml's report kinds
    with connect(db) as con:
        chosen = resolve_teams(con, teams)  # an unknown team is named first, then a period outside the data
        check_period_covered(con, period)
    flags = {"": True, "org": org, "reps": reps}  # what each kind's ``option`` asks of the run
    kinds = [kind for kind in KINDS.values() if flags[kind.option]]
    # a team review links rep reviews only when this run renders them; an overview the team reviews this
    # run renders or an earlier one left
    options = {"rep_reviews": reps, "team_reviews": team_reviews(db, period, chosen, reports_root)}
    jobs = [
        job for kind in kinds for job in plan_jobs(kind, db, period, teams, reports_root, settings, options)
    ]
    jobs = [dataclasses.replace(j, formats=formats) for j in jobs]
    jobs = fingerprint_jobs(jobs, db, params_dir)
    todo, skipped = select_jobs(jobs, force=force, retry_failed=retry_failed)
    folder = period_dir(reports_root, period)
    check_writable(folder, "nothing was rendered; --reports chooses the folder")  # before anything renders
    removed = remove_stale_temporaries(folder)
    problems = Problems()  # what could not be written besides the reports: in the summary, exit 1
    with RunLog(folder, period, len(todo), len(skipped), removed, problems) as log:
        place = "the Dask cluster" if executor == "dask" else f"{min(workers, max(1, len(todo)))} worker(s)"
        log.say(
            f"rendering {len(todo)} report(s) for {period.label} on {place}; "
            f"{len(skipped)} unchanged since their last success skipped"
            + (" (--retry-failed: only the failed ones)" if retry_failed else "")
        )
        with BatchProgress(len(todo)) as progress:

            def done(entry, n: int, total: int) -> None:
                try:  # after every report: a kill loses none; a full disk stops no other report
                    write_manifest(folder, period.label, [entry])
                except OSError as exc:
                    problems.add("the manifest was not updated", exc, folder / MANIFEST)
                progress.advance(entry)
                log.entry(entry, n, total)

            with sharing():  # the overviews reuse what the team reviews computed (salesnb.reviews.memo)
                entries = run_jobs(todo, workers, done, warm=warm, executor=executor, scheduler=scheduler)
        try:  # by this process, once, after the reports: the kernels only read (salesnb.batch.plans)
            reviews, goals = store_batch_plans(db, entries, reports_root)
            if reviews:
                log.say(f"stored the coaching plans of {reviews} rep review(s) ({goals} goal(s))")
        except (OSError, SalesnbError) as exc:
            problems.add("the coaching plans were not stored in the warehouse", exc, db)
        try:  # every entry again, and the index: whatever fits now
            index = record(entries, reports_root) if entries else write_index(reports_root)
        except OSError as exc:
            index = None
            problems.add("the manifest or the index could not be rebuilt", exc)
        try:  # what each audience may read, from what rendered (params/delivery.yaml: salesnb audiences)
            pages = write_audience_pages(db, reports_root, period, settings)
            if pages:
                log.say(f"{len(pages)} audience page(s) written under {folder / AUDIENCES}")
        except OSError as exc:
            problems.add("the audience pages could not be written", exc, folder / AUDIENCES)
        code = summarise(entries, index, skipped=len(skipped), problems=problems)
        log.close_with(code)
    return code
