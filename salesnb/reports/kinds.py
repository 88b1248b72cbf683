"""The report kinds: one declaration per kind of report, read by everything that plans, runs or lists them.

A :class:`ReportKind` says which notebook renders the report and with which parameters
(:mod:`salesnb.report_params`), which scopes exist for a period (every team, every active rep, the
organisation, every region), which teams' data a report may read (what the batch fingerprints, and what
privacy rules and delivery will check), where it is written, its title and how the index lists it.
:data:`KINDS` maps each name to its kind. The batch planner, the fingerprint, the runner, the index and the
workbench take everything from here; no other module branches on a kind's name
(``tests/unit/test_report_kinds.py`` checks).

The organisation and the region overviews are two kinds over one notebook: they differ in scope, output
file, data read and audience (a region's managers or the whole organisation's), which delivery and privacy
rules will tell apart by kind, while the notebook and its parameters are the same.

Adding a kind: a notebook in ``notebooks/``, its parameters class in :mod:`salesnb.report_params`, its
review in :mod:`salesnb.reviews` and section module in :mod:`salesnb.reports`, its title in
:mod:`salesnb.text.i18n`, and one :class:`ReportKind` below, added to :data:`KINDS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from salesnb.files.paths import ORG_SCOPE, contained, org_dir, period_dir, team_dir
from salesnb.ids import check_slug
from salesnb.periods import Period
from salesnb.report_params import OrgOverviewParams, ReportParams, RepReviewParams, TeamReviewParams
from salesnb.text.i18n import tr
from salesnb.warehouse.slices import list_teams

if TYPE_CHECKING:
    import duckdb
    import pandas as pd

#: The folder of a team's rep reviews inside the team's folder.
REPS_DIR = "reps"


@dataclass(frozen=True)
class Scope:
    """What one report is about: a display name and the ids that place it (a team, a rep of a team, a
    region, or none for the organisation). Each field is named like the scope parameter it fills."""

    name: str
    team: str = ""
    rep: str = ""
    region: str = ""


#: Which scopes exist for a period: ``(warehouse, period, the teams chosen for the run)``.
Planner = Callable[["duckdb.DuckDBPyConnection", Period, list[str]], list[Scope]]
#: The ids of the teams whose data a report of ``scope`` may read, sorted: ``(list_teams frame, scope)``.
DataScope = Callable[["pd.DataFrame", Scope], list[str]]


@dataclass(frozen=True)
class ReportKind:
    """One kind of report, declared once.

    Parameters
    ----------
    name
        The kind's name, the key of :data:`KINDS`.
    notebook
        The notebook (``notebooks/<notebook>.ipynb``), also the manifest's ``notebook`` field.
    parameters
        The notebook's parameters class; its scope parameter takes the :class:`Scope` field of that name.
    coordinates
        The :class:`Scope` fields that identify one report of the kind, in the order of its manifest key
        (``<team>/<rep>``); none for a kind with one report per period (the key is then ``org``).
    title
        The i18n key of the report's title (``<title> · <scope name> · <period>``).
    plan, reads
        The scopes of a period (:data:`Planner`) and the teams a report may read (:data:`DataScope`).
    folder, stem
        Where a report is written: ``folder(reports root, period, scope) / stem(scope)`` + suffix.
    index_under
        The kind on whose row of the same team the index lists this kind's reports compactly (rep reviews
        under their team's review), with ``index_label``; ``None``: a row of their own.
    option
        The ``salesnb run`` flag that adds the kind to a run (``org``: ``--org``, ``reps``: ``--reps``);
        empty: every run renders it.
    """

    name: str
    notebook: str
    parameters: type[ReportParams]
    coordinates: tuple[str, ...]
    title: str
    plan: Planner
    reads: DataScope
    folder: Callable[[Path, Period, Scope], Path]
    stem: Callable[[Scope], str]
    index_under: ReportKind | None = None
    index_label: str = ""
    option: str = ""

    def __reduce__(self) -> tuple[Callable[[str], ReportKind], tuple[str]]:
        # a job sent to a worker process names its kind: the worker uses its own registry entry
        return kind_named, (self.name,)

    def key(self, scope: Scope) -> str:
        """The manifest's ``team`` field: the scope's coordinates joined by ``/``, or ``org``.

        Examples
        --------
        >>> REP_REVIEW.key(Scope("Olivia Lee", team="bj-telesales", rep="bj-telesales-r03"))
        'bj-telesales/bj-telesales-r03'
        >>> ORG_OVERVIEW.key(Scope("Organisation"))
        'org'
        """
        return "/".join(getattr(scope, c) for c in self.coordinates) or ORG_SCOPE

    def manifest_key(self, scope: Scope) -> tuple[str, str]:
        """The report's key in the period's manifest (:attr:`salesnb.reports.manifest.Entry.key`)."""
        return (self.notebook, self.key(scope))

    def scope_of(self, key: str, name: str = "") -> Scope | None:
        """The scope whose :meth:`key` is ``key``, or ``None`` when no report of this kind has it."""
        parts = key.split("/") if self.coordinates else []
        if len(parts) != len(self.coordinates):
            return None
        scope = Scope(name, **dict(zip(self.coordinates, parts, strict=True)))
        return scope if self.key(scope) == key else None

    def parameters_for(self, scope: Scope, values: dict, source: str) -> ReportParams:
        """The validated notebook parameters of the report of ``scope``: ``values`` (period, language, …)
        with the scope parameter taken from ``scope``."""
        scope_value = getattr(scope, self.parameters.scope_parameter)
        return self.parameters.from_values({self.parameters.scope_parameter: scope_value, **values}, source)

    def output(self, root: Path, period: Period, scope: Scope) -> tuple[Path, str]:
        """The folder and the file stem of the report (each id checked, the folder inside ``root``)."""
        return self.folder(root, period, scope), self.stem(scope)

    def log_path(self, root: Path, period: Period, scope: Scope) -> Path:
        """The report's run log: ``<period>/logs/<key with . for />.<notebook>.log``."""
        return period_dir(root, period) / "logs" / f"{self.key(scope).replace('/', '.')}.{self.notebook}.log"

    def title_of(self, scope: Scope, period: str, language: str) -> str:
        """The report's title (the HTML page's and the PDF's)."""
        return f"{tr(self.title, language)} · {scope.name} · {period}"


