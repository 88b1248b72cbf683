"""A period's audience map from the warehouse, the params and the reports folder.

The roster (``reps``, ``teams``) comes from the warehouse; the reports of the period are every report a
run of every kind would render (the kinds' planners) and every report the period's manifest lists, each
with the status of its latest run. A report whose HTML is no longer on disk counts as not rendered.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from salesnb.delivery.audiences import Audience, Person, Report, build_map
from salesnb.delivery.pages import write_pages
from salesnb.files.paths import period_dir
from salesnb.params.delivery import FILE as DELIVERY_FILE
from salesnb.params.settings import Settings
from salesnb.periods import Period
from salesnb.reports.kinds import KINDS, kind_of
from salesnb.reports.manifest import read_manifest
from salesnb.warehouse import connect
from salesnb.warehouse.extent import check_period_covered
from salesnb.warehouse.slices import list_teams, resolve_teams


def _date(value: object) -> date | None:
    return value if isinstance(value, date) else None


def read_people(con) -> list[Person]:
    """Every row of the roster, as :class:`~salesnb.delivery.audiences.Person`."""
    rows = con.execute(
        "SELECT rep_id, name, email, team_id, level, manager_id, status, hire_date, left_date "
        "FROM reps ORDER BY rep_id"
    ).fetchall()
    return [
        Person(
            rep_id=str(r[0]),
            name=str(r[1]),
            email=str(r[2]).strip().lower() if r[2] else None,
            team_id=str(r[3]),
            level=str(r[4]),
            manager_id=str(r[5]) if r[5] else None,
            status=str(r[6]),
            hire_date=_date(r[7]),
            left_date=_date(r[8]),
        )
        for r in rows
    ]


def period_reports(con, period: Period, folder: Path) -> list[Report]:
    """Every report of the period: those a run would render and those the manifest lists, each with its
    latest status and files (none when not rendered, or when its HTML has gone from disk)."""
    found: dict[tuple[str, str], Report] = {}
    teams = resolve_teams(con, None)
    for kind in KINDS.values():
        for scope in kind.plan(con, period, teams):
            found[(kind.name, kind.key(scope))] = Report(kind.name, kind.key(scope), scope.name)
    for entry in read_manifest(folder):
        kind = kind_of(entry.notebook, entry.team)
        if kind is None:
            continue
        html = entry.html if entry.html and (folder / entry.html).is_file() else None
        pdf = entry.pdf if entry.pdf and (folder / entry.pdf).is_file() else None
        status = entry.status if html or entry.status != "ok" else None
        found[(kind.name, entry.team)] = Report(kind.name, entry.team, entry.team_name, status, html, pdf)
    order = {name: i for i, name in enumerate(KINDS)}
    return sorted(found.values(), key=lambda r: (order[r.kind], r.key))


def plan_audiences(db: Path, reports_root: Path, period: Period, settings: Settings) -> list[Audience]:
    """The audience map of ``period``: the warehouse's roster, the period's reports and ``settings``'
    ``delivery.yaml`` (:func:`~salesnb.delivery.audiences.build_map`)."""
    with connect(db) as con:
        check_period_covered(con, period)  # a period wholly outside the data is said, never empty
        people = read_people(con)
        teams = list_teams(con)
        reports = period_reports(con, period, period_dir(reports_root, period))
    regions = dict(zip(teams["team_id"].astype(str), teams["region_id"].astype(str), strict=True))

    def language_of(team: str | None) -> str:
        known = team if team in regions else None
        return str(settings.report_defaults(known).get("language", "en"))

    return build_map(people, regions, reports, settings.delivery, period.last_day, language_of)


def write_audience_pages(db: Path, reports_root: Path, period: Period, settings: Settings) -> list[Path]:
    """Each audience's page of ``period`` (:func:`~salesnb.delivery.pages.write_pages`) when the params
    folder has a ``delivery.yaml``; without one delivery is not set up and nothing is written (``[]``)."""
    if not any(path.name == DELIVERY_FILE for path in settings.files):
        return []
    return write_pages(plan_audiences(db, reports_root, period, settings), reports_root, period)


__all__ = ["period_reports", "plan_audiences", "read_people", "write_audience_pages"]
