"""``salesnb params init``: the params folder of an imported organisation, apart from the demo's."""

import math
from datetime import date
from pathlib import Path

import pytest

from salesnb.errors import ParameterError
from salesnb.goals.model import load_goals
from salesnb.incentives.plans import load_plans
from salesnb.params import load_settings, scaffold
from salesnb.params.history import Outcomes, unsupported_by
from salesnb.params.scaffold import (
    PLANS_TEMPLATE,
    Organisation,
    TeamStart,
    complete_months,
    render_goals,
    render_plans_template,
    write_params_folder,
)
from salesnb.warehouse.extent import Extent

PARAMS = Path(__file__).parents[2] / "params"
CASES = Path(__file__).parents[1] / "data" / "partial"
EXTENT = Extent(date(2018, 1, 9), date(2019, 6, 30))


def org(*teams: TeamStart, extent: Extent | None = EXTENT) -> Organisation:
    return Organisation(teams, "USD", extent, complete_months(extent))


EAST = TeamStart(
    "east-inside", "East\ninside: x", "telesales", "east", "East", {"revenue": 41200.0, "win_rate": 0.31}
)
WEST = TeamStart(
    "west-field", "West Field", "field", "west", "West", {"revenue": math.nan, "win_rate": math.nan}
)


def test_complete_months_end_at_the_data_not_the_clock():
    months = complete_months(EXTENT)
    assert [m.label for m in months][-1] == "2019-06"  # the extent's last day ends June
    assert len(months) == 12 and months[0].label == "2018-07"
    assert complete_months(None) == ()


def test_goals_carry_the_suggested_targets_and_say_where_there_is_none(tmp_path):
    text = render_goals(org(EAST, WEST))
    path = tmp_path / "goals.yaml"
    path.write_text(text, encoding="utf-8")
    goals = load_goals(path)
    assert [(g.id, g.scope.id, g.target, g.period) for g in goals.goals] == [
        ("east-inside-revenue", "east-inside", 41200.0, "monthly"),
        ("east-inside-win-rate", "east-inside", 0.31, "monthly"),
    ]
    assert all(g.grain == "month" for g in goals.goals)
    assert "$41,200, suggested from history" in text
    assert "west-field: Revenue: no revenue in the months of history" in text
    assert "west-field: Win rate: no deal won or lost" in text
    assert "2018-07 to 2019-06" in text
    assert "\ninside: x" not in text  # a CRM name cannot break out of its comment


def test_without_any_history_no_target_is_invented(tmp_path):
    text = render_goals(org(EAST, WEST, extent=None))
    path = tmp_path / "goals.yaml"
    path.write_text(text, encoding="utf-8")
    assert [g.id for g in load_goals(path).goals] == ["east-inside-revenue", "east-inside-win-rate"]
    empty = render_goals(org(WEST, extent=None))
    path.write_text(empty, encoding="utf-8")
    assert load_goals(path).goals == []
    assert "no complete month of data" in empty


def test_the_plan_template_is_valid_and_marked(tmp_path):
    text = render_plans_template(org(EAST, WEST))
    path = tmp_path / "commission_plans.yaml"
    path.write_text(text, encoding="utf-8")
    plans = load_plans(path, set())
    assert plans.plan_for("field", "manager").id == "managers"
    assert plans.plan_for("telesales", "junior").id == "reps"
    assert text.startswith("# TEMPLATE - NOT READ")
    assert "USD" in text and "field, telesales" in text


@pytest.fixture
def written(tmp_path, monkeypatch):
    monkeypatch.setattr(scaffold, "read_organisation", lambda db, count=12: org(EAST, WEST))
    folder = tmp_path / "acme"
    files = write_params_folder(folder, tmp_path / "none.duckdb", PARAMS).paths
    return folder, files


def test_the_folder_passes_the_check_and_holds_nothing_of_the_demo(written):
    folder, files = written
    settings = load_settings(folder)
    assert settings.plans is None  # the template is not read: no commission until it is renamed
    assert (folder / PLANS_TEMPLATE).is_file() and (folder / "README.md").is_file()
    assert sorted(settings.teams) == ["east-inside", "west-field"]
    assert {g.scope.id for g in settings.goals.goals} == {"east-inside"}
    text = "\n".join(p.read_text(encoding="utf-8") for p in files)
    for demo in ("bj-telesales", "sh-online", "hz-key-accounts", "grow-east", "{region: east}"):
        assert demo not in text
    assert settings.kpi_sets == load_settings(PARAMS).kpi_sets
    assert set(settings.training_catalog) == set(load_settings(PARAMS).training_catalog)


