"""The warehouse: canonical schema, validation and DuckDB storage."""

from salesnb.warehouse.schema import TABLES
from salesnb.warehouse.store import connect, create_schema, query, read_meta, replace_tables
from salesnb.warehouse.validate import validate_frame

__all__ = ["TABLES", "connect", "create_schema", "query", "read_meta", "replace_tables", "validate_frame"]
