"""The organisation overview rolls up with the team review's definitions, and its counts add up."""

import pandas as pd
import pytest

from salesnb.errors import ParameterError
from salesnb.kpis import kpi_table
from salesnb.periods import Period
from salesnb.reviews.org import BAND_KEYS, load_org_overview
from salesnb.warehouse import connect
from salesnb.warehouse.slices import load_slice


@pytest.fixture(scope="module")
def org(demo_db):
    return load_org_overview(period="2026-10", db_path=str(demo_db))


def test_team_ranking_matches_the_team_kpis(org, demo_db):
    period = Period.parse("2026-10")
    with connect(demo_db) as con:
        data = load_slice(con, org.teams["team_id"].tolist(), period.previous().start, period.end)
    table = kpi_table(data, period, "team", ["revenue", "quota_attainment"])
    expected = table.pivot(index="unit_id", columns="kpi", values="value")
    ranked = org.teams.set_index("team_id")
    pd.testing.assert_series_equal(
        ranked["quota_attainment"], expected["quota_attainment"].reindex(ranked.index), check_names=False
    )
    assert list(org.teams["rank"]) == list(range(1, len(org.teams) + 1))
    assert org.teams["quota_attainment"].is_monotonic_decreasing


def test_regions_and_organisation_are_sums_of_teams(org):
    by_region = org.teams.groupby("region_id")[["revenue", "quota", "headcount"]].sum()
    regions = org.regions.set_index("region_id")
    for col in ("revenue", "quota", "headcount"):
        assert regions[col].to_dict() == pytest.approx(by_region[col].to_dict())
        assert org.total[col] == pytest.approx(org.teams[col].sum())
    # a ratio is recomputed from the sums, never the mean of the teams' ratios
    assert org.total["quota_attainment"] == pytest.approx(org.total["revenue"] / org.total["quota"])
    assert org.total["quota_attainment"] != pytest.approx(org.teams["quota_attainment"].mean())


def test_distribution_counts_every_rep_with_a_quota_once(org):
    d = org.distribution.set_index("team_id")
    assert (d[list(BAND_KEYS)].sum(axis=1) == d["reps"]).all()
    assert d.loc["__total__", "reps"] == d.drop("__total__")["reps"].sum()
    managers = org.managers.set_index("team_id")
    assert (managers["reps_with_quota"] == d.drop("__total__")["reps"].reindex(managers.index)).all()
    on_target = d.drop("__total__")[["100_120", "ge120"]].sum(axis=1)
    assert (managers["reps_on_target"] == on_target.reindex(managers.index)).all()


def test_region_scope_holds_only_its_teams(demo_db):
    east = load_org_overview(region="east", period="2026-10", db_path=str(demo_db))
    assert set(east.teams["region_id"]) == {"east"} and east.regions.empty
    assert east.scope_name == "East China"
    with pytest.raises(ParameterError, match=r"unknown region 'west'.*east, north"):
        load_org_overview(region="west", period="2026-10", db_path=str(demo_db))
    with pytest.raises(ParameterError, match="invalid region id"):
        load_org_overview(region="../x", period="2026-10", db_path=str(demo_db))
