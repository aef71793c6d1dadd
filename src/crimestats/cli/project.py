"""Project commands: ``demo``, ``init``, ``build``, ``check``."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from crimestats.cli.options import FormatOption, OutputOption
from crimestats.cli.render import OutputFormat, console, emit_rows, err_console
from crimestats.errors import InputError
from crimestats.model import Severity
from crimestats.project import (
    BuildResult,
    build_project,
    connect_project,
    init_project,
    load_project,
)

__all__ = ["register"]

DirArgument = Annotated[
    Path, typer.Argument(help="Project directory (holds crimestats.toml).", show_default=True)
]


@contextmanager
def _steps(title: str) -> Iterator[Callable[[str], None]]:
    """A spinner with the current step, on standard error so piped output stays clean."""
    with Progress(
        SpinnerColumn(),
        TextColumn("[bold]{task.description}"),
        BarColumn(bar_width=None),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    ) as progress:
        task = progress.add_task(title, total=None)

        def step(text: str) -> None:
            progress.update(task, description=text)

        yield step


def _summary(result: BuildResult, root: Path) -> None:
    table = Table(title="Sources", header_style="bold")
    for column in ("source", "stage", "unit", "rows read", "counted", "quarantined"):
        table.add_column(column, justify="right" if column[0] in "rcq" else "left")
    for s in result.sources:
        table.add_row(
            s.name,
            s.stage,
            s.unit,
            f"{s.rows_in:,}",
            f"{s.counted:,}",
            f"{sum(s.quarantined.values()):,}",
        )
    console.print(table)
    total_in = sum(s.rows_in for s in result.sources)
    total_q = sum(sum(s.quarantined.values()) for s in result.sources)
    console.print(
        f"Read {total_in:,} rows from {len(result.sources)} sources: "
        f"{total_in - total_q:,} counted, {total_q:,} quarantined with a reason "
        f"(nothing lost). {result.count_rows:,} count cells in {result.seconds:.1f} s."
    )
    by = {s: sum(1 for f in result.findings if f.severity is s) for s in Severity}
    console.print(
        f"Quality: {by[Severity.ERROR]} error(s), {by[Severity.WARNING]} warning(s), "
        f"{by[Severity.INFO]} note(s)."
    )
    for finding in result.findings:
        if finding.severity is not Severity.INFO:
            colour = "red" if finding.severity is Severity.ERROR else "yellow"
            console.print(f"  [{colour}]{finding.severity}[/] {finding.code}: {finding.message}")
    if result.outputs:
        out = root / "output"
        console.print(f"\nResults in {out}/:")
        for name, path in result.outputs.items():
            console.print(f"  {name:15s} {path.relative_to(root)}")


def _build(root: Path, write: bool) -> BuildResult:
    project = load_project(root)
    with _steps("building") as step:
        return build_project(project, connect_project(project), progress=step, write=write)


def demo(
    directory: Annotated[Path, typer.Argument(help="Where to write the demo project.")] = Path(
        "crimestats-demo"
    ),
    records: Annotated[
        int, typer.Option("--records", "-n", min=100, help="Police offence records to generate.")
    ] = 1_000_000,
    seed: Annotated[int, typer.Option("--seed", help="Random seed (same seed, same data).")] = 2024,
) -> None:
    """Write a synthetic country project (four justice stages, planted problems), then build it."""
    from crimestats.project.demo import make_demo

    if (directory / "crimestats.toml").exists():
        raise InputError(
            f"{directory} already holds a project; choose another directory or remove it"
        )
    started = time.perf_counter()
    with _steps(f"generating {records:,} police records") as step:
        step(f"generating {records:,} police records and the justice stages")
        data, written = make_demo(directory, records=records, seed=seed)
    planted = ", ".join(f"{n:,} {name}" for name, n in data.planted.items())
    console.print(
        f"Wrote the demo country to {directory}/ ({sum(written.values()):,} rows in "
        f"{len(written)} files, {time.perf_counter() - started:.1f} s). Planted problems: {planted}."
    )
    result = _build(directory, write=True)
    _summary(result, directory.resolve())
    console.print(
        f"\nThe true counts are in {directory}/expected/true_counts.csv; "
        f"rebuild with: crimestats build {directory}\n"
        f"Publish a release and browse the portal and API: crimestats serve {directory}"
    )


def init(directory: DirArgument) -> None:
    """Create an empty project whose files explain every setting."""
    written = init_project(directory)
    console.print(f"Created a crimestats project in {directory}/:")
    for path in written:
        console.print(f"  {path.relative_to(directory)}")
    console.print(
        "Next: put agency files in data/, describe each in sources/ (copy sources/_example.yaml), "
        "write the correspondence in mappings/, then run: crimestats build " + str(directory)
    )


def build(directory: DirArgument = Path(".")) -> None:
    """Read every source, classify to ICCS, count, and write result tables and the quality report."""
    result = _build(directory, write=True)
    _summary(result, directory.resolve())
    if result.failed:
        raise typer.Exit(1)


def check(
    directory: DirArgument = Path("."),
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None,
) -> None:
    """Run the quality rules only (nothing is written); exit 1 if any finding is an error."""
    result = _build(directory, write=False)
    rows = [f.as_row() for f in result.findings]
    emit_rows(
        rows, ["severity", "code", "source", "row", "column", "count", "message"], fmt, output
    )
    if result.failed:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add the project commands to the top-level app."""
    app.command()(demo)
    app.command()(init)
    app.command()(build)
    app.command()(check)
