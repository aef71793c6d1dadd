"""Direct dispatch of GET requests to endpoints that need no dependency injection.

FastAPI's routing and dependency solving cost about 150 µs a request, several times the work of
answering a query from memory. Every endpoint of this app takes only its path parameters and the
request (query parameters are read by hand), so this middleware matches the path against the app's
own routes, in their order, and calls the endpoint itself. The routes stay the single definition:
FastAPI still builds the OpenAPI description from them and answers everything this middleware passes
on (other methods, unmatched paths, endpoints with other parameters).
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from fastapi.routing import APIRoute
from starlette.convertors import Convertor
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute
from starlette.types import ASGIApp, Receive, Scope, Send

from crimestats.errors import CrimestatsError
from crimestats.server.errors import error_response

__all__ = ["DirectRoutes"]

Endpoint = Callable[..., Awaitable[Response]]


@dataclass(frozen=True)
class _Direct:
    pattern: re.Pattern[str]
    endpoint: Endpoint
    convertors: dict[str, Convertor[Any]]
    wants_request: bool


def _direct(route: BaseRoute) -> _Direct | None:
    """How to call the route's endpoint directly, if it can be."""
    if not isinstance(route, APIRoute) or "GET" not in (route.methods or ()):
        return None
    if not inspect.iscoroutinefunction(route.endpoint):
        return None
    names = set(inspect.signature(route.endpoint).parameters)
    if not names <= {*route.param_convertors, "request"}:
        return None
    return _Direct(route.path_regex, route.endpoint, route.param_convertors, "request" in names)


class DirectRoutes:
    """ASGI middleware: see the module docstring. ``routes`` is read at the first request, when
    every route has been added."""

    def __init__(self, app: ASGIApp, routes: Sequence[BaseRoute]) -> None:
        self.app = app
        self.routes = routes
        self._table: list[tuple[BaseRoute, _Direct | None]] | None = None

    def _lookup(self, path: str) -> tuple[_Direct, dict[str, Any]] | None:
        if self._table is None:
            self._table = [(route, _direct(route)) for route in self.routes]
        for route, direct in self._table:
            if direct is None:
                if isinstance(route, APIRoute) and route.path_regex.match(path):
                    return None  # FastAPI answers it
                continue
            match = direct.pattern.match(path)
            if match:
                convert = direct.convertors
                return direct, {k: convert[k].convert(v) for k, v in match.groupdict().items()}
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or scope.get("root_path"):
            await self.app(scope, receive, send)
            return
        found = self._lookup(scope["path"])
        if found is None:
            await self.app(scope, receive, send)
            return
        direct, params = found
        if direct.wants_request:
            params["request"] = Request(scope, receive)
        try:
            response = await direct.endpoint(**params)
        except (CrimestatsError, HTTPException) as exc:
            response = error_response(exc)
        await response(scope, receive, send)
