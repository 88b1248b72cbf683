"""The one loader of the YAML files users write: mappings, every ``params/`` file, goals.

Every problem reading a file becomes one :class:`~salesnb.errors.ParameterError` on one line,
``FILE:LINE:COL: reason``, that says how to fix it: a file that is not UTF-8 names the first bad byte, a
YAML error names where the parser stopped (and where the construct it was reading started), a key given
twice is refused instead of the last copy silently winning. Only plain YAML is read (no tags run).
"""

from __future__ import annotations

import copy
import functools
from pathlib import Path
from typing import Any

import yaml

from salesnb.errors import ParameterError

#: libyaml's parser when PyYAML was built with it (the same YAML, several times faster).
_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BASE):  # type: ignore[misc, valid-type]
    """The safe loader, refusing a mapping key given twice."""


def _mapping(loader: _Loader, node: yaml.MappingNode) -> dict[Any, Any]:
    loader.flatten_mapping(node)
    seen: dict[Any, yaml.Node] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            first = seen.get(key)
        except TypeError:  # an unhashable key: the constructor below explains it
            continue
        if first is not None:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"key {key!r} is given twice (first on line {first.start_mark.line + 1}): keep one",
                key_node.start_mark,
            )
        seen[key] = key_node
    return loader.construct_mapping(node, deep=True)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def _where(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of character ``index`` of ``text``."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _one_line(path: str, text: str, exc: yaml.YAMLError) -> str:
    """``FILE:LINE:COL: reason`` for a YAML error (PyYAML spreads its message over 2-4 lines)."""
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        reason = exc.problem or exc.context or "not valid YAML"
        if exc.context and exc.problem:
            started = exc.context_mark
            at = f" started at line {started.line + 1}, column {started.column + 1}" if started else ""
            reason = f"{reason} ({exc.context}{at})"
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return f"{path}:{line}:{col}: not valid YAML: {' '.join(reason.split())}"
    if isinstance(exc, yaml.reader.ReaderError):
        line, col = _where(text, exc.position)
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        return (
            f"{path}:{line}:{col}: not valid YAML: character U+{code:04X} is not allowed "
            f"({' '.join(str(exc.reason).split())}): remove it"
        )
    return f"{path}:1:1: not valid YAML: {' '.join(str(exc).split())}"


@functools.lru_cache(maxsize=64)
def _parse(path: str, text: str) -> Any:
    """``text`` parsed, remembered by its content (a warm kernel reads the same params/ for every report).

    Callers get the cached object: :func:`load_yaml` hands out a copy.
    """
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise ParameterError(_one_line(path, text, exc)) from None


def _decode(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ParameterError(
            f"{path}:{line}:{col}: not UTF-8 (byte 0x{data[exc.start]:02X}): save the file as UTF-8"
        ) from None


def load_yaml(path: str | Path, what: str = "file") -> Any:
    """The YAML document in ``path``; every problem is one line naming the file (see the module docstring).

    Parameters
    ----------
    path
        The file.
    what
        What the file is, for the message when it is missing or unreadable (``"mapping file"``, …).

    Returns
    -------
    Any
        The parsed document (a fresh copy: callers may change it), ``None`` for an empty file.

    Raises
    ------
    ParameterError
        The file is missing or unreadable, not UTF-8, or not valid YAML.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ParameterError(f"{path}: {what} not found") from None
    except OSError as exc:
        raise ParameterError(f"{path}: cannot read the {what}: {exc.strerror or exc}") from None
    text = _decode(path, data)
    return copy.deepcopy(_parse(str(path), text))


def read_yaml_keys(path: Path, allowed: set[str], what: str = "parameter: value") -> dict[str, Any]:
    """A YAML mapping whose keys must all be in ``allowed``; every problem names the file on one line."""
    data = load_yaml(path) or {}
    if not isinstance(data, dict):
        raise ParameterError(f"{path}: must be a mapping of {what}")
    unknown = sorted(set(map(str, data)) - allowed)
    if unknown:
        raise ParameterError(
            f"{path}: unknown key {', '.join(unknown)}; allowed: {', '.join(sorted(allowed))}"
        )
    return data
