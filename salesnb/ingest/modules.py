"""What each importable module holds: its fields, their kinds, and which are required.

A mapping (preset or user YAML) says which source header feeds each field; :mod:`.transform` turns the
fields into canonical warehouse rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from salesnb.warehouse.schema import (
    DEAL_TYPES,
    LEVELS,
    OPPORTUNITY_STATUSES,
    STAGES,
    TARGET_METRICS,
    TARGET_SCOPES,
    TEAM_TYPES,
)

ACTIVITY_KINDS = ("call", "meeting", "email", "visit")
CALL_DIRECTIONS = ("outbound", "inbound", "missed")
CALL_RESULTS = ("connected", "not_connected")
LEAD_STATUSES = ("open", "converted", "disqualified")
REP_STATUSES = ("active", "left")


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # text | amount | datetime | date | percent | duration | choice | email | period | score
    required: bool = False
    choices: tuple[str, ...] = ()
    doc: str = ""
    #: a cell may be empty, but a mapping that names the field's column must find it in the file (a
    #: misspelt column would otherwise leave every record without it)
    column_required: bool = False


def F(
    name: str,
    kind: str = "text",
    required: bool = False,
    choices: tuple[str, ...] = (),
    doc: str = "",
    column_required: bool = False,
) -> Field:
    return Field(name, kind, required, choices, doc, column_required)


#: The owner's CRM user id: tells namesakes apart (a name shared by two people is not an owner).
OWNER_ID = "the owner's CRM user id (matched to the roster's user ids before the name)"
#: A month or a quarter, as a target or cost sheet writes it (salesnb.ingest.stage.drivers reads it).
PERIOD = (
    "a month (2026-01, 2026/1, 202601, 2026年1月, Jan 2026, or any date in it) or a quarter (2026-Q1, "
    "Q1 2026, 2026Q1, 2026年第1季度): a quarter is spread evenly over its three months"
)
TEAM = "the team's code or name, as the roster imported it"
REP = "the rep: name, e-mail or CRM user id, as in the roster"

MODULES: dict[str, tuple[Field, ...]] = {
    "roster": (
        F("name", required=True, doc="the rep's full name, as it appears as owner in other exports"),
        F("team", required=True, doc="team name"),
        F("team_id", doc="a short code for the team, used in report paths (default: from the name)"),
        F("region", doc="region name"),
        F("team_type", "choice", choices=TEAM_TYPES),
        F("level", "choice", choices=LEVELS),
        F(
            "manager",
            doc="the rep's manager (reporting line): their CRM user id, e-mail or name; a manager who is "
            "not in the roster is added to the row's team as a person of level manager",
        ),
        F("hire_date", "date"),
        F("status", "choice", choices=REP_STATUSES),
        F("left_date", "date"),
        F("email", "email"),
        F("record_id", doc="the CRM's user id"),
        F(
            "team_since",
            "date",
            doc="the day the person joined this team (a move's date; default: the import day)",
        ),
    ),
    "accounts": (
        F("record_id", doc="the CRM's record id"),
        F("name", required=True),
        F("owner"),
        F("owner_id", doc=OWNER_ID),
        F("industry"),
        F("created", "datetime"),
    ),
    "leads": (
        F("record_id", required=True),
        F("owner", doc="empty: a lead nobody owns yet (counted for the organisation, in no rep's figures)"),
        F("owner_id", doc=OWNER_ID),
        F("created", "datetime", required=True),
        F("status", "choice", choices=LEAD_STATUSES),
        F("source"),
        F("company"),
        F("converted_date", "date"),
        F("converted", "choice", choices=("true", "false"), doc="Zoho's Is Converted flag"),
        F("modified", "datetime"),
    ),
    "deals": (
        F("record_id", required=True),
        F("name", doc="the deal's title (default: the record id)"),
        F("owner", required=True),
        F("owner_id", doc=OWNER_ID),
        F(
            "amount",
            "amount",
            doc="empty: the amount is unknown (left out of sums and counted beside them)",
            column_required=True,
        ),
        F("stage", "choice", required=True, choices=STAGES),
        F("status", "choice", choices=(*OPPORTUNITY_STATUSES, "invalid")),
        F("probability", "percent"),
        F(
            "created",
            "datetime",
            doc="required unless the deal names its lead (default: the lead's day)",
            column_required=True,
        ),
        F(
            "close_date",
            "date",
            doc="expected close for open deals (may be empty), actual close for won and lost (required)",
            column_required=True,
        ),
        F("lead_id", doc="the lead the deal came from: it converts on the deal's win day"),
        F("account"),
        F("source"),
        F("deal_type", "choice", choices=DEAL_TYPES),
        F("currency"),
        F("modified", "datetime"),
    ),
    "calls": (
        F("record_id", required=True),
        F("owner", required=True),
        F("owner_id", doc=OWNER_ID),
        F("start", "datetime", required=True),
        F("duration", "duration"),
        F("activity_type", "choice", choices=ACTIVITY_KINDS),
        F("direction", "choice", choices=CALL_DIRECTIONS),
        F("result", "choice", choices=CALL_RESULTS),
        F("account"),
    ),
    "activities": (
        F("record_id", doc="the activity's id (default: made from the whole row)"),
        F("owner", required=True, doc=REP),
        F("owner_id", doc=OWNER_ID),
        F("activity_type", "choice", required=True, choices=ACTIVITY_KINDS),
        F("start", "datetime", required=True, doc="when it started (or was sent, for an e-mail)"),
        F("duration", "duration", doc="talk or meeting time (seconds, mm:ss, h:mm:ss, 5分30秒)"),
        F("direction", "choice", choices=CALL_DIRECTIONS, doc="calls only"),
        F("result", "choice", choices=CALL_RESULTS, doc="calls only: answered or not"),
        F("account", doc="the customer's account name"),
    ),
    "targets": (
        F("owner", doc=f"{REP}; empty on a team's target"),
        F("owner_id", doc=OWNER_ID),
        F("team", doc=TEAM + "; for a team's own target"),
        F(
            "scope",
            "choice",
            choices=TARGET_SCOPES,
            doc="rep or team (default: rep when the row names a rep)",
        ),
        F("period", "period", required=True, doc=PERIOD),
        F("metric", "choice", choices=tuple(TARGET_METRICS), doc="what the target counts (default revenue)"),
        F("target", "amount", required=True, doc="the quota; money in the file's currency"),
        F("currency", doc="ISO code of a money target (default: the mapping's currency)"),
    ),
    "costs": (
        F("team", required=True, doc=TEAM),
        F("period", "period", required=True, doc=PERIOD),
        F("sales_cost", "amount", doc="salaries, commissions and other sales spend"),
        F("marketing_cost", "amount", doc="campaigns, events and other marketing spend"),
        F("currency", doc="ISO code (default: the mapping's currency)"),
    ),
    "surveys": (
        F("record_id", doc="the response id (default: made from the whole row)"),
        F("owner", required=True, doc=REP),
        F("owner_id", doc=OWNER_ID),
        F("date", "date", required=True, doc="the day the customer answered"),
        F("csat", "score", doc="satisfaction, a whole number from 1 to 5"),
        F("nps", "score", doc="likelihood to recommend, a whole number from 0 to 10"),
        F("account", doc="the customer's account name"),
    ),
    "training": (
        F("owner", required=True, doc=REP),
        F("owner_id", doc=OWNER_ID),
        F("module", required=True, doc="the module's id in params/training_catalog.yaml, or any id"),
        F("completed", "date", required=True, doc="the day the rep completed it"),
        F("score", "score", doc="the result from 0 to 100 (85 or 85%)"),
    ),
    "orders": (
        F("record_id", required=True),
        F("account", required=True),
        F("owner", required=True),
        F("owner_id", doc=OWNER_ID),
        F("order_date", "date", required=True),
        F("amount", "amount", required=True),
        F("currency"),
    ),
}

#: Import order when several files come at once: owners before the records that name them.
ORDER = (
    "roster",
    "accounts",
    "leads",
    "deals",
    "calls",
    "activities",
    "orders",
    "targets",
    "costs",
    "surveys",
    "training",
)
