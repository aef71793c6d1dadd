"""``/api/health`` and ``/api/releases/...``: the public releases, their manifests, tables,
indicators and footnotes."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, HTTPException
from fastapi.responses import Response

from crimestats.publish import api
from crimestats.publish.release import ReleaseInfo
from crimestats.server.responses import dumps, json_response
from crimestats.server.store import ReleaseStore

__all__ = ["add_release_routes", "release_listing"]


def release_listing(r: ReleaseInfo) -> dict[str, Any]:
    """What ``/api/releases`` says about a release."""
    return {
        "name": r.name,
        "created": r.created.isoformat(),
        "embargo": r.embargo.isoformat() if r.embargo else None,
        "title": r.manifest.get("title"),
        "previous": r.manifest.get("previous"),
        "revisions": r.manifest.get("revisions", {}),
    }


def add_release_routes(app: FastAPI, store: ReleaseStore) -> None:
    """Register the release routes on ``app``."""

    @app.get(
        "/api/releases", summary="Releases that are public now, oldest first", tags=["releases"]
    )
    async def list_releases() -> Response:
        return json_response(dumps([release_listing(r) for r in store.public()]))

    @app.get("/api/health", summary="A constant answer: the server is up", tags=["releases"])
    async def health() -> Response:
        return json_response(b'{"status":"ok"}')

    @app.get("/api/releases/{name}/datasets", summary="Tables of a release", tags=["releases"])
    async def datasets(name: str) -> Response:
        return json_response(dumps(api.release_datasets(store.find(name).info)))

    @app.get("/api/releases/{name}/footnotes", summary="Footnote texts", tags=["releases"])
    async def footnotes(name: str) -> Response:
        return json_response(store.find(name).footnotes_json)

    @app.get(
        "/api/releases/{name}/datasets/{dataset}",
        summary="One table, with the codes each filter takes in it",
        tags=["releases"],
    )
    async def dataset(name: str, dataset: str) -> Response:
        served = store.find(name)
        if dataset not in served.data.tables:
            raise HTTPException(404, f"no table {dataset!r} in release {served.info.name}")
        return json_response(served.table_json(dataset))

    @app.get("/api/releases/{name}/indicators", summary="SDG indicator values", tags=["releases"])
    async def indicators(name: str) -> Response:
        return json_response(dumps(store.find(name).indicators))

    @app.get("/api/releases/{name}", summary="A release's manifest (provenance)", tags=["releases"])
    async def release_manifest(name: str) -> Response:
        return json_response(dumps(dict(store.find(name).info.manifest)))
