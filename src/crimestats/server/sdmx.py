"""The SDMX-REST subset: data queries by dataflow and key (SDMX-CSV 2.0, or SDMX-ML 3.0 on request)
and structure queries (SDMX-ML 3.0), in the 1.x path style (``/data/{flowRef}/{key}``) and the 2.x one
(``/data/dataflow/{agency}/{id}/{version}/{key}``).

A key has one part per dimension in DSD order, separated by dots; ``+`` joins alternatives and an
empty part (or ``*``) means all. A key with the wrong number of parts is a 400; a key, period or
flow that matches nothing is a 404 "no results", as SDMX-REST says.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import Response
from pysdmx.io import write_sdmx
from pysdmx.io.format import Format
from pysdmx.model import Codelist, ConceptScheme, Dataflow, DataStructureDefinition, Schema
from starlette.concurrency import run_in_threadpool

from crimestats.errors import InputError
from crimestats.publish import api
from crimestats.publish.sdmx import DIMENSIONS
from crimestats.publish.sdmx_data import write_data_xml
from crimestats.server.responses import PartsResponse
from crimestats.server.store import ReleaseStore, ServedRelease

__all__ = ["STRUCTURE_TYPES", "add_sdmx_routes"]

SDMX_CSV = "application/vnd.sdmx.data+csv; version=2.0.0; charset=utf-8"
SDMX_XML = "application/vnd.sdmx.structurespecificdata+xml; version=3.0.0"
SDMX_STRUCTURE = "application/vnd.sdmx.structure+xml; version=3.0.0"
#: ``format`` values of data queries → csv or xml.
_FORMATS = {"csv": "csv", "sdmx-csv": "csv", "xml": "xml", "sdmx-ml": "xml"}
_Artefact = DataStructureDefinition | Dataflow | Codelist | ConceptScheme
_EVERY: tuple[type[_Artefact], ...] = (DataStructureDefinition, Dataflow, Codelist, ConceptScheme)
#: SDMX-REST structure types served → the artefact classes they select.
STRUCTURE_TYPES: dict[str, tuple[type[_Artefact], ...]] = {
    "datastructure": (DataStructureDefinition,),
    "dataflow": (Dataflow,),
    "codelist": (Codelist,),
    "conceptscheme": (ConceptScheme,),
    "structure": _EVERY,
    "all": _EVERY,
    "*": _EVERY,
}
_ANY = frozenset({"*", "all", "latest", "~", ""})
_PERIOD = re.compile(r"^(\d{4})(?:-(?:\d{2}(?:-\d{2})?|[ASQMW]\d{1,2}|D\d{3}))?$")
_KEY_DOC = (
    "Dimension codes in DSD order, dot-separated: "
    + ".".join(DIMENSIONS)
    + "; `+` for alternatives, an empty part for all; `all` for everything."
)


_RELEASE_PARAMETER = {
    "name": "release",
    "in": "query",
    "description": "Release to read (default: `latest`, the newest public one).",
    "schema": {"type": "string", "default": "latest"},
}
#: Documented by hand: FastAPI's per-parameter validation costs more than the query.
_DATA_PARAMETERS = [
    {
        "name": "startPeriod",
        "in": "query",
        "description": "First period, e.g. 2023 (SDMX period syntax; the year counts).",
        "schema": {"type": "string"},
    },
    {
        "name": "endPeriod",
        "in": "query",
        "description": "Last period, e.g. 2024.",
        "schema": {"type": "string"},
    },
    {
        "name": "format",
        "in": "query",
        "description": "csv (SDMX-CSV 2.0, the default) or xml (SDMX-ML 3.0 structure-specific "
        "data); an Accept header asking for SDMX-ML does the same.",
        "schema": {"type": "string", "enum": list(_FORMATS)},
    },
    _RELEASE_PARAMETER,
]


def _year(text: str | None, name: str) -> int | None:
    if text is None or text == "":
        return None
    match = _PERIOD.match(text)
    if match is None:
        raise InputError(f"{name} {text!r} is not an SDMX period; write e.g. 2023 or 2023-01")
    return int(match.group(1))


def _matches(wanted: str, actual: str) -> bool:
    return wanted in _ANY or actual in wanted.split("+")


def _flow_table(served: ServedRelease, agency: str, flow: str, version: str) -> str:
    if flow not in served.flows or not _matches(agency, served.agency):
        known = ", ".join(served.flows)
        raise HTTPException(
            404, f"no dataflow {agency}:{flow}; release {served.info.name} has {known}"
        )
    if not _matches(version, "1.0"):
        raise HTTPException(404, f"dataflow {flow} has version 1.0 only")
    return served.flows[flow]


def _data_xml(frame: pd.DataFrame, schema: Schema) -> bytes:
    """SDMX-ML 3.0 as the release writes it (``write_data_xml`` escapes the quotes and
    apostrophes of footnotes that pysdmx's writer would leave unescaped)."""
    with tempfile.TemporaryDirectory(prefix="crimestats-sdmx-") as folder:
        return write_data_xml(frame, schema, Path(folder) / "data.xml").read_bytes()


def _wants_xml(request: Request) -> bool:
    """SDMX-ML when ``format`` or the Accept header asks for it; SDMX-CSV otherwise."""
    format = request.query_params.get("format")
    if format is not None:
        if format not in _FORMATS:
            raise InputError(f"format {format!r}: use one of {', '.join(_FORMATS)}")
        return _FORMATS[format] == "xml"
    accept = request.headers.get("accept", "")
    return "structurespecificdata+xml" in accept or "application/xml" in accept


async def _data(served: ServedRelease, table: str, key: str, request: Request) -> Response:
    query = request.query_params
    first = _year(query.get("startPeriod"), "startPeriod")
    last = _year(query.get("endPeriod"), "endPeriod")
    filters = api.sdmx_key_filters(key)
    if filters is None:
        raise HTTPException(404, "no results: releases hold annual data (FREQ A) only")
    rows = served.data.select(table, filters, strict=False)
    if first is not None or last is not None:
        years = served.years[rows]
        keep = np.ones(len(rows), dtype=bool)
        if first is not None:
            keep &= years >= first
        if last is not None:
            keep &= years <= last
        rows = rows[keep]
    if not len(rows):
        raise HTTPException(404, "no results: no observation matches the query")
    if _wants_xml(request):
        body = await run_in_threadpool(_data_xml, served.sdmx_frame(rows), served.schema)
        return Response(body, media_type=SDMX_XML)
    return PartsResponse([served.sdmx_rows.header, served.sdmx_rows.csv_lines(rows)], SDMX_CSV)


def _structure(served: ServedRelease, kind: str, agency: str, resource: str, version: str) -> bytes:
    key = (kind, agency, resource, version)
    if key not in served.structures:
        wanted = STRUCTURE_TYPES[kind]
        chosen = [
            s
            for s in served.structure_message
            if isinstance(s, wanted)
            and _matches(agency, s.agency if isinstance(s.agency, str) else s.agency.id)
            and _matches(resource, s.id)
            and _matches(version, s.version)
        ]
        if not chosen:
            raise HTTPException(
                404, f"no results: no {kind} {agency}:{resource}({version}) in this release"
            )
        text = write_sdmx(chosen, Format.STRUCTURE_SDMX_ML_3_0)
        served.structures[key] = str(text).encode()
    return served.structures[key]


#: What the three data routes answer and how they are documented.
_DATA_ROUTE: dict[str, Any] = {
    "response_class": Response,
    "responses": {200: {"content": {SDMX_CSV: {}, SDMX_XML: {}}}},
    "tags": ["SDMX-REST"],
    "openapi_extra": {"parameters": _DATA_PARAMETERS},
}


def add_sdmx_routes(app: FastAPI, store: ReleaseStore) -> None:
    """Register the ``/sdmx`` routes over ``store``'s public releases on ``app``."""

    @app.get(
        "/sdmx/data/dataflow/{agency}/{flow}/{version}/{key}",
        summary="SDMX-REST 2 data query (SDMX-CSV 2.0 or SDMX-ML 3.0)",
        **_DATA_ROUTE,
    )
    async def data_v2(agency: str, flow: str, version: str, key: str, request: Request) -> Response:
        served = store.find(request.query_params.get("release", "latest"))
        table = _flow_table(served, agency, flow, version)
        return await _data(served, table, key, request)

    @app.get(
        "/sdmx/data/{flow}/{key}",
        summary="SDMX-REST data query (SDMX-CSV 2.0 or SDMX-ML 3.0)",
        description="`flow` is a dataflow id (`DF_POLICE_VICTIMS`) or `AGENCY,ID,VERSION`. "
        + _KEY_DOC,
        **_DATA_ROUTE,
    )
    async def data(request: Request, flow: str, key: str) -> Response:
        served = store.find(request.query_params.get("release", "latest"))
        parts = flow.split(",")
        if len(parts) > 3:
            raise InputError(f"dataflow {flow!r}: write ID or AGENCY,ID,VERSION")
        agency, flow_id, version = (["*", *parts, "*"] if len(parts) == 1 else [*parts, "*"])[:3]
        table = _flow_table(served, agency, flow_id, version)
        return await _data(served, table, key, request)

    @app.get(
        "/sdmx/data/{flow}",
        summary="SDMX-REST data query, every key (SDMX-CSV 2.0 or SDMX-ML 3.0)",
        **_DATA_ROUTE,
    )
    async def data_all(request: Request, flow: str) -> Response:
        return await data(request, flow, "all")

    @app.get(
        "/sdmx/structure/{kind}/{agency}/{resource}/{version}",
        summary="SDMX structure (SDMX-ML 3.0)",
        description="`kind`: " + ", ".join(STRUCTURE_TYPES) + "; `*` or `all` for any agency, "
        "id or version.",
        response_class=Response,
        responses={200: {"content": {SDMX_STRUCTURE: {}}}},
        tags=["SDMX-REST"],
        openapi_extra={"parameters": [_RELEASE_PARAMETER]},
    )
    @app.get("/sdmx/structure/{kind}/{agency}/{resource}", include_in_schema=False)
    @app.get("/sdmx/structure/{kind}/{agency}", include_in_schema=False)
    @app.get("/sdmx/structure/{kind}", include_in_schema=False)
    async def structure(
        request: Request,
        kind: str,
        agency: str = "*",
        resource: str = "*",
        version: str = "*",
    ) -> Response:
        if kind not in STRUCTURE_TYPES:
            raise InputError(
                f"structure type {kind!r} is not served; use one of: {', '.join(STRUCTURE_TYPES)}"
            )
        served = store.find(request.query_params.get("release", "latest"))
        body = _structure(served, kind, agency, resource, version)
        return Response(body, media_type=SDMX_STRUCTURE)
