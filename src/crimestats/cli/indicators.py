"""``crimestats indicators``: the indicator registry (SDG 16) and values computed with provenance."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from crimestats.cli.options import FormatOption, OutputOption
from crimestats.cli.render import OutputFormat, emit_rows, err_console
from crimestats.estimation.indicators import (
    COMPUTE,
    INDICATORS,
    can_compute,
    compute_indicators,
    gather_inputs,
)

app = typer.Typer(help="SDG 16 indicators: what they are, and their values from your data.")

LIST_COLUMNS = (
    "indicator",
    "name",
    "series",
    "unit",
    "numerator",
    "denominator",
    "disaggregations",
    "inputs",
    "computable",
)
VALUE_COLUMNS = (
    "indicator",
    "series",
    "area",
    "year",
    "sex",
    "age",
    "breakdown",
    "value",
    "unit",
    "numerator",
    "denominator",
    "sources",
    "imputed",
    "flags",
)


@app.command("list")
def list_command(fmt: FormatOption = OutputFormat.table, output: OutputOption = None) -> None:
    """Every registered indicator with its SDG series, definition parts and required inputs."""
    rows = [
        {
            "indicator": spec.id,
            "name": spec.name,
            "series": " ".join(spec.series),
            "unit": spec.unit,
            "numerator": spec.numerator,
            "denominator": spec.denominator,
            "disaggregations": " ".join(spec.disaggregations),
            "inputs": " | ".join(" + ".join(s) for s in spec.inputs),
            "computable": "yes" if spec.id in COMPUTE else "not yet",
        }
        for spec in (INDICATORS[k] for k in sorted(INDICATORS))
    ]
    emit_rows(rows, LIST_COLUMNS, fmt, output, title="Indicators")


@app.command()
def compute(
    directory: Annotated[
        Path | None,
        typer.Argument(help="Project directory (output/counts.parquet, population/*.csv)."),
    ] = None,
    dataunodc: Annotated[
        list[Path] | None, typer.Option("--dataunodc", help="Imported dataUNODC file; repeatable.")
    ] = None,
    glotip: Annotated[
        list[Path] | None, typer.Option("--glotip", help="GLOTIP-layout file (16.2.2); repeatable.")
    ] = None,
    arms: Annotated[
        Path | None, typer.Option("--arms", help="CSV iso3, year, seized, traced (16.4.2).")
    ] = None,
    population: Annotated[
        Path | None,
        typer.Option("--population", help="CSV iso3, year, population (16.2.2 rates)."),
    ] = None,
    survey: Annotated[
        Path | None,
        typer.Option("--survey", help="Survey microdata (16.1.3, 16.1.4, 16.3.1, 16.5.1)."),
    ] = None,
    survey_config: Annotated[
        Path | None,
        typer.Option("--survey-config", help="The survey's indicator configuration (YAML)."),
    ] = None,
    indicator: Annotated[
        list[str] | None, typer.Option("--indicator", "-i", help="Only this indicator; repeatable.")
    ] = None,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None,
) -> None:
    """Indicator values with their sources and imputation flag, from the project and imported files."""
    files = [*(dataunodc or ()), *(glotip or ()), arms, population, survey, survey_config]
    if directory is None and not any(files):
        directory = Path.cwd()
    inputs, findings = gather_inputs(
        directory,
        dataunodc=dataunodc or (),
        glotip=glotip or (),
        arms=arms,
        population=population,
        survey=survey,
        survey_config=survey_config,
    )
    values, problems = compute_indicators(inputs, indicator or ())
    rows: list[dict[str, Any]] = [
        {
            "indicator": v.indicator,
            "series": v.series,
            "area": v.area,
            "year": v.year,
            "sex": v.sex,
            "age": v.age,
            "breakdown": v.breakdown,
            "value": v.value,
            "unit": v.unit,
            "numerator": v.numerator,
            "denominator": v.denominator,
            "sources": v.sources,
            "imputed": v.imputed,
            "flags": v.flags,
        }
        for v in values
    ]
    emit_rows(rows, VALUE_COLUMNS, fmt, output, title="Indicator values")
    available = inputs.available()
    for spec in (INDICATORS[k] for k in sorted(INDICATORS)):
        if indicator and spec.id not in indicator:
            continue
        if not can_compute(spec, available):
            needs = " or ".join(" + ".join(s) for s in spec.inputs)
            why = "no compute function yet" if spec.id not in COMPUTE else f"needs {needs}"
            err_console.print(f"{spec.id}: not computed ({why})", highlight=False, markup=False)
    for f in [*findings, *problems]:
        if f.code.startswith("IND-NOT") or f.code == "IND-INPUTS-MISSING":
            continue
        err_console.print(f"{f.severity}: {f.code}: {f.message}", highlight=False, markup=False)
