"""The organisation overview: the whole organisation or one region, team by team, for one period.

Every number is rolled up from rep measures with the same KPI definitions as the team review (ratios
recomputed from sums, never averaged), so a team's attainment here is the one its own review shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from salesnb.analysis.inputs import EVERYTHING, Availability, Input, input_availability
from salesnb.errors import ParameterError
from salesnb.frames import python_strings
from salesnb.kpis import attainment_distribution, compute_kpis, compute_measures, rollup_slice
from salesnb.kpis.catalog import LEFT_OUT_MEASURES, quota_attainment
from salesnb.kpis.engine import band_keys
from salesnb.kpis.sets import ORG_RANKING
from salesnb.params import load_settings
from salesnb.periods import Period
from salesnb.report_params import OrgOverviewParams
from salesnb.reviews.outlook import Outlook, load_outlook
from salesnb.warehouse import connect, read_meta
from salesnb.warehouse.extent import review_period
from salesnb.warehouse.slices import list_teams, load_slice

#: KPIs of the team ranking and the region table, in reading order.
RANKING_KPIS = ORG_RANKING.kpis
#: What the headline adds for the whole scope when its data supports it: the leads nobody owns count for
#: the organisation (and its regions), and the days from first contact to a win need no amount.
HEADLINE_KPIS = ("lead_conversion_rate", "sales_cycle_days")
#: Band keys of the attainment distribution (edges: salesnb.kpis.ATTAINMENT_BANDS).
BAND_KEYS = tuple(k for k, _ in band_keys())
#: Periods on each side of the comparison that says whether a rep is developing.
DEVELOPMENT_WINDOW = 3


@dataclass
class OrgOverview:
    """What the org overview shows. Frames hold numbers; labels are applied when rendering."""

    scope_id: str  # "org" or a region id
    scope_name: str
    period: Period
    language: str
    currency: str
    as_of: str
    regions: pd.DataFrame  # one row per region (org scope) plus nothing else: KPIs and quota
    teams: pd.DataFrame  # team ranking: one row per team, best attainment first
    distribution: pd.DataFrame  # reps per attainment band, one row per team plus the scope total
    managers: pd.DataFrame  # one row per team: manager, team attainment, share on target, development
    on_target_trend: pd.DataFrame  # share of reps on target per period (rows) and team (columns)
    total: pd.Series  # the scope's own KPIs for the period
    #: the inputs the scope holds for the period; without quotas the teams are ranked by revenue
    inputs: Availability = field(default_factory=lambda: Availability("", EVERYTHING))
    #: the teams' goals, forecasts and risks, rolled up per region and for the scope
    outlook: Outlook = field(default_factory=Outlook)
    #: the teams whose team review the same run renders (or holds): the overview links to those only
    team_reviews: tuple[str, ...] = ()

    @property
    def ranked_by(self) -> str:
        """The KPI the teams are ranked by: attainment, or revenue when no team has a quota."""
        return "quota_attainment" if self.inputs.has(Input.TARGETS) else "revenue"


def band_counts(reps: pd.DataFrame, by: str) -> pd.DataFrame:
    """Reps per attainment band for each value of ``by`` (wide), plus ``reps`` (those with a quota)."""
    mapping = pd.DataFrame({"rep_id": reps["rep_id"], "unit_id": reps[by]})
    long = attainment_distribution(reps.set_index("rep_id")[["quota_attainment"]], mapping=mapping)
    counts = long.pivot(index="unit_id", columns="band", values="reps").reindex(columns=list(BAND_KEYS))
    counts = counts.fillna(0).astype(int).rename_axis(by).rename_axis(None, axis=1)
    counts["reps"] = counts.sum(axis=1)
    return counts


@python_strings
def load_org_overview(
    region: str = "",
    period: str = "",
    language: str = "en",
    trend_periods: int = 12,
    db_path: str = "",
    params_dir: str = "",
    team_reviews: str = "",
) -> OrgOverview:
    """Validate the notebook parameters and compute the overview of the organisation or one region.

    An empty ``region`` means the whole organisation; an empty ``period`` the latest complete month. The
    params folder gives the goals and the risk rules of the teams' outlook (:mod:`.outlook`);
    ``team_reviews`` names the teams whose reviews the overview may link to.
    """
    params = OrgOverviewParams(
        region=region,
        period=period,
        language=language,
        trend_periods=trend_periods,
        db_path=db_path,
        params_dir=params_dir,
        team_reviews=team_reviews,
    )
    settings = load_settings(params.params_path)
    region = params.region
    with connect(params.db_file) as con:
        meta = read_meta(con)
        teams = list_teams(con)
        if region:
            if region not in set(teams["region_id"]):
                known = ", ".join(sorted(set(teams["region_id"])))
                raise ParameterError(f"unknown region {region!r}: valid regions are {known}")
            teams = teams[teams["region_id"] == region]
        the_period, as_of = review_period(con, params.period)
        history = the_period.history(max(params.trend_periods, 2 * DEVELOPMENT_WINDOW))
        data = load_slice(con, teams["team_id"].tolist(), history[0].start, the_period.end)
        outlook = load_outlook(con, params.db_file, teams, the_period, as_of, settings, params.trend_periods)

    available = input_availability(data, the_period)
    measures = compute_measures(data, history)
    label, prev = the_period.label, the_period.previous().label
    team_kpis = _kpis(measures, data, "team")
    region_kpis = _kpis(measures, data, "region")
    # the leads nobody owns count for the organisation, in no region
    scope_kpis = _kpis(measures, data, "org", HEADLINE_KPIS, whole_org=not region)

    ranking = _ranking(team_kpis, label, prev, teams)
    rep_kpis = _kpis(measures, data, "rep")
    reps = _reps_in_period(rep_kpis, data["reps"], label)
    distribution = band_counts(reps, "team_id").reindex(ranking["team_id"], fill_value=0)
    distribution.loc["__total__"] = distribution.sum()
    distribution.index.name = "team_id"

    total = (
        scope_kpis.xs(label, level="period").iloc[0]
        if label in scope_kpis.index.get_level_values(0)
        else None
    )
    shown = [p.label for p in history[-params.trend_periods :]]
    return OrgOverview(
        scope_id=region or "org",
        scope_name=str(teams["region_name"].iloc[0]) if region else "",
        period=the_period,
        language=params.language,
        currency=meta.get("currency", "CNY"),
        as_of=as_of.isoformat(),
        regions=_regions(region_kpis, label, prev, teams) if not region else pd.DataFrame(),
        teams=ranking,
        distribution=distribution.reset_index(),
        managers=_managers(rep_kpis, data["reps"], ranking, history, the_period),
        on_target_trend=_on_target_trend(rep_kpis, data["reps"], shown, ranking),
        total=total if total is not None else pd.Series(dtype=float),
        inputs=available,
        outlook=outlook,
        team_reviews=params.team_review_ids,
    )


def _kpis(
    measures: pd.DataFrame,
    data: dict[str, pd.DataFrame],
    level: str,
    extra: tuple[str, ...] = (),
    whole_org: bool = False,
) -> pd.DataFrame:
    """The ranking KPIs and ``extra`` of each unit of ``level``; with ``whole_org`` the organisation's lead
    measures count the leads nobody owns (:func:`~salesnb.kpis.rollup_slice`)."""
    rolled = rollup_slice(measures, data, level, whole_org=whole_org)  # type: ignore[arg-type]
    return compute_kpis(rolled, [*RANKING_KPIS, *extra]).join(rolled[["quota", *LEFT_OUT_MEASURES]])


def _period_rows(kpis: pd.DataFrame, label: str, prev: str) -> pd.DataFrame:
    """The period's rows with the previous period's attainment and the change in points."""
    if label not in kpis.index.get_level_values(0):
        return pd.DataFrame(
            columns=["unit_id", *RANKING_KPIS, "quota", *LEFT_OUT_MEASURES, "previous_attainment"]
        )
    cur = kpis.xs(label, level="period")
    old = kpis.xs(prev, level="period") if prev in kpis.index.get_level_values(0) else cur.iloc[0:0]
    out = cur.copy()
    out["previous_attainment"] = old["quota_attainment"].reindex(cur.index)
    out["attainment_change"] = out["quota_attainment"] - out["previous_attainment"]
    return out.rename_axis("unit_id").reset_index()


def _regions(kpis: pd.DataFrame, label: str, prev: str, teams: pd.DataFrame) -> pd.DataFrame:
    """One row per region with its name, best attainment first."""
    rows = _period_rows(kpis, label, prev).rename(columns={"unit_id": "region_id"})
    names = teams.drop_duplicates("region_id").set_index("region_id")["region_name"]
    rows.insert(1, "region_name", rows["region_id"].map(names))
    ordered = rows.sort_values(["quota_attainment", "revenue"], ascending=False, na_position="last")
    return ordered.reset_index(drop=True)


def _ranking(team_kpis: pd.DataFrame, label: str, prev: str, teams: pd.DataFrame) -> pd.DataFrame:
    """Teams best attainment first (teams without a quota last), with rank, region and type."""
    rows = _period_rows(team_kpis, label, prev).rename(columns={"unit_id": "team_id"})
    info = teams[["team_id", "name", "region_id", "region_name", "team_type"]]
    out = info.merge(rows, on="team_id", how="left")
    out = out.sort_values(["quota_attainment", "revenue"], ascending=False, na_position="last")
    out.insert(0, "rank", range(1, len(out) + 1))
    return out.reset_index(drop=True)


def _reps_in_period(rep_kpis: pd.DataFrame, roster: pd.DataFrame, label: str) -> pd.DataFrame:
    """Reps employed in the period with a quota, excluding managers (their scorecard is their team's)."""
    if label not in rep_kpis.index.get_level_values(0):
        return pd.DataFrame(columns=["rep_id", "team_id", "quota_attainment"])
    cur = rep_kpis.xs(label, level="period").rename_axis("rep_id").reset_index()
    cur = cur.merge(roster[["rep_id", "team_id", "level", "name"]], on="rep_id")
    return cur[(cur["headcount"] > 0) & (cur["quota"] > 0) & (cur["level"] != "manager")]


def _managers(
    rep_kpis: pd.DataFrame, roster: pd.DataFrame, ranking: pd.DataFrame, history: list[Period], period: Period
) -> pd.DataFrame:
    """Per team: its manager, team attainment, share of reps on target and how the reps are developing.

    *Developing* compares each rep's attainment over the last :data:`DEVELOPMENT_WINDOW` periods with
    the same number of periods before (sums of revenue over sums of quota); reps without a quota in
    both windows are left out.
    """
    reps = _reps_in_period(rep_kpis, roster, period.label)
    labels = [p.label for p in history]
    recent, before = labels[-DEVELOPMENT_WINDOW:], labels[-2 * DEVELOPMENT_WINDOW : -DEVELOPMENT_WINDOW]
    flat = rep_kpis.reset_index().rename(columns={"unit_id": "rep_id"})

    def window(periods: list[str]) -> pd.Series:
        sub = flat[flat["period"].isin(periods)].groupby("rep_id")[["revenue", "quota"]].sum()
        return quota_attainment(sub)

    change = (window(recent) - window(before)).dropna()
    rows = []
    for team in ranking.itertuples(index=False):
        members = roster[roster["team_id"] == team.team_id]
        bosses = members[(members["level"] == "manager") & (members["status"] == "active")]
        if bosses.empty:
            bosses = members[members["level"] == "manager"]
        if bosses.empty:  # no manager in the team: the people its reps report to, as the roster names them
            bosses = roster[roster["rep_id"].isin(set(members["manager_id"].dropna()))]
        in_team = reps[reps["team_id"] == team.team_id]
        moved = change.reindex(members.loc[members["level"] != "manager", "rep_id"]).dropna()
        rows.append(
            {
                "team_id": team.team_id,
                "team_name": team.name,
                "manager": ", ".join(bosses["name"]) if len(bosses) else "",
                "team_attainment": team.quota_attainment,
                "reps_with_quota": len(in_team),
                "reps_on_target": int((in_team["quota_attainment"] >= 1.0).sum()),
                "share_on_target": (in_team["quota_attainment"] >= 1.0).mean() if len(in_team) else np.nan,
                "median_rep_attainment": in_team["quota_attainment"].median() if len(in_team) else np.nan,
                "reps_compared": len(moved),
                "reps_improving": int((moved > 0).sum()),
                "median_attainment_change": moved.median() if len(moved) else np.nan,
            }
        )
    return pd.DataFrame(rows)


def _on_target_trend(
    rep_kpis: pd.DataFrame, roster: pd.DataFrame, labels: list[str], ranking: pd.DataFrame
) -> pd.DataFrame:
    """Share of each team's reps (with a quota, managers excluded) at or above 100 % per period."""
    flat = rep_kpis.reset_index().rename(columns={"unit_id": "rep_id"})
    flat = flat.merge(roster[["rep_id", "team_id", "level"]], on="rep_id")
    flat = flat[(flat["quota"] > 0) & (flat["level"] != "manager") & flat["period"].isin(labels)]
    share = (flat["quota_attainment"] >= 1.0).groupby([flat["period"], flat["team_id"]]).mean()
    wide = share.unstack("team_id").reindex(index=labels, columns=ranking["team_id"])
    return wide.dropna(how="all")
