"""Mappings: which source header feeds which field, how values translate, how dates read.

One YAML format serves the built-in presets (``salesnb/ingest/presets/*.yaml``) and a user's own
mapping for any CSV/XLSX (``salesnb ingest --mapping FILE``); README.md documents it with an example.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from salesnb.errors import DataError, ParameterError, Problem
from salesnb.ingest.dates import check_date_formats, check_timezone
from salesnb.ingest.modules import MODULES
from salesnb.ingest.money import check_currency, check_rate
from salesnb.yamlfile import read_yaml_keys

PRESETS_DIR = Path(__file__).parent / "presets"
_KEYS = {
    "name",
    "source",
    "module",
    "detect",
    "columns",
    "values",
    "defaults",
    "dates",
    "currency",
    "fx_rates",
    "exclude",
    "id_from",
    "numbers",
}


def normalise(text: str) -> str:
    """How headers and values are compared: case, width and white space do not matter."""
    return " ".join(unicodedata.normalize("NFKC", str(text)).split()).casefold()


@dataclass
class Mapping:
    name: str
    source: str
    module: str
    columns: dict[str, list[str]]
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)
    detect: list[str] = field(default_factory=list)
    date_formats: list[str] = field(default_factory=list)
    dayfirst: bool = False
    timezone: str | None = None
    currency: str = "CNY"
    currency_stated: bool = False  # the file says `currency:`; else amounts are in the warehouse currency
    fx_rates: dict[str, float] = field(default_factory=dict)
    exclude: dict[str, list[str]] = field(default_factory=dict)  # field -> values whose rows are quarantined
    id_from: list[str] = field(default_factory=list)  # fields that identify a record when no id column exists
    decimal: str | None = None  # the amounts' decimal separator, when the mapping states it (numbers.py)
    origin: str = "<mapping>"

    def resolve_all(self, headers: list[str]) -> dict[str, list[str]]:
        """Field → every header present that can feed it, in the mapping's order of preference."""
        present = {normalise(h): h for h in headers}
        out: dict[str, list[str]] = {}
        for fld, alternatives in self.columns.items():
            found = [present[normalise(a)] for a in alternatives if normalise(a) in present]
            if found:
                out[fld] = list(dict.fromkeys(found))
        return out

    def resolve(self, headers: list[str]) -> dict[str, str]:
        """Field → the first header present in this file that feeds it."""
        present = {normalise(h): h for h in headers}
        out = {}
        for fld, alternatives in self.columns.items():
            for alt in alternatives:
                if normalise(alt) in present:
                    out[fld] = present[normalise(alt)]
                    break
        return out

    def missing_required(self, headers: list[str]) -> list[str]:
        resolved = self.resolve(headers)
        return [
            f.name
            for f in MODULES[self.module]
            if (f.required or (f.column_required and f.name in self.columns))
            and f.name not in resolved
            and f.name not in self.defaults
            and not (f.name == "record_id" and self.id_from)
        ]

    def detection_score(self, headers: list[str]) -> float:
        """Share of the ``detect`` headers present (0 when any required field cannot be fed)."""
        present = {normalise(h) for h in headers}
        if not self.detect or self.missing_required(headers):
            return 0.0
        return self.detect_share(present)

    def detect_share(self, present: set[str]) -> float:
        """Share of the ``detect`` headers among the normalised headers ``present``; an entry may list
        alternatives as ``Target|Quota|目标`` (any of them counts).

        Examples
        --------
        >>> m = Mapping("m", "csv", "targets", {}, detect=["Target|目标", "Period"])
        >>> m.detect_share({"目标"}), m.detect_share({"target", "period"})
        (0.5, 1.0)
        """
        hits = sum(1 for d in self.detect if any(normalise(a) in present for a in d.split("|")))
        return hits / len(self.detect)

    def explain_missing(self, headers: list[str], path: str) -> DataError:
        """The error for a file that lacks required columns, naming the closest headers seen."""
        problems = []
        for fld in self.missing_required(headers):
            wanted = self.columns.get(fld, [fld])
            close = difflib.get_close_matches(wanted[0], headers, n=3, cutoff=0.5)
            hint = f"; closest headers: {', '.join(repr(c) for c in close)}" if close else ""
            problems.append(
                Problem(
                    None,
                    wanted[0],
                    None,
                    f"required column missing (field {fld}; accepted: "
                    f"{', '.join(repr(w) for w in wanted)}){hint}",
                )
            )
        return DataError(path, self.module, problems)


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def parse_mapping(data: Any, origin: str) -> Mapping:
    """Validate a mapping document; every problem is a :class:`ParameterError` naming the file."""
    if not isinstance(data, dict):
        raise ParameterError(f"{origin}: a mapping must be a YAML mapping")
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise ParameterError(
            f"{origin}: unknown key {', '.join(unknown)}; allowed: {', '.join(sorted(_KEYS))}"
        )
    module = data.get("module")
    if module not in MODULES:
        raise ParameterError(f"{origin}: module must be one of {', '.join(MODULES)}, not {module!r}")
    fields = {f.name: f for f in MODULES[module]}
    columns = {k: _as_list(v) for k, v in (data.get("columns") or {}).items()}
    bad = sorted(set(columns) - set(fields))
    if bad:
        raise ParameterError(
            f"{origin}: columns: unknown field {', '.join(bad)} for module {module}; "
            f"fields: {', '.join(fields)}"
        )
    values: dict[str, dict[str, str]] = {}
    for fld, table in (data.get("values") or {}).items():
        if fld not in fields or fields[fld].kind != "choice":
            raise ParameterError(f"{origin}: values: {fld!r} is not a choice field of {module}")
        if not isinstance(table, dict):
            raise ParameterError(f"{origin}: values: {fld} must map source value: canonical value")
        for src, dst in table.items():
            if str(dst) not in fields[fld].choices:
                raise ParameterError(
                    f"{origin}: values: {fld}: {src!r} maps to {dst!r}, not one of "
                    f"{', '.join(fields[fld].choices)}"
                )
        values[fld] = {normalise(k): str(v) for k, v in table.items()}
    defaults = {str(k): str(v) for k, v in (data.get("defaults") or {}).items()}
    bad = sorted(set(defaults) - set(fields))
    if bad:
        raise ParameterError(f"{origin}: defaults: unknown field {', '.join(bad)}")
    dates = data.get("dates") or {}
    if not isinstance(dates, dict) or set(dates) - {"formats", "dayfirst", "timezone"}:
        raise ParameterError(f"{origin}: dates takes formats, dayfirst and timezone")
    dayfirst = dates.get("dayfirst", False)
    if not isinstance(dayfirst, bool):
        raise ParameterError(f"{origin}: dates: dayfirst must be true or false, not {dayfirst!r}")
    fx_table = data.get("fx_rates") or {}
    if not isinstance(fx_table, dict):
        raise ParameterError(f"{origin}: fx_rates must map currency: rate, e.g. USD: 7.1")
    fx = {}
    for code, rate in fx_table.items():
        where = f"{origin}: fx_rates: {code}"
        fx[check_currency(code, where)] = check_rate(str(code).upper(), rate, where)
    numbers = data.get("numbers") or {}
    if (
        not isinstance(numbers, dict)
        or set(numbers) - {"decimal"}
        or numbers.get("decimal") not in (None, ".", ",")
    ):
        raise ParameterError(
            f"{origin}: numbers takes decimal: ',' (1.234,56) or decimal: '.' (1,234.56), not {numbers!r}"
        )
    exclude = {str(k): [normalise(v) for v in _as_list(vs)] for k, vs in (data.get("exclude") or {}).items()}
    id_from = _as_list(data.get("id_from"))
    bad = sorted(set(id_from) - set(fields))
    if bad:
        raise ParameterError(f"{origin}: id_from: unknown field {', '.join(bad)}")
    return Mapping(
        name=str(data.get("name") or f"{data.get('source', 'csv')} {module}"),
        source=str(data.get("source") or "csv"),
        module=module,
        columns=columns,
        values=values,
        defaults=defaults,
        detect=_as_list(data.get("detect")),
        date_formats=check_date_formats(dates.get("formats"), f"{origin}: dates: formats"),
        dayfirst=dayfirst,
        timezone=check_timezone(dates.get("timezone"), f"{origin}: dates: timezone"),
        currency=check_currency(data.get("currency") or "CNY", f"{origin}: currency"),
        currency_stated=bool(data.get("currency")),
        fx_rates=fx,
        exclude=exclude,
        id_from=id_from,
        decimal=numbers.get("decimal"),
        origin=origin,
    )