def test_a_folder_that_is_not_empty_is_refused_unless_forced(written, tmp_path):
    folder, _ = written
    (folder / "goals.yaml").write_text("goals: []\n", encoding="utf-8")
    with pytest.raises(ParameterError, match=r"acme is not empty: .* --force"):
        write_params_folder(folder, tmp_path / "none.duckdb", PARAMS)
    assert (folder / "goals.yaml").read_text(encoding="utf-8") == "goals: []\n"
    write_params_folder(folder, tmp_path / "none.duckdb", PARAMS, force=True)
    assert "east-inside-revenue" in (folder / "goals.yaml").read_text(encoding="utf-8")


def test_a_template_folder_without_the_defaults_is_refused(tmp_path):
    with pytest.raises(ParameterError, match=r"lacks defaults\.yaml"):
        write_params_folder(tmp_path / "new", tmp_path / "none.duckdb", tmp_path)


def test_the_command_refuses_a_folder_that_is_not_empty_in_one_line(written, tmp_path, capsys):
    from salesnb.cli import main

    folder, _ = written
    capsys.readouterr()
    assert main(["params", "init", str(folder), "--db", str(tmp_path / "none.duckdb")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is not empty" in err and "--force" in err
    assert main(["params", "init", str(folder), "--db", str(tmp_path / "x.duckdb"), "--force"]) == 0
    out = capsys.readouterr().out
    # the next command names the warehouse given and the latest quarter the data covers whole
    assert "(the data covers 2018-01-09 to 2019-06-30)" in out
    assert f"salesnb run --period 2019-Q2 --reps --db {tmp_path / 'x.duckdb'} --params {folder}" in out


def test_a_history_that_cannot_measure_a_kpi_gets_no_goal_for_it_but_a_reason(tmp_path):
    # the Olist funnel: won deals only, none with an amount; neither revenue nor a win rate can be judged
    olist = TeamStart("olist-sales", "Olist", "field", "r", "R", {}, {
        "revenue": unsupported_by("revenue", Outcomes(0, 835, 0)),
        "win_rate": unsupported_by("win_rate", Outcomes(0, 835, 0)),
    })  # fmt: skip
    text = render_goals(org(olist, EAST))
    path = tmp_path / "goals.yaml"
    path.write_text(text, encoding="utf-8")
    assert {g.scope.id for g in load_goals(path).goals} == {"east-inside"}
    assert "olist-sales: Revenue: its 835 won deals in the months of history carry no amount" in text
    assert "olist-sales: Win rate: no deal lost in the months of history (835 won)" in text
    assert unsupported_by("revenue", Outcomes(1, 835, 0)) is None  # one priced deal is a revenue
    assert unsupported_by("win_rate", Outcomes(0, 835, 1)) is None


def test_read_organisation_counts_what_each_team_closed(tmp_path):
    from salesnb.cli import main

    db = tmp_path / "w.duckdb"
    for name in ("users", "deals"):
        export = CASES / "no-quotas" / f"{name}.csv"
        assert (
            main(["ingest", str(export), "--mapping", str(export.with_suffix(".yaml")), "--db", str(db)]) == 0
        )
    found = scaffold.read_organisation(db)
    assert found.teams and all(not team.unsupported for team in found.teams)  # amounts and losses: goals
    assert any(not math.isnan(v) for team in found.teams for v in team.suggested.values())


def test_a_team_named_in_chinese_reads_its_reports_in_chinese(tmp_path, monkeypatch):
    team = TeamStart("team-d697d73b", "华东电销", "telesales", "region-8f52e602", "华东", {})
    monkeypatch.setattr(scaffold, "read_organisation", lambda db, count=12: org(team, EAST))
    write_params_folder(tmp_path / "p", tmp_path / "none.duckdb", PARAMS)
    settings = load_settings(tmp_path / "p")
    assert settings.report_defaults("team-d697d73b")["language"] == "zh"
    assert settings.report_defaults("east-inside")["language"] == "en"


def test_an_organisation_named_in_chinese_reads_its_overviews_in_chinese(tmp_path, monkeypatch):
    """Every team named in Chinese: defaults.yaml (read by the org and region overviews) says zh too; one
    English-named team keeps the default en."""
    team = TeamStart("team-d697d73b", "华东电销", "telesales", "region-8f52e602", "华东", {})
    monkeypatch.setattr(scaffold, "read_organisation", lambda db, count=12: org(team))
    write_params_folder(tmp_path / "zh", tmp_path / "none.duckdb", PARAMS)
    assert load_settings(tmp_path / "zh").report_defaults(None)["language"] == "zh"
    monkeypatch.setattr(scaffold, "read_organisation", lambda db, count=12: org(team, EAST))
    write_params_folder(tmp_path / "mixed", tmp_path / "none.duckdb", PARAMS)
    assert load_settings(tmp_path / "mixed").report_defaults(None)["language"] == "en"
