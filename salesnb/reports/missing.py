"""What a section says instead of a chart or a number when an input it needs is absent.

Each section declares the :class:`~salesnb.analysis.inputs.Input` s it needs and asks
:func:`missing_html` (or :func:`missing_sentence`); when everything is present both return ``""`` and the
section shows as before. Otherwise the manager reads one sentence, what is missing and what that means
for the section, and the analyst a footnote naming the import that provides it.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from salesnb.analysis.inputs import IMPORT_OF, Availability, Input
from salesnb.text.formatting import kpi_label
from salesnb.text.i18n import tr, trf


def missing_sentence(
    available: Availability,
    needs: Iterable[Input],
    consequence: str,
    scope: str,
    language: str,
    **values: object,
) -> str:
    """One sentence naming the absent ones of ``needs`` and what that means (``missing.so.<consequence>``
    filled with ``values``) for ``scope`` (``team``, ``rep``, ``org`` or ``region``); ``""`` when nothing
    is missing.

    >>> from salesnb.analysis.inputs import Availability, Input
    >>> a = Availability("2018-03", frozenset({Input.DEALS}))
    >>> missing_sentence(a, [Input.TARGETS], "attainment", "team", "en")
    'No quotas are loaded for this team in 2018-03, so attainment is not shown.'
    >>> missing_sentence(a, [Input.DEALS], "attainment", "team", "en")
    ''
    """
    absent = available.missing(needs)
    if not absent:
        return ""
    who = tr(f"missing.scope.{scope}", language)
    parts = [trf(f"missing.{i}", language, scope=who, period=available.period) for i in absent]
    joined = tr("missing.and", language).join(parts)
    then = trf(f"missing.so.{consequence}", language, **values)
    return trf("missing.sentence", language, missing=joined, consequence=then)


def import_note(inputs: Iterable[Input], language: str) -> str:
    """The analyst's footnote: which import provides ``inputs``.

    >>> from salesnb.analysis.inputs import Input
    >>> import_note([Input.TARGETS], "en")
    'For the analyst: targets provides this (salesnb ingest with a mapping of that module).'
    """
    modules = list(dict.fromkeys(IMPORT_OF[i] for i in inputs))
    key = "missing.import" if len(modules) == 1 else "missing.import_many"
    return trf(key, language, modules=", ".join(modules))


def missing_html(
    available: Availability,
    needs: Iterable[Input],
    consequence: str,
    scope: str,
    language: str,
    **values: object,
) -> str:
    """:func:`missing_sentence` as a paragraph with the import's footnote, escaped; ``""`` when nothing
    is missing."""
    needs = list(needs)
    text = missing_sentence(available, needs, consequence, scope, language, **values)
    if not text:
        return ""
    note = import_note(available.missing(needs), language)
    return f'<p class="missing">{html.escape(text)}</p><p class="note">{html.escape(note)}</p>'


def kpi_notes_html(available: Availability, kpis: Iterable[str], scope: str, language: str) -> str:
    """Below a table of ``kpis``: per absent input, one sentence naming the KPIs it leaves unknown (shown
    as "–"), with the import's footnote; ``""`` when every KPI can be computed."""
    unknown: dict[Input, list[str]] = {}
    for kpi in kpis:
        for i in available.kpi_missing(kpi):
            unknown.setdefault(i, []).append(kpi_label(kpi, language))
    return "".join(
        missing_html(available, [i], "kpis", scope, language, kpis=", ".join(labels))
        for i, labels in unknown.items()
    )


def nothing_to_chart_html(language: str) -> str:
    """What replaces a chart whose every value is zero."""
    return f'<p class="missing">{html.escape(tr("chart.nothing", language))}</p>'
