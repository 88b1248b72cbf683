"""Params are validated data: every file in params/ passes, and bad keys or values are errors."""

import re
import shutil
from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest

from salesnb.config import default_params_dir
from salesnb.errors import ParameterError
from salesnb.ids import check_slug
from salesnb.kpis import CATALOG
from salesnb.params import (
    BenchmarkSettings,
    check_params_dir,
    load_benchmark_settings,
    load_settings,
    load_team_params,
)
from salesnb.periods import Period
from salesnb.privacy import MIN_GROUP_SIZE
from salesnb.report_params import validate_report_params

PARAMS = Path(__file__).parents[2] / "params"
FILES = sorted(PARAMS.rglob("*.yaml"))


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(PARAMS)) for p in FILES])
def test_every_params_file_is_valid(path):
    assert path in check_params_dir(PARAMS)


def test_team_file_overrides_defaults():
    assert load_team_params(PARAMS, "sh-telesales")["language"] == "zh"
    assert load_team_params(PARAMS, "bj-field")["language"] == "en"
    assert load_team_params(PARAMS, "no-file-team")["trend_periods"] == 12


def test_unknown_key_is_an_error_naming_the_file(tmp_path):
    (tmp_path / "teams").mkdir()
    (tmp_path / "teams" / "x.yaml").write_text("language: en\ncolour: blue\n", encoding="utf-8")
    with pytest.raises(ParameterError, match=r"x\.yaml: unknown key colour"):
        load_team_params(tmp_path, "x")


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"language": "fr"}, "language 'fr' is not supported"),
        ({"trend_periods": 2}, "trend_periods must be a whole number from 3 to 36"),
        ({"trend_periods": True}, "trend_periods must be a whole number"),
        ({"period": "2026-13"}, "malformed period"),
        ({"team": "../etc"}, "invalid team id"),
        ({"team": "A B"}, "invalid team id"),
        ({"colour": 1}, "unknown parameter colour"),
    ],
)
def test_bad_values(values, message):
    with pytest.raises(ParameterError, match=message):
        validate_report_params(values)


@pytest.mark.parametrize("slug", ["../x", "x/y", "", ".hidden", "x" * 64, "Team", "a b", "<script>"])
def test_unsafe_slugs_are_rejected(slug):
    with pytest.raises(ParameterError):
        check_slug(slug)


# ------------------------------------------------------------- the params folder as a whole (#14: 15, 16)
BAD = Path(__file__).parents[1] / "data" / "bad"


def test_a_missing_params_folder_is_an_error_naming_it(tmp_path):
    """#14 defect 16: ``params check`` on a missing folder said "0 file(s) valid" and exited 0."""
    with pytest.raises(ParameterError, match=r"params folder .*no-such-folder does not exist"):
        load_settings(tmp_path / "no-such-folder")


def test_load_settings_reports_every_bad_file_in_one_line():
    with pytest.raises(ParameterError) as caught:
        load_settings(BAD / "params_two_bad_files")
    message = str(caught.value)
    assert "\n" not in message and message.startswith("2 problems in ")
    assert "kpi_sets.yaml: telesales: unknown KPI happiness" in message
    assert "goals.yaml: goal id 'rev' is used twice" in message


