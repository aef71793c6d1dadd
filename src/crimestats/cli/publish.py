"""Publication commands: ``publish`` (write a release) and ``serve`` (API and portal)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from crimestats.cli.project import DirArgument, _steps
from crimestats.cli.render import console
from crimestats.project import ensure_preview, load_project, publish_project
from crimestats.publish.release import parse_embargo

__all__ = ["register"]


def publish(
    directory: DirArgument = Path("."),
    release: Annotated[
        str, typer.Option("--release", "-r", help="Release name, e.g. 2025-q1 (never reused).")
    ] = "",
    embargo: Annotated[
        str | None,
        typer.Option("--embargo", help="Not served before this time, e.g. 2026-03-01T10:00:00Z."),
    ] = None,
) -> None:
    """Write an immutable release: protected tables, CSV, Excel, SDMX, revisions and the portal."""
    if not release:
        raise typer.BadParameter("give the release a name with --release NAME")
    when = parse_embargo(embargo)
    project = load_project(directory)
    with _steps("publishing") as step:
        info, findings = publish_project(project, release, embargo=when, progress=step)
    groups = info.manifest["disclosure_control"]["groups"]
    confidential = sum(g["confidential"] for g in groups)
    suppressed = sum(g["suppressed"] for g in groups)
    console.print(
        f"Release {info.name} written to {info.path}: {len(info.manifest['datasets'])} tables, "
        f"{confidential:,} confidential and {suppressed:,} suppressed cells."
    )
    if info.embargo is not None:
        console.print(f"Embargoed until {info.embargo.isoformat()}: not served before then.")
    for finding in findings:
        console.print(f"  {finding.severity}: {finding.code}: {finding.message}", markup=False)


def _project_or_demo(directory: Path) -> Path:
    """``directory``; but run bare beside a demo (``crimestats demo`` then ``crimestats serve``), the
    demo project."""
    demo = Path("crimestats-demo")
    if (
        directory == Path(".")
        and not (directory / "crimestats.toml").exists()
        and (demo / "crimestats.toml").exists()
    ):
        console.print(f"Serving the demo project in {demo}/")
        return demo
    return directory


def serve(
    directory: DirArgument = Path("."),
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    workers: Annotated[
        int, typer.Option("--workers", min=1, help="Server processes (at most one per CPU core).")
    ] = 1,
) -> None:
    """Serve the releases' API and portal (publishes a 'preview' release if there is none)."""
    import os

    import uvicorn

    project = load_project(_project_or_demo(directory))
    with _steps("preparing the releases") as step:
        ensure_preview(project, progress=step)
    console.print(f"Portal at http://{host}:{port}/  API docs at http://{host}:{port}/docs")
    # The command line never imports the server layer: uvicorn loads the app factory by name.
    os.environ["CRIMESTATS_SERVE_DIR"] = str(project.root)
    uvicorn.run(
        "crimestats.server:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        access_log=False,
    )


def register(app: typer.Typer) -> None:
    """Add the publication commands to the top-level app."""
    app.command()(publish)
    app.command()(serve)
