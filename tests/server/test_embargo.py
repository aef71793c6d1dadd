"""An embargoed release is absent until its time, everywhere and with the same 404 as an unknown
name; at its time it is listed, becomes ``latest`` and is served."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from crimestats.server import create_app

from .conftest import EMBARGO, TestClient

PATHS = [
    "/api/releases/{name}",
    "/api/releases/{name}/datasets",
    "/api/releases/{name}/datasets/police_victims",
    "/api/releases/{name}/indicators",
    "/api/releases/{name}/footnotes",
    "/api/releases/{name}/observations?dataset=police_victims",
    "/api/releases/{name}/observations?format=csv",
    "/sdmx/data/DF_POLICE_VICTIMS/all?release={name}",
    "/sdmx/data/dataflow/CRIMESTATS/DF_POLICE_VICTIMS/1.0/all?release={name}",
    "/sdmx/structure/dataflow?release={name}",
    "/releases/{name}/release.json",
    "/releases/{name}/data/police_victims.csv",
    "/releases/{name}/portal/en/index.html",
    "/releases/{name}/bulk.zip",
]


def _client(root: Path, when) -> TestClient:  # type: ignore[no-untyped-def]
    return TestClient(create_app(root, now=when), raise_server_exceptions=False)


@pytest.mark.parametrize("before", [EMBARGO - timedelta(days=400), EMBARGO - timedelta(seconds=1)])
def test_before_its_time_an_embargoed_release_does_not_exist(
    embargoed_project: Path, before
) -> None:
    client = _client(embargoed_project, before)
    assert [r["name"] for r in client.get("/api/releases").json()] == ["2025"]
    unknown = client.get("/api/releases/no-such-release").json()["error"]
    for path in PATHS:
        response = client.get(path.format(name="2026"))
        assert response.status_code == 404, path
        assert response.json()["error"] == unknown.replace("no-such-release", "2026"), path
        assert client.get(path.format(name="2025")).status_code == 200, path
    assert client.get("/api/releases/latest").json()["name"] == "2025"
    assert client.get("/api/releases/latest/observations?limit=1").json()["release"] == "2025"
    assert client.get("/", follow_redirects=False).headers["location"].startswith("/releases/2025/")


@pytest.mark.parametrize("after", [EMBARGO, EMBARGO + timedelta(days=30)])
def test_from_its_time_it_is_listed_latest_and_served(embargoed_project: Path, after) -> None:
    client = _client(embargoed_project, after)
    listed = client.get("/api/releases").json()
    assert [r["name"] for r in listed] == ["2025", "2026"]
    assert listed[1]["embargo"] == EMBARGO.isoformat()
    for path in PATHS:
        assert client.get(path.format(name="2026")).status_code == 200, path
    assert client.get("/api/releases/latest").json()["name"] == "2026"
    assert client.get("/", follow_redirects=False).headers["location"].startswith("/releases/2026/")


def test_the_real_clock_keeps_a_future_embargo(embargoed_project: Path) -> None:
    client = TestClient(create_app(embargoed_project), raise_server_exceptions=False)
    assert [r["name"] for r in client.get("/api/releases").json()] == ["2025"]
    assert client.get("/api/releases/2026/observations").status_code == 404
