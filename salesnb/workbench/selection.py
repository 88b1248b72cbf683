"""What the analyst looks at: a period and a scope (the organisation, a region, a team or a rep).

:class:`Selection` is a value; :func:`select` returns a new one from a change of one of its parts, the way
the selectors cascade (a region lists its teams, a team its reps, a rep sets their team and region).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from salesnb.errors import ParameterError
from salesnb.periods import Period
from salesnb.warehouse.slices import Slice
from salesnb.workbench.data import WorkbenchData


@dataclass(frozen=True)
class Selection:
    """A period and a scope (empty means all: the whole region, team, …).

    Examples
    --------
    >>> s = Selection("2026-10", "east", "hz-key-accounts")
    >>> s.level, s.unit_id, s.review_period.grain
    ('team', 'hz-key-accounts', 'month')
    """

    period: str
    region: str = ""
    team: str = ""
    rep: str = ""

    @property
    def level(self) -> str:
        """The scope's level: ``rep``, ``team``, ``region`` or ``org``."""
        return "rep" if self.rep else "team" if self.team else "region" if self.region else "org"

    @property
    def unit_id(self) -> str:
        """The id of the scope's unit as :func:`~salesnb.kpis.units` names it (``org`` for all)."""
        return self.rep or self.team or self.region or "org"

    @property
    def review_period(self) -> Period:
        return Period.parse(self.period)


def first_selection(data: WorkbenchData) -> Selection:
    """Where the workbench opens: the first team and the latest complete month."""
    first = data.teams.iloc[0]
    return Selection(data.latest.label, str(first["region_id"]), str(first["team_id"]))


def region_options(data: WorkbenchData) -> list[tuple[str, str]]:
    """``(label, region id)``; the empty id is every region."""
    regions = data.teams.drop_duplicates("region_id")
    return [("", "")] + [
        (str(n), str(r)) for r, n in zip(regions["region_id"], regions["region_name"], strict=True)
    ]


def team_options(data: WorkbenchData, region: str) -> list[tuple[str, str]]:
    """``(team name, team id)`` of a region (every team for the empty id); the empty id is every team."""
    teams = data.teams.set_index("team_id").loc[data.region_teams(region)]
    return [("", "")] + [(str(n), str(t)) for t, n in zip(teams.index, teams["name"], strict=True)]


def rep_options(data: WorkbenchData, team: str, period: str) -> list[tuple[str, str]]:
    """``(rep name, rep id)`` of the reps of a team employed in the period; the empty id is every rep."""
    if not team:
        return [("", "")]
    p = Period.parse(period)
    working = set(data.working_reps(team, p))
    reps = data.every_team(p)["reps"]
    reps = reps[(reps["team_id"] == team) & reps["rep_id"].isin(working)]
    return [("", "")] + [(str(n), str(r)) for r, n in zip(reps["rep_id"], reps["name"], strict=True)]


def select(
    data: WorkbenchData,
    current: Selection,
    period: str | None = None,
    region: str | None = None,
    team: str | None = None,
    rep: str | None = None,
) -> Selection:
    """``current`` with a part changed; ``None`` keeps a part. A region clears the team and rep, a team
    sets its region and clears the rep, a rep sets its team and region. A rep not employed in a new
    period is dropped. Unknown ids are a :class:`ParameterError`."""
    s = current
    if period is not None:
        offered = data.periods()
        if period not in offered:
            raise ParameterError(
                f"period {period!r} is not offered: the warehouse covers {data.covered()}; "
                f"use one of {', '.join(offered)}"
            )
        s = replace(s, period=period)
    if region is not None:
        known = {r for _, r in region_options(data)}
        if region not in known:
            raise ParameterError(f"unknown region {region!r}: use one of {', '.join(sorted(known - {''}))}")
        if region != s.region:
            s = replace(s, region=region, team="", rep="")
    if team is not None:
        if team and team not in set(data.teams["team_id"]):
            raise ParameterError(f"unknown team {team!r}: use one of {', '.join(data.teams['team_id'])}")
        if team != s.team:
            s = replace(s, team=team, rep="")
        if team:
            s = replace(s, region=data.team_info(team)["region_id"])
    if rep:
        reps = data.reps(s.review_period)
        if rep not in reps.index:
            raise ParameterError(f"unknown rep {rep!r}")
        team_id = str(reps.loc[rep, "team_id"])
        s = replace(s, team=team_id, region=data.team_info(team_id)["region_id"], rep=rep)
    elif rep is not None:
        s = replace(s, rep="")
    if s.rep and s.rep not in {r for _, r in rep_options(data, s.team, s.period)}:
        s = replace(s, rep="")
    return s


def scope_teams(data: WorkbenchData, s: Selection) -> list[str]:
    """The teams of the selection: its team, its region's, or every team."""
    return [s.team] if s.team else data.region_teams(s.region)


def scope_slice(data: WorkbenchData, s: Selection) -> Slice:
    """The slice of the selection's teams (a rep is seen within their team's slice, as in the reports)."""
    return data.teams_slice(scope_teams(data, s), s.review_period)


def rep_name(data: WorkbenchData, rep_id: str, period: Period) -> str:
    """A rep's name (their id when the period's window does not know them)."""
    reps = data.reps(period)
    return str(reps.loc[rep_id, "name"]) if rep_id in reps.index else rep_id


def scope_name(data: WorkbenchData, s: Selection) -> str:
    """The selection as the analyst reads it: ``East China › Hangzhou Key Accounts › Li Na``."""
    if s.level == "org":
        return ""
    parts = [str(data.teams.loc[data.teams["region_id"] == s.region, "region_name"].iloc[0])]
    if s.team:
        parts.append(str(data.team_info(s.team)["name"]))
    if s.rep:
        parts.append(rep_name(data, s.rep, s.review_period))
    return " › ".join(parts)
