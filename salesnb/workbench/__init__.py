"""The analyst's workbench: the reports' numbers, interactively, in JupyterLab (notebooks/workbench.ipynb).

* :class:`Workbench` (``state``): the selection and every frame the workbench shows, as plain Python,
  each computed by the module of its tab (``selection``, ``overview``, ``whatif``, ``goals``,
  ``coaching``, ``drill``, ``render``) with the reports' own functions;
* :mod:`~salesnb.workbench.views`: those frames as escaped HTML and PNG charts;
* :class:`WorkbenchUI` (``widgets``): the ipywidgets binding;
* :func:`show_static`: every panel as static HTML and PNG, for papermill, nbval and saved notebooks.

``docs/workbench.md`` describes it.
"""

from salesnb.workbench.selection import Selection
from salesnb.workbench.state import Workbench
from salesnb.workbench.views import show_static
from salesnb.workbench.whatif import WhatIf


def __getattr__(name: str):
    # ipywidgets is imported only by the notebook's UI, not by code that uses the state alone
    if name == "WorkbenchUI":
        from salesnb.workbench.widgets import WorkbenchUI

        return WorkbenchUI
    raise AttributeError(name)


__all__ = ["Selection", "WhatIf", "Workbench", "WorkbenchUI", "show_static"]