def test_plans_are_checked_without_goal_ids_when_goals_are_bad(tmp_path):
    """A broken goals.yaml is one problem, not a second one blamed on the plans that name its goals."""
    (tmp_path / "goals.yaml").write_text("goals: {id: x}\n", encoding="utf-8")
    (tmp_path / "commission_plans.yaml").write_text(
        (BAD / "params_plans_unknown_goal" / "commission_plans.yaml").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    with pytest.raises(ParameterError) as caught:
        load_settings(tmp_path)
    assert str(caught.value).endswith("goals.yaml: goals must be a list")


def test_settings_of_the_project_params():
    settings = load_settings(PARAMS)
    assert settings.benchmarks.min_group_size == MIN_GROUP_SIZE == 5
    assert PARAMS / "benchmarks.yaml" in settings.files and PARAMS / "goals.yaml" in settings.files


def test_an_empty_folder_has_the_default_settings(tmp_path):
    settings = load_settings(tmp_path)
    assert settings.files == () and settings.benchmarks == BenchmarkSettings(5)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("min_group_size: 4\n", "min_group_size must be a whole number from 5 to 1000, not 4"),
        ("min_group_size: 1\n", "not 1"),
        ("min_group_size: 5.5\n", "not 5.5"),
        ("min_group_size: true\n", "not True"),
        ("min_group_size: '7'\n", "not '7'"),
        ("min_group_size: 100000\n", "not 100000"),
        ("min_peers: 5\n", "unknown key min_peers"),
        ("- 5\n", "must be a mapping"),
    ],
)
def test_bad_benchmark_settings(tmp_path, text, message):
    (tmp_path / "benchmarks.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ParameterError, match=re.escape(message)):
        load_benchmark_settings(tmp_path)
    with pytest.raises(ParameterError, match=r"benchmarks\.yaml"):
        load_settings(tmp_path)


def test_benchmark_settings(tmp_path):
    assert load_benchmark_settings(tmp_path).min_group_size == 5  # no file: the default
    (tmp_path / "benchmarks.yaml").write_text("min_group_size: 8\n", encoding="utf-8")
    assert load_benchmark_settings(tmp_path).min_group_size == 8


def test_params_dir_is_a_validated_report_parameter(tmp_path):
    """#14 defect 6: the params folder of a run is a notebook parameter, checked like the others."""
    assert validate_report_params({"params_dir": str(tmp_path)}).params_path == tmp_path
    assert validate_report_params({}).params_path == default_params_dir()
    with pytest.raises(ParameterError, match=r"params folder .*gone does not exist"):
        validate_report_params({"params_dir": str(tmp_path / "gone")})
    with pytest.raises(ParameterError, match="params_dir must be text"):
        validate_report_params({"params_dir": 3})
    with pytest.raises(ParameterError, match="unknown key params_dir"):  # never from a params file
        (tmp_path / "defaults.yaml").write_text(f"params_dir: {tmp_path}\n", encoding="utf-8")
        load_team_params(tmp_path, None)


# ------------------------------------------------------------------ one Settings object for the folder (#15)
THREE_BAD = {
    "kpi_sets.yaml": "telesales: [revenue, happiness]\nonline: [revenue]\nfield: [revenue]\n",
    "goals.yaml": "goals:\n  - {id: g, metric: revenue, scope: org, target: 1, period: monthly, owner: x}\n",
    "teams/bj-field.yaml": "language: fr\n",
}


def test_every_problem_of_a_folder_is_one_error_naming_every_file(tmp_path):
    for name, text in THREE_BAD.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "commission_plans.yaml").write_text(
        "plans:\n  - {id: p, applies_to: default, method: flat, tiers: [{from: 0, rate: 250%}]}\n",
        encoding="utf-8",
    )
    with pytest.raises(ParameterError) as caught:
        load_settings(tmp_path)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(f"4 problems in {tmp_path}: ")
    assert caught.value.problems == (
        f"{tmp_path / 'teams' / 'bj-field.yaml'}: language 'fr' is not supported: use en or zh",
        f"{tmp_path / 'kpi_sets.yaml'}: telesales: unknown KPI happiness; choose from " + ", ".join(CATALOG),
        f"{tmp_path / 'goals.yaml'}: goal 'g' has unknown key owner; allowed: "
        "deadline, id, metric, note, objective, period, scope, target",
        f"{tmp_path / 'commission_plans.yaml'}: plan 'p': tier 1 rate 2.5 must be a fraction from 0 to 1",
    )


def test_every_item_of_a_file_is_reported(tmp_path):
    """Each goal, plan, rule, module and team type is checked even after another failed."""
    (tmp_path / "goals.yaml").write_text(
        "goals:\n  - {id: a, metric: revenue, traget: 1}\n  - {id: b, metric: revenue, colour: red}\n"
        "  - {id: c, metric: revenue}\n  - {id: c, metric: revenue}\n",
        encoding="utf-8",
    )
    (tmp_path / "kpi_sets.yaml").write_text("telesales: [revnue]\nonline: revenue\n", encoding="utf-8")
    with pytest.raises(ParameterError) as caught:
        load_settings(tmp_path)
    problems = [p.split(": ", 1)[1] for p in caught.value.problems]
    assert problems == [
        "online must be a non-empty list of KPI names",
        f"telesales: unknown KPI revnue; choose from {', '.join(CATALOG)}",
        "team type 'field' has no KPI list",
        "goal 'a' has unknown key traget; allowed: deadline, id, metric, note, objective, period, scope, "
        "target",
        "goal 'b' has unknown key colour; allowed: deadline, id, metric, note, objective, period, scope, "
        "target",
        "goal id 'c' is used twice",
    ]


def test_settings_hold_every_parsed_file():
    settings = load_settings(PARAMS)
    assert settings.report_defaults("sh-telesales") == {"language": "zh", "trend_periods": 12}
    assert settings.report_defaults(None) == {"language": "en", "trend_periods": 12}
    assert settings.kpi_set("field")[2:4] == ["avg_deal_size", "sales_cycle_days"]
    assert settings.goals is not None and settings.goals.path == str(PARAMS / "goals.yaml")
    assert settings.plans is not None and settings.plans.plan_for("field", "senior").id == "field-senior"
    assert settings.training_catalog is not None and "negotiation" in settings.training_catalog
    assert settings.coaching_rules is not None and settings.coaching_rules.max_actions == 4
    october = Period.parse("2026-10")
    assert settings.notes_path(october, "bj-telesales-r03") == PARAMS / "notes/2026-10/bj-telesales-r03.md"
    assert settings.notes(october, "bj-telesales-r03") and settings.notes(october, "bj-field-r01") is None
    with pytest.raises(ParameterError, match="invalid team id"):
        settings.report_defaults("../x")
    with pytest.raises(FrozenInstanceError):
        settings.plans = None  # type: ignore[misc]