def load_mapping(path: str | Path) -> Mapping:
    path = Path(path)
    if not path.exists():
        raise ParameterError(f"mapping file {path} not found")
    return parse_mapping(read_yaml_keys(path, _KEYS, "field: setting"), str(path))


def presets(source: str | None = None) -> list[Mapping]:
    """The built-in mappings, optionally only those of one source (``zoho`` or ``fxiaoke``)."""
    out = [load_mapping(p) for p in sorted(PRESETS_DIR.glob("*.yaml"))]
    return [m for m in out if source is None or m.source == source]


def detect_mapping(headers: list[str], path: str, source: str | None = None) -> Mapping:
    """The preset that best fits ``headers``; a clear error listing what was tried when none does."""
    candidates = presets(source)
    scored = sorted(((m.detection_score(headers), m) for m in candidates), key=lambda t: -t[0])
    if scored and scored[0][0] >= 0.5:
        return scored[0][1]
    # a file that looks like a preset but lacks a required column: say which column, not "unknown export"
    present = {normalise(h) for h in headers}
    looks = sorted(
        ((m.detect_share(present), m) for m in candidates if m.detect),
        key=lambda t: -t[0],
    )
    if looks and looks[0][0] >= 0.5:
        raise looks[0][1].explain_missing(headers, path)
    tried = ", ".join(f"{m.name} ({s:.0%})" for s, m in scored[:4]) or "none"
    raise DataError(
        path,
        "-",
        [
            Problem(
                None,
                None,
                None,
                f"cannot tell which export this is from its headers "
                f"({', '.join(headers[:8])}{'…' if len(headers) > 8 else ''}); "
                f"tried {tried}. Pass --source, or --mapping FILE for any other CSV",
            )
        ],
    )
