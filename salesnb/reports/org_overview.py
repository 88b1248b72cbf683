"""The organisation overview's sections, each displayed by one call from ``notebooks/org_overview.ipynb``."""

from __future__ import annotations

import html

import pandas as pd

from salesnb import charts
from salesnb.analysis.inputs import Availability, Input, blank_unknown_columns
from salesnb.kpis.sets import ORG_RANKING
from salesnb.reports.display import section, show_figure, show_html, show_title
from salesnb.reports.missing import missing_html
from salesnb.reports.org_outlook import not_rendered_note, review_link
from salesnb.reviews.org import BAND_KEYS, HEADLINE_KPIS, OrgOverview
from salesnb.text import formatting
from salesnb.text.formatting import format_change, format_value, html_table, kpi_label, unit_of
from salesnb.text.i18n import tr, trf


def _title(o: OrgOverview) -> str:
    scope = o.scope_name if o.scope_id != "org" else tr("organisation", o.language)
    return f"{tr('org_overview', o.language)} · {scope} · {o.period.label}"


def show_header(o: OrgOverview) -> None:
    """Title and the headline: revenue against quota and attainment for the whole scope."""
    lang, cur = o.language, o.currency
    facts = [f"{tr('period', lang)}: {o.period.label}", f"{tr('teams', lang)}: {len(o.teams)}"]
    if len(o.total):
        revenue = format_value(o.total["revenue"], "currency", cur)
        unknown = o.total.get("won_deals_unknown_amount", 0)
        revenue = formatting.with_left_out(revenue, "revenue", unknown, lang)
        facts.append(f"{kpi_label('revenue', lang)}: {revenue}")
        if o.inputs.has(Input.TARGETS):  # no quota line and no attainment of nothing
            attainment = format_value(o.total["quota_attainment"], "ratio")
            facts += [
                f"{kpi_label('quota', lang)}: {format_value(o.total['quota'], 'currency', cur)}",
                f"{kpi_label('quota_attainment', lang)}: {attainment}",
            ]
        for kpi in HEADLINE_KPIS:  # shown when known: a conversion without leads is not 0 %
            if pd.notna(o.total.get(kpi)):
                facts.append(f"{kpi_label(kpi, lang)}: {format_value(o.total[kpi], unit_of(kpi), cur)}")
        facts.append(f"{kpi_label('headcount', lang)}: {format_value(o.total['headcount'], 'count')}")
    facts.append(f"{tr('currency', lang)}: {cur}")
    if o.as_of:
        facts.append(f"{tr('data_as_of', lang)}: {o.as_of}")
    show_title(_title(o), facts)


def _scope(o: OrgOverview) -> str:
    return "org" if o.scope_id == "org" else "region"


def _kpi_cells(frame: pd.DataFrame, lang: str, cur: str, available: Availability) -> dict[str, list[str]]:
    frame = blank_unknown_columns(frame, available)  # a quota of 0 where none is loaded: unknown
    cells = {}
    for kpi in ORG_RANKING.columns:
        texts = [format_value(v, unit_of(kpi), cur) for v in frame[kpi]]
        cells[kpi_label(kpi, lang)] = formatting.with_left_out_column(texts, frame, kpi, lang)
    cells[tr("attainment_change", lang)] = [
        format_change(v, None, "ratio", lang) for v in frame["attainment_change"]
    ]
    return cells


def regions_frame(o: OrgOverview) -> pd.DataFrame:
    lang = o.language
    return pd.DataFrame(
        {tr("region", lang): o.regions["region_name"], **_kpi_cells(o.regions, lang, o.currency, o.inputs)}
    )


def show_regions(o: OrgOverview) -> None:
    """Region roll-ups (organisation scope only)."""
    if o.regions.empty:
        return
    frame = regions_frame(o)
    show_html(
        section("regions", o.language, "regions_intro") + html_table(frame, numeric=list(frame.columns[1:]))
    )


def ranking_frame(o: OrgOverview) -> pd.DataFrame:
    lang = o.language
    t = o.teams
    return pd.DataFrame(
        {
            tr("rank", lang): t["rank"].astype(str),
            tr("team", lang): t["name"],
            tr("region", lang): t["region_name"],
            tr("team_type", lang): [tr(f"type.{v}", lang) for v in t["team_type"]],
            **_kpi_cells(t, lang, o.currency, o.inputs),
        }
    )


