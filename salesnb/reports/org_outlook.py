"""The leaders' sections of the org and region overviews: goal progress, the forecast roll-up and the top
risks (:mod:`salesnb.reviews.outlook`), each team row linking to the team's review where the run has one.

An overview is read by a region's managers or the whole leadership: it shows team, region and
organisation figures and no rep's (a risk about reps says how many, never who; the review linked says).
"""

from __future__ import annotations

import html
import math
import os
from pathlib import Path

import pandas as pd

from salesnb.analysis.forecast import UNRELIABLE_WAPE
from salesnb.periods import Period
from salesnb.reports.display import paragraph, section, show_html
from salesnb.reports.findings import describe
from salesnb.reports.goal_notes import audit_word, target_text
from salesnb.reports.kinds import ORG_OVERVIEW, TEAM_REVIEW, Scope
from salesnb.reports.missing import SECTION_NEEDS, missing_html
from salesnb.reports.team_review.outlook import rounded
from salesnb.reviews.org import OrgOverview
from salesnb.reviews.rollup import TOP_RISKS
from salesnb.text.formatting import format_value, html_table, kpi_label
from salesnb.text.i18n import tr, trf


def team_review_href(team_id: str, period: str) -> str:
    """The team's review relative to the overviews' folder, both where their kinds write them.

    >>> team_review_href("bj-field", "2026-11")
    '../bj-field/team_review.html'
    """
    root, the_period = Path("/reports"), Period.parse(period)  # any root: the link is relative
    home = ORG_OVERVIEW.folder(root, the_period, Scope(""))
    folder, stem = TEAM_REVIEW.output(root, the_period, Scope("", team=team_id))
    return Path(os.path.relpath(folder / f"{stem}.html", home)).as_posix()


def review_link(o: OrgOverview, team_id: str) -> str:
    """A link to the team's review when the run renders it, else "not rendered" (never a dead link)."""
    if team_id not in o.team_reviews:
        return html.escape(tr("outlook.not_rendered", o.language))
    href = html.escape(team_review_href(team_id, o.period.label))
    return f'<a href="{href}">{html.escape(tr("outlook.open_review", o.language))}</a>'


def not_rendered_note(o: OrgOverview) -> str:
    """What "not rendered" means and the command that renders those reviews ("" when every team has one)."""
    missing = [t for t in o.teams["team_id"] if t not in o.team_reviews]
    if not missing:
        return ""
    command = f"salesnb run --period {o.period.label} --org " + " ".join(f"--team {t}" for t in missing)
    return paragraph(trf("outlook.not_rendered_note", o.language, command=command))


def _unit_names(o: OrgOverview) -> dict[str, str]:
    """Display names of the roll-up's units: teams, regions, the total."""
    names = dict(zip(o.teams["team_id"], o.teams["name"], strict=True))
    regions = o.teams.drop_duplicates("region_id").set_index("region_id")["region_name"]
    names |= {r: trf("region_unit", o.language, name=n) for r, n in regions.items()}
    names["total"] = tr("total", o.language)
    return names


def _units(o: OrgOverview, frame: pd.DataFrame) -> pd.DataFrame:
    """The roll-up's rows in reading order: teams as ranked, then regions (organisation scope only: a
    region overview's one region is its total), then the total."""
    order = {t: i for i, t in enumerate(o.teams["team_id"])}
    teams = frame[frame["level"] == "team"].assign(_o=lambda f: f["team_id"].map(order)).sort_values("_o")
    regions = frame[frame["level"] == "region"] if o.scope_id == "org" else frame.iloc[0:0]
    return pd.concat([teams.drop(columns="_o"), regions, frame[frame["level"] == "total"]], ignore_index=True)


def _links(o: OrgOverview, rows: pd.DataFrame) -> list[str]:
    pairs = zip(rows["unit_id"], rows["level"], strict=True)
    return [review_link(o, str(u)) if level == "team" else "" for u, level in pairs]


