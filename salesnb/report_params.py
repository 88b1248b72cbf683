"""The parameters of each report notebook as validated data: one class per notebook, checked once.

:class:`ReportParams` holds what every report takes (period, language, trend, warehouse, params folder);
each subclass adds the one parameter naming the report's scope (``team``, ``rep`` or ``region``). The
fields of a class are exactly the parameters cell of its notebook (``tests/unit/test_report_kinds.py``
compares them), and constructing one validates every value: the notebooks' reviews, the batch planner
and the params files (``params/defaults.yaml``, ``params/teams/<team>.yaml``, whose keys are a subset of
these parameters) all pass through :meth:`ReportParams.__post_init__`.

This module sits below :mod:`salesnb.params` (which validates the params files with it) and above the
text tables (the languages a report can be written in).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import InitVar, dataclass
from pathlib import Path
from typing import Any, ClassVar, Self

from salesnb.config import default_db_path, default_params_dir
from salesnb.errors import ParameterError
from salesnb.ids import check_slug
from salesnb.periods import Period
from salesnb.text.i18n import LANGUAGES
from salesnb.values import parse_whole_number


@dataclass(frozen=True, kw_only=True)
class ReportParams:
    """The parameters every report notebook takes, validated when the object is made.

    ``source`` names where the values came from in error messages (a file, "parameters of bj-field");
    it is not a parameter.

    Examples
    --------
    >>> ReportParams(period="2026-10", language="zh").trend_periods
    12
    >>> ReportParams(language="fr")
    Traceback (most recent call last):
    ...
    salesnb.errors.ParameterError: parameters: language 'fr' is not supported: use en or zh
    """

    #: The notebook parameter naming the report's scope (a subclass's own field); none for the base.
    scope_parameter: ClassVar[str] = ""

    period: str = ""  # 2026-10, 2026-Q3, 2026 or 2026-W42; empty means the latest complete month
    language: str = "en"
    trend_periods: int = 12
    db_path: str = ""  # empty means $SALESNB_DB or data/salesnb.duckdb
    params_dir: str = ""  # empty means $SALESNB_PARAMS or params/
    source: InitVar[str] = "parameters"

    def __post_init__(self, source: str) -> None:
        if self.scope_parameter and self.scope:
            check_slug(self.scope, self.scope_parameter)
        if self.period:
            Period.parse(self.period)
        if self.language not in LANGUAGES:
            raise ParameterError(
                f"{source}: language {self.language!r} is not supported: use {' or '.join(LANGUAGES)}"
            )
        parse_whole_number(self.trend_periods, "trend_periods", 3, 36, where=source)
        if not isinstance(self.db_path, str):
            raise ParameterError(f"{source}: db_path must be text, not {self.db_path!r}")
        if not isinstance(self.params_dir, str):
            raise ParameterError(f"{source}: params_dir must be text, not {self.params_dir!r}")
        if self.params_dir and not Path(self.params_dir).is_dir():
            raise ParameterError(f"{source}: params folder {self.params_dir} does not exist")

    @classmethod
    def names(cls) -> list[str]:
        """The notebook parameters of this class, in the order of its notebook's parameters cell (the
        scope first, the kind's own options last)."""
        common = [f.name for f in dataclasses.fields(ReportParams)]
        own = [f.name for f in dataclasses.fields(cls) if f.name not in common]
        # the scope, the common ones, then a kind's own options: a review called positionally as
        # load_x(scope, period, language, ...) keeps working when a kind gains an option
        scope = [n for n in own if n == cls.scope_parameter]
        return scope + common + [n for n in own if n not in scope]

    @classmethod
    def from_values(cls, values: Mapping[str, Any], source: str = "parameters") -> Self:
        """``values`` validated as this class's parameters; an unknown key is an error naming ``source``.

        Examples
        --------
        >>> TeamReviewParams.from_values({"team": "bj-field", "period": "2026-10"}).team
        'bj-field'
        >>> TeamReviewParams.from_values({"rep": "r1"}, source="x.yaml")
        Traceback (most recent call last):
        ...
        salesnb.errors.ParameterError: x.yaml: unknown parameter rep; known: db_path, language, params_dir, \
period, rep_reviews, team, trend_periods
        """
        _check_known(values, set(cls.names()), source)
        return cls(**values, source=source)

    @property
    def scope(self) -> str:
        """The value of the scope parameter (``""`` for the base class or the default scope)."""
        return str(getattr(self, self.scope_parameter)) if self.scope_parameter else ""

    def as_notebook_parameters(self) -> dict[str, Any]:
        """The values papermill passes to the notebook, in its parameters cell's order."""
        return {name: getattr(self, name) for name in self.names()}

    @property
    def params_path(self) -> Path:
        """The params folder the report reads: ``params_dir``, else ``$SALESNB_PARAMS`` or ``params/``."""
        return Path(self.params_dir) if self.params_dir else default_params_dir()

    @property
    def db_file(self) -> Path:
        """The warehouse the report reads: ``db_path``, else ``$SALESNB_DB`` or ``data/salesnb.duckdb``."""
        return Path(self.db_path) if self.db_path else default_db_path()


