"""``crimestats homicide``: country, regional and world homicide estimates from several sources."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Annotated, Any

import pyarrow as pa
import typer

from crimestats.classification.m49 import m49
from crimestats.cli.options import FormatOption, OutputOption
from crimestats.cli.render import OutputFormat, emit_rows, err_console, rows_to_csv, write_text
from crimestats.engine import connect, to_arrow
from crimestats.errors import ConfigError, InputError
from crimestats.estimation.homicide import (
    METHODS,
    HomicideEstimates,
    SelectionRules,
    estimate_homicide,
    rules_from_mapping,
)
from crimestats.model import Finding
from crimestats.sources.dataunodc import read_dataunodc
from crimestats.sources.files import read_table

app = typer.Typer(
    help="Intentional homicide: source selection, imputation, regional and world estimates."
)

COLUMNS = (
    "area_code",
    "area_name",
    "year",
    "victims",
    "rate_per_100k",
    "imputed_share",
    "lower",
    "upper",
)
PROVENANCE_COLUMNS = (
    "iso3", "year", "population", "victims", "rate_per_100k", "lower", "upper", "method", "imputed",
    "source", "source_type", "reason", "flags",
)  # fmt: skip
FINDING_COLUMNS = ("severity", "code", "source", "row", "count", "message")


def parse_years(text: str) -> tuple[int, ...]:
    """``2000-2021``, ``2015`` or ``2010,2012,2014`` as a tuple of years."""
    years: set[int] = set()
    for part in text.split(","):
        match = re.fullmatch(r"\s*(\d{4})\s*(?:-\s*(\d{4})\s*)?", part)
        if not match:
            raise InputError(
                f"--years {text!r}: write a year (2015), a range (2000-2021) or a list (2010,2012)"
            )
        first, last = int(match[1]), int(match[2] or match[1])
        if last < first:
            raise InputError(f"--years {text!r}: the range ends before it starts")
        years.update(range(first, last + 1))
    return tuple(sorted(years))


def _rules(method: str, rules_file: Path | None) -> SelectionRules:
    if method not in METHODS:
        raise InputError(
            f"--method {method!r} is not known; choose one of: {', '.join(sorted(METHODS))}"
        )
    if rules_file is None:
        return METHODS[method]
    try:
        data = tomllib.loads(rules_file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{rules_file}: file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{rules_file}: not valid TOML ({exc})") from None
    return rules_from_mapping(data.get("selection", data), str(rules_file))


def _population(path: Path) -> pa.Table:
    table = to_arrow(read_table(connect(), path, text_columns=["iso3"]))
    return table


def area_rows(estimates: HomicideEstimates) -> list[dict[str, Any]]:
    """The output rows, in the documented column order."""
    return [
        {
            "area_code": a.code,
            "area_name": a.name,
            "year": a.year,
            "victims": a.victims,
            "rate_per_100k": a.rate_per_100k,
            "imputed_share": a.imputed_share,
            "lower": a.lower,
            "upper": a.upper,
        }
        for a in estimates.areas
    ]


def provenance_rows(estimates: HomicideEstimates) -> list[dict[str, Any]]:
    """One row per country and year: the value used, how it was imputed, its source and why."""
    return [
        {
            "iso3": c.iso3,
            "year": c.year,
            "population": c.population,
            "victims": c.victims,
            "rate_per_100k": c.rate,
            "lower": c.lower,
            "upper": c.upper,
            "method": c.method,
            "imputed": c.imputed,
            "source": c.source,
            "source_type": c.source_type,
            "reason": c.reason,
            "flags": ";".join(c.flags),
        }
        for c in estimates.countries
    ]


def _report(findings: tuple[Finding, ...], path: Path | None) -> None:
    rows = [f.as_row() for f in findings]
    if path is not None:
        write_text(rows_to_csv(rows, FINDING_COLUMNS), path)
    for f in sorted(findings, key=lambda f: (f.severity.rank, f.code)):
        where = f" ({f.location})" if f.location.source else ""
        err_console.print(
            f"{f.severity}: {f.code}{where}: {f.message}", highlight=False, markup=False
        )


@app.command()
def estimate(
    data: Annotated[
        list[Path],
        typer.Option("--data", help="dataUNODC homicide file(s) (.csv or .xlsx); repeat or list."),
    ],
    population: Annotated[
        Path, typer.Option("--population", help="CSV with iso3, year, population (optional sex).")
    ],
    years: Annotated[
        str, typer.Option("--years", help="Years to estimate: 2000-2021, 2015 or 2010,2012.")
    ],
    more_data: Annotated[
        list[Path] | None,
        typer.Argument(help="More dataUNODC files (after --data FILE).", show_default=False),
    ] = None,
    method: Annotated[
        str, typer.Option("--method", help="Source-selection rules: unodc.")
    ] = "unodc",
    rules: Annotated[
        Path | None,
        typer.Option("--rules", help="TOML overriding the selection rules (docs/homicide.md)."),
    ] = None,
    provenance: Annotated[
        Path | None,
        typer.Option("--provenance", help="Write the country-year values with source and method."),
    ] = None,
    findings: Annotated[
        Path | None,
        typer.Option("--findings", help="Write the findings (duplicates, Unknown sex...) as CSV."),
    ] = None,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None,
) -> None:
    """Victims and rates per 100,000 for every country, M49 subregion and region, and WORLD.

    lower and upper bound the rate per 100,000 (see docs/homicide.md for how they are built).
    """
    chosen = _rules(method, rules)
    wanted = parse_years(years)
    tables = []
    read_findings: list[Finding] = []
    for path in [*data, *(more_data or [])]:
        file = read_dataunodc(path)
        tables.append((str(path), file.table))
        read_findings.extend(file.findings)
    estimates = estimate_homicide(
        tables, (str(population), _population(population)), wanted, m49(), chosen
    )
    emit_rows(area_rows(estimates), COLUMNS, fmt, output, title="Victims of intentional homicide")
    if provenance is not None:
        write_text(rows_to_csv(provenance_rows(estimates), PROVENANCE_COLUMNS), provenance)
    _report((*read_findings, *estimates.findings), findings)