# ------------------------------------------------------------------------------------------- goals
def goals_frame(o: OrgOverview) -> pd.DataFrame:
    """Goal counts per team, region and total with the quota attainment of each (as the ranking shows)."""
    lang = o.language
    g = _units(o, o.outlook.goals)
    attainment = dict(zip(o.teams["team_id"], o.teams["quota_attainment"], strict=True))
    if not o.regions.empty:
        attainment |= dict(zip(o.regions["region_id"], o.regions["quota_attainment"], strict=True))
    attainment["total"] = o.total.get("quota_attainment", math.nan) if len(o.total) else math.nan
    if o.scope_id != "org":
        attainment[o.scope_id] = attainment["total"]
    count = lambda v: format_value(v, "count")  # noqa: E731
    return pd.DataFrame(
        {
            tr("outlook.unit", lang): g["unit_id"].map(_unit_names(o)),
            tr("outlook.goal_results", lang): g["goals"].map(count),
            tr("status.met", lang).capitalize(): g["met"].map(count),
            tr("status.missed", lang).capitalize(): g["missed"].map(count),
            tr("outlook.pending", lang): [
                trf("outlook.pending_cell", lang, n=int(n), short=int(s)) if s else count(n)
                for n, s in zip(g["pending"], g["pending_short"], strict=True)
            ],
            tr("outlook.no_data", lang): g["no_data"].map(count),
            tr("outlook.not_tracked", lang): g["not_tracked"].map(count),
            tr("outlook.flagged", lang): g["flagged"].map(count),
            kpi_label("quota_attainment", lang): [
                format_value(attainment.get(u, math.nan), "ratio") for u in g["unit_id"]
            ],
            tr("outlook.review", lang): _links(o, g),
        }
    )


def goal_list_frame(o: OrgOverview) -> pd.DataFrame:
    """One row per goal of each team: its target, actual (projection while pending), status and audit; a
    goal held per rep (a level goal) says how many reps met it, naming none."""
    lang, cur = o.language, o.currency
    names = _unit_names(o)
    rows = []
    for team_id in o.teams["team_id"]:
        progress = o.outlook.goal_rows.get(team_id)
        if progress is None:
            continue
        for goal_id, group in progress.groupby("goal_id", sort=False):
            first = group.iloc[0]
            if len(group) == 1 and first["scope"] == "team":
                status = tr(f"status.{first['status']}", lang)
                actual = _actual(first, cur)
            else:
                counts = group["status"].value_counts()
                parts = tr("outlook.separator", lang).join(
                    trf("outlook.status_count", lang, n=n, status=tr(f"status.{s}", lang))
                    for s, n in counts.items()
                )
                key = "outlook.per_rep" if len(group) > 1 else "outlook.per_one_rep"
                status = trf(key, lang, n=len(group), counts=parts)
                actual = "–"
            rows.append(
                {
                    tr("team", lang): names.get(team_id, team_id),
                    tr("outlook.goal", lang): str(goal_id),
                    tr("outlook.goal_period", lang): str(first["period"]) or "–",
                    tr("outlook.target", lang): target_text(first, cur),
                    tr("outlook.actual", lang): actual,
                    tr("outlook.status", lang): status,
                    tr("outlook.audit", lang): audit_word(str(first["audit"]), lang),
                }
            )
    return pd.DataFrame(rows)


def _actual(row: pd.Series, currency: str) -> str:
    actual = format_value(row["actual"], row["unit"], currency)
    pending = row["status"] in ("on_track", "at_risk", "behind")
    if pending and pd.notna(row["projection"]) and row["projection"] != row["actual"]:
        return f"{actual} ({format_value(row['projection'], row['unit'], currency)})"
    return actual


def pending_note(o: OrgOverview) -> str:
    """How many results are pending and the periods that have not ended ("" when none)."""
    pending = [
        r
        for rows in o.outlook.goal_rows.values()
        for r in rows.itertuples(index=False)
        if r.status in ("on_track", "at_risk", "behind", "not_started")
    ]
    if not pending:
        return ""
    periods = ", ".join(sorted({str(r.period) for r in pending}))
    return trf("outlook.pending_note", o.language, n=len(pending), periods=periods, as_of=o.as_of)


