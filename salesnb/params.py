"""Report parameters from the params folder: ``params/defaults.yaml`` merged with
``params/teams/<team>.yaml`` (each value checked by :mod:`salesnb.report_params`), and the params folder
of a run validated as a whole (:func:`load_settings`).

Keys of those two files are exactly the notebook parameters. Unknown keys and bad values are errors naming
the file. Settings that are not notebook parameters (``params/benchmarks.yaml``) are read by
:func:`load_benchmark_settings` and validated with every other file by :func:`load_settings`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from salesnb.errors import ParameterError, SalesnbError
from salesnb.ids import check_slug
from salesnb.privacy import MAX_GROUP_SIZE, MIN_GROUP_SIZE
from salesnb.report_params import validate_report_params
from salesnb.yamlfile import read_yaml_keys

#: Keys a params file may set, with their validators. Notebook-only keys (team, period, db_path)
#: come from the command line, not from params files.
_FILE_KEYS = {"language", "trend_periods"}


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


#: The file of the benchmark settings (not notebook parameters: no team may lower them).
BENCHMARKS_FILE = "benchmarks.yaml"


@dataclass(frozen=True)
class BenchmarkSettings:
    """How benchmarks over other people are guarded (``params/benchmarks.yaml``)."""

    min_group_size: int = MIN_GROUP_SIZE


def load_benchmark_settings(params_dir: Path) -> BenchmarkSettings:
    """``params_dir/benchmarks.yaml`` validated; the defaults when the file is absent."""
    path = params_dir / BENCHMARKS_FILE
    if not path.exists():
        return BenchmarkSettings()
    data = read_yaml_keys(path, {"min_group_size"}, "setting: value")
    size = data.get("min_group_size", MIN_GROUP_SIZE)
    if isinstance(size, bool) or not isinstance(size, int) or not MIN_GROUP_SIZE <= size <= MAX_GROUP_SIZE:
        raise ParameterError(
            f"{path}: min_group_size must be a whole number from {MIN_GROUP_SIZE} to {MAX_GROUP_SIZE}, "
            f"not {size!r}"
        )
    return BenchmarkSettings(size)


@dataclass(frozen=True)
class Settings:
    """A params folder, validated as a whole: the files checked and the settings read from them."""

    params_dir: Path
    files: tuple[Path, ...]
    benchmarks: BenchmarkSettings


def load_settings(params_dir: Path) -> Settings:
    """Validate every file of ``params_dir`` (what ``salesnb params check`` and ``salesnb run`` check).

    Every file is checked even after one fails; a file that needs another (coaching rules the training
    catalog, commission plans the goal ids) is checked against it only when that one is valid.

    Raises
    ------
    ParameterError
        The folder does not exist, or one or more files are invalid: one line naming each file, item and
        reason, separated by ``;``.
    """
    params_dir = Path(params_dir)
    if not params_dir.is_dir():
        raise ParameterError(f"params folder {params_dir} does not exist (--params or $SALESNB_PARAMS)")
    checked: list[Path] = []
    problems: list[str] = []

    def check(path: Path, validate) -> Any:
        try:
            result = validate()
        except SalesnbError as exc:
            problems.append(str(exc))
            return None
        checked.append(path)
        return result if result is not None else True

    for path in [params_dir / "defaults.yaml", *sorted((params_dir / "teams").glob("*.yaml"))]:
        if path.exists():
            check(path, lambda path=path: _check_report_params_file(path))
    bench = None
    if (params_dir / BENCHMARKS_FILE).exists():
        bench = check(params_dir / BENCHMARKS_FILE, lambda: load_benchmark_settings(params_dir))
    from salesnb.kpis.sets import FILE, load_kpi_sets  # imports the catalog: only when checking

    if (params_dir / FILE).exists():
        check(params_dir / FILE, lambda: load_kpi_sets(params_dir))
    from salesnb.coaching import catalog as training
    from salesnb.coaching import rules as coaching

    catalog, rules = params_dir / training.FILE, params_dir / coaching.FILE
    modules = check(catalog, lambda: training.load_catalog(catalog)) if catalog.exists() else None
    if modules is not None and rules.exists():
        check(rules, lambda: coaching.load_rules(rules, modules))
    goals = params_dir / "goals.yaml"
    goalset = None
    if goals.exists():
        from salesnb.goals.model import load_goals  # goals import the KPI catalog: only when there are some

        goalset = check(goals, lambda: load_goals(goals))
    from salesnb.incentives.plans import FILE as PLANS_FILE  # imports the KPI catalog: only when checking
    from salesnb.incentives.plans import load_plans

    plans = params_dir / PLANS_FILE
    if plans.exists():
        goal_ids = {g.id for g in goalset.goals} if goalset is not None else None
        check(plans, lambda: load_plans(plans, goal_ids))
    if problems:
        more = f"{len(problems)} problems in {params_dir}: " if len(problems) > 1 else ""
        raise ParameterError(more + "; ".join(problems))
    return Settings(params_dir, tuple(checked), bench if bench is not None else BenchmarkSettings())


def _check_report_params_file(path: Path) -> None:
    validate_report_params(_read_yaml(path), source=str(path))
    if path.parent.name == "teams":
        check_slug(path.stem)


def check_params_dir(params_dir: Path) -> list[Path]:
    """Validate every params file (:func:`load_settings`); return the files checked."""
    return list(load_settings(params_dir).files)