def show_ranking(o: OrgOverview) -> None:
    lang = o.language
    show_html(
        section("ranking", lang, "ranking_intro" if o.ranked_by != "revenue" else "ranking_intro_revenue")
    )
    if o.ranked_by == "revenue":  # no quotas: the ranking by revenue, saying so
        show_html(missing_html(o.inputs, "ranking", _scope(o), lang))
        unknown = o.teams["won_deals_unknown_amount"].fillna(0).sum()
        if charts.anything_to_draw(o.teams["revenue"]):
            show_figure(charts.plot_team_revenue(o.teams, lang, o.currency))
        elif unknown:  # won deals whose amounts the export lacks: what is known is still listed
            show_html(f"<p>{html.escape(trf('ranking.no_amounts', lang, n=f'{int(unknown):,}'))}</p>")
        else:
            show_html(html.escape(tr("no_data", lang)))
            return
    elif o.teams["quota_attainment"].isna().all():
        show_html(html.escape(tr("no_data", lang)))
        return
    else:
        show_figure(charts.plot_team_ranking(o.teams, lang))
    frame = ranking_frame(o)
    review = tr("outlook.review", lang)
    frame[review] = [review_link(o, str(t)) for t in o.teams["team_id"]]
    numeric = [frame.columns[0], *frame.columns[4:-1]]
    show_html(html_table(frame, numeric=numeric, markup=[review]) + not_rendered_note(o))


def _names(o: OrgOverview) -> dict[str, str]:
    names = dict(zip(o.teams["team_id"], o.teams["name"], strict=True))
    names["__total__"] = tr("total", o.language)
    return names


def distribution_frame(o: OrgOverview) -> pd.DataFrame:
    lang = o.language
    d = o.distribution
    out = pd.DataFrame({tr("team", lang): d["team_id"].map(_names(o))})
    for key in BAND_KEYS:
        out[tr(f"band.{key}", lang)] = d[key].map(lambda v: format_value(v, "count"))
    out[tr("reps_with_quota", lang)] = d["reps"].map(lambda v: format_value(v, "count"))
    return out


def show_distribution(o: OrgOverview) -> None:
    lang = o.language
    show_html(section("distribution", lang, "distribution_intro"))
    missing = missing_html(o.inputs, "distribution", _scope(o), lang)
    if missing:
        show_html(missing)
        return
    teams_only = o.distribution[o.distribution["team_id"] != "__total__"]
    if teams_only["reps"].sum() == 0:
        show_html(html.escape(tr("no_data", lang)))
        return
    show_figure(charts.plot_attainment_bands(teams_only.drop(columns="reps"), _names(o), lang))
    frame = distribution_frame(o)
    show_html(html_table(frame, numeric=list(frame.columns[1:])))


def managers_frame(o: OrgOverview) -> pd.DataFrame:
    lang = o.language
    m = o.managers
    return pd.DataFrame(
        {
            tr("team", lang): m["team_name"],
            tr("manager", lang): m["manager"],
            kpi_label("quota_attainment", lang): m["team_attainment"].map(lambda v: format_value(v, "ratio")),
            tr("reps_on_target", lang): [
                f"{a} / {b}" for a, b in zip(m["reps_on_target"], m["reps_with_quota"], strict=True)
            ],
            tr("share_on_target", lang): m["share_on_target"].map(lambda v: format_value(v, "ratio")),
            tr("median_rep_attainment", lang): m["median_rep_attainment"].map(
                lambda v: format_value(v, "ratio")
            ),
            tr("reps_improving", lang): [
                f"{a} / {b}" for a, b in zip(m["reps_improving"], m["reps_compared"], strict=True)
            ],
            tr("median_attainment_change", lang): m["median_attainment_change"].map(
                lambda v: format_change(v, None, "ratio", lang)
            ),
        }
    )


def show_managers(o: OrgOverview) -> None:
    lang = o.language
    show_html(section("managers", lang, "managers_intro"))
    if o.managers.empty:
        show_html(html.escape(tr("no_data", lang)))
        return
    frame = managers_frame(o)
    missing = missing_html(o.inputs, "attainment", _scope(o), lang)
    show_html(html_table(frame, numeric=list(frame.columns[2:])) + missing)
    if not o.on_target_trend.empty:
        show_figure(charts.plot_on_target_trend(o.on_target_trend, _names(o), lang))
