"""Read the slice of the warehouse a report needs: some teams, some dates, nothing more.

Activities are summarised to one row per rep, day and type inside DuckDB, so a report reads thousands of
rows whatever the size of the activity table. Every value is bound as a query parameter.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable
from datetime import date

import duckdb
import pandas as pd

from salesnb.errors import ParameterError
from salesnb.warehouse.extent import data_extent
from salesnb.warehouse.memberships import attribute_to_teams, has_memberships, team_members
from salesnb.warehouse.memberships import in_team_bounds as in_team_bounds  # re-exported for the analyses

#: The hours that count as the working day; activity outside them is "after hours".
WORKDAY_START_HOUR = 8
WORKDAY_END_HOUR = 19


class Slice(dict):
    """The frames :func:`load_slice` read, by table name (a plain ``dict[str, DataFrame]``), plus a memo.

    A slice is read-only: analyses derive new frames from it and never change its own (the workbench's
    what-ifs build a new dict). So whatever is computed from a slice stays true for as long as it lives,
    and ``memo`` keeps such results: :func:`salesnb.kpis.compute_measures` stores each period's measures
    there, so the dozen analyses of one review compute the measures of a month once, not once each.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.memo: dict[Hashable, object] = {}

    # Replacing or removing a frame forgets everything computed (changing a frame in place cannot be
    # seen: derive a new frame instead). A copy starts with an empty memo.
    def _forget(self) -> None:
        self.__dict__.get("memo", {}).clear()  # unpickling sets items before it restores the memo

    def __setitem__(self, key, value) -> None:
        self._forget()
        super().__setitem__(key, value)

    def __delitem__(self, key) -> None:
        self._forget()
        super().__delitem__(key)

    def update(self, *args, **kwargs) -> None:
        self._forget()
        super().update(*args, **kwargs)

    def pop(self, *args):
        self._forget()
        return super().pop(*args)

    def popitem(self):
        self._forget()
        return super().popitem()

    def clear(self) -> None:
        self._forget()
        super().clear()

    def setdefault(self, key, default=None):
        if key not in self:
            self._forget()
        return super().setdefault(key, default)

    def copy(self) -> Slice:
        return Slice(self)

    __copy__ = copy


def remembered(
    data: dict[str, pd.DataFrame], key: Hashable, compute: Callable[[], pd.DataFrame]
) -> pd.DataFrame:
    """``compute()``, kept in the slice's memo under ``key`` when ``data`` is a :class:`Slice` (plain
    frames compute afresh). Every call gets its own copy, so a caller may add columns."""
    if not isinstance(data, Slice):
        return compute()
    if key not in data.memo:
        data.memo[key] = compute()
    return data.memo[key].copy()  # type: ignore[union-attr]


