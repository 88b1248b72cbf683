"""Params are validated data: every file in params/ passes, and bad keys or values are errors."""

import re
from pathlib import Path

import pytest

from salesnb.config import default_params_dir
from salesnb.errors import ParameterError
from salesnb.ids import check_slug
from salesnb.params import (
    BenchmarkSettings,
    check_params_dir,
    load_benchmark_settings,
    load_settings,
    load_team_params,
)
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
