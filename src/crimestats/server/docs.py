"""The OpenAPI description (``/openapi.json``) and its Swagger UI page (``/docs``), registered last
so that they do not slow the routing of data requests."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse

__all__ = ["add_docs_routes"]


def add_docs_routes(app: FastAPI) -> None:
    """Register ``/openapi.json`` and ``/docs`` on ``app``."""

    @app.get("/openapi.json", include_in_schema=False)
    async def openapi() -> JSONResponse:
        return JSONResponse(app.openapi())

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/openapi.json", title=f"{app.title}: docs")
