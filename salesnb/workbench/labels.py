"""Every piece of text the workbench itself shows, in one place.

The workbench is the analyst's tool, so its own words are English; KPI, stage and level names come from
the reports' string tables (:mod:`salesnb.text.i18n`) in the workbench's language, so a KPI reads the
same in the workbench as in the reports.
"""

from __future__ import annotations

LABELS: dict[str, str] = {
    # selection
    "title": "Sales workbench",
    "region": "Region",
    "team": "Team",
    "rep": "Rep",
    "period": "Period",
    "all_regions": "All regions",
    "all_teams": "All teams",
    "all_reps": "All reps",
    "organisation": "Organisation",
    "facts": "{scope} · {period} · currency {currency} · data as of {as_of}",
    # tabs
    "tab.overview": "Overview",
    "tab.whatif": "What-if",
    "tab.goals": "Goal audit",
    "tab.rules": "Coaching rules",
    "tab.drill": "Drill-down",
    "tab.render": "Render report",
    # overview
    "kpis": "KPIs",
    "trend": "Trend",
    "comparison": "Comparison",
    "funnel": "Funnel",
    "col.kpi": "KPI",
    "col.value": "Value",
    "col.previous": "Previous period",
    "col.change": "Change",
    "col.name": "Name",
    "col.level": "Level",
    "col.team": "Team",
    "col.stage": "Stage",
    "col.deals": "Deals",
    "col.step": "Step conversion",
    "col.from_start": "From start",
    "no_data": "No data for this selection and period.",
    # what-if
    "whatif.quota": "Quota",
    "whatif.quota_rep": "Quota of the rep ({currency})",
    "whatif.quota_team": "Quota of the team ({currency})",
    "whatif.reset": "Reset what-ifs",
    "whatif.plan": "Plan",
    "whatif.tier": "Tier",
    "whatif.rate": "Rate (%)",
    "whatif.from": "From attainment (%)",
    "whatif.intro": (
        "Change the quota of the chosen rep (or of the team when no rep is chosen) or a tier of a commission "
        "plan: attainment, pacing and payout are recomputed for every rep of the team. A team quota scales "
        "each rep's quota by the same factor; goal bonuses keep the status the report shows."
    ),
    "whatif.need_team": "Pick a team (and optionally a rep) to try a quota or a commission tier.",
    "whatif.active": "Active what-ifs: {items}",
    "whatif.none": "No what-if is active: the numbers are the warehouse's.",
    "whatif.quota_item": "quota of {who} {old} → {new}",
    "whatif.tier_item": "plan {plan} tier {tier}: from {start}, rate {rate}",
    "whatif.team_row": "Team total",
    "whatif.pacing_note": "Pacing: {elapsed} of {total} working days elapsed on {as_of}.",
    "col.plan": "Plan",
    "col.revenue": "Revenue",
    "col.quota": "Quota",
    "col.quota_new": "Quota (what-if)",
    "col.attainment": "Attainment",
    "col.attainment_new": "Attainment (what-if)",
    "col.pacing": "Pacing",
    "col.pacing_new": "Pacing (what-if)",
    "col.projection": "Projection",
    "col.payout": "Payout",
    "col.payout_new": "Payout (what-if)",
    "col.payout_change": "Payout change",
    "col.tier": "Tier",
    "col.kind": "Kind",
    "col.from": "From attainment",
    "col.rate": "Rate",
    "plan_in_force": "Plan {plan} ({method}, basis {basis}{cap})",
    "status.no_quota": "no quota",
    # goals
    "goals.goal": "Goal",
    "goals.target": "Target",
    "goals.intro": (
        "Pick a goal of params/goals.yaml and change its target: the SMART audit (salesnb goals check) "
        "judges it again against the warehouse's history."
    ),
    "goals.none": "No goal of params/goals.yaml concerns this selection.",
    "goals.summary": "{goal} ({metric}, {scope}, {period}): target {target} — {verdict}",
    "goals.passes": "passes the SMART audit",
    "goals.fails": "fails {props}",
    "goals.numbers": "Last complete period {baseline}; history suggests {suggested}.",
    "col.property": "Property",
    "col.verdict": "Verdict",
    "col.reasons": "Why",
    # coaching rules
    "rules.rule": "Rule",
    "rules.threshold": "Threshold",
    "rules.intro": (
        "Pick a rule of params/coaching_rules.yaml and move its threshold: the table lists the reps of the "
        "selection it flags in the period, against the threshold in force."
    ),
    "rules.condition": (
        "{rule}: {condition} → module {module}. Threshold {name}: file {default}, now {value}."
    ),
    "rules.count": "Flagged: {now} rep(s) at the new threshold, {before} at the file's.",
    "rules.none": "No rep of the selection is flagged at either threshold.",
    "rules.no_rules": "No coaching rules (params/coaching_rules.yaml and params/training_catalog.yaml).",
    "rules.summary": "Every rule at the file's thresholds",
    "col.condition": "Condition",
    "col.module": "Module",
    "col.flagged": "Reps flagged",
    "col.reps": "Who",
    "col.metric": "Metric",
    "col.benchmark": "Benchmark",
    "col.gap": "Gap",
    "col.flag": "Flag",
    "flag.both": "flagged",
    "flag.new": "newly flagged",
    "flag.dropped": "no longer flagged",
    # drill-down
    "drill.intro": "The team's reps; pick a rep above to drill down to their deals and activities.",
    "drill.need_team": "Pick a team to drill down.",
    "drill.deals": "Deals of {rep} closed in {period} or open at its end",
    "drill.activities": "The {n} latest activities of {rep} in {period}",
    "drill.summary": "Activities of {rep} in {period} by type",
    "col.deal": "Deal",
    "col.customer": "Customer",
    "col.status": "Status",
    "col.amount": "Amount",
    "col.created": "Created",
    "col.closed": "Closed",
    "col.started": "Started",
    "col.type": "Type",
    "col.minutes": "Minutes",
    "col.connected": "Connected",
    "col.outcome": "Outcome",
    "col.activities": "Activities",
    "col.talk_hours": "Talk hours",
    "col.after_hours": "After hours",
    # render
    "render.button": "Render report",
    "render.intro": (
        "Renders the chosen rep's review (with no rep chosen, the team's review) for the chosen period with "
        "papermill, exactly as `salesnb run --team TEAM --period PERIOD` does, into the reports folder "
        "({root}), and links to it."
    ),
    "render.will": "The button renders: {what}.",
    "render.team_review": "the team review of {team}",
    "render.rep_review": "the rep review of {rep}",
    "render.rep_note": (
        "{rep} has no rep review in the batch for this period: rendering {team}'s team review."
    ),
    "render.need_team": "Pick a team to render its report.",
    "render.running": "Rendering {team} {period}…",
    "render.ok": "Rendered in {seconds:.1f} s: {link}",
    "render.failed": "Rendering failed: {error} (log: {log})",
    # static snapshot
    "static.title": "Snapshot of the current selection (static HTML and PNG: what papermill and nbval show)",
}

#: Words for the pacing and goal statuses (as the reports' string table has them in English).
STATUS = {
    "met": "met",
    "missed": "missed",
    "on_track": "on track",
    "at_risk": "at risk",
    "behind": "behind",
    "not_started": "not started",
    "no_data": "no data yet",
    "no_quota": "no quota",
}


def label(key: str, **values: object) -> str:
    """The text of ``key``, with its ``{placeholders}`` filled; an unknown key is an error."""
    try:
        text = LABELS[key]
    except KeyError:
        raise KeyError(f"no workbench label {key!r}") from None
    return text.format(**values) if values else text
