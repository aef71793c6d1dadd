"""``crimestats mse``: multiple systems estimation of a hidden population from overlapping lists."""

from __future__ import annotations

import json
import secrets
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from crimestats.cli.options import FormatOption, OutputOption
from crimestats.cli.render import OutputFormat, console, emit_rows, err_console, write_text
from crimestats.errors import InputError
from crimestats.estimation.mse import (
    ESTIMATE_COLUMNS,
    IntervalMethod,
    MSEEstimate,
    SelectionMethod,
    check_models,
    estimate_population,
)
from crimestats.model import Finding
from crimestats.sources.capture import read_capture_table

app = typer.Typer(
    help="Multiple systems estimation: how many people no list saw (e.g. hidden trafficking victims).",
    no_args_is_help=True,
)

FileArgument = Annotated[
    Path, typer.Argument(help="CSV (or Parquet/Excel): one 0/1 column per list and a count column.")
]
CountOption = Annotated[
    str, typer.Option("--count-column", help="Column holding the number of people per history.")
]
MaxOrderOption = Annotated[
    int, typer.Option("--max-order", min=2, help="Highest order of interaction terms considered.")
]


def _ntop(value: str | None) -> int | None:
    if value is None or value.strip().lower() == "all":
        return None
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise InputError(f"--ntop must be a positive whole number or 'all', got {value!r}")
    return number


def _note(findings: list[Finding]) -> None:
    for finding in findings:
        err_console.print(
            f"[yellow]{finding.severity}:[/] {escape(finding.message)} ({finding.location})"
        )


def _fmt(value: float) -> str:
    return f"{value:,.1f}"


def _print_estimate(result: MSEEstimate) -> None:
    rows = [
        {"field": "method", "value": result.method},
        {"field": "model", "value": result.model},
        {"field": "estimate", "value": _fmt(result.estimate)},
        {
            "field": f"{result.level:.0%} interval ({result.ci_method})",
            "value": f"{_fmt(result.ci_low)} to {_fmt(result.ci_high)}",
        },
        {"field": "observed", "value": f"{result.n_observed:,}"},
        {"field": "dark figure", "value": _fmt(result.dark_figure)},
    ]
    emit_rows(rows, ["field", "value"], OutputFormat.table, title="Multiple systems estimate")
    lines = [
        f"{result.n_observed} people observed on {len(result.lists)} lists "
        f"({', '.join(result.lists)}); about {_fmt(result.dark_figure)} more on none.",
    ]
    if result.ci_method == "asymptotic":
        lines.append(
            f"{result.level:.0%} interval: asymptotic, conditional on the selected model "
            "(model uncertainty not included; use --bootstrap for that)."
        )
    else:
        lines.append(
            f"{result.level:.0%} {result.ci_method} interval from {result.bootstrap} bootstrap "
            f"replicates (seed {result.seed}), model selection redone in each"
            + (f", among the {result.ntop} best model(s) by BIC" if result.ntop else "")
            + "."
        )
        if result.bootstrap_failures:
            lines.append(
                f"{result.bootstrap_failures} replicate(s) had no model whose estimate exists; "
                "they are left out."
            )
        chosen = ", ".join(f"{m} ({c})" for m, c in result.bootstrap_models[:5])
        lines.append(f"Models chosen in the replicates: {chosen}.")
    if result.ranking:
        lines.append(
            "Best models by BIC: "
            + "; ".join(
                f"{r.rank}. {r.model} (BIC {r.bic:.2f}, estimate {_fmt(r.estimate)})"
                for r in result.ranking[:5]
            )
        )
    for line in lines:
        console.print(escape(line), highlight=False)


@app.command()
def estimate(
    file: FileArgument,
    count_column: CountOption = "count",
    method: Annotated[
        SelectionMethod,
        typer.Option(
            "--method", help="Model selection: stepwise (SparseMSE), bic, or main effects."
        ),
    ] = SelectionMethod.stepwise,
    threshold: Annotated[
        float,
        typer.Option(
            "--threshold", min=0.0, max=1.0, help="Stepwise: add terms with p below this."
        ),
    ] = 0.02,
    max_order: MaxOrderOption = 2,
    ntop: Annotated[
        str | None,
        typer.Option("--ntop", help="BIC: bootstrap selects among the K best models (or 'all')."),
    ] = None,
    bootstrap: Annotated[
        int,
        typer.Option("--bootstrap", min=0, help="Bootstrap replicates (0: asymptotic interval)."),
    ] = 0,
    seed: Annotated[
        int | None, typer.Option("--seed", help="Random seed of the bootstrap.")
    ] = None,
    ci: Annotated[
        IntervalMethod | None,
        typer.Option("--ci", help="Interval: bca, percentile (need --bootstrap) or asymptotic."),
    ] = None,
    level: Annotated[
        float, typer.Option("--level", min=0.5, max=0.9999, help="Confidence level.")
    ] = 0.95,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None,
) -> None:
    """Estimate the population size, dark figure and interval from a capture-history table."""
    top = _ntop(ntop)
    if top is not None and method is not SelectionMethod.bic:
        raise InputError("--ntop applies to --method bic only")
    if ci in (IntervalMethod.bca, IntervalMethod.percentile) and bootstrap < 2:
        raise InputError(f"--ci {ci} needs bootstrap replicates: add --bootstrap N (e.g. 1000)")
    if bootstrap and seed is None:
        seed = secrets.randbelow(2**31)
    table, findings = read_capture_table(file, count_column=count_column)
    _note(findings)
    result = estimate_population(
        table,
        method=method,
        threshold=threshold,
        max_order=max_order,
        ntop=top,
        bootstrap=bootstrap,
        seed=seed,
        ci=ci,
        level=level,
    )
    if fmt is OutputFormat.json:
        write_text(json.dumps([result.details()], ensure_ascii=False, indent=2) + "\n", output)
    elif fmt is OutputFormat.csv or output is not None:
        emit_rows([result.as_row()], list(ESTIMATE_COLUMNS), fmt, output)
    else:
        _print_estimate(result)


@app.command()
def check(
    file: FileArgument,
    count_column: CountOption = "count",
    max_order: MaxOrderOption = 2,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None,
) -> None:
    """Existence and identifiability of the MLE for every candidate model (codes 0, 1, 2)."""
    table, findings = read_capture_table(file, count_column=count_column)
    _note(findings)
    rows = [r.as_row() for r in check_models(table, max_order=max_order)]
    emit_rows(
        rows,
        ["model", "parameters", "code", "status"],
        fmt,
        output,
        title=f"{file}: 0 = fine, 1 = MLE does not exist, 2 = not identifiable",
    )
