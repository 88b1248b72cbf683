"""Validate frames against the canonical schema and turn pandera's report into :class:`DataError`."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

import pandas as pd

from salesnb.errors import DataError, Problem
from salesnb.warehouse.schema import TABLES

if TYPE_CHECKING:  # pandera is imported when a schema is first built: the import path does not need it
    import pandera.pandas as pa

_PANDERA = {
    "str": None,  # any string-like dtype (object or str) is fine; the check below enforces strings
    "date": "datetime64[ns]",
    "timestamp": "datetime64[ns]",
    "float": "float64",
    "int": "Int64",
    "bool": "boolean",
}


def _is_text(s: pd.Series) -> pd.Series | bool:
    """Every value is a string: decided for the whole column at C speed, element-wise only on failure."""
    if pd.api.types.infer_dtype(s, skipna=True) in {"string", "empty"}:
        return True
    return s.map(lambda v: isinstance(v, str))


def _not_blank(s: pd.Series) -> pd.Series:
    return s.astype("string[pyarrow]").str.strip().str.len() > 0


@cache
def pandera_schema(name: str) -> pa.DataFrameSchema:
    """The pandera schema that every frame written to table ``name`` must pass."""
    import pandera.pandas as pa

    table = TABLES[name]
    columns = {}
    for c in table.columns:
        checks = []
        if c.kind == "str":
            checks.append(pa.Check(_is_text, element_wise=False, error="must be text"))
            checks.append(pa.Check(_not_blank, element_wise=False, error="must not be blank"))
        if c.allowed is not None:
            checks.append(pa.Check.isin(list(c.allowed)))
        if c.min_value is not None:
            checks.append(pa.Check.ge(c.min_value))
        if c.max_value is not None:
            checks.append(pa.Check.le(c.max_value))
        columns[c.name] = pa.Column(
            _PANDERA[c.kind],
            checks=checks,
            nullable=c.nullable,
            coerce=c.kind != "str",
            required=True,
        )
    return pa.DataFrameSchema(
        columns,
        strict=True,
        unique=list(table.key),
        ordered=False,
        name=name,
        report_duplicates="all",
    )


def validate_frame(df: pd.DataFrame, table: str, source: str = "<frame>") -> pd.DataFrame:
    """Return ``df`` coerced to ``table``'s schema, or raise :class:`DataError` listing every failure.

    Row numbers in the error are the frame's index labels, so a loader that keeps the source line
    number as the index gets file-relative positions for free.

    Examples
    --------
    >>> import pandas as pd
    >>> validate_frame(pd.DataFrame({"region_id": ["east"], "name": ["East"]}), "regions").shape
    (1, 2)
    """
    if table not in TABLES:
        raise KeyError(table)
    expected = TABLES[table].column_names
    missing = [c for c in expected if c not in df.columns]
    extra = [c for c in df.columns if c not in expected]
    if missing or extra:
        problems = [Problem(None, c, None, "required column is missing") for c in missing]
        problems += [Problem(None, c, None, "column is not in the schema") for c in extra]
        raise DataError(source, table, problems)
    import pandera.errors as pae

    try:
        return pandera_schema(table).validate(df[expected], lazy=True)
    except pae.SchemaErrors as exc:
        raise DataError(source, table, _problems(exc.failure_cases)) from None


def _problems(cases: pd.DataFrame) -> list[Problem]:
    out: list[Problem] = []
    for case in cases.itertuples(index=False):
        index = getattr(case, "index", None)
        row = None if index is None or pd.isna(index) else int(index)
        column = getattr(case, "column", None)
        column = None if column is None or pd.isna(column) else str(column)
        value = getattr(case, "failure_case", None)
        check = str(getattr(case, "check", ""))
        out.append(Problem(row, column, value, _reason(check)))
    return out


def _reason(check: str) -> str:
    if check == "not_nullable":
        return "must not be empty"
    if check.startswith("isin("):
        return "must be one of " + check[len("isin(") : -1].strip("[]")
    if check.startswith("greater_than_or_equal_to("):
        return "must be >= " + check[len("greater_than_or_equal_to(") : -1]
    if check.startswith("less_than_or_equal_to("):
        return "must be <= " + check[len("less_than_or_equal_to(") : -1]
    if check.startswith("field_uniqueness") or check.startswith("multiple_fields_uniqueness"):
        return "duplicate key"
    if check.startswith("coerce_dtype("):
        return "cannot be read as " + check[len("coerce_dtype(") : -1].strip("'")
    if check.startswith("dtype("):
        return "wrong type " + check[len("dtype(") : -1]
    return check


def validate_relation(con, relation: str, table: str, source: str, examples: int = 5) -> None:
    """Check rows held in DuckDB ``relation`` against ``table``'s declared schema, inside the database.

    The same declarations as :func:`validate_frame` (types, nulls, allowed values, ranges, unique key),
    evaluated in SQL so a million-row import never has to leave DuckDB to be validated.
    """
    spec = TABLES[table]
    checks: list[tuple[str, str, str]] = []
    for c in spec.columns:
        if not c.nullable:
            checks.append((c.name, f"{c.name} IS NULL", "must not be empty"))
        if c.kind == "str":  # blank: empty or spaces only (trim only where a space leads)
            checks.append(
                (
                    c.name,
                    f"CASE WHEN starts_with(CAST({c.name} AS VARCHAR), ' ') "
                    f"THEN trim(CAST({c.name} AS VARCHAR)) = '' ELSE CAST({c.name} AS VARCHAR) = '' END",
                    "must not be blank",
                )
            )
        if c.allowed is not None:
            allowed = ", ".join("'" + a.replace("'", "''") + "'" for a in c.allowed)
            checks.append((c.name, f"{c.name} NOT IN ({allowed})", "must be one of " + allowed))
        if c.min_value is not None:
            checks.append((c.name, f"{c.name} < {c.min_value}", f"must be >= {c.min_value}"))
        if c.max_value is not None:
            checks.append((c.name, f"{c.name} > {c.max_value}", f"must be <= {c.max_value}"))
    key = ", ".join(spec.key)
    # one scan counts every check's failures; examples are fetched only for the checks that failed
    counts = ", ".join(f"count_if({cond})" for _, cond, _ in checks)
    keyed = (
        f"count(*) - count(DISTINCT ({key}))" if len(spec.key) > 1 else f"count(*) - count(DISTINCT {key})"
    )
    # the quick count says whether any key repeats; the grouped query then names them
    *failures, repeats = con.execute(
        f"SELECT {counts}{', ' if counts else ''}{keyed} FROM {relation}"
    ).fetchone()
    problems: list[Problem] = []
    for (column, cond, reason), n in zip(checks, failures, strict=True):
        if not n:
            continue
        for (value,) in con.execute(
            f"SELECT {column} FROM {relation} WHERE {cond} LIMIT {examples}"
        ).fetchall():
            problems.append(Problem(None, column, value, reason))
    if repeats:
        dups = con.execute(
            f"SELECT {key}, count(*) FROM {relation} GROUP BY ALL HAVING count(*) > 1 LIMIT {examples}"
        ).fetchall()
        problems += [Problem(None, key, row[:-1], "duplicate key") for row in dups]
    if problems:
        raise DataError(source, table, problems)
