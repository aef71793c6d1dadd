"""The OpenAPI description (``/openapi.json``) and its Swagger UI page (``/docs``), registered last
so that they do not slow the routing of data requests. Swagger UI is served from the package
(``crimestats/data/swagger``): the page loads nothing from the internet."""

from __future__ import annotations

from importlib import resources

from fastapi import FastAPI, HTTPException
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response

__all__ = ["add_docs_routes"]

_ASSETS = {
    "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
    "swagger-ui.css": "text/css; charset=utf-8",
    "favicon-32x32.png": "image/png",
}


def add_docs_routes(app: FastAPI) -> None:
    """Register ``/openapi.json``, ``/docs`` and the Swagger UI files under ``/docs/static/``."""
    folder = resources.files("crimestats").joinpath("data", "swagger")

    @app.get("/openapi.json", include_in_schema=False)
    async def openapi() -> JSONResponse:
        return JSONResponse(app.openapi())

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title=f"{app.title}: docs",
            swagger_js_url="/docs/static/swagger-ui-bundle.js",
            swagger_css_url="/docs/static/swagger-ui.css",
            swagger_favicon_url="/docs/static/favicon-32x32.png",
            swagger_ui_parameters={"validatorUrl": None},
        )

    @app.get("/docs/static/{name}", include_in_schema=False)
    async def docs_static(name: str) -> Response:
        if name not in _ASSETS:
            raise HTTPException(404, f"no documentation file {name!r}")
        return Response(
            folder.joinpath(name).read_bytes(),
            media_type=_ASSETS[name],
            headers={"Cache-Control": "public, max-age=86400"},
        )
