"""How benchmarks over other people are guarded, so that no benchmark reveals one person's figures.

A median or rank over other people needs at least ``min_group_size`` of them besides the rep
(``params/benchmarks.yaml``, validated by :mod:`salesnb.params`); these are its bounds.
"""

from __future__ import annotations

#: Fewest people other than the rep behind a benchmark over other people (a median, a rank): the default
#: and the least ``min_group_size`` may be. Below it one person's figures would show through.
MIN_GROUP_SIZE = 5
#: The most ``min_group_size`` may be (an organisation's headcount, not a typo of it, stays below).
MAX_GROUP_SIZE = 1000
