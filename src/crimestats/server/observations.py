"""``/api/releases/{name}/observations``: filtered observations as JSON or CSV, each row with its
flag and footnotes. Query parameters are read by hand and documented in the OpenAPI by hand:
FastAPI's validation of 17 optional parameters cost more than answering the query."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import Response

from crimestats.errors import InputError
from crimestats.server.responses import CSV, PartsResponse, dumps
from crimestats.server.store import ReleaseStore

__all__ = ["FILTER_HELP", "add_observation_routes"]

#: The filters (query parameters) and what they take.
FILTER_HELP = {
    "stage": "Justice stage: police, prosecution, courts, prisons.",
    "unit": "Counting unit: offences, incidents, victims, persons.",
    "year": "Reference year(s), e.g. 2023 or 2023,2024.",
    "area": "Area code(s): the country total `_T` or regions.",
    "iccs_code": "ICCS code(s), e.g. 0101 or 01,02; `<code>_U` for the unspecified residual.",
    "attempt": "completed, attempted or `_T`.",
    "sex": "F, M, `_U` (unknown) or `_T` (total).",
    "age": "Age group(s), e.g. Y15T29, or `_T`.",
    "citizenship": "national, foreign, `_U` or `_T`.",
    "status": "Outcome or sentence status, e.g. convicted, or `_T`.",
    "measure": "count, or rate (per 100,000 population).",
    "iccs_level": "ICCS level(s) 1 to 4.",
    "flag": "published (no flag), confidential or suppressed.",
}
_PAGING = ("dataset", "format", "limit", "offset")
DEFAULT_LIMIT = 10_000
MAX_LIMIT = 1_000_000
_PARAMETERS: list[dict[str, Any]] = [
    {
        "name": "dataset",
        "in": "query",
        "description": "Table id (see the release's datasets).",
        "schema": {"type": "string"},
    },
    {
        "name": "format",
        "in": "query",
        "description": "json (default) or csv.",
        "schema": {"type": "string", "enum": ["json", "csv"], "default": "json"},
    },
    {
        "name": "limit",
        "in": "query",
        "description": f"Rows at most (1 to {MAX_LIMIT:,}).",
        "schema": {"type": "integer", "default": DEFAULT_LIMIT, "minimum": 1, "maximum": MAX_LIMIT},
    },
    {
        "name": "offset",
        "in": "query",
        "description": "Rows to skip (for paging).",
        "schema": {"type": "integer", "default": 0, "minimum": 0},
    },
    *(
        {"name": name, "in": "query", "description": text, "schema": {"type": "string"}}
        for name, text in FILTER_HELP.items()
    ),
]


def _whole(text: str | None, name: str, default: int, low: int, high: int | None) -> int:
    if text is None or text == "":
        return default
    try:
        value = int(text)
    except ValueError:
        raise InputError(f"{name} {text!r} is not a whole number") from None
    if value < low or (high is not None and value > high):
        bounds = f"from {low:,}" + (f" to {high:,}" if high is not None else " up")
        raise InputError(f"{name} {value:,} is out of range: use {bounds}")
    return value


def _filters(request: Request) -> dict[str, list[str]]:
    """Filter parameters (repeated or comma-separated values are alternatives)."""
    out: dict[str, list[str]] = {}
    for name, value in request.query_params.multi_items():
        if name not in _PAGING:
            out.setdefault(name, []).extend(value.split(","))
    return out


def add_observation_routes(app: FastAPI, store: ReleaseStore) -> None:
    """Register the observations query on ``app``."""

    @app.get(
        "/api/releases/{name}/observations",
        summary="Observations, filtered; every row has its flag and footnotes",
        description="Each filter takes one code or several, comma-separated or repeated (any of "
        "them matches); filters combine with AND. A code the release does not have is a 400 "
        "that lists the codes it has. Hidden values (flag `confidential` or `suppressed`) are "
        "`null` in JSON and empty in CSV. JSON answers carry `total` (rows matching), `offset`, "
        "`count` and the footnote texts; both formats send the `X-Total-Count` header. "
        "`latest` names the newest public release.",
        tags=["observations"],
        response_class=Response,
        responses={200: {"content": {"application/json": {}, CSV: {}}}},
        openapi_extra={"parameters": _PARAMETERS},
    )
    async def observations(name: str, request: Request) -> Response:
        query = request.query_params
        dataset = query.get("dataset") or None
        format = query.get("format", "json")
        if format not in ("json", "csv"):
            raise InputError(f"format {format!r}: use json or csv")
        limit = _whole(query.get("limit"), "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
        offset = _whole(query.get("offset"), "offset", 0, 0, None)
        served = store.find(name)
        matching = served.data.select(dataset, _filters(request))
        rows = matching[offset : offset + limit]
        headers = {"X-Total-Count": str(len(matching))}
        if format == "csv":
            parts = [served.rows.header, served.rows.csv_lines(rows)]
            return PartsResponse(parts, CSV, headers)
        head = dumps(
            {
                "release": served.info.name,
                "dataset": dataset,
                "total": len(matching),
                "offset": offset,
                "count": len(rows),
            }
        )
        parts = [
            head[:-1] + b',"observations":[',
            served.rows.json_rows(rows),
            b'],"footnotes":' + served.footnotes_json + b"}",
        ]
        return PartsResponse(parts, "application/json", headers)
