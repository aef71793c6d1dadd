"""Release files and the portal: bytes as on disk, gzip when asked, entity tags, no way out of the
release folder."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from fastapi import HTTPException

from crimestats.server.store import ServedRelease


def test_home_redirects_to_the_latest_portal(client) -> None:
    response = client.get("/", follow_redirects=False)
    assert response.status_code == 307
    assert response.headers["location"] == "/releases/2025/portal/en/index.html"
    page = client.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert client.get("/releases/2025", follow_redirects=False).headers["location"] == (
        "/releases/2025/portal/en/index.html"
    )


@pytest.mark.parametrize(
    "relative",
    [
        "release.json",
        "data/police_victims.csv",
        "sdmx/structure.xml",
        "bulk.zip",
        "portal/en/index.html",
    ],
)
def test_files_are_served_as_written(client, release_dir: Path, relative: str) -> None:
    response = client.get(f"/releases/2025/{relative}", headers={"Accept-Encoding": "identity"})
    assert response.status_code == 200
    assert response.content == (release_dir / relative).read_bytes()
    assert "content-encoding" not in response.headers


def test_text_files_are_gzipped_for_clients_that_accept_it(client, release_dir: Path) -> None:
    relative = "portal/en/index.html"
    response = client.get(f"/releases/2025/{relative}", headers={"Accept-Encoding": "gzip"})
    assert response.headers["content-encoding"] == "gzip"
    assert response.headers["vary"] == "Accept-Encoding"
    # httpx decodes the body; the bytes on the wire are smaller than the file
    assert response.content == (release_dir / relative).read_bytes()
    assert int(response.headers["content-length"]) < len(response.content)
    assert gzip.decompress(gzip.compress(response.content)) == response.content


def test_entity_tags_and_caching(client) -> None:
    first = client.get("/releases/2025/data/police_victims.csv")
    tag = first.headers["etag"]
    assert first.headers["cache-control"] == "public, max-age=86400"
    again = client.get("/releases/2025/data/police_victims.csv", headers={"If-None-Match": tag})
    assert again.status_code == 304
    assert again.content == b""
    latest = client.get("/releases/latest/data/police_victims.csv")
    assert latest.content == first.content
    assert "cache-control" not in latest.headers


@pytest.mark.parametrize("relative", ["../../crimestats.toml", "/etc/passwd", "portal", "."])
def test_paths_may_not_leave_the_release_folder(published_demo, relative: str) -> None:
    served = ServedRelease(published_demo.release)
    with pytest.raises(HTTPException) as caught:
        served.file(relative)
    assert caught.value.status_code == 404
