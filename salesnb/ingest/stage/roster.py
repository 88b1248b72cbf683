"""The roster's canonical rows: regions, teams, reps and memberships, and who in the file is whom.

A roster row is a person already stored (by CRM user id, e-mail, or a name only one person on that team
has) or a new one, whose id is made from their e-mail or name (:func:`build_roster`).
"""

from __future__ import annotations

import duckdb

from salesnb.errors import DataError, Problem
from salesnb.ingest.identity import (
    AMBIGUOUS,
    RESERVED_IDS,
    SEP,
    People,
    Slugs,
    crm_user_id,
    email_key,
    short_hash,
    slug,
)
from salesnb.ingest.mapping import Mapping, normalise
from salesnb.ingest.sql import lit
from salesnb.ingest.stage.fields import create_lookup
from salesnb.ingest.stage.records import optional_field, output_relation


def select_identity(
    con: duckdb.DuckDBPyConnection, mapping: Mapping, people: People, text: dict[str, str]
) -> tuple[str, str]:
    """The join and the column (``ident``: the stored person a roster row is, if any) of the field table,
    through lookup table ``_lk_ident``; also makes the team lookups :func:`build_roster` reads."""
    teams = _team_ids(con, text)
    create_lookup(con, "_lk_ident", _ident_sql(text), lambda v: _resolve(people, mapping.source, teams, v))
    return f"LEFT JOIN _lk_ident ON _lk_ident.raw = {_ident_sql(text)}", "_lk_ident.val AS ident"


def _ident_sql(text: dict[str, str]) -> str:
    """A roster row's identity as one text: name, e-mail, user id and team (code or name)."""
    parts = [text.get(n, "NULL") for n in ("name", "email", "record_id", "team_id", "team")]
    return f"concat_ws(chr(31), {', '.join(f'coalesce({p}, {lit(chr(30))})' for p in parts)})"


def _team_ids(
    con: duckdb.DuckDBPyConnection, text: dict[str, str]
) -> dict[tuple[str | None, str | None], str]:
    """Temp tables ``_lk_team`` (team name -> id) and ``_lk_team_code`` (code -> id), and the id of every
    (code, name) pair of the file: a row's team is its code, else an id made from the name (see Slugs)."""
    names = [r[0] for r in con.execute(f"SELECT DISTINCT {text['team']} FROM _rows").fetchall() if r[0]]
    by_name = Slugs(dict(con.execute("SELECT team_id, name FROM teams").fetchall())).assign(names)
    create_lookup(con, "_lk_team", text["team"], by_name.get)
    pairs = {(None, n): i for n, i in by_name.items()}
    if "team_id" in text:
        create_lookup(con, "_lk_team_code", text["team_id"], slug)
        for code, name in con.execute(
            f"SELECT DISTINCT {text['team_id']}, {text['team']} FROM _rows"
        ).fetchall():
            pairs[(code, name)] = slug(code) if code else by_name.get(name, "")
    return pairs


def _resolve(
    people: People, source: str, teams: dict[tuple[str | None, str | None], str], key: str
) -> str | None:
    name, email, uid, code, team = (None if p == chr(30) else p for p in key.split(SEP))
    team_id = teams.get((code, team)) or teams.get((None, team), "")
    return people.resolve(name or "", email_key(email), crm_user_id(source, uid), team_id)


