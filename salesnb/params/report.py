"""Report parameters: a notebook's parameters validated once (:func:`validate_report_params`), and the
report defaults users write in ``params/defaults.yaml`` and ``params/teams/<team>.yaml``
(:func:`read_report_defaults`).

The keys of those two files are exactly the notebook parameters a params file may set (``language`` and
``trend_periods``); the others (team, period, warehouse, params folder) come from the command line.
Unknown keys and bad values are errors naming the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from salesnb.config import default_params_dir
from salesnb.errors import ParameterError
from salesnb.ids import check_slug
from salesnb.periods import Period
from salesnb.text.i18n import LANGUAGES
from salesnb.values import parse_whole_number
from salesnb.yamlfile import read_yaml_keys

#: The report defaults shared by every team, and the folder of each team's own (``teams/<team>.yaml``).
DEFAULTS_FILE = "defaults.yaml"
TEAMS_DIR = "teams"
#: The notebook parameters a params file may set.
FILE_KEYS = frozenset({"language", "trend_periods"})
#: Every notebook parameter of a report.
REPORT_KEYS = frozenset({"team", "period", "language", "trend_periods", "db_path", "params_dir"})


@dataclass(frozen=True)
class ReportParams:
    """The validated parameters of one report run; the fields are the notebook's parameters."""

    team: str
    period: str
    language: str = "en"
    trend_periods: int = 12
    db_path: str = ""
    params_dir: str = ""

    def as_notebook_parameters(self) -> dict[str, Any]:
        return {
            "team": self.team,
            "period": self.period,
            "language": self.language,
            "trend_periods": self.trend_periods,
            "db_path": self.db_path,
            "params_dir": self.params_dir,
        }

    @property
    def params_path(self) -> Path:
        """The params folder the report reads: ``params_dir``, else ``$SALESNB_PARAMS`` or ``params/``.

        The one place a report resolves an empty ``params_dir`` (a notebook run by hand): what it reads
        from there comes through :func:`salesnb.params.load_settings` of this folder, never another.
        """
        return Path(self.params_dir) if self.params_dir else default_params_dir()


def check_language(language: object, source: str) -> str:
    """``language`` when reports are written in it; a :class:`ParameterError` naming ``source`` if not."""
    if language not in LANGUAGES:
        raise ParameterError(
            f"{source}: language {language!r} is not supported: use {' or '.join(LANGUAGES)}"
        )
    return str(language)


def check_trend_periods(trend: object, source: str) -> int:
    """``trend``, the periods a trend shows, when it is a whole number from 3 to 36."""
    return parse_whole_number(trend, "trend_periods", 3, 36, where=source)


def validate_report_params(values: Mapping[str, Any], source: str = "parameters") -> ReportParams:
    """Check every value: the one gate that notebook parameters and params files go through."""
    unknown = sorted(set(values) - REPORT_KEYS)
    if unknown:
        raise ParameterError(
            f"{source}: unknown parameter {', '.join(unknown)}; known: {', '.join(sorted(REPORT_KEYS))}"
        )
    team = values.get("team", "")
    if team:
        check_slug(team)
    period = values.get("period", "")
    if period:
        Period.parse(period)
    language = check_language(values.get("language", "en"), source)
    trend = check_trend_periods(values.get("trend_periods", 12), source)
    db_path = values.get("db_path", "")
    if not isinstance(db_path, str):
        raise ParameterError(f"{source}: db_path must be text, not {db_path!r}")
    params_dir = values.get("params_dir", "")
    if not isinstance(params_dir, str):
        raise ParameterError(f"{source}: params_dir must be text, not {params_dir!r}")
    if params_dir and not Path(params_dir).is_dir():
        raise ParameterError(f"{source}: params folder {params_dir} does not exist")
    return ReportParams(str(team), str(period), language, trend, db_path, params_dir)


def read_report_defaults(path: Path) -> dict[str, Any]:
    """The report defaults one file sets (``defaults.yaml`` or ``teams/<team>.yaml``), each checked.

    Raises
    ------
    ParameterError
        The file is not YAML, sets an unknown key or a bad value, or (a team's file) is not named for a
        valid team id; the message names the file.
    """
    if path.parent.name == TEAMS_DIR:
        try:
            check_slug(path.stem)
        except ParameterError as exc:
            raise ParameterError(f"{path}: {exc}") from None
    values = read_yaml_keys(path, set(FILE_KEYS))
    if "language" in values:
        check_language(values["language"], str(path))
    if "trend_periods" in values:
        check_trend_periods(values["trend_periods"], str(path))
    return values
