"""What the team review's sections share: how many rows of a long list they show, multiples as text."""

from __future__ import annotations

import math

#: Rows of long lists shown in the report (the rest is summarised in one line).
MAX_ROWS = 10


def times(value: float) -> str:
    """A multiple of a median or threshold (``2.3×``; ``–`` when missing).

    >>> times(2.345), times(float("nan"))
    ('2.3×', '–')
    """
    return "–" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.1f}×"
