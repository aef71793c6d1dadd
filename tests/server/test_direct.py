"""Requests dispatched straight to the endpoints answer exactly as FastAPI's own routing does."""

from __future__ import annotations

import re

import pytest

from crimestats.server import create_app
from crimestats.server.direct import DirectRoutes

from .conftest import TestClient

URLS = [
    "/api/health",
    "/api/releases",
    "/api/releases/2025",
    "/api/releases/latest/datasets",
    "/api/releases/2025/datasets/police_victims",
    "/api/releases/2025/footnotes",
    "/api/releases/2025/indicators",
    "/api/releases/2025/observations?dataset=police_victims&sex=F&iccs_code=01,02",
    "/api/releases/2025/observations?dataset=courts_persons&format=csv&limit=50&offset=5",
    "/api/releases/2025/observations?sex=nope",
    "/api/releases/2025/observations?limit=-1",
    "/api/releases/1999/observations",
    "/sdmx/data/DF_POLICE_VICTIMS/A._T.police.victims.01+02._T.F.._T._T.count",
    "/sdmx/data/DF_POLICE_VICTIMS",
    "/sdmx/data/dataflow/CRIMESTATS/DF_POLICE_VICTIMS/1.0/all?startPeriod=2024",
    "/sdmx/data/DF_POLICE_VICTIMS/A.B",
    "/sdmx/structure/dataflow/CRIMESTATS/DF_POLICE_VICTIMS",
    "/sdmx/structure/codelist",
    "/releases/2025/data/police_victims.csv",
    "/releases/2025/no-such-file",
    "/releases/2025",
    "/",
    "/openapi.json",
    "/no/such/path",
]


@pytest.fixture(scope="module")
def routed(published_demo) -> TestClient:
    """The same app with every request going through FastAPI's routing."""
    app = create_app(published_demo.root)
    app.user_middleware = [m for m in app.user_middleware if m.cls is not DirectRoutes]
    return TestClient(app, raise_server_exceptions=False)


def test_the_app_dispatches_directly(client) -> None:
    assert any(m.cls is DirectRoutes for m in client.app.user_middleware)


@pytest.mark.parametrize("url", URLS)
def test_same_answer_either_way(client, routed, url: str) -> None:
    direct = client.get(url, follow_redirects=False)
    via_fastapi = routed.get(url, follow_redirects=False)
    assert direct.status_code == via_fastapi.status_code
    # a structure message has its own id and preparation time each time it is written
    header = re.compile(rb"<mes:Header>.*</mes:Header>", re.DOTALL)
    assert header.sub(b"", direct.content) == header.sub(b"", via_fastapi.content)
    for name in ("content-type", "location", "x-total-count", "etag"):
        assert direct.headers.get(name) == via_fastapi.headers.get(name), name


def test_other_methods_are_left_to_fastapi(client) -> None:
    for method in ("HEAD", "POST", "PUT"):
        answer = client.request(method, "/api/releases/2025/observations")
        assert answer.status_code == 405
        if method != "HEAD":
            assert answer.json()["status"] == 405
