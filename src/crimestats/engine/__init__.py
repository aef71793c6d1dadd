"""The table engine: Ibis over DuckDB (embedded default) or Spark. Knows nothing about crime.

Every raw SQL string of crimestats lives in this package; other layers build Ibis expressions.
"""

from crimestats.engine.backends import BACKENDS, Backend, connect
from crimestats.engine.files import (
    column_names,
    detect_encoding,
    file_sha256,
    materialize,
    open_text,
    read_excel_sheet,
    register_arrow,
    register_csv,
    register_excel,
    register_parquet,
    require_columns,
    to_arrow,
    write_table,
)
from crimestats.engine.functions import parse_date, trim_spaces

__all__ = [
    "BACKENDS",
    "Backend",
    "column_names",
    "connect",
    "detect_encoding",
    "file_sha256",
    "materialize",
    "open_text",
    "parse_date",
    "read_excel_sheet",
    "register_arrow",
    "register_csv",
    "register_excel",
    "register_parquet",
    "require_columns",
    "to_arrow",
    "trim_spaces",
    "write_table",
]