def test_rules_without_a_valid_catalog_are_not_read(tmp_path):
    """Coaching rules need the training catalog: without it (or with a broken one) they are left unread,
    so a broken catalog is one problem, not one more per rule."""
    shutil.copy(PARAMS / "coaching_rules.yaml", tmp_path)
    assert load_settings(tmp_path).coaching_rules is None
    (tmp_path / "training_catalog.yaml").write_text("modules: []\n", encoding="utf-8")
    with pytest.raises(ParameterError) as caught:
        load_settings(tmp_path)
    assert caught.value.problems == (
        f"{tmp_path / 'training_catalog.yaml'}: 'modules' must be a non-empty list",
    )


def test_a_team_file_must_be_named_for_a_team_id(tmp_path):
    (tmp_path / "teams").mkdir()
    (tmp_path / "teams" / "Bad Team.yaml").write_text("language: en\n", encoding="utf-8")
    with pytest.raises(ParameterError, match=r"Bad Team\.yaml: invalid team id 'Bad Team'"):
        load_settings(tmp_path)


def test_a_region_file_is_validated_like_a_team_file(tmp_path):
    (tmp_path / "regions").mkdir()
    (tmp_path / "regions" / "east.yaml").write_text("language: fr\n", encoding="utf-8")
    with pytest.raises(ParameterError, match=r"regions/east\.yaml: language 'fr' is not supported"):
        load_settings(tmp_path)
    (tmp_path / "regions" / "east.yaml").write_text("langauge: zh\n", encoding="utf-8")
    with pytest.raises(ParameterError, match=r"east\.yaml.*unknown"):
        load_settings(tmp_path)
    (tmp_path / "regions" / "east.yaml").unlink()
    (tmp_path / "regions" / "East Side.yaml").write_text("language: zh\n", encoding="utf-8")
    with pytest.raises(ParameterError, match=r"East Side\.yaml: invalid region id 'East Side'"):
        load_settings(tmp_path)


def test_a_region_overview_speaks_its_teams_majority_language_or_its_own_setting(tmp_path):
    # the project's params: two of the east's three teams report in Chinese, the north's all in English
    settings = load_settings(PARAMS)
    assert (
        settings.region_defaults("east", ["sh-telesales", "sh-online", "hz-key-accounts"])["language"] == "zh"
    )
    assert settings.region_defaults("north", ["bj-field", "bj-telesales", "tj-online"])["language"] == "en"
    # a tie keeps the organisation's language; the region's own file wins over its teams
    assert settings.region_defaults("east", ["sh-online", "bj-field"])["language"] == "en"
    shutil.copytree(PARAMS, tmp_path / "p")
    (tmp_path / "p" / "regions").mkdir()
    (tmp_path / "p" / "regions" / "east.yaml").write_text(
        "language: en\ntrend_periods: 6\n", encoding="utf-8"
    )
    own = load_settings(tmp_path / "p").region_defaults("east", ["sh-telesales", "sh-online"])
    assert own == {"language": "en", "trend_periods": 6}


# ---------------------------------------------- who reads the params folder: Settings, from the entry points
SALESNB = Path(__file__).parents[2] / "salesnb"
#: Where an empty params folder may become ``$SALESNB_PARAMS`` or ``params/``: the command line, the
#: notebooks' entry points (a report's validated parameters, the workbench's ``open``) and config itself.
ENTRY_POINTS = ("cli/", "config.py", "workbench/", "report_params.py")
#: The loaders of one params file: called by :func:`load_settings` only (and ``salesnb goals check FILE``).
FILE_LOADERS = re.compile(
    r"(?<!def )\b(load_goals|load_plans|load_catalog|load_rules|load_kpi_sets|load_benchmark_settings"
    r"|read_report_defaults|read_notes)\("
)


def _modules() -> dict[str, str]:
    return {p.relative_to(SALESNB).as_posix(): p.read_text(encoding="utf-8") for p in SALESNB.rglob("*.py")}


def test_only_the_entry_points_resolve_the_default_params_folder():
    callers = [m for m, text in _modules().items() if "default_params_dir(" in text]
    assert callers and [m for m in callers if not m.startswith(ENTRY_POINTS)] == []


def test_only_settings_reads_a_params_file():
    callers = {m for m, text in _modules().items() if FILE_LOADERS.search(text)}
    assert {m for m in callers if not m.startswith("params/")} == {"cli/goals.py"}
