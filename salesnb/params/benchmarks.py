"""How benchmarks over other people are guarded: ``params/benchmarks.yaml``.

Not notebook parameters: no team may lower them, so they live apart from the report defaults.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from salesnb.privacy import MAX_GROUP_SIZE, MIN_GROUP_SIZE
from salesnb.values import parse_whole_number
from salesnb.yamlfile import read_yaml_keys

#: The file of the benchmark settings.
BENCHMARKS_FILE = "benchmarks.yaml"


@dataclass(frozen=True)
class BenchmarkSettings:
    """How benchmarks over other people are guarded (``params/benchmarks.yaml``)."""

    min_group_size: int = MIN_GROUP_SIZE


def load_benchmark_settings(params_dir: Path) -> BenchmarkSettings:
    """``params_dir/benchmarks.yaml`` validated; the defaults when the file is absent.

    Raises
    ------
    ParameterError
        The file is not a mapping of known settings, or ``min_group_size`` is not a whole number from
        :data:`~salesnb.privacy.MIN_GROUP_SIZE` to :data:`~salesnb.privacy.MAX_GROUP_SIZE`.
    """
    path = Path(params_dir) / BENCHMARKS_FILE
    if not path.exists():
        return BenchmarkSettings()
    data = read_yaml_keys(path, {"min_group_size"}, "setting: value")
    size = data.get("min_group_size", MIN_GROUP_SIZE)
    return BenchmarkSettings(
        parse_whole_number(size, "min_group_size", MIN_GROUP_SIZE, MAX_GROUP_SIZE, where=str(path))
    )


__all__ = ["BENCHMARKS_FILE", "BenchmarkSettings", "load_benchmark_settings"]
