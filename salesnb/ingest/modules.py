"""What each importable module holds: its fields, their kinds, and which are required.

A mapping (preset or user YAML) says which source header feeds each field; :mod:`.transform` turns the
fields into canonical warehouse rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from salesnb.warehouse.schema import DEAL_TYPES, LEVELS, OPPORTUNITY_STATUSES, STAGES, TEAM_TYPES

ACTIVITY_KINDS = ("call", "meeting", "email", "visit")
CALL_DIRECTIONS = ("outbound", "inbound", "missed")
CALL_RESULTS = ("connected", "not_connected")
LEAD_STATUSES = ("open", "converted", "disqualified")
REP_STATUSES = ("active", "left")


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # text | amount | datetime | date | percent | duration | choice | email
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
ORDER = ("roster", "accounts", "leads", "deals", "calls", "orders")
