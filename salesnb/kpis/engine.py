"""Roll measures up the hierarchy and turn them into KPI tables with the previous period and change."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from typing import Literal

import numpy as np
import pandas as pd

from salesnb.errors import ParameterError
from salesnb.kpis.catalog import CATALOG, LEFT_OUT_MEASURES, compute_kpis, quota_attainment, ratio
from salesnb.kpis.measures import compute_measures, measure_leads
from salesnb.periods import Period
from salesnb.warehouse.slices import remembered

Level = Literal["rep", "team", "region", "org"]
LEVELS: tuple[Level, ...] = ("rep", "team", "region", "org")
ORG_ID = "org"


def units(data: dict[str, pd.DataFrame], level: Level) -> pd.DataFrame:
    """Map every rep to the unit it rolls up to at ``level``: ``rep_id``, ``unit_id``, ``unit_name``,
    ``level``.

    Remembered per level by a :class:`~salesnb.warehouse.slices.Slice` (each call returns its own copy).
    """
    if level not in LEVELS:
        raise ParameterError(f"unknown level {level!r}: use one of {', '.join(LEVELS)}")
    return remembered(data, ("units", level), lambda: _units(data, level).assign(level=level))


def _units(data: dict[str, pd.DataFrame], level: Level) -> pd.DataFrame:
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


#: Above the rep, the quota is the team's: its own target where it has one, else its reps' (measures).
TEAM_QUOTAS = {"quota": "team_quota", "next_quota": "team_next_quota"}


def rollup(measures: pd.DataFrame, mapping: pd.DataFrame) -> pd.DataFrame:
    """Sum rep-level measures to units: indexed by ``(period, unit_id)``.

    At the team level and above (a ``mapping`` from :func:`units` says its ``level``), ``quota`` and
    ``next_quota`` are the teams' quotas: a team's own target for a month where it has one, else the sum
    of its reps' targets (:func:`~salesnb.kpis.measures.measure_team_quotas`).
    """
    flat = measures.reset_index().merge(mapping[["rep_id", "unit_id"]], on="rep_id", how="inner")
    out = flat.groupby(["period", "unit_id"], sort=True)[list(measures.columns)].sum()
    if "level" in mapping and len(mapping) and (mapping["level"] != "rep").all():
        for own, team in TEAM_QUOTAS.items():
            if own in out and team in out:
                out[own] = out[team]
    return out


def kpi_frame(
    data: dict[str, pd.DataFrame], periods: Sequence[Period], level: Level, names: list[str] | None = None
) -> pd.DataFrame:
    """KPIs per unit and period, wide: index ``(period, unit_id)``, one column per KPI.

    A rep appears in the periods they were employed or had any activity or deal.
    """
    return compute_kpis(_rolled(data, periods, level), names)


def _rolled(data: dict[str, pd.DataFrame], periods: Sequence[Period], level: Level) -> pd.DataFrame:
    """Measures summed per unit, the organisation's with the leads nobody owns (:func:`rollup_slice`)."""
    return rollup_slice(compute_measures(data, periods), data, level)


def rollup_slice(
    measures: pd.DataFrame, data: dict[str, pd.DataFrame], level: Level, *, whole_org: bool = True
) -> pd.DataFrame:
    """:func:`rollup` of ``measures`` to the ``level`` units of the slice ``data``; the organisation's
    also count the leads nobody owns yet (a slice of every team holds them as ``unassigned_leads``; they
    are in no rep's, team's or region's figures). Every organisation figure goes through here, so the
    KPI table, the org overview and org goals agree. ``whole_org=False``: the slice's ``org`` unit is
    only part of the organisation (a region's overview), which owns none of those leads."""
    rolled = rollup(measures, units(data, level))
    unassigned = data.get("unassigned_leads")
    if level != "org" or not whole_org or unassigned is None or not len(unassigned) or not len(rolled):
        return rolled
    periods = [Period.parse(label) for label in rolled.index.get_level_values("period").unique()]
    extra = measure_leads(unassigned.assign(rep_id=ORG_ID), periods).rename_axis(["period", "unit_id"])
    extra = extra.reindex(rolled.index, fill_value=0.0)
    for column in extra.columns:
        rolled[column] = rolled[column] + extra[column].astype(float)
    return rolled


