"""FastAPI app: releases, tables and indicators; observations as JSON or CSV with flags and footnotes;
an SDMX-REST subset; release files and the static portal; OpenAPI docs at ``/docs``.

Embargoed releases do not exist for clients until their time: they are not listed, not ``latest``,
and every path under them answers 404 like an unknown name. Errors are JSON (``server.errors``).
Handlers are ``async`` and answer from what ``ReleaseStore`` holds in memory, so a query costs a
position lookup and a join of pre-encoded rows. Routes are registered busiest first (they are tried
in order), and ``DirectRoutes`` calls their endpoints without FastAPI's dependency injection.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path

from fastapi import FastAPI, HTTPException

from crimestats.server.direct import DirectRoutes
from crimestats.server.docs import add_docs_routes
from crimestats.server.errors import install_error_handlers
from crimestats.server.files import add_file_routes
from crimestats.server.observations import add_observation_routes
from crimestats.server.releases import add_release_routes
from crimestats.server.sdmx import add_sdmx_routes
from crimestats.server.store import ReleaseStore

__all__ = ["create_app"]

DESCRIPTION = """Crime and criminal-justice statistics: releases, tables, observations with flags
and footnotes, SDG indicators and an SDMX-REST subset.

Errors answer `{"error": message, "status": code}`: 400 for a bad query (unknown filter, code,
format, malformed SDMX key or period), 404 for an unknown release, table, dataflow or file, and for
a release under embargo (it is treated as absent until its time), 404 "no results" for an SDMX
query that matches nothing."""


def create_app(project_dir: Path | str, *, now: datetime | None = None) -> FastAPI:
    """The app serving ``project_dir/releases``; ``now`` fixes the clock (tests)."""
    store = ReleaseStore(Path(project_dir).resolve() / "releases", lambda: now or datetime.now(UTC))

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # the newest public release is loaded before the first request, not during it
        with suppress(HTTPException):
            store.find("latest")
        yield

    app = FastAPI(
        lifespan=lifespan,
        title="crimestats API",
        description=DESCRIPTION,
        version="1",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    install_error_handlers(app)
    add_observation_routes(app, store)
    add_file_routes(app, store)
    add_sdmx_routes(app, store)
    add_release_routes(app, store)
    add_docs_routes(app)
    app.add_middleware(DirectRoutes, routes=app.router.routes)
    return app
