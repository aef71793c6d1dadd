"""Read survey microdata onto the engine: CSV (also .csv.gz), Parquet, SPSS ``.sav`` and Stata ``.dta``.

CSV and Parquet are registered lazily, so a large file is scanned by the engine, never loaded whole.
SPSS and Stata files are read with pyreadstat (a main dependency: a small compiled wheel) in chunks
into Arrow and then registered; value labels replace codes when ``labels`` is true, so categorical
variables print as ``sex=Female`` rather than ``sex=2``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa

from crimestats.engine import Backend, register_arrow, register_csv, register_parquet
from crimestats.errors import FileFormatError

__all__ = ["SURVEY_READERS", "read_survey"]

#: File suffix → reader kind; ``.gz`` means a gzipped CSV.
SURVEY_READERS: dict[str, str] = {
    ".csv": "csv",
    ".gz": "csv",
    ".txt": "csv",
    ".tsv": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".sav": "spss",
    ".zsav": "spss",
    ".dta": "stata",
}


def read_survey(con: Backend, path: str | Path, *, labels: bool = True) -> Any:
    """A lazy engine table for a survey microdata file, chosen by its suffix."""
    file = Path(path)
    kind = SURVEY_READERS.get(file.suffix.lower())
    if kind is None:
        known = ", ".join(sorted(SURVEY_READERS))
        raise FileFormatError(
            file, f"unknown survey file type {file.suffix!r}; crimestats reads {known}"
        )
    if not file.exists():
        raise FileFormatError(file, "file not found")
    if kind == "parquet":
        return register_parquet(con, file)
    if kind == "csv":
        table = register_csv(con, file)
        # DuckDB sniffs Yes/No and true/false columns as booleans; keep the answers as written.
        flags = [n for n, t in table.schema().items() if t.is_boolean()]
        return register_csv(con, file, text_columns=flags) if flags else table
    return register_arrow(con, _read_stat(file, kind, labels))


def _read_stat(file: Path, kind: str, labels: bool) -> pa.Table:
    try:
        import pyreadstat
    except ImportError:  # pragma: no cover - pyreadstat is a main dependency
        raise FileFormatError(
            file, "reading SPSS/Stata needs pyreadstat: pip install pyreadstat"
        ) from None
    reader = pyreadstat.read_sav if kind == "spss" else pyreadstat.read_dta
    try:
        chunks = pyreadstat.read_file_in_chunks(
            reader, str(file), chunksize=500_000, apply_value_formats=labels
        )
        tables = [pa.Table.from_pandas(frame, preserve_index=False) for frame, _ in chunks]
    except Exception as exc:  # pyreadstat raises its own ReadstatError and plain exceptions
        raise FileFormatError(file, f"not a readable {kind.upper()} file ({exc})") from None
    if not tables:
        raise FileFormatError(file, "the file has no rows")
    return pa.concat_tables(tables, promote_options="permissive")
