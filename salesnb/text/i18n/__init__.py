"""Every word a report shows, in English and Chinese, looked up in one place: this package.

Each module holds one table of strings (``common`` for the report frame and charts, ``analysis`` for the
team review's analysis sentences, ``rep`` for the rep review and coaching plan, ``commission`` for its
commission statement, ``goals`` for the goals tables' audit and pay notes, ``delivery`` for an audience's own page,
``signals`` for what is said about each kind of signal and risk in either review, ``leaders`` for the org and
region overviews' goals, forecast and risks, ``headline`` for the headline block that opens every review,
``inputs`` for what a section says when an input it needs is missing; ``charts`` for the charts' status
words and descriptions;
``kpis`` holds the KPI labels, which the KPI catalog declares with each KPI); they are merged into
:data:`STRINGS`, and a key defined twice is an error at import. ``tr(key, language)`` looks a string up,
``trf`` fills its ``{placeholders}``; a missing key or language is an error rather than a silent
fallback, and ``tests/unit/test_reports.py`` checks both languages have every key.
"""

from __future__ import annotations

from salesnb.errors import ParameterError
from salesnb.text.i18n import (
    analysis,
    charts,
    commission,
    common,
    delivery,
    follow,
    goals,
    headline,
    inputs,
    kpis,
    leaders,
    rep,
    signals,
)

LANGUAGES = ("en", "zh")


def _merge(*tables: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for table in tables:
        twice = set(merged) & set(table)
        if twice:
            raise RuntimeError(f"translation keys defined twice: {', '.join(sorted(twice))}")
        merged.update(table)
    return merged


STRINGS: dict[str, dict[str, str]] = _merge(
    common.STRINGS,
    kpis.STRINGS,
    analysis.STRINGS,
    rep.STRINGS,
    follow.STRINGS,
    commission.STRINGS,
    signals.STRINGS,
    inputs.STRINGS,
    goals.STRINGS,
    delivery.STRINGS,
    charts.STRINGS,
    leaders.STRINGS,
    headline.STRINGS,
)


def tr(key: str, language: str) -> str:
    """The text of ``key`` in ``language`` (``en`` or ``zh``)."""
    try:
        entry = STRINGS[key]
    except KeyError:
        raise KeyError(f"no translation key {key!r}") from None
    if language not in entry:
        raise ParameterError(f"language {language!r} is not supported: use en or zh")
    return entry[language]


def trf(key: str, language: str, **values: object) -> str:
    """``tr`` with its ``{name}`` placeholders filled (values already formatted as the reader sees them)."""
    return tr(key, language).format(**values)
