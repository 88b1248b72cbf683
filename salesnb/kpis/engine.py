"""Roll measures up the hierarchy and turn them into KPI tables with the previous period and change."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd

from salesnb.errors import ParameterError
from salesnb.kpis.catalog import CATALOG, compute_kpis
from salesnb.kpis.measures import compute_measures
from salesnb.periods import Period

Level = Literal["rep", "team", "region", "org"]
LEVELS: tuple[Level, ...] = ("rep", "team", "region", "org")
ORG_ID = "org"


def units(data: dict[str, pd.DataFrame], level: Level) -> pd.DataFrame:
    """Map every rep to the unit it rolls up to at ``level``: ``rep_id``, ``unit_id``, ``unit_name``."""
    if level not in LEVELS:
        raise ParameterError(f"unknown level {level!r}: use one of {', '.join(LEVELS)}")
    reps = data["reps"][["rep_id", "name", "team_id"]]
    teams = data["teams"]
    merged = reps.merge(
        teams[["team_id", "name", "region_id", "region_name"]],
        on="team_id",
        how="left",
        suffixes=("", "_team"),
    )
    if level == "rep":
        return pd.DataFrame(
            {"rep_id": merged["rep_id"], "unit_id": merged["rep_id"], "unit_name": merged["name"]}
        )
    if level == "team":
        return pd.DataFrame(
            {"rep_id": merged["rep_id"], "unit_id": merged["team_id"], "unit_name": merged["name_team"]}
        )
    if level == "region":
        return pd.DataFrame(
            {"rep_id": merged["rep_id"], "unit_id": merged["region_id"], "unit_name": merged["region_name"]}
        )
    return pd.DataFrame({"rep_id": merged["rep_id"], "unit_id": ORG_ID, "unit_name": "Organisation"})


def rollup(measures: pd.DataFrame, mapping: pd.DataFrame) -> pd.DataFrame:
    """Sum rep-level measures to units: indexed by ``(period, unit_id)``."""
    flat = measures.reset_index().merge(mapping[["rep_id", "unit_id"]], on="rep_id", how="inner")
    return flat.groupby(["period", "unit_id"], sort=True)[list(measures.columns)].sum()


def kpi_frame(
    data: dict[str, pd.DataFrame], periods: Sequence[Period], level: Level, names: list[str] | None = None
) -> pd.DataFrame:
    """KPIs per unit and period, wide: index ``(period, unit_id)``, one column per KPI.

    A rep appears in the periods they were employed or had any activity or deal.
    """
    measures = compute_measures(data, periods)
    mapping = units(data, level)
    rolled = rollup(measures, mapping)
    return compute_kpis(rolled, names)


def kpi_table(
    data: dict[str, pd.DataFrame], period: Period, level: Level, names: list[str] | None = None
) -> pd.DataFrame:
    """The KPI table the reports use: one row per unit and KPI with the previous period and change.

    Columns: ``period``, ``unit_id``, ``unit_name``, ``kpi``, ``label``, ``unit``, ``value``,
    ``previous``, ``change`` (value − previous) and ``change_pct`` (change ÷ |previous|).
    """
    prev = period.previous()
    wide = kpi_frame(data, [prev, period], level, names)
    chosen = list(wide.columns)
    cur = (
        wide.xs(period.label, level="period")
        if period.label in wide.index.get_level_values(0)
        else pd.DataFrame(columns=chosen)
    )
    old = (
        wide.xs(prev.label, level="period")
        if prev.label in wide.index.get_level_values(0)
        else pd.DataFrame(columns=chosen)
    )
    cur_long = cur.rename_axis("unit_id").reset_index().melt("unit_id", var_name="kpi", value_name="value")
    old_long = old.rename_axis("unit_id").reset_index().melt("unit_id", var_name="kpi", value_name="previous")
    out = cur_long.merge(old_long, on=["unit_id", "kpi"], how="left")
    out["value"] = out["value"].astype(float)
    out["previous"] = out["previous"].astype(float)
    out["change"] = out["value"] - out["previous"]
    out["change_pct"] = out["change"] / out["previous"].abs().where(out["previous"] != 0)
    out = out.replace([np.inf, -np.inf], np.nan)
    names_map = units(data, level).drop_duplicates("unit_id").set_index("unit_id")["unit_name"]
    out.insert(0, "period", period.label)
    out.insert(2, "unit_name", out["unit_id"].map(names_map))
    out.insert(4, "label", out["kpi"].map(lambda k: CATALOG[k].label))
    out.insert(5, "unit", out["kpi"].map(lambda k: CATALOG[k].unit))
    order = {k: i for i, k in enumerate(chosen)}
    out = out.sort_values(["unit_id", "kpi"], key=lambda s: s.map(order) if s.name == "kpi" else s)
    return out.reset_index(drop=True)


def kpi_wide(table: pd.DataFrame, column: str = "value") -> pd.DataFrame:
    """Pivot a :func:`kpi_table` to one row per unit and one column per KPI (catalog order)."""
    order = list(dict.fromkeys(table["kpi"]))
    wide = table.pivot(index=["unit_id", "unit_name"], columns="kpi", values=column)
    return wide[order].reset_index()
