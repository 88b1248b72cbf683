"""A params folder for an imported organisation (``salesnb params init DIR``), written apart from the demo's.

What the folder holds and where each part comes from:

* ``teams/<team>.yaml`` for every team of the warehouse, headed by its name, type and region;
* ``goals.yaml``: per team a monthly revenue and win-rate goal whose target is the one
  :func:`~salesnb.goals.pacing.suggest_target` suggests from the team's own last complete months (the
  data's end, not the clock, decides which months are complete); where the team has no such history the
  goal is left out and a comment says why, so no figure is invented;
* ``commission_plans.template.yaml``: a valid, commented plan file that is **not read** until it is
  renamed to ``commission_plans.yaml``: a template pays nothing, and the reports say that no plan applies
  rather than showing statements of zero;
* ``defaults.yaml``, ``benchmarks.yaml``, ``kpi_sets.yaml``, ``training_catalog.yaml`` and
  ``coaching_rules.yaml`` copied from a template folder (the project's ``params/``): they name no team,
  region or person;
* ``README.md``: what each file is and what to edit first.

Nothing else of the template folder is copied: its goals, plans, team files and notes describe the demo's
organisation (its ``east`` region goal would otherwise land on a real East region).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import NamedTuple

from salesnb.errors import ParameterError
from salesnb.files.atomic import write_text_atomic
from salesnb.goals.history import GoalData
from salesnb.goals.model import Scope
from salesnb.goals.pacing import suggest_target
from salesnb.kpis.catalog import CATALOG
from salesnb.params.benchmarks import BENCHMARKS_FILE
from salesnb.params.defaults import DEFAULTS_FILE, TEAMS_DIR
from salesnb.params.history import first_review_period, read_extent, read_outcomes, unsupported_by
from salesnb.params.settings import GOALS_FILE
from salesnb.periods import Period
from salesnb.text.formatting import format_value
from salesnb.warehouse import connect, read_meta
from salesnb.warehouse.extent import Extent
from salesnb.warehouse.slices import list_teams

#: Files copied from the template folder as they are: they hold no team, region or person.
COPIED_FILES = (
    DEFAULTS_FILE,
    BENCHMARKS_FILE,
    "kpi_sets.yaml",
    "training_catalog.yaml",
    "coaching_rules.yaml",
)
#: The commission plan template: named so that ``load_settings`` does not read it until it is renamed.
PLANS_TEMPLATE = "commission_plans.template.yaml"
README = "README.md"
#: Complete months of history a suggested target is computed from (as ``policy.history_periods``).
HISTORY_MONTHS = 12
#: The KPIs each team gets a suggested goal for: both computed from deals alone, which every export has.
GOAL_METRICS = ("revenue", "win_rate")
#: Han characters: a team named with them is read in Chinese.
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


@dataclass(frozen=True)
class TeamStart:
    """One team of the warehouse and the targets its own history suggests (metric → target or NaN)."""

    team_id: str
    name: str
    team_type: str
    region_id: str
    region_name: str
    suggested: dict[str, float] = field(default_factory=dict)
    #: metric → why the team's history cannot support a goal for it (no target is suggested then)
    unsupported: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Organisation:
    """What the warehouse says about the imported organisation: its teams, currency, extent and the
    complete months its goals were suggested from (empty when there is none)."""

    teams: tuple[TeamStart, ...]
    currency: str
    extent: Extent | None
    months: tuple[Period, ...] = ()


def complete_months(extent: Extent | None, count: int = HISTORY_MONTHS) -> tuple[Period, ...]:
    """The last ``count`` calendar months wholly inside the data's extent, oldest first.

    Examples
    --------
    >>> from datetime import date
    >>> ext = Extent(date(2018, 11, 20), date(2019, 3, 30))
    >>> [p.label for p in complete_months(ext)]
    ['2018-12', '2019-01', '2019-02']
    >>> complete_months(Extent(date(2019, 3, 2), date(2019, 3, 31)))
    ()
    """
    if extent is None:
        return ()
    last = Period.containing(extent.last + timedelta(days=1), "month").previous()
    months = [p for p in last.history(count) if p.start >= extent.first]
    return tuple(months)


def read_organisation(db_path: Path, count: int = HISTORY_MONTHS) -> Organisation:
    """The teams of the warehouse at ``db_path`` with targets suggested from each team's own history."""
    with connect(db_path) as con:
        teams = list_teams(con)
        currency = read_meta(con).get("currency", "CNY")
        extent = read_extent(con)
        months = complete_months(extent, count)
        data = GoalData.load(con, months[0].start, months[-1].end, months[-1].last_day) if months else None
        outcomes = read_outcomes(con, months)
    if data is not None:
        data.prefetch(list(months))
    starts = []
    for row in teams.itertuples(index=False):
        unsupported = {
            m: why for m in GOAL_METRICS if (why := unsupported_by(m, outcomes.get(row.team_id))) is not None
        }
        suggested = (
            {m: suggest_goal(data, row.team_id, m, months) for m in GOAL_METRICS if m not in unsupported}
            if data
            else {}
        )
        starts.append(
            TeamStart(
                row.team_id,
                str(row.name),
                str(row.team_type),
                str(row.region_id),
                str(row.region_name),
                suggested,
                unsupported if data else {},
            )
        )
    return Organisation(tuple(starts), currency, extent, months)


