"""salesnb: a Jupyter workbench and report generator for sales-team performance management."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("salesnb")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"

__all__ = ["__version__"]
