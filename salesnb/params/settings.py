"""The params folder as one :class:`Settings` object, loaded and validated as a whole by
:func:`load_settings`.

Every file of the folder is read here and only here: the report defaults (``defaults.yaml``,
``teams/<team>.yaml``), the benchmark settings, the KPI sets, the training catalog, the coaching rules, the
goals and the commission plans; and the managers' notes (``notes/<period>/<rep>.md``) on demand. The
domain modules parse the content of the file they are handed (:func:`~salesnb.goals.model.load_goals`,
:func:`~salesnb.incentives.plans.load_plans`, …); which file, and what a missing one means, is decided
here. ``salesnb params check`` and ``salesnb run`` call the same :func:`load_settings`, and each report
loads its :class:`Settings` once from the folder of the run and hands the parsed objects down.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar

from salesnb.errors import ParameterError, ParameterProblems
from salesnb.ids import check_slug
from salesnb.params.benchmarks import BENCHMARKS_FILE, BenchmarkSettings, load_benchmark_settings
from salesnb.params.defaults import DEFAULTS_FILE, REGIONS_DIR, TEAMS_DIR, read_report_defaults
from salesnb.params.delivery import FILE as DELIVERY_FILE
from salesnb.params.delivery import DeliverySettings, load_delivery
from salesnb.params.notes import notes_path, read_notes
from salesnb.periods import Period
from salesnb.yamlfile import load_yaml

if TYPE_CHECKING:
    from salesnb.analysis.risk_rules import RiskRules
    from salesnb.coaching.catalog import Module
    from salesnb.coaching.rules import RuleSet
    from salesnb.goals.model import GoalSet
    from salesnb.incentives.plans import PlanSet

#: The goals file (the other domain files are named by their modules' ``FILE``).
GOALS_FILE = "goals.yaml"

T = TypeVar("T")


@dataclass(frozen=True)
class Settings:
    """A params folder, validated as a whole: the files checked and everything read from them.

    A file that is absent gives its defaults: no report defaults, the benchmark defaults, every team type
    showing the whole KPI catalog, and no training catalog, coaching rules, goals or commission plans
    (``None``). Coaching rules need the training catalog: without it they are not read.
    """

    params_dir: Path
    files: tuple[Path, ...] = ()
    #: ``defaults.yaml``: the report parameters every team shares
    defaults: Mapping[str, Any] = field(default_factory=dict)
    #: ``teams/<team>.yaml`` by team id: what a team's reports change from the defaults
    teams: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    #: ``regions/<region>.yaml`` by region id: what a region overview changes from the defaults
    regions: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    benchmarks: BenchmarkSettings = field(default_factory=BenchmarkSettings)
    #: team type → the KPIs its reviews show, in reading order (``kpi_sets.yaml``)
    kpi_sets: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    training_catalog: Mapping[str, Module] | None = None
    coaching_rules: RuleSet | None = None
    goals: GoalSet | None = None
    plans: PlanSet | None = None
    #: ``risk_rules.yaml``: the thresholds of the risk register (``None``: the defaults)
    risk_rules: RiskRules | None = None
    #: ``delivery.yaml``: allowed domains, leadership and overrides of who receives what
    delivery: DeliverySettings = field(default_factory=DeliverySettings)

    def report_defaults(self, team: str | None) -> dict[str, Any]:
        """The defaults merged with the team's own file (either may be absent); ``None``: the defaults.

        Examples
        --------
        >>> s = Settings(Path("p"), defaults={"language": "en"}, teams={"t1": {"language": "zh"}})
        >>> s.report_defaults("t1"), s.report_defaults("t2"), s.report_defaults(None)
        ({'language': 'zh'}, {'language': 'en'}, {'language': 'en'})
        """
        merged = dict(self.defaults)
        if team is not None:
            merged.update(self.teams.get(check_slug(team), {}))
        return merged

    def region_defaults(self, region: str, teams: list[str]) -> dict[str, Any]:
        """A region overview's defaults: the defaults, then the language most of the region's ``teams``
        report in (a tie keeps the defaults' language), then the region's own file, which wins.

        Examples
        --------
        >>> s = Settings(Path("p"), defaults={"language": "en"}, teams={"a": {"language": "zh"},
        ...              "b": {"language": "zh"}}, regions={"west": {"language": "en"}})
        >>> s.region_defaults("east", ["a", "b", "c"]), s.region_defaults("east", ["a", "c"])
        ({'language': 'zh'}, {'language': 'en'})
        >>> s.region_defaults("west", ["a", "b"])
        {'language': 'en'}
        """
        merged = dict(self.defaults)
        votes = Counter(self.report_defaults(t).get("language") for t in teams)
        votes.pop(None, None)
        ranked = votes.most_common(2)
        if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            merged["language"] = ranked[0][0]
        merged.update(self.regions.get(check_slug(region, "region"), {}))
        return merged

    def kpi_set(self, team_type: str) -> list[str]:
        """The KPIs a review of a team of ``team_type`` shows, in reading order (a new list)."""
        return list(self.kpi_sets[team_type])

    def notes_path(self, period: Period, rep_id: str) -> Path:
        """Where the manager's notes on ``rep_id`` for ``period`` are (``notes/<period>/<rep-id>.md``)."""
        return notes_path(self.params_dir, period, rep_id)

    def notes(self, period: Period, rep_id: str) -> str | None:
        """The manager's notes on ``rep_id`` for ``period`` as text (never interpreted), or ``None``."""
        return read_notes(self.params_dir, period, rep_id)


def load_settings(params_dir: Path) -> Settings:
    """Read and validate every file of ``params_dir``: what ``salesnb params check`` checks, ``salesnb run``
    checks before planning, and every report reads.

    Every file is checked even after one fails, and every item of a file (goal, plan, rule, module, team
    type); a file that needs another (coaching rules the training catalog, commission plans the goal ids)
    is checked against it only when that one is valid, and on its own otherwise (the plans without the goal
    ids), so one mistake is reported once.

    Raises
    ------
    ParameterError
        The folder does not exist, or one or more files are invalid: one line naming each file, item and
        reason, separated by ``;`` (``N problems in FOLDER: …`` when there are several).

    Examples
    --------
    >>> settings = load_settings(Path("params"))  # doctest: +SKIP
    >>> settings.plans.plan_for("field", "senior").id, settings.kpi_set("field")[:2]  # doctest: +SKIP
    ('field-senior', ['revenue', 'quota_attainment'])
    """
    params_dir = Path(params_dir)
    if not params_dir.is_dir():
        raise ParameterError(f"params folder {params_dir} does not exist (--params or $SALESNB_PARAMS)")
    # the domain's loaders import the KPI catalog (pandas): only when a folder is loaded
    from salesnb.analysis import risk_rules as risk
    from salesnb.analysis.samples import SURVEYS
    from salesnb.coaching import catalog as training
    from salesnb.coaching import rules as coaching
    from salesnb.goals.model import load_goals
    from salesnb.incentives import plans as commission
    from salesnb.kpis import sets as kpi_sets

    found = ParameterProblems()
    checked: list[Path] = []

    def read(name: str, load: Callable[[Path], T]) -> T | None:
        """``load`` of ``params_dir/name``; ``None`` when the file is absent or has a problem (kept)."""
        path = params_dir / name
        if not path.exists():
            return None
        with found.check():
            result = load(path)
            checked.append(path)
            return result
        return None

    defaults = read(DEFAULTS_FILE, read_report_defaults)
    teams = {}
    for path in sorted((params_dir / TEAMS_DIR).glob("*.yaml")):
        values = read(f"{TEAMS_DIR}/{path.name}", read_report_defaults)
        if values is not None:
            teams[path.stem] = MappingProxyType(values)
    regions = {}
    for path in sorted((params_dir / REGIONS_DIR).glob("*.yaml")):
        values = read(f"{REGIONS_DIR}/{path.name}", read_report_defaults)
        if values is not None:
            regions[path.stem] = MappingProxyType(values)
    bench = read(BENCHMARKS_FILE, lambda _: load_benchmark_settings(params_dir))
    sets = read(kpi_sets.FILE, kpi_sets.load_kpi_sets)
    catalog = read(training.FILE, training.load_catalog)
    rules = read(coaching.FILE, lambda path: coaching.load_rules(path, catalog)) if catalog else None
    goals = read(GOALS_FILE, load_goals)
    goal_ids = {g.id for g in goals.goals} if goals is not None else None
    plans = read(commission.FILE, lambda path: commission.load_plans(path, goal_ids))
    risk_rules = read(risk.FILE, lambda path: risk.parse_risk_rules(load_yaml(path), str(path)))
    delivery = read(DELIVERY_FILE, load_delivery)
    if rules is not None:  # the survey minimums live in coaching_rules.yaml; the risk register reads them
        surveys = tuple((s, rules.min_sample[s]) for s in SURVEYS if s in rules.min_sample)
        risk_rules = replace(risk_rules or risk.RiskRules(), survey_min_sample=surveys)
    found.raise_any(str(params_dir))
    return Settings(
        params_dir=params_dir,
        files=tuple(checked),
        defaults=MappingProxyType(defaults or {}),
        teams=MappingProxyType(teams),
        regions=MappingProxyType(regions),
        benchmarks=bench or BenchmarkSettings(),
        kpi_sets=MappingProxyType(
            {t: tuple(names) for t, names in (sets or kpi_sets.default_kpi_sets()).items()}
        ),
        training_catalog=MappingProxyType(catalog) if catalog is not None else None,
        coaching_rules=rules,
        goals=goals,
        plans=plans,
        risk_rules=risk_rules,
        delivery=delivery or DeliverySettings(),
    )


def load_team_params(params_dir: Path, team: str | None) -> dict[str, Any]:
    """The report defaults of ``team`` (``None``: of no team) in ``params_dir``, the whole folder validated
    (:meth:`Settings.report_defaults` of :func:`load_settings`)."""
    return load_settings(params_dir).report_defaults(team)


def check_params_dir(params_dir: Path) -> list[Path]:
    """Validate every params file (:func:`load_settings`); return the files checked."""
    return list(load_settings(params_dir).files)
