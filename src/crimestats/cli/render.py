"""Print result rows as a rich table, CSV or JSON, to the terminal or a file (DESIGN.md contract)."""

from __future__ import annotations

import csv
import io
import json
import math
import sys
from collections.abc import Mapping, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

__all__ = ["OutputFormat", "console", "emit_rows", "err_console", "write_text"]

console = Console(soft_wrap=True)
err_console = Console(stderr=True, soft_wrap=True)


class OutputFormat(StrEnum):
    """The three output formats every table-producing command takes."""

    table = "table"
    csv = "csv"
    json = "json"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return repr(value)
    return str(value)


def _json_value(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def rows_to_csv(rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> str:
    """CSV text with a header; None and NaN become empty cells, floats keep full precision."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return buffer.getvalue()


def write_text(text: str, output: Path | None) -> None:
    """Write to ``output`` or to standard output."""
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
        err_console.print(f"wrote {output}")


def emit_rows(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[str],
    fmt: OutputFormat,
    output: Path | None = None,
    *,
    title: str | None = None,
) -> None:
    """Print rows in the chosen format; ``table`` to a file writes CSV-free plain text."""
    if fmt is OutputFormat.csv:
        write_text(rows_to_csv(rows, columns), output)
    elif fmt is OutputFormat.json:
        data = [{c: _json_value(r.get(c)) for c in columns} for r in rows]
        write_text(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n", output)
    else:
        table = Table(title=title, show_lines=False, header_style="bold")
        for column in columns:
            table.add_column(column, overflow="fold")
        for row in rows:
            table.add_row(*(_cell(row.get(c)) for c in columns))
        if output is None:
            console.print(table)
        else:
            file_console = Console(file=io.StringIO(), width=160, no_color=True)
            file_console.print(table)
            write_text(file_console.file.getvalue(), output)  # type: ignore[attr-defined]
