"""The canonical data model, declared once.

Each :class:`Table` lists its columns with a type, whether nulls are allowed and the values allowed. The
DuckDB DDL (:mod:`salesnb.warehouse.ddl`) and the pandera schemas
(:func:`salesnb.warehouse.validate.pandera_schema`) are both derived from these declarations, so the
warehouse and the validation can never disagree. ``docs/data-model.md`` is the human-readable version of
this file (:func:`describe_markdown`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

TEAM_TYPES = ("online", "telesales", "field")
LEVELS = ("junior", "senior", "manager")
REP_STATUSES = ("active", "left")
OPPORTUNITY_STATUSES = ("open", "won", "lost")
LEAD_STATUSES = ("open", "converted", "disqualified")
ACTIVITY_TYPES = ("call", "meeting", "email", "visit")
DEAL_TYPES = ("new", "existing")
TARGET_SCOPES = ("rep", "team")
#: The metrics a target (quota) may count, with their unit: catalog KPIs that add up over months.
TARGET_METRICS = {"revenue": "currency", "new_customers": "count", "talk_time_hours": "hours"}
#: Canonical deal stages in funnel order; importers map vendor stages onto these.
OPEN_STAGES = ("qualification", "needs_analysis", "proposal", "negotiation")
STAGES = (*OPEN_STAGES, "closed_won", "closed_lost")
#: The chance to win a deal at each stage, used when an export carries no probability of its own.
STAGE_PROBABILITY = {
    "qualification": 0.1,
    "needs_analysis": 0.25,
    "proposal": 0.5,
    "negotiation": 0.75,
    "closed_won": 1.0,
    "closed_lost": 0.0,
}

#: The DuckDB type of each kind of column.
DUCKDB_TYPES = {
    "str": "VARCHAR",
    "date": "DATE",
    "timestamp": "TIMESTAMP",
    "float": "DOUBLE",
    "int": "BIGINT",
    "bool": "BOOLEAN",
}


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # one of DUCKDB_TYPES' keys
    nullable: bool = False
    allowed: tuple[str, ...] | None = None
    min_value: float | None = None
    max_value: float | None = None
    doc: str = ""


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    doc: str = ""
    indexes: tuple[tuple[str, ...], ...] = field(default_factory=tuple)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def C(name: str, kind: str, doc: str = "", **kw: object) -> Column:
    return Column(name, kind, doc=doc, **kw)  # type: ignore[arg-type]


TABLES: dict[str, Table] = {
    t.name: t
    for t in [
        Table(
            "regions",
            (C("region_id", "str", "slug"), C("name", "str", "display name")),
            key=("region_id",),
            doc="Top of the hierarchy below the organisation.",
        ),
        Table(
            "teams",
            (
                C("team_id", "str", "slug, used in report paths"),
                C("name", "str", "display name"),
                C("region_id", "str", "-> regions"),
                C("team_type", "str", "online, telesales or field", allowed=TEAM_TYPES),
            ),
            key=("team_id",),
            doc="Sales teams; the team type selects which KPIs the reviews lead with.",
        ),
        Table(
            "reps",
            (
                C("rep_id", "str", "slug"),
                C("name", "str", "display name"),
                C("team_id", "str", "-> teams"),
                C("level", "str", "junior, senior or manager", allowed=LEVELS),
                C("manager_id", "str", "-> reps; the reporting line", nullable=True),
                C("hire_date", "date", "missing: employed since before the data starts", nullable=True),
                C("status", "str", allowed=REP_STATUSES),
                C("left_date", "date", nullable=True),
                C("email", "str", "lower case; identifies the person across imports", nullable=True),
                C(
                    "crm_user_id",
                    "str",
                    "the CRM's user or employee id, `<source>:<id>`; identifies the person",
                    nullable=True,
                ),
            ),
            key=("rep_id",),
            doc="The roster: one row per sales person, with level and reporting line. `team_id` is the "
            "team they are in now; `memberships` says since when and where they were before.",
        ),
        Table(
            "memberships",
            (
                C("rep_id", "str", "-> reps"),
                C("team_id", "str", "-> teams"),
                C(
                    "valid_from",
                    "date",
                    "first day in the team; missing: since before the data",
                    nullable=True,
                ),
                C("valid_to", "date", "first day no longer in it; missing: still in it", nullable=True),
            ),
            key=("rep_id", "team_id", "valid_from"),
            doc="Which team each rep was in, and when: every record counts for the team its rep was in on "
            "the record's day (a deal on the day it closed; a deal still open for the rep's team now). "
            "A rep with no row here has always been in `reps.team_id`.",
        ),
        Table(
            "customers",
            (
                C("customer_id", "str"),
                C("name", "str"),
                C("rep_id", "str", "owner -> reps", nullable=True),
                C("industry", "str", nullable=True),
                C(
                    "created_date",
                    "date",
                    "the account's created date, else its first deal's or lead's day",
                    nullable=True,
                ),
            ),
            key=("customer_id",),
            doc="Accounts. A customer counts as new in the period of its first won deal.",
        ),
        Table(
            "leads",
            (
                C("lead_id", "str"),
                C(
                    "rep_id",
                    "str",
                    "owner -> reps; missing: not assigned yet (counts for the organisation only)",
                    nullable=True,
                ),
                C("source", "str", nullable=True),
                C("created_date", "date"),
                C("status", "str", allowed=LEAD_STATUSES),
                C("converted_date", "date", "date the lead became a customer", nullable=True),
                C("customer_id", "str", "-> customers, once converted", nullable=True),
            ),
            key=("lead_id",),
            doc="Leads; conversion means the lead became a paying customer.",
        ),
        Table(
            "opportunities",
            (
                C("opportunity_id", "str"),
                C("name", "str", "the deal's title; the record id when the export has none"),
                C("customer_id", "str", "-> customers", nullable=True),
                C("rep_id", "str", "owner -> reps"),
                C("source", "str", nullable=True),
                C("deal_type", "str", "new or existing business", allowed=DEAL_TYPES),
                C(
                    "amount",
                    "float",
                    "in the organisation's currency; missing: the CRM left it blank (unknown, not 0)",
                    nullable=True,
                    min_value=0,
                ),
                C("currency", "str", "ISO 4217 code of the source amount"),
                C("stage", "str", "current canonical stage", allowed=STAGES),
                C("status", "str", allowed=OPPORTUNITY_STATUSES),
                C("probability", "float", "0..1", nullable=True, min_value=0, max_value=1),
                C("created_date", "date"),
                C("expected_close_date", "date", nullable=True),
                C("close_date", "date", "set when won or lost", nullable=True),
            ),
            key=("opportunity_id",),
            doc="Deals. Revenue is the amount of won deals by close date; a deal whose amount is unknown is "
            "left out of every sum of amounts and counted beside it (`won_deals_unknown_amount`, "
            "`open_deals_unknown_amount`).",
            indexes=(("rep_id",),),
        ),
        Table(
            "stage_history",
            (
                C("opportunity_id", "str", "-> opportunities"),
                C("stage", "str", allowed=STAGES),
                C("entered_at", "timestamp"),
            ),
            key=("opportunity_id", "stage", "entered_at"),
            doc="One row each time a deal entered a stage.",
        ),
        Table(
            "activities",
            (
                C("activity_id", "str"),
                C("rep_id", "str", "-> reps"),
                C("activity_type", "str", allowed=ACTIVITY_TYPES),
                C("started_at", "timestamp", "local time"),
                C("duration_seconds", "int", "talk or meeting time", min_value=0),
                C("connected", "bool", "calls: answered", nullable=True),
                C("outcome", "str", "e.g. no_answer, conversation, success", nullable=True),
                C("customer_id", "str", nullable=True),
                C("opportunity_id", "str", nullable=True),
            ),
            key=("activity_id",),
            doc="Calls (each row one dial), meetings, emails and visits.",
            indexes=(("rep_id", "started_at"),),
        ),
        Table(
            "orders",
            (
                C("order_id", "str"),
                C("customer_id", "str"),
                C("rep_id", "str"),
                C("opportunity_id", "str", nullable=True),
                C("order_date", "date"),
                C("amount", "float", min_value=0),
                C("currency", "str"),
            ),
            key=("order_id",),
            doc="Sales orders (booked revenue per customer); used for repeat purchase and CLV.",
        ),
        Table(
            "costs",
            (
                C("team_id", "str"),
                C("month", "date", "first day of the month"),
                C("sales_cost", "float", min_value=0),
                C("marketing_cost", "float", min_value=0),
            ),
            key=("team_id", "month"),
            doc="Sales and marketing spend per team and month (for CAC).",
        ),
        Table(
            "surveys",
            (
                C("survey_id", "str"),
                C("rep_id", "str"),
                C("customer_id", "str", nullable=True),
                C("survey_date", "date"),
                C("csat", "int", "1..5", nullable=True, min_value=1, max_value=5),
                C("nps", "int", "0..10 likelihood to recommend", nullable=True, min_value=0, max_value=10),
            ),
            key=("survey_id",),
            doc="Customer satisfaction surveys.",
        ),
        Table(
            "training_completions",
            (
                C("rep_id", "str"),
                C("module_id", "str", "-> params/training catalog"),
                C("completed_date", "date"),
                C("score", "float", nullable=True, min_value=0, max_value=100),
            ),
            key=("rep_id", "module_id", "completed_date"),
            doc="Training modules completed by reps.",
        ),
        Table(
            "targets",
            (
                C("scope", "str", "rep or team", allowed=TARGET_SCOPES),
                C("scope_id", "str"),
                C("metric", "str", "a KPI name, e.g. revenue"),
                C("month", "date", "first day of the month"),
                C("target", "float", min_value=0),
            ),
            key=("scope", "scope_id", "metric", "month"),
            doc="Monthly targets (quotas); longer periods sum their months.",
        ),
        Table(
            "imports",
            (
                C("import_id", "str"),
                C("file", "str"),
                C("mapping", "str", "the preset or mapping file used"),
                C("module", "str"),
                C("encoding", "str"),
                C("rows_read", "int", min_value=0),
                C("rows_new", "int", min_value=0),
                C("rows_updated", "int", min_value=0),
                C("rows_unchanged", "int", min_value=0),
                C("rows_quarantined", "int", min_value=0),
                C("imported_at", "timestamp", "UTC"),
            ),
            key=("import_id",),
            doc="One row per imported file: rows read = new + updated + unchanged + quarantined.",
        ),
        Table(
            "quarantine",
            (
                C("import_id", "str", "-> imports"),
                C("file_row", "int", "row number in the file (the header is row 1)"),
                C("source_column", "str", "the column of the file"),
                C("value", "str", nullable=True),
                C("rule", "str", "e.g. unreadable_date, unknown_owner, duplicate_record"),
                C("reason", "str"),
            ),
            key=("import_id", "file_row", "source_column", "rule"),
            doc="Rows an import could not store, each with the reason; nothing is dropped silently.",
        ),
        Table(
            "coaching_reviews",
            (
                C("rep_id", "str"),
                C("period", "str", "the reviewed period"),
                C("goals", "int", "how many goals the plan gave (rows of coaching_plans)", min_value=0),
                C("given_at", "timestamp", "UTC, when the batch stored it"),
            ),
            key=("rep_id", "period"),
            doc="One row per rep review whose coaching plan is on record, with or without goals: the next "
            "period's follow-through says there is no plan on record only without one.",
        ),
        Table(
            "coaching_plans",
            (
                C("rep_id", "str"),
                C("period", "str", "the reviewed period whose rep review gave the plan, e.g. 2026-10"),
                C("rank", "int", "the goal's place in the plan, 1 first", min_value=1),
                C("goal_period", "str", "the period the goal is for, e.g. 2026-11"),
                C("rule", "str", "-> params/coaching_rules.yaml"),
                C("module", "str", "-> params/training_catalog.yaml"),
                C("metric", "str", "the KPI of the goal"),
                C("higher_is_better", "bool"),
                C("baseline", "float", "the KPI when the plan was given", nullable=True),
                C("target", "float", "the goal the rep agreed to", nullable=True),
                C("goal_kind", "str", "gap, trigger, stretch, ramp or no_benchmark"),
                C("rules_fingerprint", "str", "digest of the coaching rules and catalog that set the goal"),
                C("version", "str", "the salesnb version that set the goal"),
                C("given_at", "timestamp", "UTC, when the batch stored it"),
            ),
            key=("rep_id", "period", "rank"),
            doc="The coaching goals each rep review gave (stored by `salesnb run --reps`); the next "
            "period's follow-through compares against them. Re-rendering a period replaces its plan.",
        ),
        Table(
            "meta",
            (C("key", "str"), C("value", "str")),
            key=("key",),
            doc="Facts about the warehouse: as-of date, currency, how it was built.",
        ),
    ]
}


def describe_markdown() -> str:
    """``docs/data-model.md``, generated from :data:`TABLES` (``make docs`` rewrites it)."""
    lines = [
        "# Data model",
        "",
        "The canonical tables of the warehouse, generated from `salesnb/warehouse/schema.py` by `make docs`",
        "(a test fails when this file and the schema disagree). Every load is validated against these",
        "declarations before anything is written. Dates are local dates of the CRM; amounts are in the",
        "organisation's currency (the `currency` column keeps the source currency).",
        "",
        "Hierarchy: rep → team → region → organisation. `reps.manager_id` is the reporting line.",
        "",
    ]
    for table in TABLES.values():
        lines += [f"## `{table.name}`", "", table.doc, "", f"Key: `{', '.join(table.key)}`", ""]
        lines += ["| column | type | null | allowed | notes |", "|---|---|---|---|---|"]
        for c in table.columns:
            allowed = ", ".join(c.allowed) if c.allowed else ""
            if c.min_value is not None or c.max_value is not None:
                lo = "" if c.min_value is None else f"≥ {c.min_value:g}"
                hi = "" if c.max_value is None else f"≤ {c.max_value:g}"
                allowed = " ".join(x for x in (lo, hi) if x)
            null = "yes" if c.nullable else "no"
            lines.append(f"| `{c.name}` | {DUCKDB_TYPES[c.kind]} | {null} | {allowed} | {c.doc} |")
        lines.append("")
    return "\n".join(lines)
