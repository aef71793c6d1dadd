"""FastAPI app: releases, tables and indicators; observations as JSON or CSV with flags and footnotes;
an SDMX-REST subset; the static portal. Embargoed releases do not exist for clients until their time."""

from __future__ import annotations

import io
import math
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response

from crimestats.errors import CrimestatsError
from crimestats.publish import api
from crimestats.publish.release import ReleaseInfo
from crimestats.publish.sdmx import observations_frame

__all__ = ["create_app"]

_MEDIA = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css",
    ".js": "text/javascript",
    ".json": "application/json",
    ".csv": "text/csv; charset=utf-8",
    ".xml": "application/xml",
    ".svg": "image/svg+xml",
    ".zip": "application/zip",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _clean(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def create_app(project_dir: Path | str, *, now: datetime | None = None) -> FastAPI:
    """The app serving ``project_dir/releases``; ``now`` fixes the clock (tests)."""
    releases_dir = Path(project_dir).resolve() / "releases"
    app = FastAPI(
        title="crimestats API",
        description="Crime and criminal-justice statistics: releases, tables, observations with "
        "flags and footnotes, SDG indicators and an SDMX-REST subset.",
        version="1",
    )

    def clock() -> datetime:
        return now or datetime.now(UTC)

    def releases() -> list[ReleaseInfo]:
        return api.public_releases(releases_dir, clock())

    def release(name: str) -> ReleaseInfo:
        found = releases()
        if name == "latest" and found:
            return found[-1]
        for r in found:
            if r.name == name:
                return r
        raise HTTPException(404, f"no release {name!r} (embargoed releases are not served)")

    @app.exception_handler(CrimestatsError)
    async def _user_error(_: Request, exc: CrimestatsError) -> JSONResponse:
        return JSONResponse({"error": str(exc)}, status_code=400)

    @app.exception_handler(HTTPException)
    async def _http_error(_: Request, exc: HTTPException) -> JSONResponse:
        return JSONResponse({"error": exc.detail}, status_code=exc.status_code)

    @app.get("/api/releases", summary="Releases that are public now")
    def list_releases() -> list[dict[str, Any]]:
        return [
            {
                "name": r.name,
                "created": r.created.isoformat(),
                "embargo": r.embargo.isoformat() if r.embargo else None,
                "title": r.manifest.get("title"),
                "previous": r.manifest.get("previous"),
                "revisions": r.manifest.get("revisions", {}),
            }
            for r in releases()
        ]

    @app.get("/api/releases/{name}", summary="A release's manifest (provenance)")
    def release_manifest(name: str) -> dict[str, Any]:
        return dict(release(name).manifest)

    @app.get("/api/releases/{name}/datasets", summary="Tables of a release")
    def datasets(name: str) -> list[dict[str, Any]]:
        return api.release_datasets(release(name))

    @app.get("/api/releases/{name}/indicators", summary="SDG indicator values")
    def indicators(name: str) -> list[dict[str, Any]]:
        return api.indicators(release(name))

    @app.get("/api/releases/{name}/footnotes", summary="Footnote texts")
    def footnotes(name: str) -> dict[str, dict[str, str]]:
        return api.footnotes(release(name))

    @app.get(
        "/api/releases/{name}/observations",
        summary="Observations, filtered; every row has its flag and footnotes",
        description="Filters take comma-separated codes: dataset, year, area, iccs_code, "
        "iccs_level, attempt, sex, age, citizenship, status, measure, flag. format=csv for CSV.",
    )
    def observations(
        name: str,
        request: Request,
        dataset: str | None = None,
        format: str = Query("json", pattern="^(json|csv)$"),
        limit: int = Query(10_000, ge=1, le=1_000_000),
        offset: int = Query(0, ge=0),
    ) -> Response:
        filters = {
            k: v.split(",")
            for k, v in request.query_params.items()
            if k not in ("dataset", "format", "limit", "offset")
        }
        rows = api.observations(release(name), dataset, filters, limit=limit, offset=offset)
        if format == "csv":
            buffer = io.StringIO()
            rows.to_csv(buffer, index=False)
            return Response(buffer.getvalue(), media_type="text/csv; charset=utf-8")
        records = [
            {k: _clean(v) for k, v in r.items()} for r in rows.astype(object).to_dict("records")
        ]
        return JSONResponse({"release": name, "count": len(records), "observations": records})

    @app.get("/sdmx/structure/{kind}/{agency}/{resource}", summary="SDMX structure (SDMX-ML 3.0)")
    @app.get("/sdmx/structure/{kind}", summary="SDMX structure (SDMX-ML 3.0)")
    def structure(kind: str, agency: str = "all", resource: str = "all") -> Response:
        if kind not in ("datastructure", "dataflow", "codelist", "conceptscheme", "all"):
            raise HTTPException(400, f"structure type {kind!r} is not served")
        latest = release("latest")
        path = latest.path / "sdmx" / "structure.xml"
        return Response(path.read_bytes(), media_type="application/vnd.sdmx.structure+xml")

    @app.get("/sdmx/data/{flow}/{key}", summary="SDMX-REST data query (SDMX-CSV 2.0)")
    @app.get("/sdmx/data/{flow}", summary="SDMX-REST data query (SDMX-CSV 2.0)")
    def sdmx_data(
        flow: str,
        key: str = "all",
        startPeriod: int | None = None,  # noqa: N803 - SDMX-REST parameter names
        endPeriod: int | None = None,  # noqa: N803
        release_name: str = Query("latest", alias="release"),
    ) -> Response:
        chosen = release(release_name)
        flow_id = flow.split(",")[1] if "," in flow else flow
        by_flow = {d["flow"]: d["id"] for d in chosen.manifest.get("datasets", [])}
        if flow_id not in by_flow:
            raise HTTPException(404, f"no dataflow {flow_id!r}; known: {', '.join(by_flow)}")
        filters = api.sdmx_key_filters(key)
        rows = api.observations(chosen, by_flow[flow_id], filters)
        if startPeriod is not None:
            rows = rows[rows["year"] >= startPeriod]
        if endPeriod is not None:
            rows = rows[rows["year"] <= endPeriod]
        if rows.empty:
            raise HTTPException(404, "no observations match the query")
        texts = {k: v["en"] for k, v in api.footnotes(chosen).items()}
        frame = observations_frame(rows, texts, f"crimestats release {chosen.name}")
        agency = chosen.manifest.get("build", {}).get("settings", {}).get("publish", {})
        structure_id = f"{agency.get('sdmx_agency', 'CRIMESTATS')}:CRIME(1.0)"
        frame.insert(0, "STRUCTURE_ID", structure_id)
        frame.insert(0, "STRUCTURE", "datastructure")
        frame.insert(2, "ACTION", "I")
        return Response(frame.to_csv(index=False), media_type="application/vnd.sdmx.data+csv")

    @app.get("/releases/{name}/{path:path}", include_in_schema=False)
    def release_file(name: str, path: str) -> Response:
        chosen = release(name)
        target = (chosen.path / path).resolve()
        if not target.is_relative_to(chosen.path.resolve()) or not target.is_file():
            raise HTTPException(404, f"no file {path!r} in release {chosen.name}")
        return FileResponse(
            target, media_type=_MEDIA.get(target.suffix, "application/octet-stream")
        )

    @app.get("/", include_in_schema=False)
    def home() -> Response:
        found = releases()
        if not found:
            raise HTTPException(404, "no public release yet; run crimestats publish")
        return RedirectResponse(f"/releases/{found[-1].name}/portal/en/index.html")

    return app
