"""Turn an export's text cells into canonical rows, quarantining every row that cannot be stored.

Every rejected row is kept with its file row number, the column, the value, the rule it broke and a
reason a person can act on. The invariant ``rows read = rows kept + rows quarantined`` holds by
construction: a row is either in ``kept`` or has at least one quarantine entry, never both.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from salesnb.ingest.mapping import Mapping, normalise
from salesnb.ingest.modules import MODULES, Field
from salesnb.ingest.parsers import (
    TEXT,
    blank,
    map_unique,
    parse_amount,
    parse_datetime,
    parse_duration_seconds,
    parse_percent,
)
from salesnb.ingest.readers import RawTable

QUARANTINE_COLUMNS = ["row", "column", "value", "rule", "reason"]
DATE_FORMS = (
    "YYYY-MM-DD, YYYY/M/D, YYYY年M月D日, DD/MM/YYYY or MM/DD/YYYY (set dates.dayfirst), an Excel serial"
)


@dataclass
class Context:
    """What the warehouse already knows, for resolving names to ids."""

    currency: str = "CNY"
    reps_by_name: dict[str, str] = field(default_factory=dict)  # normalised name or email -> rep_id
    teams_by_name: dict[str, str] = field(default_factory=dict)  # normalised name or id -> team_id


@dataclass
class Prepared:
    """A file's rows as field values, ready for the module's builder; plus what was quarantined."""

    mapping: Mapping
    path: str
    rows_read: int
    fields: pd.DataFrame  # parsed field values of the kept rows, index = file row number
    quarantine: pd.DataFrame
    notes: list[str] = field(default_factory=list)

    @property
    def quarantined_rows(self) -> int:
        return int(self.quarantine["row"].nunique()) if len(self.quarantine) else 0


class _Collector:
    def __init__(self) -> None:
        self.parts: list[pd.DataFrame] = []

    def add(
        self, mask: pd.Series, column: str, values: pd.Series, rule: str, reason: str | pd.Series
    ) -> None:
        if not mask.any():
            return
        idx = mask[mask].index
        self.parts.append(
            pd.DataFrame(
                {
                    "row": idx.astype(int),
                    "column": column,
                    "value": values.reindex(idx).astype(object).to_numpy(),
                    "rule": rule,
                    "reason": reason[idx].to_numpy() if isinstance(reason, pd.Series) else reason,
                }
            )
        )

    def frame(self) -> pd.DataFrame:
        if not self.parts:
            return pd.DataFrame(columns=QUARANTINE_COLUMNS)
        out = pd.concat(self.parts, ignore_index=True)
        # a repeated header row has one reason; its cells failing every parser is noise
        header_rows = out.loc[out["rule"] == "repeated_header", "row"]
        out = out[~out["row"].isin(header_rows) | (out["rule"] == "repeated_header")]
        return out.sort_values(["row", "column"], kind="stable").reset_index(drop=True)

    def rows(self) -> pd.Index:
        if not self.parts:
            return pd.Index([], dtype=int)
        return pd.Index(pd.concat([p["row"] for p in self.parts]).unique())


def stable_id(*parts: pd.Series) -> pd.Series:
    """A short deterministic id from field values (for exports that carry no record id)."""
    joined = parts[0].astype(TEXT).fillna("")
    for p in parts[1:]:
        joined = joined + "\x1f" + p.astype(TEXT).fillna("")
    return map_unique(joined, lambda s: hashlib.sha1(s.encode("utf-8")).hexdigest()[:16])


def prepare(raw: RawTable, mapping: Mapping, ctx: Context) -> Prepared:
    """Parse, translate and check every mapped field; quarantine what fails; resolve owners."""
    frame = raw.frame
    q = _Collector()
    headers = mapping.resolve(raw.headers)
    sources = mapping.resolve_all(raw.headers)
    notes: list[str] = []

    repeated = pd.Series(frame.index.isin(raw.repeated_header_rows), index=frame.index)
    q.add(
        repeated,
        "-",
        pd.Series("", index=frame.index),
        "repeated_header",
        "the header row appears again inside the file (exports pasted together)",
    )

    values: dict[str, pd.Series] = {}
    spec = {f.name: f for f in MODULES[mapping.module]}
    for name, fld in spec.items():
        if name in headers:
            text = frame[headers[name]]
            for other in sources[name][1:]:  # alternatives fill the cells the first one leaves empty
                text = text.where(~blank(text), frame[other])
            label = headers[name]
        elif name in mapping.defaults:
            text = pd.Series(mapping.defaults[name], index=frame.index, dtype=TEXT)
            label = f"(default {name})"
        else:
            continue
        values[name] = _parse_field(fld, text, label, mapping, q, values)

    # required fields must hold a value
    for name, fld in spec.items():
        if fld.required and name in values:
            missing = values[name].isna() & ~q_mask(q, frame.index, headers.get(name, name))
            q.add(
                missing,
                headers.get(name, name),
                frame.get(headers.get(name, ""), pd.Series("", index=frame.index)),
                "required",
                f"{headers.get(name, name)} is empty but required ({name})",
            )

    # exclusions the mapping asks for (e.g. Fxiaoke deals marked 无效)
    for name, excluded in mapping.exclude.items():
        if name in headers:
            text = frame[headers[name]].map(normalise)
            q.add(
                text.isin(excluded),
                headers[name],
                frame[headers[name]],
                "excluded",
                f"excluded by the mapping: {headers[name]} is one of {', '.join(excluded)}",
            )

    fields = pd.DataFrame(values, index=frame.index)
    if "record_id" in fields.columns:  # Zoho UI exports prefix ids with zcrm_; the API and Bulk CSVs do not
        fields["record_id"] = fields["record_id"].astype(TEXT).str.removeprefix("zcrm_").astype(object)
    if "record_id" not in fields.columns or fields["record_id"].isna().all():
        if mapping.id_from:
            fields["record_id"] = stable_id(
                *[fields.get(c, pd.Series(index=frame.index, dtype="string")) for c in mapping.id_from]
            )
            notes.append(f"no record id column: records identified by {', '.join(mapping.id_from)}")
        elif "record_id" in spec and mapping.module != "roster":
            fields["record_id"] = stable_id(*[frame[h] for h in raw.headers])
            notes.append("no record id column: records identified by their whole row")

    _resolve_owners(mapping, fields, frame, headers, ctx, q)
    _convert_currency(mapping, fields, frame, headers, ctx, q)
    _module_checks(mapping, fields, frame, headers, q)

    # the same record twice in one file: keep the last (exports list newest last; a re-export wins)
    bad = q.rows()
    alive = fields.drop(index=bad, errors="ignore")
    if "record_id" in alive.columns and mapping.module != "roster":
        key = alive["record_id"]
    elif mapping.module == "roster":
        key = alive["name"].map(normalise)
    else:
        key = None
    if key is not None:
        dup = key.duplicated(keep="last")
        if dup.any():
            last_row = pd.Series(alive.index, index=alive.index).groupby(key).transform("max")
            reason = (
                "the same record appears again at row " + last_row.astype(str) + " (the later row is kept)"
            )
            q.add(
                dup.reindex(frame.index, fill_value=False),
                headers.get("record_id", "record_id"),
                key.reindex(frame.index),
                "duplicate_record",
                reason.reindex(frame.index),
            )
    quarantine = q.frame()
    kept = fields.drop(index=quarantine["row"].unique(), errors="ignore")
    return Prepared(mapping, str(raw.path), len(frame), kept, quarantine, notes)


def q_mask(q: _Collector, index: pd.Index, column: str) -> pd.Series:
    """Rows that already have a quarantine entry for ``column`` (so one cell gives one reason)."""
    rows = [p.loc[p["column"] == column, "row"] for p in q.parts]
    hit = pd.concat(rows).unique() if rows else []
    return pd.Series(index.isin(hit), index=index)


def _parse_field(
    fld: Field, text: pd.Series, label: str, mapping: Mapping, q: _Collector, extras: dict[str, pd.Series]
) -> pd.Series:
    empty = blank(text)
    if fld.kind == "amount":
        amount, currency, bad = parse_amount(text)
        q.add(bad, label, text, "unreadable_amount", f"cannot read the amount in {label}")
        neg = amount < 0
        q.add(neg, label, text, "negative_amount", f"{label} is negative")
        extras["_amount_currency"] = currency
        return amount.where(~neg)
    if fld.kind in {"datetime", "date"}:
        parsed, bad = parse_datetime(text, mapping.date_formats, mapping.dayfirst, mapping.timezone)
        forms = DATE_FORMS
        q.add(bad, label, text, "unreadable_date", f"cannot read {label} as a date ({forms})")
        implausible = parsed.notna() & ((parsed.dt.year < 1990) | (parsed.dt.year > 2100))
        q.add(implausible, label, text, "implausible_date", f"{label} is outside 1990–2100")
        parsed = parsed.where(~implausible)
        return parsed.dt.normalize() if fld.kind == "date" else parsed
    if fld.kind == "duration":
        seconds, bad = parse_duration_seconds(text)
        q.add(
            bad, label, text, "unreadable_duration", f"cannot read {label} as a duration (seconds or mm:ss)"
        )
        return seconds.where(~bad)
    if fld.kind == "percent":
        pct, bad = parse_percent(text)
        q.add(bad, label, text, "unreadable_percent", f"{label} must be a percentage from 0 to 100")
        return pct
    if fld.kind == "choice":
        table = mapping.values.get(fld.name, {})
        norm = map_unique(text, normalise)
        mapped = norm.map(table).astype(object)
        direct = norm.where(norm.isin(fld.choices)).astype(object)
        out = mapped.where(mapped.notna(), direct)
        unknown = out.isna() & ~empty
        if fld.name in mapping.exclude:
            unknown &= ~norm.isin(mapping.exclude[fld.name])
        known = ", ".join(sorted({*table.keys()})) or "none"
        q.add(
            unknown,
            label,
            text,
            "unknown_value",
            f"{label} value is not mapped to a canonical {fld.name} ({', '.join(fld.choices)}); "
            f"mapped values: {known}",
        )
        return out.astype(object).where(out.notna(), None)
    if fld.kind == "email":
        bad = ~empty & ~text.str.contains(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", regex=True, na=False)
        q.add(bad, label, text, "unreadable_email", f"{label} is not an e-mail address")
        return text.where(~empty & ~bad).astype(object)
    return text.where(~empty).astype(object)


def _resolve_owners(
    mapping: Mapping,
    fields: pd.DataFrame,
    frame: pd.DataFrame,
    headers: dict[str, str],
    ctx: Context,
    q: _Collector,
) -> None:
    if mapping.module == "roster" or "owner" not in fields.columns:
        return
    owner = fields["owner"]
    rep = map_unique(owner, lambda v: ctx.reps_by_name.get(normalise(v)) if isinstance(v, str) else None)
    unknown = owner.notna() & rep.isna()
    label = headers.get("owner", "owner")
    q.add(
        unknown,
        label,
        owner,
        "unknown_owner",
        f"{label} is not in the roster: import the users/staff export first, or add the rep",
    )
    fields["rep_id"] = rep


def _convert_currency(
    mapping: Mapping,
    fields: pd.DataFrame,
    frame: pd.DataFrame,
    headers: dict[str, str],
    ctx: Context,
    q: _Collector,
) -> None:
    if "amount" not in fields.columns:
        return
    currency = (
        fields.pop("_amount_currency")
        if "_amount_currency" in fields.columns
        else pd.Series(None, index=fields.index, dtype=object)
    )
    if "currency" in fields.columns:
        currency = currency.where(
            currency.notna(),
            fields["currency"].map(lambda v: str(v).strip().upper() if isinstance(v, str) else None),
        )
    currency = currency.where(currency.notna(), mapping.currency)
    rates = {ctx.currency: 1.0, **mapping.fx_rates}
    rate = currency.map(rates)
    label = headers.get("amount", "amount")
    missing = rate.isna() & fields["amount"].notna()
    q.add(
        missing,
        label,
        currency,
        "no_fx_rate",
        f"no exchange rate to {ctx.currency}: add fx_rates to the mapping",
    )
    fields["currency"] = currency
    fields["amount"] = (fields["amount"] * rate).round(2)


def _module_checks(
    mapping: Mapping, fields: pd.DataFrame, frame: pd.DataFrame, headers: dict[str, str], q: _Collector
) -> None:
    if mapping.module == "deals":
        stage = fields["stage"]
        status = (
            fields["status"]
            if "status" in fields.columns
            else pd.Series(None, index=fields.index, dtype=object)
        )
        from_stage = stage.map({"closed_won": "won", "closed_lost": "lost"}).fillna("open")
        status = status.where(status.notna(), from_stage)
        # a status the CRM set wins over an open stage: a deal marked won is closed won
        stage = np.where(
            status.eq("won"),
            "closed_won",
            np.where(status.eq("lost") & ~stage.eq("closed_won"), "closed_lost", stage),
        )
        stage = pd.Series(stage, index=fields.index, dtype=object)
        conflict = (
            status.eq("open")
            & stage.isin(["closed_won", "closed_lost"])
            & fields.get("status", pd.Series(None, index=fields.index)).notna()
        )
        q.add(
            conflict,
            headers.get("status", "status"),
            fields.get("status", status),
            "conflicting_status",
            "the status says open but the stage is closed",
        )
        fields["stage"] = stage
        fields["status"] = status.where(~status.eq("invalid"), None)
        before = (
            fields["close_date"].notna()
            & fields["created"].notna()
            & (fields["close_date"] < fields["created"].dt.normalize())
            & status.isin(["won", "lost"])
        )
        q.add(
            before,
            headers.get("close_date", "close_date"),
            frame.get(headers.get("close_date", ""), fields["close_date"].astype(str)),
            "closed_before_created",
            "the deal closes before it was created",
        )
    if mapping.module == "leads" and "converted_date" in fields.columns:
        status = fields.get("status", pd.Series(None, index=fields.index, dtype=object))
        fields["status"] = status.where(
            status.notna(), np.where(fields["converted_date"].notna(), "converted", "open")
        )