@dataclass(frozen=True, kw_only=True)
class TeamReviewParams(ReportParams):
    """The team review's parameters (``notebooks/team_review.ipynb``): ``team``, empty for the first, and
    ``rep_reviews``, whether the same run renders the team's rep reviews (the review links only to those).

    Examples
    --------
    >>> TeamReviewParams(team="bj-field", rep_reviews="yes")
    Traceback (most recent call last):
    ...
    salesnb.errors.ParameterError: parameters: rep_reviews must be true or false, not 'yes'
    """

    scope_parameter: ClassVar[str] = "team"
    team: str = ""
    rep_reviews: bool = False

    def __post_init__(self, source: str) -> None:
        super().__post_init__(source)
        if not isinstance(self.rep_reviews, bool):
            raise ParameterError(f"{source}: rep_reviews must be true or false, not {self.rep_reviews!r}")


@dataclass(frozen=True, kw_only=True)
class RepReviewParams(ReportParams):
    """The rep review's parameters (``notebooks/rep_review.ipynb``): ``rep``, empty for the first active
    rep of the first team."""

    scope_parameter: ClassVar[str] = "rep"
    rep: str = ""


@dataclass(frozen=True, kw_only=True)
class OrgOverviewParams(ReportParams):
    """The organisation overview's parameters (``notebooks/org_overview.ipynb``): ``region``, empty for
    the whole organisation, and ``team_reviews``, the teams (ids, comma-separated) whose team reviews the
    same run renders or already holds: the overview links only to those.

    Examples
    --------
    >>> OrgOverviewParams(team_reviews="bj-field, sh-online").team_review_ids
    ('bj-field', 'sh-online')
    >>> OrgOverviewParams(team_reviews="../x")
    Traceback (most recent call last):
    ...
    salesnb.errors.ParameterError: invalid team id '../x': use lower-case letters, digits, '-' or '_' (at \
most 63 characters)
    """

    scope_parameter: ClassVar[str] = "region"
    region: str = ""
    team_reviews: str = ""

    def __post_init__(self, source: str) -> None:
        super().__post_init__(source)
        if not isinstance(self.team_reviews, str):
            raise ParameterError(f"{source}: team_reviews must be text, not {self.team_reviews!r}")
        for team in self.team_review_ids:
            check_slug(team, "team")

    @property
    def team_review_ids(self) -> tuple[str, ...]:
        """The teams of ``team_reviews``, in order."""
        return tuple(t.strip() for t in self.team_reviews.split(",") if t.strip())


#: Every class of report parameters with a scope: :func:`validate_report_params` picks by the scope given.
SCOPED = (TeamReviewParams, RepReviewParams, OrgOverviewParams)


def validate_report_params(values: Mapping[str, Any], source: str = "parameters") -> ReportParams:
    """Check the parameters of any report, or the values of a params file (no scope parameter).

    The class is the one whose scope parameter ``values`` holds (``team``, ``rep`` or ``region``);
    without one, the parameters every report takes (:class:`ReportParams`).

    Examples
    --------
    >>> type(validate_report_params({"rep": "bj-field-r01"})).__name__
    'RepReviewParams'
    >>> validate_report_params({"language": "zh"}, source="teams/x.yaml").language
    'zh'
    """
    given = [cls for cls in SCOPED if cls.scope_parameter in values]
    known = {name for cls in (ReportParams, *SCOPED) for name in cls.names()}
    _check_known(values, known - {cls.scope_parameter for cls in given[1:]}, source)
    return (given[0] if given else ReportParams)(**values, source=source)


def _check_known(values: Mapping[str, Any], known: set[str], source: str) -> None:
    unknown = sorted(set(values) - known)
    if unknown:
        raise ParameterError(
            f"{source}: unknown parameter {', '.join(unknown)}; known: {', '.join(sorted(known))}"
        )
