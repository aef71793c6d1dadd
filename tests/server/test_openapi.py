"""The OpenAPI description and its docs page document every endpoint and parameter."""

from __future__ import annotations

from crimestats.server.observations import FILTER_HELP


def test_openapi_lists_every_endpoint_and_parameter(client) -> None:
    spec = client.get("/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    assert spec["info"]["title"] == "crimestats API"
    paths = spec["paths"]
    for path in (
        "/api/health",
        "/api/releases",
        "/api/releases/{name}",
        "/api/releases/{name}/datasets",
        "/api/releases/{name}/datasets/{dataset}",
        "/api/releases/{name}/indicators",
        "/api/releases/{name}/footnotes",
        "/api/releases/{name}/observations",
        "/sdmx/data/{flow}/{key}",
        "/sdmx/data/{flow}",
        "/sdmx/data/dataflow/{agency}/{flow}/{version}/{key}",
        "/sdmx/structure/{kind}/{agency}/{resource}/{version}",
    ):
        assert path in paths, path
        assert paths[path]["get"]["summary"], path
    parameters = {
        p["name"] for p in paths["/api/releases/{name}/observations"]["get"]["parameters"]
    }
    assert parameters == {"name", "dataset", "format", "limit", "offset", *FILTER_HELP}
    sdmx = {p["name"] for p in paths["/sdmx/data/{flow}/{key}"]["get"]["parameters"]}
    assert sdmx == {"flow", "key", "startPeriod", "endPeriod", "format", "release"}
    assert "404" in spec["info"]["description"] and "embargo" in spec["info"]["description"]


def test_docs_page(client) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "/openapi.json" in page.text