def left_out_counts(rolled: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    """Per unit and period, the number of records each KPI of ``names`` had to leave out (its
    ``left_out`` measure; 0 for a KPI that leaves nothing out).

    Examples
    --------
    >>> idx = pd.MultiIndex.from_tuples([("2026-10", "t1")], names=["period", "unit_id"])
    >>> m = pd.DataFrame({"open_deals_unknown_amount": [3.0]}, index=idx)
    >>> left_out_counts(m, ["pipeline_value", "win_rate"]).iloc[0].tolist()
    [3.0, 0.0]
    """
    zero = pd.Series(0.0, index=rolled.index)
    out = {}
    for name in names:
        measure = CATALOG[name].left_out
        out[name] = rolled[measure].astype(float) if measure and measure in rolled else zero
    return pd.DataFrame(out, index=rolled.index)


def kpi_table(
    data: dict[str, pd.DataFrame], period: Period, level: Level, names: list[str] | None = None
) -> pd.DataFrame:
    """The KPI table the reports use: one row per unit and KPI with the previous period and change.

    Columns: ``period``, ``unit_id``, ``unit_name``, ``kpi``, ``label``, ``unit``, ``value``,
    ``previous``, ``change`` (value − previous), ``change_pct`` (change ÷ |previous|) and ``left_out``
    (the records the value had to leave out in the period, e.g. open deals without an amount; 0 if none).
    """
    prev = period.previous()
    rolled = _rolled(data, [prev, period], level)
    wide = compute_kpis(rolled, names)
    chosen = list(wide.columns)
    left = left_out_counts(rolled, chosen)
    left = left.xs(period.label, level="period") if period.label in left.index.get_level_values(0) else None
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
    if left is not None:
        left_long = (
            left.rename_axis("unit_id").reset_index().melt("unit_id", var_name="kpi", value_name="left_out")
        )
        out = out.merge(left_long, on=["unit_id", "kpi"], how="left")
    out["left_out"] = out.get("left_out", pd.Series(0.0, index=out.index)).fillna(0.0).astype(float)
    names_map = units(data, level).drop_duplicates("unit_id").set_index("unit_id")["unit_name"]
    out.insert(0, "period", period.label)
    out.insert(2, "unit_name", out["unit_id"].map(names_map))
    out.insert(4, "label", out["kpi"].map(lambda k: CATALOG[k].label))
    out.insert(5, "unit", out["kpi"].map(lambda k: CATALOG[k].unit))
    order = {k: i for i, k in enumerate(chosen)}
    out = out.sort_values(["unit_id", "kpi"], key=lambda s: s.map(order) if s.name == "kpi" else s)
    return out.reset_index(drop=True)


def unit_trend(measures: pd.DataFrame, mapping: pd.DataFrame, unit_id: str, names: list[str]) -> pd.DataFrame:
    """One unit's KPIs ``names`` per period (index: period label) with its ``quota``, over the periods it
    had people, from its first record on (the trend of a review).

    ``measures`` are rep measures over the periods wanted (:func:`compute_measures`) and ``mapping`` the
    :func:`units` they roll up to; ``names`` must hold ``revenue``, ``headcount`` and
    ``calls_per_working_day``. History before the unit's first record (revenue, calls or a quota) is not
    a period of zero sales: it is left out.
    """
    rolled = rollup(measures, mapping)
    rolled = rolled[rolled.index.get_level_values("unit_id") == unit_id]
    kept = ["quota", *(m for m in LEFT_OUT_MEASURES if m in rolled)]  # what revenue leaves out, beside it
    trend = compute_kpis(rolled, names).join(rolled[kept]).droplevel("unit_id")
    # a deal closed is a record even when the export gives it no amount (revenue 0 beside its count)
    closed = rolled.reindex(columns=["deals_won", "deals_lost"], fill_value=0).sum(axis=1)
    trend = trend[trend["headcount"] > 0]
    has_data = (trend["revenue"] > 0) | (trend["calls_per_working_day"] > 0) | (trend["quota"] > 0)
    has_data |= closed.droplevel("unit_id").reindex(trend.index, fill_value=0) > 0
    return trend[has_data.cummax()]


def kpi_wide(table: pd.DataFrame, column: str = "value") -> pd.DataFrame:
    """Pivot a :func:`kpi_table` to one row per unit and one column per KPI (catalog order)."""
    order = list(dict.fromkeys(table["kpi"]))
    wide = table.pivot(index=["unit_id", "unit_name"], columns="kpi", values=column)
    return wide[order].reset_index()


#: Edges of the quota-attainment bands: <50 %, 50–80 %, 80–100 %, 100–120 %, ≥120 %.
ATTAINMENT_BANDS = (0.5, 0.8, 1.0, 1.2)


def band_keys(bands: Sequence[float] = ATTAINMENT_BANDS) -> list[tuple[str, str]]:
    """``(key, label)`` of each attainment band: below the first edge, between edges, from the last.

    Examples
    --------
    >>> [k for k, _ in band_keys()]
    ['lt50', '50_80', '80_100', '100_120', 'ge120']
    >>> band_keys()[1][1]
    '50–80%'
    """
    pct = [f"{b * 100:g}" for b in bands]
    inner = [(f"{a}_{b}", f"{a}–{b}%") for a, b in pairwise(pct)]
    return [(f"lt{pct[0]}", f"<{pct[0]}%"), *inner, (f"ge{pct[-1]}", f"≥{pct[-1]}%")]


def attainment_distribution(
    reps: pd.DataFrame, bands: Sequence[float] = ATTAINMENT_BANDS, mapping: pd.DataFrame | None = None
) -> pd.DataFrame:
    """How many reps fall in each quota-attainment band, per unit (and per period if ``reps`` has one).

    ``reps`` holds one row per rep: indexed by rep id or ``(period, rep id)``, with a
    ``quota_attainment`` column (rep KPIs) or ``revenue`` and ``quota`` (rep measures). ``mapping``
    (from :func:`units`) assigns reps to teams, regions or the organisation; without it every rep counts
    in one unit ``org``. A rep exactly on an edge falls in the band above (100 % is "100–120%"). Reps
    without a quota are left out, so ``share`` is of the reps with a quota in the unit (filter managers
    or leavers out of ``reps`` before calling if they should not count).

    Columns: [``period``], ``unit_id``, ``band`` (key), ``label``, ``reps``, ``share``.

    Examples
    --------
    >>> reps = pd.DataFrame({"quota_attainment": [0.3, 0.9, 1.0, 1.5, float("nan")]},
    ...                     index=pd.Index(["a", "b", "c", "d", "e"], name="rep_id"))
    >>> attainment_distribution(reps)["reps"].tolist()
    [1, 0, 1, 1, 1]
    """
    if list(bands) != sorted(bands) or not bands:
        raise ParameterError(f"attainment bands must be increasing edges, got {list(bands)}")
    att = reps["quota_attainment"].astype(float) if "quota_attainment" in reps else quota_attainment(reps)
    att = att.rename("attainment")
    att.index = att.index.set_names([*att.index.names[:-1], "rep_id"])  # kpi_frame names it unit_id
    flat = att.reset_index()
    by = ["period", "unit_id"] if "period" in flat else ["unit_id"]
    if mapping is None:
        flat["unit_id"] = ORG_ID
    else:
        flat = flat.merge(mapping[["rep_id", "unit_id"]], on="rep_id", how="inner")
    keys = band_keys(bands)
    units_seen = flat[by].drop_duplicates().sort_values(by)
    flat = flat.dropna(subset=["attainment"])
    pos = np.searchsorted(np.asarray(bands, dtype=float), flat["attainment"].to_numpy(), side="right")
    flat["band"] = np.array([k for k, _ in keys], dtype=object)[pos]
    counts = flat.groupby([*by, "band"]).size()
    full = units_seen.merge(pd.DataFrame({"band": [k for k, _ in keys]}), how="cross")
    out = full.merge(counts.rename("reps").reset_index(), on=[*by, "band"], how="left")
    out["reps"] = out["reps"].fillna(0).astype(int)
    out["share"] = ratio(out["reps"], out.groupby(by)["reps"].transform("sum"))
    out.insert(len(by) + 1, "label", out["band"].map(dict(keys)))
    return out.reset_index(drop=True)
