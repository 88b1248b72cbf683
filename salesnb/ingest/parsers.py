"""Vectorised parsers for the values real CRM exports contain.

Each parser takes a Series of raw text and returns ``(values, bad)``: the parsed Series and a boolean
mask of the non-empty cells it could not read. Empty cells are missing values, not errors; whether a
missing value is allowed is the schema's business.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

_CURRENCY_SIGNS = {"¥": "CNY", "￥": "CNY", "$": "USD", "€": "EUR", "£": "GBP", "HK$": "HKD", "US$": "USD"}
_CURRENCY_WORDS = {
    "CNY": "CNY",
    "RMB": "CNY",
    "元": "CNY",
    "人民币": "CNY",
    "USD": "USD",
    "EUR": "EUR",
    "GBP": "GBP",
    "HKD": "HKD",
    "JPY": "JPY",
}
_AMOUNT = re.compile(
    r"^\s*(?P<sign>-)?\s*(?P<pre>HK\$|US\$|[¥￥$€£])?\s*(?P<num>[0-9][0-9,]*(?:\.[0-9]+)?|\.[0-9]+)\s*"
    r"(?P<unit>万|亿|千|k|K|m|M)?\s*(?P<post>[A-Za-z]{3}|元|人民币)?\s*$"
)
_UNITS = {"万": 1e4, "亿": 1e8, "千": 1e3, "k": 1e3, "K": 1e3, "m": 1e6, "M": 1e6}


#: Arrow-backed text: every ``.str`` operation runs vectorised in C++, not per element in Python.
TEXT = pd.StringDtype("pyarrow")


def map_unique(values: pd.Series, fn) -> pd.Series:
    """``values.map(fn)`` calling ``fn`` once per distinct value (exports repeat owners, stages, types).

    Examples
    --------
    >>> map_unique(pd.Series(["a", "b", "a", None]), str.upper).tolist()
    ['A', 'B', 'A', None]
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    mapped = np.array([fn(u) for u in uniques] + [None], dtype=object)
    return pd.Series(mapped[codes], index=values.index, dtype=object)


def blank(raw: pd.Series) -> pd.Series:
    """True where a cell is empty or only white space."""
    return raw.isna() | raw.astype(TEXT).str.strip().eq("")


