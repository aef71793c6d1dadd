"""``crimestats cts``: validate, import, convert and export the UN Crime Trends Survey (UN-CTS)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pyarrow as pa
import pyarrow.parquet as pq
import typer

from crimestats.cli.options import FormatOption, OutputOption
from crimestats.cli.render import OutputFormat, emit_rows, err_console, write_text
from crimestats.errors import ConfigError, FileFormatError, InputError, UnknownCodeError
from crimestats.model import Finding, Severity, has_errors
from crimestats.model.cts import OBSERVATION_SCHEMA
from crimestats.publish.cts_counts import cts_observations_from_counts
from crimestats.publish.cts_workbook import write_cts_workbook
from crimestats.quality.cts import (
    FINDING_COLUMNS,
    CtsRuleConfig,
    finding_row,
    validate_observations,
)
from crimestats.quality.cts.report import render_report
from crimestats.settings import load_settings
from crimestats.sources.cts_content import country_codes, country_suggestions, is_known_country
from crimestats.sources.cts_workbook import read_cts_file
from crimestats.sources.dataunodc import write_dataunodc

app = typer.Typer(help="The UN Crime Trends Survey: validate, import, convert and export replies.")

_TABLE_COLUMNS = ("severity", "rule", "iso3", "year", "message")

FileArgument = Annotated[
    Path, typer.Argument(help="A UN-CTS workbook (.xlsx) or a dataUNODC long file (.xlsx, .csv).")
]


def _summary(findings: list[Finding]) -> None:
    counts = {s: sum(1 for f in findings if f.severity is s) for s in Severity}
    text = ", ".join(f"{n} {s}" for s, n in counts.items())
    err_console.print(f"{len(findings)} finding(s): {text}", highlight=False)


@app.command()
def validate(
    file: FileArgument,
    previous: Annotated[
        Path | None,
        typer.Option("--previous", help="The previous vintage: list every revised cell."),
    ] = None,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None,
    report: Annotated[
        Path | None,
        typer.Option("--report", help="Also write an HTML report by country and rule."),
    ] = None,
    max_change: Annotated[
        float, typer.Option("--max-change", help="Year-on-year change to query, e.g. 0.5 = 50%.")
    ] = 0.5,
    min_change: Annotated[
        float, typer.Option("--min-change", help="Ignore changes smaller than this count.")
    ] = 10.0,
) -> None:
    """Check a UN-CTS reply or dataUNODC file against the rule catalogue (exit 1 on errors)."""
    table, findings = read_cts_file(file)
    old = read_cts_file(previous)[0] if previous is not None else None
    config = CtsRuleConfig(max_change=max_change, min_change=min_change)
    findings = findings + validate_observations(
        table, previous=old, config=config, source=str(file)
    )
    findings.sort(key=lambda f: (f.severity.rank, f.code))
    # On a terminal the message already names the cell; twelve narrow columns would be unreadable.
    columns = FINDING_COLUMNS if fmt is not OutputFormat.table else _TABLE_COLUMNS
    emit_rows([finding_row(f) for f in findings], columns, fmt, output)
    _summary(findings)
    if report is not None:
        names = {code: c.name for code, c in country_codes().items()}
        write_text(render_report(findings, source=str(file), country_names=names), report)
    if has_errors(findings):
        raise typer.Exit(1)


@app.command("import")
def import_(
    file: FileArgument,
    fmt: FormatOption = OutputFormat.csv,
    output: OutputOption = None,
) -> None:
    """Read a filled questionnaire workbook (or dataUNODC file) as the canonical long table."""
    table, findings = read_cts_file(file)
    columns = [f.name for f in OBSERVATION_SCHEMA]
    emit_rows(table.to_pylist(), columns, fmt, output)
    for finding in findings:
        err_console.print(f"{finding.severity}: {finding.message}", highlight=False)


@app.command("to-dataunodc")
def to_dataunodc(
    file: FileArgument,
    output: OutputOption = None,
) -> None:
    """Write a UN-CTS workbook or dataUNODC file in the dataUNODC long layout (.csv or .xlsx)."""
    table, findings = read_cts_file(file)
    if output is None:
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            out = write_dataunodc(table, Path(tmp) / "out.csv")
            write_text(out.read_text(encoding="utf-8"), None)
    else:
        write_dataunodc(table, output)
        err_console.print(f"wrote {output}")
    for finding in findings:
        err_console.print(f"{finding.severity}: {finding.message}", highlight=False)


def _counts(directory: Path) -> pa.Table:
    path = directory / "output" / "counts.parquet"
    if not path.exists():
        raise FileFormatError(
            path, "no counts cube; run 'crimestats build' in the project directory first"
        )
    try:
        return pq.read_table(path)
    except (pa.ArrowInvalid, OSError) as exc:
        raise FileFormatError(path, f"not a readable Parquet file ({exc})") from None


@app.command()
def export(
    directory: Annotated[Path, typer.Argument(help="The project directory.")] = Path("."),
    year: Annotated[int, typer.Option("--year", help="The latest data year to report.")] = 0,
    history: Annotated[
        int, typer.Option("--history", help="Earlier years to include beside --year.")
    ] = 2,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Workbook to write (default output/uncts_ISO3_Y.xlsx)."
        ),
    ] = None,
) -> None:
    """Fill the UN-CTS questionnaire workbook from the project's counts."""
    if year <= 0:
        raise InputError("give the data year to report with --year, e.g. --year 2023")
    settings = load_settings(directory)
    country = settings.project.country.strip().upper()
    if not country:
        raise ConfigError(
            f"{directory / 'crimestats.toml'}: [project] country is not set; "
            'add country = "ISO3" (e.g. "MEX")'
        )
    if not is_known_country(country):
        raise UnknownCodeError(country, "ISO 3166-1 alpha-3", country_suggestions(country))
    years = list(range(year - max(history, 0), year + 1))
    observations = cts_observations_from_counts(_counts(directory), country, years=years)
    target = output or directory / "output" / f"uncts_{country}_{year}.xlsx"
    write_cts_workbook(observations, target, country=country, years=years)
    statuses = observations.column("status").to_pylist()
    filled = sum(1 for s in statuses if s in ("number", "zero"))
    err_console.print(
        f"wrote {target}: {filled} of {len(statuses)} asked cells filled from the counts, "
        f"{len(statuses) - filled} not available",
        highlight=False,
    )