def show_goals(o: OrgOverview) -> None:
    lang = o.language
    show_html(section("outlook.goals", lang, "outlook.goals_intro"))
    if not o.outlook.has_goals:
        show_html(paragraph(tr("outlook.no_goals", lang)))
        return
    frame = goals_frame(o)
    body = html_table(frame, numeric=list(frame.columns[1:-1]), markup=[frame.columns[-1]])
    note = pending_note(o)
    body += paragraph(note) if note else ""
    goals = goal_list_frame(o)
    if len(goals):
        body += f"<h3>{html.escape(tr('outlook.goal_list', lang))}</h3>" + html_table(goals)
    show_html(body)


# ---------------------------------------------------------------------------------------- forecast
def forecast_frame(o: OrgOverview) -> pd.DataFrame:
    """Each team's, region's and the total's forecast, range, reliability, commit and best case; commit and
    best case unknown ("–") when the scope's deals or their amounts are not loaded."""
    lang, cur = o.language, o.currency
    f = _units(o, o.outlook.forecast)
    deals_known = not o.inputs.missing(SECTION_NEEDS["deal_forecast"])
    rows = []
    for r in f.itertuples(index=False):
        team = r.level == "team"
        if math.isnan(r.forecast):
            key = "outlook.reason.untested" if r.reason == "untested" else f"forecast.reason.{r.reason}"
            reason = tr(key, lang) if team and r.reason else ""
            value = trf("outlook.no_forecast", lang, reason=reason) if reason else "–"
        else:
            value = rounded(r.forecast, r.step, cur)
        span = "–"
        if math.isfinite(r.low) and math.isfinite(r.high):
            span = f"{rounded(r.low, r.step, cur)} – {rounded(r.high, r.step, cur)}"
        if team:
            reliability = (
                tr("forecast.unreliable" if r.unreliable else "forecast.usable", lang)
                if math.isfinite(r.wape)
                else "–"
            )
        else:
            n, of = int(r.unreliable_teams), int(r.teams_forecast)
            reliability = (
                trf("outlook.unreliable_teams", lang, n=n, of=of) if n else tr("outlook.reliable_teams", lang)
            )
        rows.append(
            {
                tr("outlook.unit", lang): _unit_names(o).get(str(r.unit_id), str(r.unit_id)),
                tr("outlook.method", lang): tr(f"method.{r.method}", lang) if team and r.method else "–",
                trf("outlook.forecast_value", lang, period=o.outlook.forecast_period): value,
                tr("outlook.range", lang): span,
                tr("outlook.error", lang): format_value(r.wape, "ratio") if team else "–",
                tr("outlook.reliability", lang): reliability,
                tr("outlook.commit", lang): format_value(
                    r.commit if deals_known else math.nan, "currency", cur
                ),
                tr("outlook.best_case", lang): format_value(
                    r.best_case if deals_known else math.nan, "currency", cur
                ),
                tr("outlook.teams_forecast", lang): ""
                if team
                else f"{int(r.teams_forecast)} / {int(r.teams)}",
                tr("outlook.review", lang): review_link(o, str(r.unit_id)) if team else "",
            }
        )
    return pd.DataFrame(rows)


def partial_notes(o: OrgOverview) -> list[str]:
    """One sentence per region or total that sums fewer teams than it holds."""
    f = _units(o, o.outlook.forecast)
    short = f[(f["level"] != "team") & (f["teams_forecast"] < f["teams"])]
    names = _unit_names(o)
    return [
        trf("outlook.partial", o.language, unit=names[str(u)], n=int(n), of=int(of))
        for u, n, of in zip(short["unit_id"], short["teams_forecast"], short["teams"], strict=True)
    ]


