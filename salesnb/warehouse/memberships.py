"""Team memberships over time: who was in a slice's teams and when, and each record counted for the team
its rep was in on the record's day (a rep who moved counts for both teams, each for its own days)."""

from __future__ import annotations

import duckdb
import pandas as pd


def has_memberships(con: duckdb.DuckDBPyConnection) -> bool:
    """A warehouse written by an older salesnb, opened read-only, has no memberships table yet."""
    sql = "SELECT count(*) FROM information_schema.tables WHERE table_name = 'memberships'"
    return bool(con.execute(sql).fetchone()[0])


def team_members(con: duckdb.DuckDBPyConnection, team_ids: list[str]) -> pd.DataFrame:
    """Who was in ``team_ids`` and when: ``rep_id``, ``team_id``, ``valid_from``, ``valid_to`` (NaT: open).

    A rep without a membership row (a demo warehouse, one made before memberships existed) has always
    been in ``reps.team_id``.
    """
    has = has_memberships(con)
    recorded = (
        """SELECT rep_id, team_id, valid_from, valid_to FROM memberships WHERE list_contains(?, team_id)
           UNION ALL """
        if has
        else ""
    )
    never = "AND rep_id NOT IN (SELECT rep_id FROM memberships)" if has else ""
    return con.execute(
        f"""{recorded}SELECT rep_id, team_id, NULL::DATE AS valid_from, NULL::DATE AS valid_to FROM reps
            WHERE list_contains(?, team_id) {never} ORDER BY rep_id, valid_from NULLS FIRST""",
        [team_ids, team_ids] if has else [team_ids],
    ).df()


#: The day each frame's rows count on, for attributing them to the team their rep was in then.
_RECORD_DAY = {
    "opportunities": None,  # the day a closed deal closed; an open deal is the rep's team's now
    "leads": "created_date",
    "first_won": "first_won_date",
    "activity_daily": "day",
    "targets": "month",
    "orders": "order_date",
    "surveys": "survey_date",
}
_NEAR, _FAR = pd.Timestamp("1800-01-01"), pd.Timestamp("2200-01-01")


def attribute_to_teams(frames: dict[str, pd.DataFrame], members: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Keep each record only if its rep was in one of the slice's teams on the record's day.

    ``reps`` gains ``joined_team`` and ``left_team`` (the first and the last day in those teams; NaT: since
    before the data, still there), which :func:`in_team_bounds` combines with hiring and leaving. A rep who
    was in two of the slice's teams counts as one person per team: the stint in their current team keeps
    their rep id, an earlier one is ``<rep_id>@<team_id>``.
    """
    reps = frames["reps"]
    current = dict(zip(reps["rep_id"], reps["team_id"], strict=True))
    m = members.copy()
    m["key"] = [
        r if current.get(r) == t else f"{r}@{t}" for r, t in zip(m["rep_id"], m["team_id"], strict=True)
    ]
    if m.groupby("rep_id")["team_id"].nunique().max() == 1:
        m["key"] = m["rep_id"]  # one team per rep in this slice: ids stay as they are
    m["f"] = pd.to_datetime(m["valid_from"]).fillna(_NEAR)
    m["t"] = pd.to_datetime(m["valid_to"]).fillna(_FAR + pd.Timedelta(days=1))
    out = dict(frames)
    for name, day in _RECORD_DAY.items():
        frame = frames[name]
        if day is None:
            closed = frame["status"].isin(["won", "lost"])
            days = pd.to_datetime(frame["close_date"]).where(closed, _FAR)
        else:
            days = pd.to_datetime(frame[day])
        if name == "targets":  # team targets belong to the team whoever is in it
            keep_as_is = frame["scope"] != "rep"
            rep_col = frame["scope_id"]
        else:
            keep_as_is = pd.Series(False, index=frame.index)
            rep_col = frame["rep_id"]
        out[name] = _within(
            frame, rep_col, days, keep_as_is, m, "scope_id" if name == "targets" else "rep_id"
        )
    kept = set(out["opportunities"]["opportunity_id"])
    out["stage_history"] = frames["stage_history"][frames["stage_history"]["opportunity_id"].isin(kept)]
    spans = m.groupby("key").agg(
        rep_id=("rep_id", "first"),
        team_id=("team_id", "first"),
        joined_team=("valid_from", lambda v: pd.NaT if v.isna().any() else v.min()),
        left_team=("valid_to", lambda v: pd.NaT if v.isna().any() else v.max()),
    )
    stints = reps.drop(columns="team_id").merge(spans.reset_index(), on="rep_id")
    stints["rep_id"] = stints.pop("key")
    out["reps"] = stints[[*reps.columns, "joined_team", "left_team"]].reset_index(drop=True)
    return out


def _within(
    frame: pd.DataFrame,
    reps: pd.Series,
    days: pd.Series,
    keep_as_is: pd.Series,
    m: pd.DataFrame,
    rep_column: str,
) -> pd.DataFrame:
    """The rows of ``frame`` whose rep was a member on their day, their rep id set to the stint's key."""
    pos = pd.DataFrame({"row": range(len(frame)), "rep_id": reps.to_numpy(), "day": days.to_numpy()})
    hits = pos.merge(m[["rep_id", "key", "f", "t"]], on="rep_id")
    hits = hits[(hits["day"] >= hits["f"]) & (hits["day"] < hits["t"])].drop_duplicates("row")
    rows = sorted(set(hits["row"]) | set(pos["row"][keep_as_is.to_numpy()]))
    out = frame.iloc[rows].copy()
    keys = dict(zip(hits["row"], hits["key"], strict=True))
    out[rep_column] = [keys.get(r, v) for r, v in zip(rows, out[rep_column], strict=True)]
    return out.reset_index(drop=True)


def in_team_bounds(reps: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """The first day each rep counts for the slice's team and the first day they no longer do (NaT:
    unbounded): hired or joined the team, whichever is later; left or moved on, whichever is sooner."""
    start = pd.to_datetime(reps["hire_date"])
    end = pd.to_datetime(reps["left_date"])
    if "joined_team" in reps:
        joined, left = pd.to_datetime(reps["joined_team"]), pd.to_datetime(reps["left_team"])
        start = start.where(joined.isna() | (start >= joined), joined)
        end = end.where(left.isna() | (end <= left), left)
    return start, end
