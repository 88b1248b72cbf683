"""Plan a batch: the reports of each kind for a period, with each report's validated parameters.

The planners take the run's :class:`~salesnb.params.Settings` (the params folder validated once, as
``salesnb params check`` validates it) and read each report's defaults from it. Every job carries the
warehouse and the params folder of the run as notebook parameters (``db_path``, ``params_dir``, absolute),
so a report reads the goals, plans, KPI sets, rules and notes the run was given, never whatever
``$SALESNB_PARAMS`` a kernel happens to inherit.
"""

from __future__ import annotations

from pathlib import Path

from salesnb.batch.job import Job
from salesnb.files.paths import period_dir
from salesnb.params import Settings
from salesnb.periods import Period
from salesnb.reports.index import write_index
from salesnb.reports.kinds import REP_REVIEW, TEAM_REVIEW, ReportKind, Scope
from salesnb.reports.manifest import Entry, write_manifest
from salesnb.warehouse import connect
from salesnb.warehouse.slices import list_teams, resolve_teams


def plan_jobs(
    kind: ReportKind,
    db_path: Path,
    period: Period,
    teams: list[str] | None,
    reports_root: Path,
    settings: Settings,
    options: dict[str, object] | None = None,
) -> list[Job]:
    """One job per scope of ``kind`` in ``period`` (its planner: :mod:`salesnb.reports.kinds`), among the
    ``teams`` chosen (every team when empty; the organisation and its regions whatever is chosen).
    ``options`` are what the run decides for every report whose parameters take them (``rep_reviews``:
    whether the run renders rep reviews, which a team review then links).

    Each report is in the language of its team's params (``params/teams/<team>.yaml`` over
    ``params/defaults.yaml``; the defaults for a scope without a team); a region overview in its teams'
    language (:meth:`~salesnb.params.Settings.region_defaults`).
    """
    with connect(db_path) as con:
        scopes = kind.plan(con, period, resolve_teams(con, teams))
        every_team = list_teams(con)
    run = {"period": period.label, **_run_paths(db_path, settings.params_dir)}
    run |= {k: v for k, v in (options or {}).items() if k in kind.parameters.names()}
    jobs = []
    for scope in scopes:
        defaults = (
            settings.region_defaults(scope.region, kind.reads(every_team, scope))
            if scope.region
            else settings.report_defaults(scope.team or None)
        )
        values = {**defaults, **run}
        source = f"parameters of the {kind.name} of {kind.key(scope)}"
        jobs.append(Job(kind, scope, kind.parameters_for(scope, values, source), str(reports_root)))
    return jobs


def plan_team_reviews(
    db_path: Path, period: Period, teams: list[str] | None, reports_root: Path, settings: Settings
) -> list[Job]:
    """One team-review job per team (every team when ``teams`` is empty)."""
    return plan_jobs(TEAM_REVIEW, db_path, period, teams, reports_root, settings)


def plan_rep_reviews(
    db_path: Path, period: Period, teams: list[str] | None, reports_root: Path, settings: Settings
) -> list[Job]:
    """One rep-review job per rep active at the period's end, team by team (every team when ``teams`` is
    empty), in the team's report language (like its team review)."""
    return plan_jobs(REP_REVIEW, db_path, period, teams, reports_root, settings)


def team_reviews(db_path: Path, period: Period, chosen: list[str], reports_root: Path) -> str:
    """The teams whose review an overview may link to (ids, comma-separated): those the run renders
    (``chosen``) and those an earlier run of the period left in ``reports_root``."""
    with connect(db_path) as con:
        every_team = list_teams(con)["team_id"].tolist()
    out = []
    for team in every_team:
        folder, stem = TEAM_REVIEW.output(reports_root, period, Scope("", team=team))
        if team in chosen or (folder / f"{stem}.html").is_file():
            out.append(team)
    return ",".join(out)


def _run_paths(db_path: Path, params_dir: Path) -> dict[str, str]:
    """The run's warehouse and params folder as notebook parameters (absolute: a kernel has its own
    working folder)."""
    return {"db_path": str(Path(db_path).resolve()), "params_dir": str(Path(params_dir).resolve())}


def record(entries: list[Entry], reports_root: Path) -> Path:
    """Write each period's manifest and rebuild the index; return the index path."""
    by_period: dict[str, list[Entry]] = {}
    for e in entries:
        by_period.setdefault(e.period, []).append(e)
    for label, group in by_period.items():
        write_manifest(period_dir(reports_root, Period.parse(label)), label, group)
    return write_index(reports_root)