def suggest_goal(data: GoalData, team_id: str, metric: str, months: tuple[Period, ...]) -> float:
    """The target the team's history of ``metric`` suggests, NaN when the history holds nothing to go on
    (no month with a value, or never any revenue: a target of 0 is no target)."""
    kpi = CATALOG[metric]
    history = data.series(Scope("team", team_id), metric, list(months))
    if history.dropna().empty or (metric == "revenue" and not (history > 0).any()):
        return math.nan
    return suggest_target(history, kpi.unit, kpi.higher_is_better, cap=1.0 if kpi.share else None)


def comment_text(text: str) -> str:
    """``text`` safe inside a one-line YAML comment: CRM names may hold line breaks or control characters.

    Examples
    --------
    >>> comment_text("East\\n- id: x\\tSales")
    'East - id: x Sales'
    """
    return re.sub(r"[\x00-\x1f\x7f\u2028\u2029]+", " ", text).strip()


def render_team_file(team: TeamStart) -> str:
    """``teams/<team>.yaml``: the team's report defaults, headed by what the warehouse says it is; a team
    named in Chinese reads its reports in Chinese.

    Examples
    --------
    >>> print(render_team_file(TeamStart("team-1", "华东电销", "telesales", "region-1", "华东")))
    # 华东电销 (team-1): a telesales team of region 华东 (region-1).
    # What this team's reports change from defaults.yaml (keys: language, trend_periods).
    language: zh          # en or zh: the language of this team's reports (zh: the team's name is Chinese)
    <BLANKLINE>
    """
    chinese = CJK.search(team.name) is not None
    language = "zh" if chinese else "en"
    why = " (zh: the team's name is Chinese)" if chinese else ""
    return (
        f"# {comment_text(team.name)} ({team.team_id}): a {team.team_type} team of region "
        f"{comment_text(team.region_name)} ({team.region_id}).\n"
        "# What this team's reports change from defaults.yaml (keys: language, trend_periods).\n"
        f"language: {language}          # en or zh: the language of this team's reports{why}\n"
    )


