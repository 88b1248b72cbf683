"""Some teams' part of a slice already read: what :func:`~salesnb.warehouse.slices.load_slice` would read
for them, without going back to the warehouse.

A caller that shows many teams one after the other (the workbench) reads every team once per window and
takes each team's part here; the KPI engine then sees the same frames a report on that team reads, so
the numbers cannot drift (``tests/unit/test_workbench.py`` compares the two). Change this with the
queries of :func:`~salesnb.warehouse.slices.load_slice`.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from salesnb.warehouse.slices import Slice


def subset_slice(data: Mapping[str, pd.DataFrame], team_ids: list[str]) -> Slice:
    """The part of ``data`` (a slice of more teams) that :func:`~salesnb.warehouse.slices.load_slice`
    would have read for ``team_ids`` over the same window.

    Every table keeps the rows of the teams' reps (targets: of the reps and of the teams; stage history:
    of their deals; costs: of the teams). Customers are those the reps own, sold to or have deals with in
    the window: a subset of what ``load_slice`` reads, which adds the customers of the reps' deals
    outside the window (only their names are ever read). A rep who moved between two of ``data``'s teams
    keeps the stint ids ``data`` gave them (``<rep>@<team>`` for an earlier stint).

    Examples
    --------
    >>> data = {name: pd.DataFrame({"rep_id": ["a", "b"]}) for name in
    ...         ("opportunities", "orders", "leads", "first_won", "activity_daily", "surveys")}
    >>> data["opportunities"] = data["opportunities"].assign(opportunity_id=["o1", "o2"], customer_id="c")
    >>> data["orders"] = data["orders"].assign(customer_id="c")
    >>> data |= {"teams": pd.DataFrame({"team_id": ["t", "u"]}),
    ...          "reps": pd.DataFrame({"rep_id": ["a", "b"], "team_id": ["t", "u"]}),
    ...          "stage_history": pd.DataFrame({"opportunity_id": ["o1", "o2"]}),
    ...          "targets": pd.DataFrame({"scope": ["rep", "team"], "scope_id": ["b", "t"]}),
    ...          "customers": pd.DataFrame({"customer_id": ["c"], "rep_id": ["b"]}),
    ...          "costs": pd.DataFrame({"team_id": ["t", "u"]})}
    >>> part = subset_slice(data, ["t"])
    >>> list(part["reps"]["rep_id"]), list(part["targets"]["scope_id"]), len(part["customers"])
    (['a'], ['t'], 1)
    """
    teams = set(team_ids)
    reps = data["reps"][data["reps"]["team_id"].isin(teams)]
    ids = set(reps["rep_id"])
    opps = data["opportunities"][data["opportunities"]["rep_id"].isin(ids)]
    orders = data["orders"][data["orders"]["rep_id"].isin(ids)]
    targets = data["targets"]
    customers = data["customers"]
    keep_customers = (
        customers["rep_id"].isin(ids)
        | customers["customer_id"].isin(set(orders["customer_id"]))
        | customers["customer_id"].isin(set(opps["customer_id"].dropna()))
    )
    out = {
        "teams": data["teams"][data["teams"]["team_id"].isin(teams)],
        "reps": reps,
        "opportunities": opps,
        "stage_history": data["stage_history"][
            data["stage_history"]["opportunity_id"].isin(set(opps["opportunity_id"]))
        ],
        "leads": data["leads"][data["leads"]["rep_id"].isin(ids)],
        "first_won": data["first_won"][data["first_won"]["rep_id"].isin(ids)],
        "activity_daily": data["activity_daily"][data["activity_daily"]["rep_id"].isin(ids)],
        "targets": targets[
            ((targets["scope"] == "rep") & targets["scope_id"].isin(ids))
            | ((targets["scope"] == "team") & targets["scope_id"].isin(teams))
        ],
        "orders": orders,
        "customers": customers[keep_customers],
        "costs": data["costs"][data["costs"]["team_id"].isin(teams)],
        "surveys": data["surveys"][data["surveys"]["rep_id"].isin(ids)],
    }
    if "unassigned_leads" in data:  # leads with no owner: every team's slice holds them for the org's count
        out["unassigned_leads"] = data["unassigned_leads"]
    if "deal_outcomes" in data:  # the warehouse's won and lost counts: the same for every team
        out["deal_outcomes"] = data["deal_outcomes"]
    return Slice({k: v.reset_index(drop=True) for k, v in out.items()})
