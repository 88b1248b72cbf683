"""Plan a batch: which reports to produce for which teams, with each team's merged parameters.

Every job carries the warehouse and the params folder of the run as notebook parameters (``db_path``,
``params_dir``, absolute), so a report reads the goals, plans, KPI sets, rules and notes the run was
given, never whatever ``$SALESNB_PARAMS`` a kernel happens to inherit.
"""

from __future__ import annotations

from pathlib import Path

from salesnb.batch.runner import Job
from salesnb.files.paths import ORG_SCOPE, period_dir
from salesnb.ids import check_slug
from salesnb.params import load_team_params, validate_report_params
from salesnb.periods import Period
from salesnb.reports.index import write_index
from salesnb.reports.manifest import Entry, write_manifest
from salesnb.warehouse import connect
from salesnb.warehouse.slices import list_teams, resolve_teams


def plan_team_reviews(
    db_path: Path, period: Period, teams: list[str] | None, reports_root: Path, params_dir: Path
) -> list[Job]:
    """One team-review job per team (every team when ``teams`` is empty)."""
    with connect(db_path) as con:
        chosen = resolve_teams(con, teams)
        names = list_teams(con).set_index("team_id")["name"].to_dict()
    jobs = []
    for team in chosen:
        values = {
            **load_team_params(params_dir, team),
            "team": team,
            "period": period.label,
            **_run_paths(db_path, params_dir),
        }
        params = validate_report_params(values, source=f"parameters of {team}")
        jobs.append(
            Job(
                "team_review",
                team,
                str(names[team]),
                period.label,
                str(reports_root),
                params.as_notebook_parameters(),
            )
        )
    return jobs


def plan_rep_reviews(
    db_path: Path, period: Period, teams: list[str] | None, reports_root: Path, params_dir: Path
) -> list[Job]:
    """One rep-review job per rep active at the period's end, team by team (every team when ``teams`` is
    empty), in the team's report language (``params/teams/<team>.yaml``, like its team review)."""
    from salesnb.reviews.rep import active_reps  # pandas and the KPI engine: only when rep reviews are asked

    with connect(db_path) as con:
        chosen = resolve_teams(con, teams)
        reps = active_reps(con, chosen, period)
    jobs = []
    for team in chosen:
        values = {
            **load_team_params(params_dir, team),
            "period": period.label,
            **_run_paths(db_path, params_dir),
        }
        params = validate_report_params(values, source=f"parameters of {team}")
        for rep in reps[reps["team_id"] == team].itertuples(index=False):
            rep_id = check_slug(str(rep.rep_id), "rep")
            parameters = {"rep": rep_id, **params.as_notebook_parameters()}
            del parameters["team"]
            jobs.append(
                Job("rep_review", team, str(rep.name), period.label, str(reports_root), parameters, rep_id)
            )
    return jobs


def plan_org_overviews(db_path: Path, period: Period, reports_root: Path, params_dir: Path) -> list[Job]:
    """The organisation overview and one overview per region, in the default report language."""
    with connect(db_path) as con:
        teams = list_teams(con)
    defaults = load_team_params(params_dir, None)
    scopes = [(ORG_SCOPE, "Organisation", "")]
    regions = teams.drop_duplicates("region_id")
    scopes += [
        (str(r), str(n), str(r)) for r, n in zip(regions["region_id"], regions["region_name"], strict=True)
    ]
    jobs = []
    for scope, name, region in scopes:
        params = validate_report_params(
            {**defaults, "period": period.label, **_run_paths(db_path, params_dir)},
            source=f"parameters of the {scope} overview",
        )
        values = params.as_notebook_parameters()
        del values["team"], values["params_dir"]  # the overview reads no params file (only these defaults)
        jobs.append(
            Job("org_overview", scope, name, period.label, str(reports_root), {"region": region, **values})
        )
    return jobs


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
