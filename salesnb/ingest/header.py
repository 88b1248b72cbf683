"""Where an export's header is, and what to do with a column that appears twice.

Exports saved from a report or a spreadsheet often carry title rows above the header ("Deals report",
"Exported by Iris Lee on 2024-09-01"). The header is the first row whose cells are headers some mapping
knows (the built-in presets, or the mapping given with ``--mapping``); the rows above it are skipped and
named in a note. A file none of whose first rows is such a row starts at its first row with data, as
before, and fails detection with its headers named.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from salesnb.ingest.mapping import Mapping, normalise, presets

#: How many rows with data are searched for the header.
HEAD_ROWS = 20


def known_headers(mappings: Iterable[Mapping]) -> frozenset[str]:
    """Every source header the mappings read, normalised (:func:`~salesnb.ingest.mapping.normalise`)."""
    return frozenset(normalise(h) for m in mappings for names in m.columns.values() for h in names)


def preset_headers(source: str | None = None) -> frozenset[str]:
    """The headers of the built-in presets (of one source, when given)."""
    return known_headers(presets(source))


def is_header_row(cells: Sequence[str | None], known: frozenset[str]) -> bool:
    """True when the row's cells are headers: two of them known (or its only cell, for a one-cell row)."""
    filled = [normalise(c) for c in cells if c]
    hits = sum(1 for c in filled if c in known)
    return hits >= min(2, len(filled)) and hits > 0


def header_index(rows: Sequence[Sequence[str | None]], known: frozenset[str] | None) -> int:
    """Index in ``rows`` (the first rows with data, in file order) of the header row."""
    if known:
        for i, cells in enumerate(rows[:HEAD_ROWS]):
            if is_header_row(cells, known):
                return i
    return 0


def title_note(rows: Sequence[tuple[int, Sequence[str | None]]]) -> str:
    """The note for title rows skipped above the header: their row numbers and first words."""
    numbers = [n for n, _ in rows]
    where = f"row {numbers[0]}" if len(numbers) == 1 else f"rows {', '.join(map(str, numbers))}"
    texts = []
    for _, cells in rows[:3]:
        text = " ".join(c for c in cells if c)
        texts.append(repr(text if len(text) <= 40 else text[:39] + "…"))
    more = ", …" if len(rows) > 3 else ""
    return f"{where} above the header skipped as title rows: {', '.join(texts)}{more}"


def repeated_columns(headers: Sequence[str], read: frozenset[str] | None) -> list[list[int]]:
    """Groups of positions (two or more) whose headers are the same to a mapping (case, width and white
    space do not matter), for the headers a mapping reads (``read``; every header when None)."""
    groups: dict[str, list[int]] = {}
    for i, h in enumerate(headers):
        key = normalise(h)
        if h and (read is None or key in read):
            groups.setdefault(key, []).append(i)
    return [g for g in groups.values() if len(g) > 1]
