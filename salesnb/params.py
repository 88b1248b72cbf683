"""Report parameters as validated data: ``params/defaults.yaml`` merged with ``params/teams/<team>.yaml``.

Keys are exactly the notebook parameters. Unknown keys and bad values are errors naming the file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from salesnb.errors import ParameterError
from salesnb.periods import Period
from salesnb.yamlfile import load_yaml

LANGUAGES = ("en", "zh")
SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")

#: Keys a params file may set, with their validators. Notebook-only keys (team, period, db_path)
#: come from the command line, not from params files.
_FILE_KEYS = {"language", "trend_periods"}


def check_slug(value: str, what: str = "team") -> str:
    """A safe path component: lower-case letters, digits, ``-`` and ``_``."""
    if not isinstance(value, str) or not SLUG.match(value):
        raise ParameterError(
            f"invalid {what} id {value!r}: use lower-case letters, digits, '-' or '_' (at most 63 characters)"
        )
    return value


@dataclass(frozen=True)
class ReportParams:
    """The validated parameters of one report run; the fields are the notebook's parameters."""

    team: str
    period: str
    language: str = "en"
    trend_periods: int = 12
    db_path: str = ""

    def as_notebook_parameters(self) -> dict[str, Any]:
        return {
            "team": self.team,
            "period": self.period,
            "language": self.language,
            "trend_periods": self.trend_periods,
            "db_path": self.db_path,
        }


def validate_report_params(values: Mapping[str, Any], source: str = "parameters") -> ReportParams:
    """Check every value: the one gate that notebook parameters and params files go through."""
    known = {"team", "period", "language", "trend_periods", "db_path"}
    unknown = sorted(set(values) - known)
    if unknown:
        raise ParameterError(
            f"{source}: unknown parameter {', '.join(unknown)}; known: {', '.join(sorted(known))}"
        )
    team = values.get("team", "")
    if team:
        check_slug(team)
    period = values.get("period", "")
    if period:
        Period.parse(period)
    language = values.get("language", "en")
    if language not in LANGUAGES:
        raise ParameterError(
            f"{source}: language {language!r} is not supported: use {' or '.join(LANGUAGES)}"
        )
    trend = values.get("trend_periods", 12)
    if isinstance(trend, bool) or not isinstance(trend, int) or not 3 <= trend <= 36:
        raise ParameterError(f"{source}: trend_periods must be a whole number from 3 to 36, not {trend!r}")
    db_path = values.get("db_path", "")
    if not isinstance(db_path, str):
        raise ParameterError(f"{source}: db_path must be text, not {db_path!r}")
    return ReportParams(str(team), str(period), language, trend, db_path)


def read_yaml_keys(path: Path, allowed: set[str], what: str = "parameter: value") -> dict[str, Any]:
    """A YAML mapping whose keys must all be in ``allowed``; every problem names the file on one line."""
    data = load_yaml(path) or {}
    if not isinstance(data, dict):
        raise ParameterError(f"{path}: must be a mapping of {what}")
    unknown = sorted(set(map(str, data)) - allowed)
    if unknown:
        raise ParameterError(
            f"{path}: unknown key {', '.join(unknown)}; allowed: {', '.join(sorted(allowed))}"
        )
    return data


def _read_yaml(path: Path) -> dict[str, Any]:
    return read_yaml_keys(path, _FILE_KEYS)


def load_team_params(params_dir: Path, team: str | None) -> dict[str, Any]:
    """Defaults merged with the team's own file (either may be absent); ``None``: the defaults only."""
    files = [params_dir / "defaults.yaml"]
    if team is not None:
        files.append(params_dir / "teams" / f"{check_slug(team)}.yaml")
    merged: dict[str, Any] = {}
    for path in files:
        if path.exists():
            values = _read_yaml(path)
            validate_report_params(values, source=str(path))
            merged.update(values)
    return merged


def check_params_dir(params_dir: Path) -> list[Path]:
    """Validate every params file; return the files checked."""
    files = sorted([params_dir / "defaults.yaml", *sorted((params_dir / "teams").glob("*.yaml"))])
    checked = []
    for path in files:
        if path.exists():
            validate_report_params(_read_yaml(path), source=str(path))
            if path.parent.name == "teams":
                check_slug(path.stem)
            checked.append(path)
    from salesnb.reviews.kpi_sets import FILE, load_kpi_sets  # imports the catalog: only when checking

    if (params_dir / FILE).exists():
        load_kpi_sets(params_dir)
        checked.append(params_dir / FILE)
    from salesnb.coaching import catalog as training
    from salesnb.coaching import rules as coaching

    if (params_dir / training.FILE).exists():
        modules = training.load_catalog(params_dir / training.FILE)
        checked.append(params_dir / training.FILE)
        if (params_dir / coaching.FILE).exists():
            coaching.load_rules(params_dir / coaching.FILE, modules)
            checked.append(params_dir / coaching.FILE)
    goals = params_dir / "goals.yaml"
    if goals.exists():
        from salesnb.goals.model import load_goals  # goals import the KPI catalog: only when there are some

        load_goals(goals)
        checked.append(goals)
    from salesnb.incentives.plans import check_plans  # imports the KPI catalog: only when checking

    checked.extend(check_plans(params_dir))
    return checked
