"""Report defaults: the notebook parameters users set in ``params/defaults.yaml`` (every team),
``params/teams/<team>.yaml`` (one team's changes) and ``params/regions/<region>.yaml`` (a region
overview's), each value checked as the report will check it
(:func:`salesnb.report_params.validate_report_params`).

A params file sets only ``language`` and ``trend_periods``; the other parameters (scope, period,
warehouse, params folder) come from the command line. Unknown keys and bad values are errors naming the
file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from salesnb.errors import ParameterError
from salesnb.ids import check_slug
from salesnb.report_params import validate_report_params
from salesnb.yamlfile import read_yaml_keys

#: The report defaults shared by every team, and the folder of each team's own (``teams/<team>.yaml``).
DEFAULTS_FILE = "defaults.yaml"
TEAMS_DIR = "teams"
#: The folder of each region's own report defaults (``regions/<region>.yaml``: its overview's).
REGIONS_DIR = "regions"
#: The notebook parameters a params file may set.
FILE_KEYS = frozenset({"language", "trend_periods"})


def read_report_defaults(path: Path) -> dict[str, Any]:
    """The report defaults one file sets (``defaults.yaml`` or ``teams/<team>.yaml``), each checked.

    Raises
    ------
    ParameterError
        The file is not YAML, sets an unknown key or a bad value, or (a team's or a region's file) is not
        named for a valid id; the message names the file.
    """
    if path.parent.name in (TEAMS_DIR, REGIONS_DIR):
        try:
            check_slug(path.stem, "team" if path.parent.name == TEAMS_DIR else "region")
        except ParameterError as exc:
            raise ParameterError(f"{path}: {exc}") from None
    values = read_yaml_keys(path, set(FILE_KEYS))
    validate_report_params(values, source=str(path))
    return values
