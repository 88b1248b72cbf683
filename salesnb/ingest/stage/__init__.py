"""The import pipeline in SQL: stage an export's cells in DuckDB, parse and check every field, quarantine
what fails, and build canonical rows, all vectorised inside the database.

Python touches only distinct values (stage names, owners, account names), which exports repeat: that is
where the mapping's translations and the roster lookups happen. Every literal that comes from a file or a
mapping is bound or quoted by :func:`~salesnb.ingest.sql.lit`; column names are generated (``c0``, ``c1``, …).

The steps, in the order :func:`transform` takes them: :mod:`~salesnb.ingest.stage.fields` (each field's
text and parsed value), :mod:`~salesnb.ingest.stage.checks` (the quarantine rules),
:mod:`~salesnb.ingest.stage.records` and :mod:`~salesnb.ingest.stage.roster` (canonical rows), driven by
:mod:`~salesnb.ingest.stage.pipeline`.
"""

from salesnb.ingest.stage.fields import customer_key, excel_text
from salesnb.ingest.stage.pipeline import Result, transform

__all__ = ["Result", "customer_key", "excel_text", "transform"]
