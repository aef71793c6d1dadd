"""Register files and Arrow tables with the engine, and bring results back as Arrow.

CSV files may be gzip-compressed and UTF-8 or Latin-1 encoded (UNODC and many agencies still write
Latin-1); the encoding is found by decoding the bytes, not guessed from the name. Delimiters are sniffed
by the engine unless given.
"""

from __future__ import annotations

import codecs
import datetime
import gzip
import hashlib
import itertools
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa

from crimestats.engine.backends import Backend
from crimestats.errors import EngineError, FileFormatError, InputError, MissingColumnError

__all__ = [
    "column_names",
    "detect_encoding",
    "file_sha256",
    "materialize",
    "open_text",
    "read_excel_sheet",
    "register_arrow",
    "register_csv",
    "register_excel",
    "register_parquet",
    "require_columns",
    "to_arrow",
    "write_table",
]

_CHUNK = 1 << 22
_names = itertools.count(1)


def _table_name(name: str | None, stem: str) -> str:
    if name:
        return name
    safe = "".join(ch if ch.isalnum() else "_" for ch in stem)[:40]
    return f"cs_{safe}_{next(_names)}"


def _require_file(path: str | Path) -> Path:
    file = Path(path)
    if not file.exists():
        raise FileFormatError(file, "file not found")
    if file.is_dir():
        raise FileFormatError(file, "is a directory, expected a file")
    return file


def file_sha256(path: str | Path) -> str:
    """SHA-256 of a file (or of the sorted files of a folder), for provenance."""
    root = Path(path)
    digest = hashlib.sha256()
    files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
    for file in files:
        with file.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def _is_gzip(file: Path) -> bool:
    with file.open("rb") as fh:
        return fh.read(2) == b"\x1f\x8b"


def detect_encoding(path: str | Path) -> str:
    """``utf-8`` if every byte of the file decodes as UTF-8 (a BOM is allowed), else ``latin-1``.

    UTF-16 files (with a BOM, as Excel writes them) are reported as ``utf-16``. Gzip is read through.
    """
    file = _require_file(path)
    opener = gzip.open if _is_gzip(file) else open
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with opener(file, "rb") as fh:
            head = fh.read(_CHUNK)
            if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
                return "utf-16"
            chunk = head
            while chunk:
                decoder.decode(chunk)
                chunk = fh.read(_CHUNK)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "latin-1"
    except (OSError, EOFError) as exc:
        raise FileFormatError(file, f"cannot read the file: {exc}") from None
    return "utf-8"


def open_text(path: str | Path, encoding: str | None = None) -> Any:
    """Open a (possibly gzipped) text file for reading with its detected encoding.

    A UTF-8 byte-order mark is dropped so the first header is not ``\\ufeffcode``.
    """
    file = _require_file(path)
    encoding = encoding or detect_encoding(file)
    python_encoding = "utf-8-sig" if encoding == "utf-8" else encoding
    if _is_gzip(file):
        return gzip.open(file, "rt", encoding=python_encoding, newline="")
    return file.open(encoding=python_encoding, newline="")


def _engine_error(path: Path, exc: Exception) -> FileFormatError:
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return FileFormatError(path, first)


def register_csv(
    con: Backend,
    path: str | Path,
    *,
    name: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    text_columns: Sequence[str] = (),
    all_text: bool = False,
) -> Any:
    """Register a CSV (optionally ``.gz``) file as a lazy table.

    ``text_columns`` are read as strings whatever they look like, so codes keep leading zeros
    (``0101``); ``all_text`` reads every column as a string.
    """
    file = _require_file(path)
    encoding = encoding or detect_encoding(file)
    table = _table_name(name, file.name.split(".")[0])
    options: dict[str, Any] = {}
    if con.name == "duckdb":
        options["encoding"] = encoding
        if delimiter:
            options["delim"] = delimiter
        if all_text:
            options["all_varchar"] = True
    else:
        options.update(header=True, encoding=encoding, inferSchema=not all_text)
        if delimiter:
            options["sep"] = delimiter
    try:
        expr = con.read_csv(str(file), table_name=table, **options)
        missing = [c for c in text_columns if c not in expr.columns]
        if missing:
            raise MissingColumnError(str(file), missing, list(expr.columns))
        if text_columns and not all_text and con.name == "duckdb":
            # Read again with the code columns typed as text, so "0101" keeps its zero.
            types = {c: "VARCHAR" for c in text_columns}
            expr = con.read_csv(str(file), table_name=table, types=types, **options)
    except MissingColumnError:
        raise
    except Exception as exc:  # the engine's own error types vary by backend
        raise _engine_error(file, exc) from None
    if text_columns and con.name != "duckdb":
        expr = expr.mutate(**{c: expr[c].cast("string") for c in text_columns})
    return expr


def register_parquet(con: Backend, path: str | Path, *, name: str | None = None) -> Any:
    """Register a Parquet file (or a directory or glob of them) as a lazy table."""
    text = str(path)
    if not any(ch in text for ch in "*?[") and not Path(text).is_dir():
        _require_file(text)
    try:
        return con.read_parquet(text, table_name=_table_name(name, Path(text).stem))
    except Exception as exc:
        raise _engine_error(Path(text), exc) from None


