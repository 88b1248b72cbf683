"""The params folder: report defaults, benchmark settings, KPI sets, coaching rules and their training
catalog, goals, commission plans and managers' notes, loaded and validated as one :class:`Settings`
(:func:`load_settings`). A report's own parameters are :mod:`salesnb.report_params`.

The numbers and dates written in those files are read by :mod:`salesnb.values`, the same in every file.
"""

from salesnb.params.benchmarks import BENCHMARKS_FILE, BenchmarkSettings, load_benchmark_settings
from salesnb.params.defaults import DEFAULTS_FILE, REGIONS_DIR, TEAMS_DIR, read_report_defaults
from salesnb.params.notes import NOTES_DIR, notes_path, read_notes
from salesnb.params.settings import (
    GOALS_FILE,
    Settings,
    check_params_dir,
    load_settings,
    load_team_params,
)

__all__ = [
    "BENCHMARKS_FILE",
    "DEFAULTS_FILE",
    "GOALS_FILE",
    "NOTES_DIR",
    "REGIONS_DIR",
    "TEAMS_DIR",
    "BenchmarkSettings",
    "Settings",
    "check_params_dir",
    "load_benchmark_settings",
    "load_settings",
    "load_team_params",
    "notes_path",
    "read_notes",
    "read_report_defaults",
]