def show_forecast(o: OrgOverview) -> None:
    lang = o.language
    intro = trf("outlook.forecast_intro", lang, period=o.outlook.forecast_period)
    show_html(
        f"<h2>{html.escape(tr('outlook.forecast', lang))}</h2>" + f'<p class="intro">{html.escape(intro)}</p>'
    )
    if o.outlook.forecast.empty:
        show_html(paragraph(tr("no_data", lang)))
        return
    frame = forecast_frame(o)
    notes = [
        *partial_notes(o),
        trf("outlook.unreliable_note", lang, threshold=format_value(UNRELIABLE_WAPE, "ratio")),
    ]
    body = html_table(frame, numeric=list(frame.columns[2:-1]), markup=[frame.columns[-1]])
    missing = missing_html(o.inputs, "deal_forecast", "org" if o.scope_id == "org" else "region", lang)
    show_html(body + missing + "".join(paragraph(n) for n in notes))


# ------------------------------------------------------------------------------------------- risks
def risk_text(o: OrgOverview, entry: pd.Series) -> str:
    """What an entry is: a team risk's evidence; for risks about reps how many (naming none); for stalled
    deals how many and how much."""
    lang, cur = o.language, o.currency
    if entry["kind"] == "stalled_deal":
        return trf(
            "outlook.stalled_deals",
            lang,
            n=int(entry["n"]),
            amount=format_value(entry["amount"], "currency", cur),
        )
    if entry["about_reps"]:
        n = int(entry["n"])
        return tr("outlook.one_rep", lang) if n == 1 else trf("outlook.reps_affected", lang, n=n)
    if entry["risk"] is not None:
        return describe(entry["risk"], lang, cur, o.outlook.names)
    return format_value(entry["n"], "count")


def top_risks_frame(o: OrgOverview, limit: int = TOP_RISKS) -> pd.DataFrame:
    lang = o.language
    names = _unit_names(o)
    rows = []
    for i, entry in o.outlook.risks.head(limit).iterrows():
        rows.append(
            {
                "#": str(i + 1),
                tr("severity", lang): tr(f"severity.{entry['severity']}", lang),
                tr("team", lang): names.get(entry["team_id"], entry["team_id"]),
                tr("risk", lang): tr(f"risk.{entry['kind']}", lang),
                tr("outlook.what", lang): risk_text(o, entry),
                tr("outlook.review", lang): review_link(o, str(entry["team_id"])),
            }
        )
    return pd.DataFrame(rows)


def risk_counts_frame(o: OrgOverview) -> pd.DataFrame:
    lang = o.language
    counts = o.outlook.risk_counts.set_index("team_id").reindex(o.teams["team_id"])
    count = lambda v: format_value(v, "count")  # noqa: E731
    return pd.DataFrame(
        {
            tr("team", lang): o.teams["name"].to_numpy(),
            tr("severity.high", lang): counts["high"].map(count).to_numpy(),
            tr("severity.medium", lang): counts["medium"].map(count).to_numpy(),
            tr("severity.low", lang): counts["low"].map(count).to_numpy(),
            tr("outlook.total_risks", lang): counts["total"].map(count).to_numpy(),
            tr("outlook.review", lang): [review_link(o, str(t)) for t in o.teams["team_id"]],
        }
    )


def show_top_risks(o: OrgOverview) -> None:
    lang = o.language
    show_html(section("outlook.risks", lang, "outlook.risks_intro"))
    if o.outlook.risks.empty:
        show_html(paragraph(tr("outlook.none", lang)))
        return
    top = top_risks_frame(o)
    body = html_table(top, numeric=["#"], markup=[top.columns[-1]])
    more = len(o.outlook.risks) - len(top)
    body += paragraph(trf("outlook.more_risks", lang, n=more)) if more > 0 else ""
    counts = risk_counts_frame(o)
    body += f"<h3>{html.escape(tr('outlook.risk_counts', lang))}</h3>"
    body += html_table(counts, numeric=list(counts.columns[1:-1]), markup=[counts.columns[-1]])
    show_html(body)
