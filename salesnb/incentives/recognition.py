"""Recognition in the team review: the top performer, the most improved rep and quota streaks, each with
the number that earned it (the articles' 表彰与奖励: recognise results publicly and specifically).

All three read one frame: quota attainment per rep (rows) and period (columns, oldest first), reps without
a quota in a period left as missing. Managers are not ranked with the reps they lead (their plan pays on
the team's result): each manager with a quota gets one ``manager`` row saying so, with their own
attainment, so nobody is left out without a word.
"""

from __future__ import annotations

import math

import pandas as pd

#: Periods before this one that the "most improved" comparison averages.
IMPROVED_WINDOW = 3
#: A streak is recognised from this many consecutive periods at or above quota.
MIN_STREAK = 2
COLUMNS = ["award", "rep_id", "value", "previous", "periods"]


def recognition(attainment: pd.DataFrame, managers: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per award: ``top_performer`` (highest attainment in the last period), ``most_improved``
    (largest rise of the last period over the mean of the :data:`IMPROVED_WINDOW` before, among reps with
    a quota in all of them and a rise above zero) and one ``streak`` row per rep at or above quota for
    at least :data:`MIN_STREAK` periods running up to the last one (longest first).

    Columns: ``award``, ``rep_id``, ``value`` (the last period's attainment), ``previous`` (the average it
    is compared with, for most improved), ``periods`` (the streak's length). ``managers``: the managers'
    attainment, shaped as ``attainment``; one ``manager`` row each with a value in the last period.

    Examples
    --------
    >>> att = pd.DataFrame({"p1": [1.1, 0.5, 1.0], "p2": [1.2, 0.6, 0.9], "p3": [1.0, 0.6, 1.0],
    ...                     "p4": [1.05, 0.95, 1.3]}, index=["a", "b", "c"])
    >>> recognition(att)[["award", "rep_id"]].values.tolist()
    [['top_performer', 'c'], ['most_improved', 'b'], ['streak', 'a'], ['streak', 'c']]
    >>> recognition(att).query("award == 'streak'")["periods"].tolist()  # a: p1–p4, c: p3–p4
    [4, 2]
    >>> boss = pd.DataFrame({"p4": [1.478]}, index=["m"])
    >>> row = recognition(att, boss).iloc[-1]
    >>> row["award"], row["rep_id"], float(row["value"])
    ('manager', 'm', 1.478)
    """
    rows: list[dict] = []
    if attainment.empty:
        return pd.DataFrame(_managers(managers), columns=COLUMNS)
    last = attainment.iloc[:, -1].dropna()
    if not last.empty:
        top = last.idxmax()
        rows.append(
            {"award": "top_performer", "rep_id": top, "value": last[top], "previous": math.nan, "periods": 1}
        )
    before = attainment.iloc[:, -1 - IMPROVED_WINDOW : -1]
    if before.shape[1] == IMPROVED_WINDOW:
        complete = before.dropna().index.intersection(last.index)
        rise = (last[complete] - before.loc[complete].mean(axis=1)).sort_values(ascending=False)
        if len(rise) and rise.iloc[0] > 0:
            rep = rise.index[0]
            rows.append(
                {
                    "award": "most_improved",
                    "rep_id": rep,
                    "value": last[rep],
                    "previous": float(before.loc[rep].mean()),
                    "periods": IMPROVED_WINDOW,
                }
            )
    at_quota = attainment.ge(1.0) & attainment.notna()
    streaks = {}
    for rep, row in at_quota.iterrows():
        n = 0
        for hit in reversed(row.tolist()):
            if not hit:
                break
            n += 1
        if n >= MIN_STREAK:
            streaks[rep] = n
    for rep, n in sorted(streaks.items(), key=lambda kv: (-kv[1], str(kv[0]))):
        rows.append(
            {
                "award": "streak",
                "rep_id": rep,
                "value": last.get(rep, math.nan),
                "previous": math.nan,
                "periods": n,
            }
        )
    rows += _managers(managers)
    return pd.DataFrame(rows, columns=COLUMNS)


def _managers(managers: pd.DataFrame | None) -> list[dict]:
    if managers is None or managers.empty:
        return []
    last = managers.iloc[:, -1].dropna()
    return [
        {"award": "manager", "rep_id": rep, "value": float(v), "previous": math.nan, "periods": 1}
        for rep, v in last.sort_values(ascending=False).items()
    ]