def build_roster(
    con: duckdb.DuckDBPyConnection, mapping: Mapping, text: dict[str, str], people: People, path: str
) -> dict[str, str]:
    """Regions, teams, reps and memberships of the roster rows that passed the checks; new people get a
    new id, and each reporting line names the manager this file (or else the warehouse) means."""
    # _lk_team and _lk_team_code were made by _team_ids for the identity checks
    team_sql = "_lk_team.val"
    if "team_id" in text:
        team_sql = "coalesce(_lk_team_code.val, _lk_team.val)"
        _one_name_per_code(con, path)
    region = f"coalesce({text.get('region', 'NULL')}, 'Default region')"
    names = [r[0] for r in con.execute(f"SELECT DISTINCT {region} FROM _rows").fetchall()]
    regions = Slugs(dict(con.execute("SELECT region_id, name FROM regions").fetchall()), "region").assign(
        names
    )
    create_lookup(con, "_lk_region", region, regions.get)
    taken = set(people.by_id)

    def new_rep_id(v: str) -> str:
        """A new person's id: a slug of the e-mail's local part or of the name, with a suffix from their own
        identity when someone already has it (stable across imports)."""
        name, _, email = v.partition(SEP)
        base = slug(email.split("@")[0], "rep") if email else slug(name, "rep")
        return f"{base}-{short_hash(email or name)[:4]}" if base in taken or base in RESERVED_IDS else base

    ident = f"{text['name']} || chr(31) || coalesce({text['email']}, '')" if "email" in text else text["name"]
    create_lookup(con, "_lk_rep", ident, new_rep_id)
    create_lookup(
        con,
        "_lk_norm",
        [text["name"], *([text["manager"]] if "manager" in text else [])],
        normalise,
    )
    region_k = "coalesce(t_region, 'Default region')" if "region" in text else "'Default region'"
    ident_k = "t_name || chr(31) || coalesce(t_email, '')" if "email" in text else "t_name"
    uid = f"{lit(mapping.source + ':')} || rid" if "record_id" in text else "NULL"
    con.execute(f"""CREATE OR REPLACE TEMP TABLE _roster AS
        SELECT _k.*, {team_sql} AS team_id, _lk_region.val AS region_id, {region_k} AS region_name,
               coalesce(_k.ident, _lk_rep.val) AS rep_id0, _k.ident IS NOT NULL AS known,
               nn.val AS name_norm, {uid} AS uid
        FROM _k LEFT JOIN _lk_team ON _lk_team.raw = _k.t_team
        {"LEFT JOIN _lk_team_code ON _lk_team_code.raw = _k.t_team_id" if "team_id" in text else ""}
        LEFT JOIN _lk_region ON _lk_region.raw = {region_k}
        LEFT JOIN _lk_rep ON _lk_rep.raw = {ident_k}
        LEFT JOIN _lk_norm nn ON nn.raw = _k.t_name""")
    email = "lower(t_email)" if "email" in text else "NULL"
    # two new people of this file with the same id (namesakes): each gets a suffix from their own identity
    con.execute(f"""CREATE OR REPLACE TEMP TABLE _roster AS SELECT *,
        CASE WHEN NOT known AND count(*) OVER (PARTITION BY rep_id0) > 1
             THEN rep_id0 || '-' || md5(coalesce(uid, {email}, t_name || file_row))[1:4]
             ELSE rep_id0 END AS new_rep_id FROM _roster""")
    manager = "NULL"
    tables: dict[str, str] = {}
    if "manager" in text:
        manager = _select_managers(con, mapping, text, people)
        tables["managers"] = output_relation(
            con,
            "managers",
            """SELECT rep_id, name, team_id, 'manager' AS level, CAST(NULL AS VARCHAR) AS manager_id,
                      CAST(NULL AS DATE) AS hire_date, 'active' AS status, CAST(NULL AS DATE) AS left_date,
                      email, CAST(NULL AS VARCHAR) AS crm_user_id FROM _new_managers""",
            stored=True,
        )
    members = f"""SELECT new_rep_id AS rep_id, team_id, CAST({optional_field(text, "team_since")} AS DATE) AS valid_from,
                         CAST(NULL AS DATE) AS valid_to FROM _roster"""
    if "manager" in text:
        members += " UNION ALL SELECT rep_id, team_id, NULL, NULL FROM _new_managers"
    return tables | {
        "regions": output_relation(
            con,
            "regions",
            "SELECT DISTINCT ON (region_id) region_id, region_name AS name FROM _roster",
            stored=True,
        ),
        "teams": output_relation(
            con,
            "teams",
            f"""SELECT DISTINCT ON (team_id) team_id, t_team AS name, region_id,
                                               {optional_field(text, "team_type")} AS team_type FROM _roster""",
            stored=True,
        ),
        # identifiers the file does not carry are kept from the stored person
        "reps": output_relation(
            con,
            "reps",
            f"""
            SELECT new_rep_id AS rep_id, t_name AS name, r.team_id, coalesce({optional_field(text, "level")}, 'junior') AS level,
                   {manager} AS manager_id, CAST({optional_field(text, "hire_date")} AS DATE) AS hire_date,
                   coalesce({optional_field(text, "status")}, 'active') AS status,
                   CAST({optional_field(text, "left_date")} AS DATE) AS left_date,
                   coalesce({email}, s.email) AS email, coalesce(r.uid, s.crm_user_id) AS crm_user_id
            FROM _roster r LEFT JOIN reps s ON s.rep_id = r.new_rep_id""",
            stored=True,
        ),
        "memberships": output_relation(con, "memberships", members, stored=True),
    }


