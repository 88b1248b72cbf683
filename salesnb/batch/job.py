"""A batch job: one report of one kind (:mod:`salesnb.reports.kinds`) for one scope and period, with its
validated notebook parameters; everything else about it (paths, keys, log, title) comes from its kind."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from salesnb.periods import Period
from salesnb.report_params import ReportParams
from salesnb.reports.kinds import ReportKind, Scope


@dataclass(frozen=True)
class Job:
    """One report: a kind (:mod:`salesnb.reports.kinds`), its scope and its validated notebook parameters
    (the period among them), written under ``reports_root``."""

    kind: ReportKind
    scope: Scope
    params: ReportParams
    reports_root: str
    formats: tuple[str, ...] = ("html",)  # html always; pdf on request
    fingerprint: str = ""  # salesnb.batch.incremental: what the report depends on

    def __post_init__(self) -> None:
        name = self.kind.parameters.scope_parameter
        if type(self.params) is not self.kind.parameters or self.params.scope != getattr(self.scope, name):
            raise ValueError(
                f"{self.kind.name} job: parameters {self.params!r} do not fit scope {self.scope!r}"
            )

    @property
    def period(self) -> str:
        return self.params.period

    @property
    def language(self) -> str:
        return self.params.language

    @property
    def parameters(self) -> dict:
        """The notebook parameters papermill injects."""
        return self.params.as_notebook_parameters()

    @property
    def notebook(self) -> str:
        return self.kind.notebook

    @property
    def team(self) -> str:
        """The team the report is about or belongs to (``""`` for the overviews)."""
        return self.scope.team

    @property
    def rep(self) -> str:
        """The rep of a rep review (``""`` for other kinds)."""
        return self.scope.rep

    @property
    def team_name(self) -> str:
        """The scope's display name: the team's, the rep's, the region's or "Organisation"."""
        return self.scope.name

    @property
    def key(self) -> str:
        """The manifest's ``team`` field: the team, ``<team>/<rep>`` for a rep review, ``org`` or the
        region for the overviews."""
        return self.kind.key(self.scope)

    @property
    def manifest_key(self) -> tuple[str, str]:
        return self.kind.manifest_key(self.scope)

    def output(self) -> tuple[Path, str]:
        """The folder and file stem of the report: ``<team>/team_review``, ``<team>/reps/<rep>`` for a rep
        review, ``org/overview`` and ``org/region-<region>`` for the overviews."""
        return self.kind.output(Path(self.reports_root), Period.parse(self.period), self.scope)

    def log_path(self) -> Path:
        """The report's run log (kernel and papermill messages): ``<period>/logs/<key>.<notebook>.log``."""
        return self.kind.log_path(Path(self.reports_root), Period.parse(self.period), self.scope)

    def title(self) -> str:
        return self.kind.title_of(self.scope, self.period, self.language)
