"""The column arrays the demo simulation collects, rep-month by rep-month, for each table."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

DAY = np.timedelta64(1, "D")


@dataclass
class Buffers:
    """Column arrays collected per rep-month and concatenated once at the end.

    Examples
    --------
    >>> buf = Buffers()
    >>> buf.add("orders", amount=np.array([1.0, 2.0]))
    >>> buf.add("orders", amount=np.array([3.0]))
    >>> buf.frame("orders")["amount"].tolist()
    [1.0, 2.0, 3.0]
    """

    parts: dict[str, list[dict[str, np.ndarray]]] = field(default_factory=dict)

    def add(self, table: str, **cols: np.ndarray) -> None:
        self.parts.setdefault(table, []).append(cols)

    def frame(self, table: str) -> pd.DataFrame:
        chunks = self.parts.get(table, [])
        if not chunks:
            return pd.DataFrame()
        return pd.DataFrame({k: np.concatenate([c[k] for c in chunks]) for k in chunks[0]})
