"""What a team's closed deals can support as a goal: revenue needs won deals with amounts, a win rate needs
lost deals too. ``salesnb params init`` suggests no target a team's history cannot measure (an export of
won deals without amounts, as the Olist funnel is, gives neither) and says why in a comment instead; it
names the period a first review is best tried on, the latest one the data covers whole."""

from __future__ import annotations

from dataclasses import dataclass

from salesnb.periods import Period
from salesnb.warehouse.extent import Extent, data_as_of, data_extent, latest_complete
from salesnb.warehouse.slices import count_closed_deals


@dataclass(frozen=True)
class Outcomes:
    """A team's deals closed in the months of history: won with an amount, won without one, and lost."""

    won_priced: int
    won_unpriced: int
    lost: int


def read_outcomes(con, months: tuple[Period, ...]) -> dict[str, Outcomes]:
    """Per team, the deals closed within ``months`` in the open warehouse ``con`` (untyped: the domain
    imports no database library)."""
    if not months:
        return {}
    return {
        team: Outcomes(*counts)
        for team, counts in count_closed_deals(con, months[0].start, months[-1].last_day).items()
    }


def read_extent(con) -> Extent | None:
    """The data's extent ending where every other command reads its end (an explicit as-of wins)."""
    extent = data_extent(con)
    return None if extent is None else Extent(extent.first, data_as_of(con))


def first_review_period(extent: Extent | None) -> Period | None:
    """The period a first ``salesnb run`` is best tried on: the last quarter wholly inside the data, else
    its last complete month, else the month it ends in; ``None`` without data.

    Examples
    --------
    >>> from datetime import date
    >>> first_review_period(Extent(date(2017, 6, 14), date(2018, 11, 14))).label
    '2018-Q3'
    >>> first_review_period(Extent(date(2025, 8, 3), date(2025, 9, 30))).label
    '2025-09'
    >>> first_review_period(Extent(date(2025, 8, 3), date(2025, 8, 20))).label
    '2025-08'
    """
    if extent is None:
        return None
    for grain in ("quarter", "month"):
        period = latest_complete(extent.last, grain)
        if period.start >= extent.first:
            return period
    return Period.containing(extent.last, "month")


def unsupported_by(metric: str, outcomes: Outcomes | None) -> str | None:
    """Why a team's closed deals cannot support a goal for ``metric``, or ``None`` when they can: revenue
    needs won deals with amounts, a win rate needs lost deals too (an export of won deals only gives
    100 % by construction, a target that says nothing).

    Examples
    --------
    >>> unsupported_by("revenue", Outcomes(0, 146, 0))
    'its 146 won deals in the months of history carry no amount, so revenue cannot be measured'
    >>> unsupported_by("win_rate", Outcomes(0, 146, 0))
    'no deal lost in the months of history (146 won): the win rate is 100 % by construction'
    >>> unsupported_by("win_rate", Outcomes(3, 0, 2)) is None
    True
    """
    won = outcomes.won_priced + outcomes.won_unpriced if outcomes else 0
    if metric == "revenue" and outcomes and won and not outcomes.won_priced:
        return f"its {won} won deals in the months of history carry no amount, so revenue cannot be measured"
    if metric == "win_rate" and outcomes and won and not outcomes.lost:
        return f"no deal lost in the months of history ({won} won): the win rate is 100 % by construction"
    return None


__all__ = ["Outcomes", "first_review_period", "read_extent", "read_outcomes", "unsupported_by"]
