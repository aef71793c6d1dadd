"""Open a user's table file on the engine by its extension: CSV (also gzip), Parquet, Excel."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from crimestats.engine import (
    Backend,
    register_csv,
    register_excel,
    register_parquet,
    to_arrow,
)
from crimestats.errors import FileFormatError, MissingColumnError

__all__ = ["TABLE_READERS", "code_counts", "read_table"]

#: File suffix → how to read it. Extensions register here the same way.
TABLE_READERS: dict[str, str] = {
    ".csv": "csv",
    ".txt": "csv",
    ".tsv": "csv",
    ".gz": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".xlsx": "excel",
    ".xlsm": "excel",
}


def read_table(
    con: Backend,
    path: str | Path,
    *,
    text_columns: Sequence[str] = (),
    all_text: bool = False,
    sheet: str | int | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
) -> Any:
    """A lazy engine table for a user file, chosen by its suffix."""
    file = Path(path)
    kind = TABLE_READERS.get(file.suffix.lower())
    if kind is None:
        known = ", ".join(sorted(TABLE_READERS))
        raise FileFormatError(file, f"unknown file type {file.suffix!r}; crimestats reads {known}")
    if kind == "parquet":
        return register_parquet(con, file)
    if kind == "excel":
        return register_excel(con, file, sheet=sheet)
    return register_csv(
        con,
        file,
        text_columns=text_columns,
        all_text=all_text,
        encoding=encoding,
        delimiter=delimiter,
    )


def code_counts(table: Any, column: str, source: str) -> dict[str, int]:
    """Records per distinct value of ``column`` (trimmed text; missing values count under "")."""
    if column not in table.columns:
        raise MissingColumnError(source, [column], list(table.columns))
    code = table[column].cast("string").strip().fill_null("")
    counts = to_arrow(table.mutate(_code=code).group_by("_code").agg(n=code.count()))
    # count() skips nulls; fill_null made them "" so every record is counted.
    return dict(zip(counts["_code"].to_pylist(), counts["n"].to_pylist(), strict=True))
