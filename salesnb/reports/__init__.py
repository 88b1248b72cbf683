"""Reports: what the notebooks display, and how executed notebooks become HTML and an index."""
