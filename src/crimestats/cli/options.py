"""Options shared by commands, so every command spells them the same way."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from crimestats.cli.render import OutputFormat

FormatOption = Annotated[
    OutputFormat,
    typer.Option("--format", "-f", help="Output format: table (terminal), csv or json."),
]
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to this file instead of standard output."),
]
LangOption = Annotated[str, typer.Option("--lang", "-l", help="Language of labels: en or es.")]
