"""Activity and team KPIs: calls, their answer rate and talk time, when the work happens, and headcount."""

from __future__ import annotations

import pandas as pd

from salesnb.kpis.catalog.registry import kpi, ratio


@kpi(
    en="Calls per working day",
    zh="人均日通话量",
    unit="per_day",
    definition="Dials per rep per working day (each call record is one dial).",
    formula="dials ÷ Σ working days of the reps",
    measures=("dials", "working_days"),
)
def calls_per_working_day(m: pd.DataFrame) -> pd.Series:
    """Dials per rep per working day (Monday–Friday days each rep was employed).

    Examples
    --------
    >>> calls_per_working_day(pd.DataFrame({"dials": [600.0], "working_days": [10.0]})).tolist()
    [60.0]
    """
    return ratio(m["dials"], m["working_days"])


@kpi(
    en="Contact rate",
    zh="接通率",
    unit="ratio",
    definition="Share of dials that were answered (the source articles' 接通率: connected ÷ dialled).",
    formula="connected calls ÷ dials",
    measures=("connects", "dials"),
)
def contact_rate(m: pd.DataFrame) -> pd.Series:
    """Share of dials that were answered (the source articles' 接通率: connected ÷ dialled).

    Examples
    --------
    >>> contact_rate(pd.DataFrame({"connects": [30.0], "dials": [100.0]})).tolist()
    [0.3]
    """
    return ratio(m["connects"], m["dials"])


@kpi(
    en="Talk time (hours)",
    zh="通话时长（小时）",
    unit="hours",
    definition="Time spent in connected calls.",
    formula="Σ duration_seconds of connected calls ÷ 3600",
    measures=("talk_seconds",),
    accumulates=True,
)
def talk_time_hours(m: pd.DataFrame) -> pd.Series:
    """Hours spent in connected calls.

    Examples
    --------
    >>> talk_time_hours(pd.DataFrame({"talk_seconds": [5400.0]})).tolist()
    [1.5]
    """
    return m["talk_seconds"].astype(float) / 3600.0


@kpi(
    en="After-hours activity share",
    zh="非工作时间活动占比",
    unit="ratio",
    definition="Share of logged activities (calls, meetings, emails, visits) started outside the working "
    "day, 08:00–19:00 local time (`salesnb/warehouse/slices.py`). A workload and well-being signal (the "
    "articles' 工作与生活平衡).",
    formula="activities with hour(started_at) < 8 or ≥ 19 ÷ activities",
    measures=("after_hours", "activities"),
    direction="lower",
)
def after_hours_share(m: pd.DataFrame) -> pd.Series:
    """Share of a rep's logged activities outside the working day (a workload and well-being signal).

    Examples
    --------
    >>> after_hours_share(pd.DataFrame({"after_hours": [12.0], "activities": [80.0]})).tolist()
    [0.15]
    """
    return ratio(m["after_hours"], m["activities"])


@kpi(
    en="Weekend activity share",
    zh="周末活动占比",
    unit="ratio",
    definition="Share of logged activities on a Saturday or Sunday.",
    formula="activities on ISO day 6–7 ÷ activities",
    measures=("weekend", "activities"),
    direction="lower",
)
def weekend_share(m: pd.DataFrame) -> pd.Series:
    """Share of a rep's logged activities on a weekend day.

    Examples
    --------
    >>> weekend_share(pd.DataFrame({"weekend": [4.0], "activities": [80.0]})).tolist()
    [0.05]
    """
    return ratio(m["weekend"], m["activities"])


@kpi(
    en="Headcount",
    zh="人数",
    unit="count",
    definition="Reps employed on at least one day of the period.",
    formula="count(reps employed in period)",
    measures=("headcount",),
    direction="neutral",
)
def headcount(m: pd.DataFrame) -> pd.Series:
    """Reps on the team at any time in the period.

    Examples
    --------
    >>> headcount(pd.DataFrame({"headcount": [7.0]})).tolist()
    [7.0]
    """
    return m["headcount"].astype(float)
