"""What a section says instead of a chart or a number when an input it needs is absent.

Each section declares the :class:`~salesnb.analysis.inputs.Input` s it needs in :data:`SECTION_NEEDS`
and asks :func:`missing_html` (or :func:`missing_sentence`); when everything is present both return
``""`` and the section shows as before. Otherwise the manager reads one sentence, what is missing and what
that means for the section (``missing.so.<section>``), and the analyst a footnote naming the import that
provides it.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping

from salesnb.analysis.inputs import IMPORT_OF, Availability, Input
from salesnb.text.formatting import kpi_label
from salesnb.text.i18n import tr, trf

#: The inputs each section needs besides deals; its sentence says ``missing.so.<section>``.
SECTION_NEEDS: Mapping[str, tuple[Input, ...]] = {
    "attainment": (Input.TARGETS,),  # an attainment column or chart
    "trend_quota": (Input.TARGETS,),  # the quota line of a trend
    "ranking": (Input.TARGETS,),  # the org and region team ranking (by revenue without)
    "distribution": (Input.TARGETS,),  # reps by attainment band
    "recognition": (Input.TARGETS,),  # the team's awards
    "activity": (Input.ACTIVITIES,),  # the activity scatter and table
    "workload": (Input.ACTIVITIES,),  # the activity half of the workload
    "funnel": (Input.STAGE_HISTORY,),  # stages reached by the deals closed
    "stages": (Input.STAGE_HISTORY,),  # stage conversion, time in stage, the bottleneck
    "customers": (Input.CUSTOMERS,),  # ABC tiers and RFM from orders
    "deal_forecast": (Input.DEALS, Input.DEAL_AMOUNTS),  # an overview's commit and best case
    # the headline's findings: attainment, activity signals and the stage bottleneck rest on these
    "headline": (Input.TARGETS, Input.ACTIVITIES, Input.STAGE_HISTORY),
}


def _sentence(available: Availability, absent: list[Input], section: str, scope: str, language: str,
              values: Mapping[str, object]) -> str:  # fmt: skip
    who = tr(f"missing.scope.{scope}", language)
    parts = [trf(f"missing.{i}", language, scope=who, period=available.period) for i in absent]
    joined = tr("missing.and", language).join(parts)
    then = trf(f"missing.so.{section}", language, **values)
    return trf("missing.sentence", language, missing=joined, consequence=then)


def _html(text: str, absent: list[Input], language: str) -> str:
    note = import_note(absent, language)
    return f'<p class="missing">{html.escape(text)}</p><p class="note">{html.escape(note)}</p>'


def missing_sentence(available: Availability, section: str, scope: str, language: str) -> str:
    """One sentence naming what ``section`` needs and ``available`` lacks, and what that means, for
    ``scope`` (``team``, ``rep``, ``org`` or ``region``); ``""`` when nothing is missing.

    >>> from salesnb.analysis.inputs import Availability, Input
    >>> deals_only = Availability("2018-03", frozenset({Input.DEALS}))
    >>> missing_sentence(deals_only, "attainment", "team", "en")
    'No quotas are loaded for this team in 2018-03, so attainment is not shown.'
    >>> missing_sentence(Availability("2018-03", frozenset(Input)), "attainment", "team", "en")
    ''
    """
    absent = available.missing(SECTION_NEEDS[section])
    return _sentence(available, absent, section, scope, language, {}) if absent else ""


def missing_html(available: Availability, section: str, scope: str, language: str) -> str:
    """:func:`missing_sentence` as a paragraph with the import's footnote, escaped; ``""`` when nothing
    is missing."""
    text = missing_sentence(available, section, scope, language)
    return _html(text, available.missing(SECTION_NEEDS[section]), language) if text else ""


def import_note(inputs: Iterable[Input], language: str) -> str:
    """The analyst's footnote: which import provides ``inputs``.

    >>> from salesnb.analysis.inputs import Input
    >>> import_note([Input.TARGETS], "en")
    'For the analyst: targets provides this (salesnb ingest with a mapping of that module).'
    """
    modules = list(dict.fromkeys(IMPORT_OF[i] for i in inputs))
    key = "missing.import" if len(modules) == 1 else "missing.import_many"
    return trf(key, language, modules=", ".join(modules))


def kpi_notes_html(available: Availability, kpis: Iterable[str], scope: str, language: str) -> str:
    """Below a table of ``kpis``: per absent input, one sentence naming the KPIs it leaves unknown (shown
    as "–"), with the import's footnote; ``""`` when every KPI can be computed."""
    unknown: dict[Input, list[str]] = {}
    for kpi in kpis:
        for i in available.kpi_missing(kpi):
            unknown.setdefault(i, []).append(kpi_label(kpi, language))
    joined = {i: tr("missing.list", language).join(labels) for i, labels in unknown.items()}
    sentences = {
        i: _sentence(available, [i], "kpis", scope, language, {"kpis": j}) for i, j in joined.items()
    }
    return "".join(_html(text, [i], language) for i, text in sentences.items())


def nothing_to_chart_html(language: str, unknown_amounts: float = 0.0) -> str:
    """What replaces a chart whose every value is zero: when ``unknown_amounts`` won deals lack an amount
    (so revenue is 0 beside their count), it says that rather than that nothing happened.

    >>> nothing_to_chart_html("en", 146.0)
    '<p class="missing">No chart: the 146 won deals of these periods have no amount in the export.</p>'
    """
    if unknown_amounts and unknown_amounts == unknown_amounts:  # neither 0 nor NaN
        text = trf("chart.no_amounts", language, n=f"{int(unknown_amounts):,}")
        return f'<p class="missing">{html.escape(text)}</p>'
    return f'<p class="missing">{html.escape(tr("chart.nothing", language))}</p>'