def register_arrow(con: Backend, table: pa.Table, *, name: str | None = None) -> Any:
    """Register an in-memory Arrow table with the engine and return it as an Ibis table."""
    import ibis

    table_name = _table_name(name, "arrow")
    try:
        if con.name == "pyspark":
            # Straight from Arrow: going through pandas would turn missing text into "NaN".
            frame = con._session.createDataFrame(table)
            frame.createOrReplaceTempView(table_name)
            return con.table(table_name)
        return con.create_table(table_name, ibis.memtable(table), temp=con.name == "duckdb")
    except Exception as exc:
        raise EngineError(f"cannot register Arrow table: {exc}") from None


def register_excel(
    con: Backend,
    path: str | Path,
    *,
    sheet: str | int | None = None,
    header_row: int = 1,
    name: str | None = None,
) -> Any:
    """Register one sheet of an ``.xlsx`` workbook; ``header_row`` is the 1-based header line.

    Every cell is read as text (codes keep their zeros); cast columns where numbers are needed.
    """
    table = read_excel_sheet(path, sheet=sheet, header_row=header_row)
    return register_arrow(con, table, name=name)


def read_excel_sheet(
    path: str | Path, *, sheet: str | int | None = None, header_row: int = 1
) -> pa.Table:
    """One sheet of a workbook as an Arrow table of strings (empty cells are nulls).

    Read with calamine (Rust), about twenty times faster than openpyxl on large sheets.
    """
    from python_calamine import CalamineError, CalamineWorkbook

    file = _require_file(path)
    try:
        book = CalamineWorkbook.from_path(str(file))
    except (CalamineError, OSError, ValueError) as exc:
        raise FileFormatError(file, f"not a readable Excel workbook ({exc})") from None
    names = list(book.sheet_names)
    try:
        if sheet is None:
            ws = book.get_sheet_by_index(0)
        elif isinstance(sheet, int):
            ws = book.get_sheet_by_index(sheet)
        else:
            ws = book.get_sheet_by_name(sheet)
    except (CalamineError, IndexError, KeyError, ValueError):
        raise InputError(f"{file}: no sheet {sheet!r}; sheets are: {', '.join(names)}") from None
    try:
        rows = ws.to_python(skip_empty_area=False)
    except CalamineError as exc:
        raise FileFormatError(file, f"cannot read sheet {ws.name!r} ({exc})") from None
    if len(rows) < header_row:
        raise FileFormatError(file, f"sheet {ws.name!r} has no row {header_row} to use as header")
    header = rows[header_row - 1]
    names = _unique_names([_cell_text(h).strip() if h not in (None, "") else "" for h in header])
    columns: list[list[str | None]] = [[] for _ in names]
    for row in rows[header_row:]:
        if all(v in (None, "") for v in row):
            continue
        for i in range(len(names)):
            value = row[i] if i < len(row) else None
            columns[i].append(None if value in (None, "") else _cell_text(value))
    return pa.table({n: pa.array(c, type=pa.string()) for n, c in zip(names, columns, strict=True)})


def _cell_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date().isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def _unique_names(names: Sequence[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for i, n in enumerate(names):
        base = n or f"column_{i + 1}"
        k = seen.get(base, 0)
        seen[base] = k + 1
        out.append(base if k == 0 else f"{base}_{k + 1}")
    return out


def to_arrow(expr: Any, *, limit: int | None = None) -> pa.Table:
    """Run an Ibis expression and return the result as an Arrow table."""
    try:
        return expr.to_pyarrow(limit=limit)
    except Exception as exc:
        raise EngineError(f"the engine could not compute the table: {_first_line(exc)}") from None


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def column_names(expr: Any) -> tuple[str, ...]:
    """The columns of a lazy table."""
    return tuple(expr.columns)


def require_columns(expr: Any, needed: Sequence[str], source: str) -> None:
    """Raise :class:`MissingColumnError` naming the source if any column is absent."""
    missing = [c for c in needed if c not in expr.columns]
    if missing:
        raise MissingColumnError(source, missing, list(expr.columns))


def materialize(expr: Any) -> Any:
    """Compute a lazy table once and keep it on the engine (a temporary table), for reuse."""
    try:
        return expr.cache()
    except Exception as exc:
        raise EngineError(f"the engine could not compute the table: {_first_line(exc)}") from None


def write_table(expr: Any, path: str | Path) -> Path:
    """Write a table to ``.parquet`` or ``.csv`` (by suffix) straight from the engine."""
    import ibis
    import pyarrow.csv as pa_csv
    import pyarrow.parquet as pq

    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        if ibis.get_backend(expr).name != "duckdb":
            # Spark writes folders of part files; results are small, so write one file locally.
            table = expr.to_pyarrow()
            if target.suffix == ".csv":
                pa_csv.write_csv(table, target)
            else:
                pq.write_table(table, target)
        elif target.suffix == ".csv":
            expr.to_csv(target)
        else:
            expr.to_parquet(target)
    except Exception as exc:
        raise EngineError(f"cannot write {target}: {_first_line(exc)}") from None
    return target