def _select_managers(
    con: duckdb.DuckDBPyConnection, mapping: Mapping, text: dict[str, str], people: People
) -> str:
    """SQL for a roster row's ``manager_id``, and temp table ``_new_managers`` (the managers the file
    names who are nobody yet: each becomes a person of level manager in the team of the first row that
    names them).

    The manager cell is matched, in this order, to a person of this file by CRM user id or e-mail, by
    name (a namesake on the row's own team first), then to a stored person by user id, e-mail or a name
    only one person has. A name several stored people share names nobody (:func:`unplaced_managers`).
    """
    in_file = ["m.uid = " + lit(mapping.source + ":") + " || r.t_manager"] if "record_id" in text else []
    in_file += ["lower(m.t_email) = lower(r.t_manager)"] if "email" in text else []
    by_id = (
        f"(SELECT m.new_rep_id FROM _roster m WHERE {' OR '.join(in_file)} ORDER BY m.file_row LIMIT 1), "
        if in_file
        else ""
    )
    create_lookup(
        con,
        "_lk_manager",
        text["manager"],
        lambda v: people.owner_by_id(mapping.source, v) or people.owner(v),
    )
    found = f"""coalesce({by_id}
        (SELECT m.new_rep_id FROM _roster m JOIN _lk_norm mn ON mn.val = m.name_norm
         WHERE mn.raw = r.t_manager ORDER BY m.team_id = r.team_id DESC, m.new_rep_id LIMIT 1),
        (SELECT CASE WHEN starts_with(val, {lit(AMBIGUOUS)}) THEN NULL ELSE val END
         FROM _lk_manager WHERE raw = r.t_manager))"""
    unknown = con.execute(f"""SELECT r.t_manager, arg_min(r.team_id, r.file_row) FROM _roster r
        WHERE r.t_manager IS NOT NULL AND {found} IS NULL
          AND (SELECT val FROM _lk_manager WHERE raw = r.t_manager) IS NULL
        GROUP BY 1 ORDER BY 1""").fetchall()
    taken = set(people.by_id) | {r[0] for r in con.execute("SELECT new_rep_id FROM _roster").fetchall()}
    rows = []
    for raw, team_id in unknown:
        email = email_key(raw) if "@" in raw else None
        base = slug(raw.split("@")[0] if email else raw, "rep")
        rep_id = f"{base}-{short_hash(raw)[:4]}" if base in taken or base in RESERVED_IDS else base
        taken.add(rep_id)
        rows.append((raw, rep_id, raw, team_id, email))
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _new_managers (raw VARCHAR, rep_id VARCHAR, name VARCHAR, "
        "team_id VARCHAR, email VARCHAR)"
    )
    if rows:
        con.executemany("INSERT INTO _new_managers VALUES (?, ?, ?, ?, ?)", rows)
    return f"coalesce({found}, (SELECT rep_id FROM _new_managers WHERE raw = r.t_manager))"


def new_manager_notes(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Notes for the managers a roster names who were nobody yet, now people of level manager."""
    rows = con.execute("""SELECT n.raw, n.rep_id, n.team_id, count(*) FROM _new_managers n
                          JOIN _roster r ON r.t_manager = n.raw GROUP BY ALL ORDER BY 1""").fetchall()
    return [
        f"manager {raw!r} is not in the roster: added as {rep_id} (level manager, team {team}), the "
        f"reporting line of {n} row(s); import them with the roster to complete their record"
        for raw, rep_id, team, n in rows
    ]


def unplaced_managers(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Notes for managers a roster names that are nobody, or several people: never dropped silently."""
    rows = con.execute("""SELECT r.t_manager, count(*) FROM _roster r JOIN _out_reps o ON o.rep_id = r.new_rep_id
                          WHERE r.t_manager IS NOT NULL AND o.manager_id IS NULL GROUP BY 1 ORDER BY 1""").fetchall()
    return [
        f"reporting line not set for {n} row(s): manager {name!r} is not one person of the roster "
        "(nobody, or the name of several people: import the manager first, or tell namesakes apart by e-mail)"
        for name, n in rows
    ]


def missing_emails(con: duckdb.DuckDBPyConnection, text: dict[str, str]) -> list[str]:
    """A note for the people of this file stored without an e-mail address (allowed: they receive no
    report by e-mail until one is imported), naming the column when the file has none."""
    (n,) = con.execute("SELECT count(*) FROM _out_reps WHERE email IS NULL").fetchone()
    if not n:
        return []
    why = "the file has no e-mail column" if "email" not in text else "their e-mail is empty"
    return [f"{n} person(s) stored without an e-mail address ({why}): they receive no report by e-mail"]


def _one_name_per_code(con: duckdb.DuckDBPyConnection, path: str) -> None:
    """Two team names under one team code in one file would merge two teams: refuse the file."""
    clash = con.execute("""SELECT lower(trim(t_team_id)), list(DISTINCT t_team ORDER BY t_team) FROM _k
                           WHERE t_team_id IS NOT NULL AND t_team IS NOT NULL
                           GROUP BY ALL HAVING count(DISTINCT t_team) > 1 ORDER BY 1""").fetchall()
    if clash:
        raise DataError(
            path,
            "teams",
            [
                Problem(None, "team_id", code, f"one team code for {len(names)} teams: {', '.join(names)}")
                for code, names in clash
            ],
        )
