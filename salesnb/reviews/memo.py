"""Each team's goals, forecast and risks, remembered by the process that computed them for the overviews.

A batch runs many notebooks on one warm kernel (:mod:`salesnb.batch.kernels`: modules stay imported
between reports), so a team review, the org overview and a region overview run by the same worker can
share what one of them computed about a team instead of computing it again: the team review remembers
its team's parts, an overview recalls them (:func:`salesnb.reviews.outlook.load_outlook`). The key holds
everything the parts depend on: the warehouse file (path, size and modification time, its write-ahead
log too), the params files read (each one's size and modification time), the team, the period, the
as-of day and the first day loaded; any change is a new key, never a stale answer.

Within one ``salesnb run`` the workers' kernels share them too: the run makes a folder of its own
(:func:`salesnb.files.share.sharing`, named by ``$SALESNB_SHARE_DIR`` for the processes it starts), each
team's parts are written there once computed and read by any kernel of the run, and the folder is removed
when the run ends, so nothing computed by other code or for other data outlives it. A file that cannot be
read or written is computed again, never an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from salesnb.analysis.evidence import CustomerConcentrationEvidence
from salesnb.analysis.findings import Risk
from salesnb.files.share import shared_dir
from salesnb.params import Settings
from salesnb.periods import Period
from salesnb.reviews.rollup import best_forecast

#: Teams remembered at most (the oldest forgotten first): a batch's teams, with room for several periods.
CAPACITY = 256
_MEMO: OrderedDict[tuple, TeamParts] = OrderedDict()


@dataclass
class TeamParts:
    """One team's parts, as its team review computes them."""

    goals: pd.DataFrame | None  # goal_progress rows; None without a goals file
    forecast: dict[str, object]  # salesnb.reviews.rollup.best_forecast
    risks: list[Risk]
    names: dict[str, str] = field(default_factory=dict)  # the customers the risks name


def parts_of(
    data: dict[str, pd.DataFrame],
    goals: pd.DataFrame | None,
    forecast: pd.DataFrame,
    deals: pd.DataFrame,
    risks: list[Risk],
) -> TeamParts:
    """A team's parts from its slice's goal progress, forecasts (every method's, and the deals') and
    risks, with the names of the customers the risks name."""
    team_id = str(data["teams"]["team_id"].iloc[0])
    named = {
        c
        for r in risks
        if isinstance(r.evidence, CustomerConcentrationEvidence)
        for c in r.evidence.customers
    }
    customers = data["customers"]
    names = {
        str(c): str(n) for c, n in zip(customers["customer_id"], customers["name"], strict=True) if c in named
    }
    return TeamParts(goals, best_forecast(forecast, deals, team_id), risks, names)


def _stamp(path: Path) -> tuple[str, int, int]:
    try:
        stat = path.stat()
    except OSError:
        return (str(path), -1, -1)
    return (str(path.resolve()), stat.st_mtime_ns, stat.st_size)


def parts_key(
    db_file: Path, settings: Settings, team_id: str, period: Period, as_of: date, start: date
) -> tuple:
    """What a team's parts depend on (see the module docstring)."""
    db = Path(db_file)
    files = tuple(_stamp(Path(p)) for p in settings.files)
    return (_stamp(db), _stamp(db.with_name(db.name + ".wal")), files, team_id, period.label, as_of, start)


def _shared(key: tuple) -> Path | None:
    """The file of ``key`` in the run's shared folder, or ``None`` outside a run."""
    folder = shared_dir()
    return None if folder is None else folder / f"{hashlib.sha256(repr(key).encode()).hexdigest()}.pkl"


def remember(key: tuple, parts: TeamParts) -> None:
    """Keep ``parts`` under ``key`` for the rest of the process (at most :data:`CAPACITY` teams), and for
    the other kernels of the run."""
    _MEMO[key] = parts
    _MEMO.move_to_end(key)
    while len(_MEMO) > CAPACITY:
        _MEMO.popitem(last=False)
    path = _shared(key)
    if path is not None:
        with contextlib.suppress(OSError, pickle.PicklingError):  # not shared: computed again
            temporary = path.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_bytes(pickle.dumps(parts))
            temporary.replace(path)  # whole or absent: a reader never sees half a file


def recall(key: tuple) -> TeamParts | None:
    """The parts remembered under ``key`` by this process or another kernel of the run, or ``None``.

    >>> recall(("nothing",)) is None
    True
    """
    if key in _MEMO:
        return _MEMO[key]
    path = _shared(key)
    if path is None or not path.is_file():
        return None
    try:  # written by this run's own kernels, in a folder only this run knows
        parts = pickle.loads(path.read_bytes())
    except Exception:  # anything unreadable is computed again
        return None
    return parts if isinstance(parts, TeamParts) else None


def forget() -> None:
    """Forget every team (tests; a long-lived process that wants its memory back)."""
    _MEMO.clear()
