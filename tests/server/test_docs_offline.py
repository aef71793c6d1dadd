"""The API documentation page loads nothing from the internet: every asset it names is served here."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from crimestats.server.app import create_app


def test_docs_page_assets_are_local(tmp_path: Path) -> None:
    client = TestClient(create_app(tmp_path))
    page = client.get("/docs")
    assert page.status_code == 200
    urls = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert len(urls) == 3
    for url in urls:
        assert url.startswith("/docs/static/"), url
        got = client.get(url)
        assert got.status_code == 200 and len(got.content) > 500, url
    assert "validator.swagger.io" not in page.text and "validatorUrl" in page.text
    assert "swagger-ui" in client.get("/docs/static/swagger-ui.css").text
    assert client.get("/docs/static/../app.py").status_code == 404
    assert client.get("/docs/static/LICENSE").status_code == 404
