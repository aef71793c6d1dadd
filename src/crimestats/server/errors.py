"""Errors as JSON: every failure a client can cause answers ``{"error": message}`` with a 4xx code
(400 for a bad query, 404 for something that does not exist or is embargoed, 405 for a wrong
method); anything else is a 500 with the same shape and no traceback."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from crimestats.errors import CrimestatsError

__all__ = ["error_response", "install_error_handlers"]

_log = logging.getLogger("crimestats.server")


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message, "status": status}, status_code=status)


def error_response(exc: CrimestatsError | HTTPException) -> JSONResponse:
    """The answer to an error a client caused: 400 for a bad query, else the HTTP status."""
    if isinstance(exc, HTTPException):
        response = _error(exc.status_code, str(exc.detail))
        if exc.headers:
            response.headers.update(exc.headers)
        return response
    return _error(400, str(exc))


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for problem in exc.errors():
        where = ".".join(str(p) for p in problem.get("loc", ()) if p not in ("query", "path"))
        given = problem.get("input")
        shown = f" (got {given!r})" if isinstance(given, str | int | float) else ""
        parts.append(f"{where}: {problem.get('msg', 'invalid')}{shown}")
    return "; ".join(parts) or "invalid request"


def install_error_handlers(app: FastAPI) -> None:
    """Answer every error as JSON (see the module docstring)."""

    @app.exception_handler(CrimestatsError)
    async def _user_error(_: Request, exc: CrimestatsError) -> JSONResponse:
        return error_response(exc)

    @app.exception_handler(RequestValidationError)
    async def _bad_parameter(_: Request, exc: RequestValidationError) -> JSONResponse:
        return _error(400, _validation_message(exc))

    @app.exception_handler(HTTPException)
    async def _http_error(_: Request, exc: HTTPException) -> JSONResponse:
        return error_response(exc)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        _log.exception("error answering %s", request.url.path, exc_info=exc)
        return _error(500, "internal error; the server log has the details")