def parse_amount(raw: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Parse amounts such as ``¥1,200.00``, ``$1,200``, ``1.2万``, ``1,200.50 CNY``, ``-300``.

    Returns ``(amount, currency, bad)``; ``currency`` is the ISO code the text names (missing when it
    names none).

    Examples
    --------
    >>> a, c, bad = parse_amount(pd.Series(["¥1,200.00", "1.2万", "1,200.50 CNY", "$5", "abc", ""]))
    >>> a.tolist()[:4], c.tolist()[:4], bad.tolist()
    ([1200.0, 12000.0, 1200.5, 5.0], ['CNY', None, 'CNY', 'USD'], [False, False, False, False, True, False])
    """
    text = raw.astype(TEXT).str.replace("\u00a0", " ", regex=False).str.strip()
    plain = pd.to_numeric(text, errors="coerce")
    if plain.notna().all():  # the common case (Zoho writes 12000.00): no pattern matching needed
        currency = pd.Series(None, index=raw.index, dtype=object)
        return plain.astype(float), currency, pd.Series(False, index=raw.index)
    parts = text.str.extract(_AMOUNT)
    num = pd.to_numeric(parts["num"].str.replace(",", "", regex=False), errors="coerce")
    unit = parts["unit"].map(_UNITS).fillna(1.0)
    sign = np.where(parts["sign"].eq("-").fillna(False), -1.0, 1.0)
    amount = (num * unit * sign).astype(float)
    pre = parts["pre"].astype(object).map(lambda v: _CURRENCY_SIGNS.get(v) if isinstance(v, str) else None)
    post = (
        parts["post"]
        .astype(object)
        .map(lambda v: _CURRENCY_WORDS.get(v.upper(), v.upper()) if isinstance(v, str) else None)
    )
    currency = pre.where(pre.notna(), post)
    currency = currency.astype(object).where(currency.notna(), None)
    empty = blank(raw)
    bad = amount.isna() & ~empty
    return amount, currency, bad


_ZH_DATE = re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?\s*(.*)$")
#: Excel's day zero (1900 date system, with its 1900 leap-year bug already folded in).
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")


def parse_datetime(
    raw: pd.Series, formats: list[str] | None = None, dayfirst: bool = False, timezone: str | None = None
) -> tuple[pd.Series, pd.Series]:
    """Parse dates and times in the forms exports use; return naive local timestamps and a bad mask.

    Tries, in order: the mapping's explicit ``formats``; ISO ``2024-08-20`` / ``2024/8/20`` with or
    without a time; ``2024年8月20日``; ``20/08/2024`` or ``08/20/2024`` (``dayfirst`` decides); Excel
    serial numbers (``45523``); epoch milliseconds (13 digits, as Fxiaoke's API returns). Values with a
    UTC offset are converted to ``timezone`` (default: kept as written, offset dropped).

    Examples
    --------
    >>> v, bad = parse_datetime(pd.Series(["2024-08-20", "2024/8/20 14:03", "2024年8月20日", "45524"]))
    >>> [str(x.date()) for x in v]
    ['2024-08-20', '2024-08-20', '2024-08-20', '2024-08-20']
    """
    text = raw.astype(TEXT).str.strip()
    empty = blank(raw)
    out = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
    todo = ~empty

    def attempt(mask: pd.Series, values: pd.Series) -> None:
        nonlocal todo
        parsed = values[mask]
        ok = parsed.notna()
        out.loc[ok[ok].index] = parsed[ok]
        todo = todo & ~(mask & values.notna())

    for fmt in formats or []:
        if todo.any():
            attempt(todo, _to_naive(pd.to_datetime(text.where(todo), format=fmt, errors="coerce"), timezone))
    if todo.any():
        # ISO-like, with - or / separators, optional time and offset
        iso = text.where(todo).str.replace("/", "-", regex=False).str.replace("T", " ", regex=False)
        iso_like = iso.str.match(r"^\d{4}-\d{1,2}-\d{1,2}").fillna(False)
        offset = _has_offset(iso)
        # the C fast path reads zero-padded ISO-8601; the rest (2024-8-5) goes through the mixed parser
        fast = pd.to_datetime(iso.where(iso_like), format="ISO8601", errors="coerce", utc=offset)
        attempt(todo & iso_like, _to_naive(fast, timezone))
        if (todo & iso_like).any():
            slow = pd.to_datetime(iso.where(todo & iso_like), format="mixed", errors="coerce", utc=offset)
            attempt(todo & iso_like, _to_naive(slow, timezone))
    if todo.any():
        zh = text.where(todo).str.extract(_ZH_DATE)
        has = zh[0].notna()
        if has.any():
            composed = zh[0] + "-" + zh[1] + "-" + zh[2] + " " + zh[3].fillna("")
            attempt(
                todo & has, pd.to_datetime(composed.str.strip().where(has), format="mixed", errors="coerce")
            )
    if todo.any():
        slash = text.where(todo).str.match(r"^\d{1,2}[/.-]\d{1,2}[/.-]\d{4}").fillna(False)
        if slash.any():
            attempt(
                todo & slash,
                pd.to_datetime(text.where(slash), format="mixed", dayfirst=dayfirst, errors="coerce"),
            )
    if todo.any():
        num = pd.to_numeric(text.where(todo), errors="coerce")
        serial = num.between(20000, 80000)  # 1954 .. 2119 in Excel's calendar
        attempt(todo & serial, _EXCEL_EPOCH + pd.to_timedelta(num.where(serial), unit="D"))
        epoch_ms = num.between(1e12, 4e12)
        attempt(
            todo & epoch_ms,
            _to_naive(pd.to_datetime(num.where(epoch_ms), unit="ms", utc=True), timezone or "Asia/Shanghai"),
        )
    bad = todo & ~empty
    return out.astype("datetime64[ns]"), bad


def _has_offset(text: pd.Series) -> bool:
    return bool(text.str.contains(r"(?:[+-]\d{2}:?\d{2}|Z)$", regex=True, na=False).any())


def _to_naive(values: pd.Series, timezone: str | None) -> pd.Series:
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        if timezone:
            values = values.dt.tz_convert(timezone)
        values = values.dt.tz_localize(None)
    return values


def parse_duration_seconds(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Durations as seconds from ``125``, ``02:05`` (mm:ss), ``1:02:05`` (h:mm:ss) or ``2分5秒``.

    Examples
    --------
    >>> s, bad = parse_duration_seconds(pd.Series(["125", "02:05", "1:02:05", "2分5秒", "x"]))
    >>> s.tolist()[:4], bad.tolist()
    ([125.0, 125.0, 3725.0, 125.0], [False, False, False, False, True])
    """
    text = raw.astype(TEXT).str.strip()
    empty = blank(raw)
    seconds = pd.to_numeric(text, errors="coerce").astype(float)
    parts = text.str.extract(r"^(?:(\d+):)?(\d{1,3}):(\d{2})$")
    clock = (
        pd.to_numeric(parts[0], errors="coerce").fillna(0) * 3600
        + pd.to_numeric(parts[1], errors="coerce") * 60
        + pd.to_numeric(parts[2], errors="coerce")
    )
    seconds = seconds.fillna(clock)
    zh = text.str.extract(r"^(?:(\d+)\s*(?:小时|时))?\s*(?:(\d+)\s*分(?:钟)?)?\s*(?:(\d+)\s*秒)?$")
    zh_any = zh.notna().any(axis=1)
    zh_secs = (
        pd.to_numeric(zh[0], errors="coerce").fillna(0) * 3600
        + pd.to_numeric(zh[1], errors="coerce").fillna(0) * 60
        + pd.to_numeric(zh[2], errors="coerce").fillna(0)
    )
    seconds = seconds.fillna(zh_secs.where(zh_any))
    bad = seconds.isna() & ~empty | (seconds < 0)
    return seconds, bad


def parse_percent(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Probabilities as 0..1 from ``60``, ``60%``, ``0.6`` (a value above 1 is read as per cent).

    Examples
    --------
    >>> p, bad = parse_percent(pd.Series(["60", "60%", "0.6", "150", "x"]))
    >>> p.tolist()[:3], bad.tolist()
    ([0.6, 0.6, 0.6], [False, False, False, True, True])
    """
    text = raw.astype(TEXT).str.strip()
    empty = blank(raw)
    pct = text.str.endswith("%").fillna(False)
    num = pd.to_numeric(text.str.rstrip("%"), errors="coerce").astype(float)
    value = np.where(pct | (num > 1), num / 100, num)
    value = pd.Series(value, index=raw.index, dtype=float)
    bad = (value.isna() & ~empty) | (value < 0) | (value > 1)
    return value.where(~bad), bad
