"""A partial export: the demo organisation as a CRM that holds only deals, leads, orders and a roster.

No quotas, no activities, no surveys, no costs, no training, and stage history as a single import
leaves it (each deal's last stage only, no change recorded); one rep of ``bj-field`` has no deal at all.
Built as a new warehouse from the demo's tables (never by deleting from a copy), so it is a warehouse
as an import writes it.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from salesnb.warehouse import connect, replace_tables
from salesnb.warehouse.schema import TABLES

#: The tables a partial export leaves empty.
EMPTIED = ("targets", "activities", "surveys", "costs", "training_completions")
#: The rep whose deals the export does not hold.
REP_WITHOUT_DEALS = "bj-field-r03"


def build_partial_warehouse(demo_db: Path, dest: Path) -> Path:
    """Write the partial export of the demo warehouse ``demo_db`` to ``dest`` and return ``dest``."""
    with connect(demo_db) as con:
        frames = {name: con.execute(f"SELECT * FROM {name}").df() for name in TABLES}
    for name in EMPTIED:
        frames[name] = frames[name].iloc[0:0]
    opps = frames["opportunities"]
    gone = set(opps.loc[opps["rep_id"] == REP_WITHOUT_DEALS, "opportunity_id"])
    frames["opportunities"] = opps[~opps["opportunity_id"].isin(gone)]
    history = frames["stage_history"]
    history = history[~history["opportunity_id"].isin(gone)].sort_values("entered_at")
    frames["stage_history"] = history.drop_duplicates("opportunity_id", keep="last")
    orders = frames["orders"]
    frames["orders"] = orders.assign(
        opportunity_id=orders["opportunity_id"].where(~orders["opportunity_id"].isin(gone), pd.NA)
    )
    frames = {k: v for k, v in frames.items() if k not in ("imports", "quarantine")}
    replace_tables(dest, frames, source="partial export", fresh=True)
    return dest
