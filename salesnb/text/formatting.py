"""Numbers and tables as a manager reads them: units, thousands separators, escaped text."""

from __future__ import annotations

import html
import math

import pandas as pd
from babel.numbers import get_currency_symbol

from salesnb.kpis.catalog import CATALOG, SHOWN_MEASURES
from salesnb.text.i18n import tr, trf

#: Where the warehouse currency's sign differs from Babel's English one: a warehouse holds one currency,
#: so the yuan is ``¥`` as its readers write it, not the ``CN¥`` that tells it from the yen in a list.
HOME_SIGNS = {"CNY": "¥"}


def currency_symbol(code: str) -> str:
    """The sign amounts in ``code`` are written with (Babel's English symbol); a currency without a sign
    is its code and a space.

    Examples
    --------
    >>> [currency_symbol(c) for c in ("USD", "CNY", "EUR", "GBP", "HKD", "INR")]
    ['$', '¥', '€', '£', 'HK$', '₹']
    >>> currency_symbol("CHF"), currency_symbol("XYZ")
    ('CHF ', 'XYZ ')
    """
    code = str(code).upper()
    symbol = HOME_SIGNS.get(code) or get_currency_symbol(code, locale="en")
    return f"{symbol} " if symbol.isalpha() else symbol


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def format_value(value: object, unit: str, currency: str = "CNY") -> str:
    """Format one KPI value for a table cell.

    Examples
    --------
    >>> format_value(1234567.8, "currency", "CNY"), format_value(0.3456, "ratio")
    ('¥1,234,568', '34.6%')
    >>> format_value(-2982255.4, "currency", "USD"), format_value(12.0, "currency", "CHF")
    ('-$2,982,255', 'CHF 12')
    >>> format_value(float("nan"), "ratio")
    '–'
    >>> format_value(0.0342, "per_day"), format_value(0.0, "per_day"), format_value(0.06, "hours")
    ('0.034', '0.0', '0.1')
    """
    if _missing(value):
        return "–"
    v = float(value)  # type: ignore[arg-type]
    if unit == "currency":
        return f"{'-' if v < 0 else ''}{currency_symbol(currency)}{abs(v):,.0f}"
    if unit == "ratio":
        return f"{v:.1%}"
    if unit == "multiple":
        return f"{v:.2f}×"
    if unit == "count":
        return f"{v:,.0f}"
    if 0 < abs(v) < 0.05:  # a sparse export's 0.03 calls a day is not 0.0 (nor "0.0 → 0.0, +500%")
        return f"{v:.2g}"
    return f"{v:,.1f}"


def format_change(change: object, change_pct: object, unit: str, language: str) -> str:
    """Format a period-over-period change: percentage points for ratios, per cent otherwise.

    Examples
    --------
    >>> format_change(0.021, 0.07, "ratio", "en"), format_change(500.0, 0.05, "currency", "en")
    ('+2.1 pts', '+5.0%')
    >>> format_change(40.0, 2.0, "score", "en")
    '+40.0 pts'
    """
    if unit == "ratio":
        if _missing(change):
            return "–"
        return f"{float(change) * 100:+.1f} {tr('pts', language)}"  # type: ignore[arg-type]
    if unit == "score":  # NPS runs from -100 to 100: a per cent of it means nothing
        return "–" if _missing(change) else f"{float(change):+.1f} {tr('pts', language)}"  # type: ignore[arg-type]
    if _missing(change_pct):
        return "–"
    return f"{float(change_pct):+.1%}"  # type: ignore[arg-type]


def kpi_label(name: str, language: str) -> str:
    """The label of a KPI or of the quota in ``language``, as the catalog declares it.

    Examples
    --------
    >>> kpi_label("win_rate", "en"), kpi_label("quota", "zh")
    ('Win rate', '销售目标')
    """
    return tr(f"kpi.{name}", language)


def html_table(
    frame: pd.DataFrame,
    css_class: str = "report-table",
    numeric: list[str] | None = None,
    markup: list[str] | None = None,
) -> str:
    """A frame of already formatted cells as an HTML table; every cell and header is escaped, but the
    cells of the ``markup`` columns, which the caller built as HTML from escaped parts (a link)."""
    numeric, markup = numeric or [], markup or []
    head = "".join(
        f'<th class="{"num" if c in numeric else ""}">{html.escape(str(c))}</th>' for c in frame.columns
    )
    rows = []
    for record in frame.itertuples(index=False):
        cells = "".join(
            f'<td class="{"num" if c in numeric else ""}">{v if c in markup else html.escape(str(v))}</td>'
            for c, v in zip(frame.columns, record, strict=True)
        )
        rows.append(f"<tr>{cells}</tr>")
    return f'<table class="{css_class}"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def unit_of(kpi: str) -> str:
    """The catalog's unit of a KPI or of the quota; a column the catalog does not know is a count.

    Examples
    --------
    >>> unit_of("win_rate"), unit_of("quota"), unit_of("deals")
    ('ratio', 'currency', 'count')
    """
    known = CATALOG.get(kpi) or SHOWN_MEASURES.get(kpi)
    return known.unit if known else "count"


def left_out_note(kpi: str, count: object, language: str) -> str:
    """What a KPI's value had to leave out, as a phrase ("312 open deals without an amount"), or ``""``
    when it left nothing out (or the KPI never leaves anything out).

    Examples
    --------
    >>> left_out_note("pipeline_value", 312.0, "en"), left_out_note("revenue", 1, "en")
    ('312 open deals without an amount', '1 won deal without an amount')
    >>> left_out_note("pipeline_value", 0.0, "en"), left_out_note("win_rate", 5.0, "en")
    ('', '')
    """
    spec = CATALOG.get(kpi)
    if spec is None or spec.left_out is None or _missing(count) or not count:
        return ""
    n = int(count)  # type: ignore[call-overload]
    return trf(f"left_out.{spec.left_out}" + (".one" if n == 1 else ""), language, n=f"{n:,}")


def with_left_out(text: str, kpi: str, count: object, language: str) -> str:
    """A formatted value with what it left out beside it.

    Examples
    --------
    >>> with_left_out("¥2,100,000", "pipeline_value", 312, "en")
    '¥2,100,000 · 312 open deals without an amount'
    >>> with_left_out("¥2,100,000", "pipeline_value", 0, "en")
    '¥2,100,000'
    """
    note = left_out_note(kpi, count, language)
    return f"{text} · {note}" if note else text


def with_left_out_column(texts: list[str], frame: pd.DataFrame, kpi: str, language: str) -> list[str]:
    """Each formatted value of ``kpi`` (one per row of ``frame``) with what it left out beside it, read
    from the ``frame`` column of the measure the KPI leaves out; unchanged when ``frame`` has none. A value
    shown as – (every record it sums was left out) keeps its note: the note says why it is unknown.

    Examples
    --------
    >>> frame = pd.DataFrame({"won_deals_unknown_amount": [0.0, 146.0]})
    >>> with_left_out_column(["¥10", "¥0"], frame, "revenue", "en")
    ['¥10', '¥0 · 146 won deals without an amount']
    >>> with_left_out_column(["–", "–"], frame, "avg_deal_size", "en")
    ['–', '– · 146 won deals without an amount']
    >>> with_left_out_column(["50.0%"], frame.head(1), "win_rate", "en")
    ['50.0%']
    """
    spec = CATALOG.get(kpi)
    if spec is None or spec.left_out is None or spec.left_out not in frame:
        return list(texts)
    counts = frame[spec.left_out]
    return [with_left_out(t, kpi, n, language) for t, n in zip(texts, counts, strict=True)]
