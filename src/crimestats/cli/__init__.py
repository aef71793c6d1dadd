"""The ``crimestats`` command line: thin typer commands over the layers below.

Exit codes (DESIGN.md): 0 success, 1 a validation found error-severity findings, 2 usage or input error.
"""

from __future__ import annotations

import typer
from rich.markup import escape
from typer.exceptions import TyperException

from crimestats.cli import cts, homicide, iccs, indicators, mse, nibrs, project, publish, survey
from crimestats.cli.render import err_console
from crimestats.errors import CrimestatsError

__all__ = ["app", "main"]

app = typer.Typer(
    name="crimestats",
    help="Official crime and criminal-justice statistics: ICCS, counting, surveys, UN-CTS, SDG 16.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
project.register(app)
publish.register(app)
app.add_typer(iccs.app, name="iccs")
app.add_typer(survey.app, name="survey")
app.add_typer(mse.app, name="mse")
app.add_typer(homicide.app, name="homicide")
app.add_typer(indicators.app, name="indicators")
app.add_typer(cts.app, name="cts")
app.add_typer(nibrs.app, name="nibrs")


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", help="Print the version and exit."),
) -> None:
    if version:
        from crimestats import __version__

        typer.echo(f"crimestats {__version__}")
        raise typer.Exit(0)


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit code; user mistakes print a message, no traceback."""
    try:
        result = app(args=argv, standalone_mode=False)
    except CrimestatsError as exc:
        err_console.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False)
        return 2
    except typer.Exit as exc:
        return exc.exit_code
    except TyperException as exc:  # usage errors: typer prints its own help hint
        show = getattr(exc, "show", None)
        if callable(show):
            show()
        else:
            err_console.print(f"error: {escape(exc.format_message())}", highlight=False)
        return exc.exit_code
    except typer.Abort:
        err_console.print("aborted")
        return 1
    except KeyboardInterrupt:
        err_console.print("interrupted")
        return 130
    return result if isinstance(result, int) else 0
