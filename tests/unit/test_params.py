"""Params are validated data: every file in params/ passes, and bad keys or values are errors."""

from pathlib import Path

import pytest

from salesnb.errors import ParameterError
from salesnb.params import check_params_dir, check_slug, load_team_params, validate_report_params

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
