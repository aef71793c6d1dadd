"""Release files and the portal: ``/releases/{name}/{path}`` (downloads, SDMX files, the static
portal) and ``/`` (the newest public release's portal). Small files are answered from memory with
an entity tag, and gzip-compressed once when the client accepts it; a named release's files are
immutable, so they may be cached for a day."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import FileResponse, RedirectResponse, Response

from crimestats.server.store import MEDIA_TYPES, CachedFile, ReleaseStore

__all__ = ["add_file_routes"]

_IMMUTABLE = "public, max-age=86400"


def _cached(found: CachedFile, request: Request, *, immutable: bool) -> Response:
    headers = {"ETag": found.etag, "Vary": "Accept-Encoding"}
    if immutable:
        headers["Cache-Control"] = _IMMUTABLE
    if request.headers.get("if-none-match") == found.etag:
        return Response(status_code=304, headers=headers)
    if found.gzip is not None and "gzip" in request.headers.get("accept-encoding", ""):
        headers["Content-Encoding"] = "gzip"
        return Response(found.gzip, media_type=found.media_type, headers=headers)
    return Response(found.body, media_type=found.media_type, headers=headers)


def add_file_routes(app: FastAPI, store: ReleaseStore) -> None:
    """Register the file and portal routes on ``app``."""

    @app.get("/releases/{name}/{path:path}", include_in_schema=False)
    async def release_file(name: str, path: str, request: Request) -> Response:
        served = store.find(name)
        found = served.file(path)
        if isinstance(found, Path):
            media = MEDIA_TYPES.get(found.suffix.lower(), "application/octet-stream")
            return FileResponse(found, media_type=media)
        return _cached(found, request, immutable=name != "latest")

    @app.get("/releases/{name}", include_in_schema=False)
    async def release_home(name: str) -> Response:
        served = store.find(name)
        return RedirectResponse(f"/releases/{served.info.name}/portal/en/index.html")

    @app.get("/", include_in_schema=False)
    async def home() -> Response:
        found = store.public()
        if not found:
            raise HTTPException(404, "no public release yet; run crimestats publish")
        return RedirectResponse(f"/releases/{found[-1].name}/portal/en/index.html")