def render_goals(org: Organisation) -> str:
    """``goals.yaml``: a monthly goal per team and metric with the target its history suggests, or a
    comment saying why there is none."""
    if org.months:
        span = f"{org.months[0].label} to {org.months[-1].label}"
        basis = (
            f"# Targets are suggested from each team's own complete months {span} (the data ends "
            f"{org.extent.last.isoformat() if org.extent else '?'}):\n"
            "# the mean of the last three months times one plus the median month-over-month growth.\n"
        )
    else:
        basis = (
            "# The warehouse holds no complete month of data yet, so no target could be suggested from\n"
            "# history. Import the CRM exports first, or write targets you have agreed.\n"
        )
    out = (
        "# SMART goals of this organisation: `salesnb goals check FILE` audits them; the team reviews show\n"
        '# each goal\'s progress and pacing. Format: README "Goals" and salesnb/goals/model.py.\n'
        "# These are starting points, not commitments: review each target with the team before the period.\n"
        + basis
        + "\n"
    )
    out += "objectives: {}          # objective id: what it serves (goals may link one with objective:)\n\n"
    out += "policy:\n  history_periods: 12   # complete periods of history the Achievable check looks at\n\n"
    goals, missing = [], []
    for team in org.teams:
        for metric in GOAL_METRICS:
            target = team.suggested.get(metric, math.nan)
            label = CATALOG[metric].label
            if math.isnan(target):
                why = team.unsupported.get(metric) or _why_none(org, metric)
                missing.append(f"#   {team.team_id}: {label}: {why}")
                continue
            shown = format_value(target, CATALOG[metric].unit, org.currency)
            goals.append(
                f"  - id: {team.team_id}-{metric.replace('_', '-')}\n"
                f"    metric: {metric}\n"
                f"    scope: {{team: {team.team_id}}}\n"
                f"    {'target: ' + format(target, 'g'):<22}# {shown}, suggested from history\n"
                "    period: monthly\n"
            )
    out += "goals:" + (" []\n" if not goals else "\n" + "\n".join(goals))
    if missing:
        out += "\n# No target suggested (the history cannot support one; add one when you have agreed it):\n"
        out += "\n".join(missing) + "\n"
    return out


def _why_none(org: Organisation, metric: str) -> str:
    if not org.months:
        return "no complete month of data"
    if metric == "revenue":
        return "no revenue in the months of history"
    return "no deal won or lost in the months of history"


def render_plans_template(org: Organisation) -> str:
    """``commission_plans.template.yaml``: a valid plan file to edit, read only once renamed."""
    types = ", ".join(sorted({t.team_type for t in org.teams})) or "none yet"
    return (
        "# TEMPLATE - NOT READ. salesnb reads commission plans only from commission_plans.yaml; until\n"
        "# you rename this file to that name, no commission is computed and reports say no plan applies.\n"
        "# The rates below are placeholders to replace with your organisation's plan, not advice.\n"
        "#\n"
        f"# Amounts are in the warehouse currency ({org.currency}), per calendar month. Team types in the\n"
        f"# warehouse: {types}. Format and rules: docs/incentives.md (tiers, threshold, cap, bonuses).\n"
        "# Every team type x level needs exactly one plan: level + team type > level > team type > default.\n"
        "\n"
        "plans:\n"
        "  - id: reps\n"
        "    applies_to: default\n"
        "    method: marginal        # marginal: each slice of revenue at its tier's rate; flat: all at one\n"
        "    threshold: 0.5          # tiers below it are the decelerator\n"
        "    tiers:\n"
        "      - {from: 0.0, rate: 1%}   # below half of quota\n"
        "      - {from: 0.5, rate: 3%}   # base rate up to quota\n"
        "      - {from: 1.0, rate: 5%}   # accelerator above quota\n"
        "    note: TEMPLATE - replace the rates, add a cap and bonuses, then rename the file.\n"
        "\n"
        "  - id: managers\n"
        "    applies_to: {level: manager}\n"
        "    basis: team             # paid on the team's revenue against the team quota\n"
        "    method: marginal\n"
        "    threshold: 0.8\n"
        "    tiers:\n"
        "      - {from: 0.0, rate: 0.5%}\n"
        "      - {from: 0.8, rate: 1%}\n"
        "      - {from: 1.0, rate: 1.5%}\n"
        "    note: TEMPLATE - replace the rates, then rename the file.\n"
    )