# ------------------------------------------------------------------------------------------ planners
def _every_team(con: duckdb.DuckDBPyConnection, period: Period, teams: list[str]) -> list[Scope]:
    names = list_teams(con).set_index("team_id")["name"].to_dict()
    return [Scope(str(names[team]), team=team) for team in teams]


def _every_active_rep(con: duckdb.DuckDBPyConnection, period: Period, teams: list[str]) -> list[Scope]:
    """Reps employed at the period's end, team by team in the run's order."""
    from salesnb.reviews.rep import active_reps  # pandas and the KPI engine: only when rep reviews are asked

    reps = active_reps(con, teams, period)
    return [Scope(str(r.name), team=str(r.team_id), rep=str(r.rep_id)) for r in reps.itertuples(index=False)]


def _the_organisation(con: duckdb.DuckDBPyConnection, period: Period, teams: list[str]) -> list[Scope]:
    return [Scope("Organisation")]


def _every_region(con: duckdb.DuckDBPyConnection, period: Period, teams: list[str]) -> list[Scope]:
    regions = list_teams(con).drop_duplicates("region_id")
    return [
        Scope(str(name), region=str(region))
        for region, name in zip(regions["region_id"], regions["region_name"], strict=True)
    ]


# ------------------------------------------------------------------------------- data each kind reads
def _its_team(teams: pd.DataFrame, scope: Scope) -> list[str]:
    return [scope.team]


def _its_team_type(teams: pd.DataFrame, scope: Scope) -> list[str]:
    """Every team of the rep's team type: the rep's peers are benchmarks."""
    kind = teams.loc[teams["team_id"] == scope.team, "team_type"]
    return sorted(teams.loc[teams["team_type"].isin(kind), "team_id"])


def _every_team_id(teams: pd.DataFrame, scope: Scope) -> list[str]:
    return sorted(teams["team_id"])


def _its_region(teams: pd.DataFrame, scope: Scope) -> list[str]:
    return sorted(teams.loc[teams["region_id"] == scope.region, "team_id"])


# ----------------------------------------------------------------------------------------- where to
def _team_folder(root: Path, period: Period, scope: Scope) -> Path:
    return team_dir(root, period, scope.team)


def _reps_folder(root: Path, period: Period, scope: Scope) -> Path:
    return contained(root, team_dir(root, period, scope.team) / REPS_DIR)


def _org_folder(root: Path, period: Period, scope: Scope) -> Path:
    return org_dir(root, period)


# ------------------------------------------------------------------------------------------- the kinds
TEAM_REVIEW = ReportKind(
    name="team_review",
    notebook="team_review",
    parameters=TeamReviewParams,
    coordinates=("team",),
    title="team_review",
    plan=_every_team,
    reads=_its_team,
    folder=_team_folder,
    stem=lambda scope: "team_review",
)
REP_REVIEW = ReportKind(
    name="rep_review",
    notebook="rep_review",
    parameters=RepReviewParams,
    coordinates=("team", "rep"),
    title="rep.title",
    plan=_every_active_rep,
    reads=_its_team_type,
    folder=_reps_folder,
    stem=lambda scope: check_slug(scope.rep, "rep"),
    index_under=TEAM_REVIEW,
    index_label="Rep reviews",
    option="reps",
)
ORG_OVERVIEW = ReportKind(
    name="org_overview",
    notebook="org_overview",
    parameters=OrgOverviewParams,
    coordinates=(),
    title="org_overview",
    plan=_the_organisation,
    reads=_every_team_id,
    folder=_org_folder,
    stem=lambda scope: "overview",
    option="org",
)
REGION_OVERVIEW = ReportKind(
    name="region_overview",
    notebook="org_overview",
    parameters=OrgOverviewParams,
    coordinates=("region",),
    title="org_overview",
    plan=_every_region,
    reads=_its_region,
    folder=_org_folder,
    stem=lambda scope: f"region-{check_slug(scope.region, 'region')}",
    option="org",
)

#: Every kind by name, in the order a run plans them and a manifest entry is matched to its kind.
KINDS: dict[str, ReportKind] = {k.name: k for k in (TEAM_REVIEW, ORG_OVERVIEW, REGION_OVERVIEW, REP_REVIEW)}


def kind_named(name: str) -> ReportKind:
    """The kind called ``name``.

    Examples
    --------
    >>> kind_named("rep_review").notebook
    'rep_review'
    """
    return KINDS[name]


def kind_of(notebook: str, key: str) -> ReportKind | None:
    """The kind of a manifest entry (its ``notebook`` and ``team`` fields); ``None`` for one no kind
    writes (a manifest of another salesnb version).

    Examples
    --------
    >>> kind_of("org_overview", "east").name, kind_of("org_overview", "org").name
    ('region_overview', 'org_overview')
    """
    for kind in KINDS.values():
        if kind.notebook == notebook and kind.scope_of(key) is not None:
            return kind
    return None