def list_teams(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Teams with their region: ``team_id``, ``name``, ``region_id``, ``region_name``, ``team_type``."""
    return con.execute(
        """SELECT t.team_id, t.name, t.region_id, r.name AS region_name, t.team_type
           FROM teams t LEFT JOIN regions r USING (region_id) ORDER BY t.region_id, t.team_id"""
    ).df()


def resolve_teams(con: duckdb.DuckDBPyConnection, wanted: list[str] | None) -> list[str]:
    """Check team ids against the warehouse; ``None`` or empty means every team."""
    known = list_teams(con)["team_id"].tolist()
    if not wanted:
        return known
    unknown = [t for t in wanted if t not in known]
    if unknown:
        raise ParameterError(
            f"unknown team {', '.join(map(repr, unknown))}: valid teams are {', '.join(known)}"
        )
    return list(dict.fromkeys(wanted))


def load_slice(con: duckdb.DuckDBPyConnection, team_ids: list[str], start: date, end: date) -> Slice:
    """Everything the KPI engine needs for ``team_ids`` between ``start`` and ``end`` (exclusive).

    Opportunities include every deal open at some point in the window (for pipeline snapshots);
    targets extend one year past ``end`` so the next period's quota is known.
    """
    members = team_members(con, team_ids)
    # A rep marked as left without a leaving date (Zoho's user export has none) left the day after their
    # last recorded activity or deal; with no record at all, they were never employed within the data.
    reps = con.execute(
        """WITH last_seen AS (
               SELECT rep_id, max(day) AS day FROM (
                   SELECT rep_id, started_at::DATE AS day FROM activities
                   UNION ALL SELECT rep_id, created_date FROM opportunities) GROUP BY rep_id)
           SELECT r.* REPLACE (
                      CASE WHEN r.left_date IS NULL AND r.status = 'left'
                           THEN coalesce(l.day + 1, r.hire_date, DATE '1900-01-02')
                           ELSE r.left_date END AS left_date)
           FROM reps r LEFT JOIN last_seen l USING (rep_id)
           WHERE list_contains(?, r.rep_id) ORDER BY r.team_id, r.rep_id""",
        [sorted(set(members["rep_id"]))],
    ).df()
    rep_ids = reps["rep_id"].tolist()
    bind = [rep_ids, start, end]
    opportunities = con.execute(
        """SELECT * FROM opportunities
           WHERE list_contains(?, rep_id) AND created_date < ?
             AND (close_date IS NULL OR close_date >= ?)""",
        [rep_ids, end, start],
    ).df()
    leads = con.execute(
        """SELECT * FROM leads WHERE list_contains(?, rep_id)
           AND ((created_date >= ? AND created_date < ?)
                OR (converted_date >= ? AND converted_date < ?))""",
        [rep_ids, start, end, start, end],
    ).df()
    # leads nobody owns yet count for the organisation only: read when the slice covers every team
    every_team = set(team_ids) >= set(list_teams(con)["team_id"])
    unassigned_leads = con.execute(
        """SELECT * FROM leads WHERE rep_id IS NULL AND ?
           AND ((created_date >= ? AND created_date < ?) OR (converted_date >= ? AND converted_date < ?))""",
        [every_team, start, end, start, end],
    ).df()
    stage_history = con.execute(
        """SELECT h.* FROM stage_history h JOIN opportunities o USING (opportunity_id)
           WHERE list_contains(?, o.rep_id) AND o.created_date < ?
             AND (o.close_date IS NULL OR o.close_date >= ?)
           ORDER BY h.opportunity_id, h.entered_at""",
        [rep_ids, end, start],
    ).df()
    # a new customer is credited to the owner of its first won deal; when several close that first day,
    # the deal created first (then the lowest deal id) is the first, so the credit never depends on the
    # order the database happens to read them in
    first_won = con.execute(
        """WITH firsts AS (
               SELECT customer_id, min(close_date) AS first_won_date,
                      arg_min(rep_id, (close_date, created_date, opportunity_id)) AS rep_id
               FROM opportunities WHERE status = 'won' AND customer_id IS NOT NULL
               GROUP BY customer_id)
           SELECT * FROM firsts
           WHERE list_contains(?, rep_id) AND first_won_date >= ? AND first_won_date < ?""",
        bind,
    ).df()
    activity_daily = summarise_activities(con, rep_ids, start, end)
    targets = con.execute(
        """SELECT * FROM targets
           WHERE (scope = 'rep' AND list_contains(?, scope_id) OR scope = 'team'
                  AND list_contains(?, scope_id))
             AND month >= date_trunc('month', ?::DATE) AND month < ?::DATE + INTERVAL 1 YEAR""",
        [rep_ids, team_ids, start, end],
    ).df()
    # orders of the window plus every earlier order of the same customers (first purchase, recency, CLV)
    orders = con.execute(
        """SELECT * FROM orders WHERE list_contains(?, rep_id) AND order_date < ?
           ORDER BY order_date, order_id""",
        [rep_ids, end],
    ).df()
    customers = con.execute(
        """SELECT * FROM customers c
           WHERE list_contains(?, c.rep_id)
              OR customer_id IN (SELECT customer_id FROM orders WHERE list_contains(?, rep_id))
              OR customer_id IN (SELECT customer_id FROM opportunities WHERE list_contains(?, rep_id))
           ORDER BY customer_id""",
        [rep_ids, rep_ids, rep_ids],
    ).df()
    costs = con.execute(
        """SELECT * FROM costs WHERE list_contains(?, team_id) AND month >= date_trunc('month', ?::DATE)
           AND month < ? ORDER BY month""",
        [team_ids, start, end],
    ).df()
    surveys = con.execute(
        """SELECT * FROM surveys WHERE list_contains(?, rep_id) AND survey_date >= ? AND survey_date < ?
           ORDER BY survey_date""",
        bind,
    ).df()
    # whether the warehouse records lost deals at all (an export of won deals only does not): counts only
    deal_outcomes = con.execute(
        """SELECT count(*) FILTER (WHERE status = 'won') AS won,
                  count(*) FILTER (WHERE status = 'lost') AS lost
           FROM opportunities"""
    ).df()
    teams = list_teams(con)
    frames = {
        "reps": reps,
        "opportunities": opportunities,
        "stage_history": stage_history,
        "leads": leads,
        "first_won": first_won,
        "activity_daily": activity_daily,
        "targets": targets,
        "orders": orders,
        "surveys": surveys,
    }
    if members["valid_from"].notna().any() or members["valid_to"].notna().any():
        frames = attribute_to_teams(frames, members)
    return Slice(
        {
            "teams": teams[teams["team_id"].isin(team_ids)].reset_index(drop=True),
            "reps": frames["reps"],
            "opportunities": frames["opportunities"],
            "stage_history": frames["stage_history"],
            "leads": frames["leads"],
            "first_won": frames["first_won"],
            "activity_daily": frames["activity_daily"],
            "targets": frames["targets"],
            "orders": frames["orders"],
            "customers": customers,
            "costs": costs,
            "surveys": frames["surveys"],
            "unassigned_leads": unassigned_leads,
            "deal_outcomes": deal_outcomes,
        }
    )


def summarise_activities(
    con: duckdb.DuckDBPyConnection,
    rep_ids: list[str],
    start: date,
    end: date,
    table: str = "activities",
) -> pd.DataFrame:
    """One row per rep, day and activity type: counts, connected calls, talk and after-hours time.

    Columns: ``rep_id``, ``day``, ``activity_type``, ``activities``, ``connected``, ``talk_seconds``
    (connected calls only), ``duration_seconds`` (all), ``after_hours`` (count outside
    ``WORKDAY_START_HOUR``–``WORKDAY_END_HOUR``), ``weekend`` (count on Saturday or Sunday).
    """
    if table not in {"activities", "_activities"}:
        raise ValueError(table)
    return con.execute(
        f"""SELECT rep_id, CAST(started_at AS DATE) AS day, activity_type,
                  count(*) AS activities,
                  count(*) FILTER (WHERE connected) AS connected,
                  coalesce(sum(duration_seconds) FILTER (WHERE connected), 0) AS talk_seconds,
                  sum(duration_seconds) AS duration_seconds,
                  count(*) FILTER (WHERE hour(started_at) < {WORKDAY_START_HOUR}
                                   OR hour(started_at) >= {WORKDAY_END_HOUR}) AS after_hours,
                  count(*) FILTER (WHERE isodow(started_at) >= 6) AS weekend
           FROM {table}
           WHERE list_contains(?, rep_id) AND started_at >= ? AND started_at < ?
           GROUP BY ALL ORDER BY rep_id, day, activity_type""",
        [rep_ids, start, end],
    ).df()


#: Tables a report's data comes from, and how each is narrowed to some teams' reps (``?`` = rep ids).
_FINGERPRINT = {
    "opportunities": "list_contains(?, rep_id)",
    "activities": "list_contains(?, rep_id)",
    "leads": "list_contains(?, rep_id)",
    "orders": "list_contains(?, rep_id)",
    "surveys": "list_contains(?, rep_id)",
    "training_completions": "list_contains(?, rep_id)",
    "stage_history": (
        "opportunity_id IN (SELECT opportunity_id FROM opportunities WHERE list_contains(?, rep_id))"
    ),
    "customers": "list_contains(?, rep_id)",
    "targets": "list_contains(?, scope_id)",
}


def count_closed_deals(con: duckdb.DuckDBPyConnection, start: date, last: date) -> dict[str, tuple[int, ...]]:
    """Per team, the deals its reps closed from ``start`` to ``last``: ``(won with an amount, won without
    one, lost)``; a team that closed none is absent."""
    rows = con.execute(
        """SELECT r.team_id,
                  count(*) FILTER (WHERE o.status = 'won' AND o.amount IS NOT NULL),
                  count(*) FILTER (WHERE o.status = 'won' AND o.amount IS NULL),
                  count(*) FILTER (WHERE o.status = 'lost')
           FROM opportunities o JOIN reps r USING (rep_id)
           WHERE o.close_date BETWEEN ? AND ? GROUP BY 1""",
        [start, last],
    ).fetchall()
    return {team: tuple(counts) for team, *counts in rows}


def slice_fingerprint(con: duckdb.DuckDBPyConnection, team_ids: list[str]) -> str:
    """A digest of every row a report about ``team_ids`` can read: their teams, reps, deals, activities,
    leads, orders, surveys, targets and costs, the regions, the warehouse's metadata, the leads nobody
    owns and the data's extent.

    Rows are hashed inside DuckDB (``hash`` of each whole row, summed per table, with the row count), so
    a changed, added or deleted row changes the digest while nothing leaves the database. Used by the
    batch to skip a report whose data has not changed since its last success.
    """
    rep_ids = sorted(set(team_members(con, team_ids)["rep_id"]))
    parts = []
    for table, where in _FINGERPRINT.items():
        ids = team_ids + rep_ids if table == "targets" else rep_ids
        row = con.execute(f"SELECT count(*), sum(hash(t)) FROM {table} t WHERE {where}", [ids]).fetchone()
        parts.append(f"{table}:{row[0]}:{row[1]}")
    for table, where, ids in (("reps", "list_contains(?, rep_id)", rep_ids),
                              *([("memberships", "list_contains(?, rep_id)", rep_ids)]
                                if has_memberships(con) else []),
                              ("teams", "list_contains(?, team_id)", team_ids),
                              ("costs", "list_contains(?, team_id)", team_ids)):  # fmt: skip
        row = con.execute(f"SELECT count(*), sum(hash(t)) FROM {table} t WHERE {where}", [ids]).fetchone()
        parts.append(f"{table}:{row[0]}:{row[1]}")
    for table in ("regions", "meta"):
        row = con.execute(f"SELECT count(*), sum(hash(t)) FROM {table} t").fetchone()
        parts.append(f"{table}:{row[0]}:{row[1]}")
    # the leads nobody owns count for the organisation, and the data's end (any team's records) is every
    # report's as-of day: a change in either changes what a report says
    row = con.execute("SELECT count(*), sum(hash(t)) FROM leads t WHERE rep_id IS NULL").fetchone()
    parts.append(f"unassigned_leads:{row[0]}:{row[1]}")
    extent = data_extent(con)
    parts.append(f"extent:{extent.label if extent else ''}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()
