"""``crimestats nibrs``: read an FBI NIBRS state-year download folder and say what it holds."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from crimestats.classification import load_correspondence
from crimestats.cli.options import FormatOption, OutputOption
from crimestats.cli.render import OutputFormat, emit_rows
from crimestats.engine import connect
from crimestats.sources.nibrs import (
    SUMMARY_COLUMNS,
    count_nibrs,
    nibrs_correspondence,
    open_nibrs,
    summary_rows,
)

app = typer.Typer(help="FBI NIBRS incident-level extracts (both CDE layouts).")


@app.callback()
def _group() -> None:
    """FBI NIBRS incident-level extracts (both CDE layouts)."""


@app.command("summary")
def summary(
    folder: Annotated[
        Path, typer.Argument(help="A state-year download folder (holds NIBRS_incident.csv).")
    ],
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None,
) -> None:
    """Rows measure, key, value: incidents, offenses, victims, offenders, arrestees; offenses by
    NIBRS and by ICCS code (built-in correspondence); victims by offense code and sex (CODE|SEX)."""
    extract = open_nibrs(connect(), folder)
    counts = count_nibrs(extract)
    targets: dict[str, list[tuple[str, float]]] = {}
    for row in load_correspondence(nibrs_correspondence()).rows:
        targets.setdefault(row.national_code, []).append((row.iccs_code, row.weight))
    rows = summary_rows(counts, targets)
    title = f"NIBRS download {folder} ({counts.layout} layout)"
    emit_rows(rows, SUMMARY_COLUMNS, fmt, output, title=title)