def render_readme(org: Organisation) -> str:
    """``README.md`` of the folder: what each file is and what to edit first."""
    extent = org.extent.label if org.extent else "no records yet"
    return f"""# Parameters of this organisation

Written by `salesnb params init` from the warehouse ({len(org.teams)} teams, data {extent}, currency
{org.currency}). Use it with `salesnb run --params <this folder>` and check it with
`salesnb params check --params <this folder>` after every edit.

## Edit first
1. `goals.yaml`: the suggested monthly targets per team come from each team's own history; agree them
   with the teams, add goals for other KPIs, and fill the teams listed at its end as having none.
2. `commission_plans.template.yaml`: replace the placeholder rates with your plan and rename the file to
   `commission_plans.yaml`; until then no commission is computed.
3. `teams/<team>.yaml`: each team's report language (`en` or `zh`).

## The files
| file | what it is |
|---|---|
| `defaults.yaml` | report settings every team shares (language, trend length) |
| `teams/<team>.yaml` | one file per team of the warehouse: what its reports change from the defaults |
| `goals.yaml` | SMART goals per team, suggested from history; `salesnb goals check goals.yaml` audits them |
| `commission_plans.template.yaml` | a commission plan to edit; read only once renamed |
| `kpi_sets.yaml` | which KPIs a team review shows per team type, in order (copied from the defaults) |
| `coaching_rules.yaml` | rules mapping a rep's gaps to coaching modules (copied from the defaults) |
| `training_catalog.yaml` | the coaching modules those rules name (copied from the defaults) |
| `benchmarks.yaml` | the smallest group a median or rank over other people may use |

Quotas are not parameters: they are data, imported into the warehouse; without them attainment is not shown.
"""


class Written(NamedTuple):
    """What ``salesnb params init`` wrote, and the organisation it wrote it for."""

    paths: list[Path]
    org: Organisation


def next_step(folder: Path, extent: Extent | None, db_option: str | None) -> list[str]:
    """What to do next: edit the folder, then render the reviews of the period :func:`first_review_period`
    names (``db_option``: the ``--db`` the user gave, repeated; ``None`` for the default warehouse).

    Examples
    --------
    >>> from datetime import date
    >>> lines = next_step(Path("acme"), Extent(date(2025, 7, 1), date(2025, 9, 30)), "a.duckdb")
    >>> print(lines[0])
    next: edit what acme/README.md lists first, then (the data covers 2025-07-01 to 2025-09-30)
    >>> print(lines[1])
      salesnb run --period 2025-Q3 --reps --db a.duckdb --params acme
    """
    period = first_review_period(extent)
    db = f" --db {db_option}" if db_option else ""
    covered = f" (the data covers {extent.label})" if extent else ""
    return [
        f"next: edit what {folder / README} lists first, then{covered}",
        f"  salesnb run --period {period.label if period else 'P'} --reps{db} --params {folder}",
    ]


def write_params_folder(folder: Path, db_path: Path, template: Path, *, force: bool = False) -> Written:
    """Write the params folder of the organisation in the warehouse at ``db_path`` into ``folder``.

    Raises
    ------
    ParameterError
        ``folder`` exists and is not empty (without ``force``: then the files written here are replaced and
        any others are left as they are), or a file to copy is missing from ``template``.
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise ParameterError(f"{folder} is a file, not a folder: choose a new folder for the params")
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise ParameterError(
            f"{folder} is not empty: choose a new folder, or pass --force to overwrite its files"
        )
    missing = [name for name in COPIED_FILES if not (Path(template) / name).is_file()]
    if missing:
        raise ParameterError(f"template folder {template} lacks {', '.join(missing)} (--template DIR)")
    org = read_organisation(db_path)
    files = {name: (Path(template) / name).read_text(encoding="utf-8") for name in COPIED_FILES}
    if "defaults.yaml" in files and org.teams and all(CJK.search(t.name) for t in org.teams):
        # every team is named in Chinese: so are the org and region overviews, which read defaults.yaml
        files["defaults.yaml"] = re.sub(
            r"(?m)^language:\s*en\b.*$",
            "language: zh          # report language: en or zh (zh: every team's name is Chinese)",
            files["defaults.yaml"],
        )
    files[GOALS_FILE] = render_goals(org)
    files[PLANS_TEMPLATE] = render_plans_template(org)
    files[README] = render_readme(org)
    for team in org.teams:
        files[f"{TEAMS_DIR}/{team.team_id}.yaml"] = render_team_file(team)
    written = []
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(path, text)
        written.append(path)
    return Written(written, org)


__all__ = [
    "COPIED_FILES",
    "PLANS_TEMPLATE",
    "Organisation",
    "TeamStart",
    "Written",
    "complete_months",
    "next_step",
    "read_organisation",
    "render_goals",
    "render_plans_template",
    "write_params_folder",
]
