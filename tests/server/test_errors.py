"""Bad queries answer clean JSON errors with 4xx codes: never a 500, never a traceback."""

from __future__ import annotations

import pytest

from crimestats.server.store import ServedRelease

OBS = "/api/releases/2025/observations"
BAD = [
    # (method, url, status)
    ("GET", "/api/releases/1999", 404),
    ("GET", "/api/releases/1999/observations", 404),
    ("GET", "/api/releases/1999/datasets", 404),
    ("GET", "/api/releases/..%2F..%2Fetc/datasets", 404),
    ("GET", "/api/releases/2025/datasets/no_such_table", 404),
    ("GET", f"{OBS}?dataset=no_such_table", 400),
    ("GET", f"{OBS}?colour=red", 400),
    ("GET", f"{OBS}?sex=X", 400),
    ("GET", f"{OBS}?area=R99,R01", 400),
    ("GET", f"{OBS}?iccs_code=9999", 400),
    ("GET", f"{OBS}?year=last", 400),
    ("GET", f"{OBS}?year=1900", 400),
    ("GET", f"{OBS}?iccs_level=1.5", 400),
    ("GET", f"{OBS}?format=xml", 400),
    ("GET", f"{OBS}?format=", 400),
    ("GET", f"{OBS}?limit=0", 400),
    ("GET", f"{OBS}?limit=ten", 400),
    ("GET", f"{OBS}?limit=1000001", 400),
    ("GET", f"{OBS}?offset=-1", 400),
    ("GET", f"{OBS}?flag=hidden", 400),
    ("GET", "/sdmx/data/DF_POLICE_VICTIMS/A.B.C", 400),
    ("GET", "/sdmx/data/DF_POLICE_VICTIMS/all?startPeriod=yesterday", 400),
    ("GET", "/sdmx/data/DF_NOPE/all", 404),
    ("GET", "/sdmx/data/DF_POLICE_VICTIMS/all?release=1999", 404),
    ("GET", "/sdmx/structure/agencyscheme", 400),
    ("GET", "/releases/2025/no/such/file.csv", 404),
    ("GET", "/releases/2025/%2E%2E/%2E%2E/crimestats.toml", 404),
    ("GET", "/releases/2025/..%2F..%2Fcrimestats.toml", 404),
    ("GET", "/releases/2025/portal", 404),
    ("GET", "/releases/1999/portal/en/index.html", 404),
    ("GET", "/no/such/page", 404),
    ("POST", OBS, 405),
    ("DELETE", "/api/releases/2025", 405),
]


@pytest.mark.parametrize(("method", "url", "status"), BAD, ids=[f"{m} {u}" for m, u, _ in BAD])
def test_bad_queries_get_clean_json_errors(client, method: str, url: str, status: int) -> None:
    response = client.request(method, url)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert set(body) == {"error", "status"}
    assert body["status"] == status
    assert isinstance(body["error"], str) and body["error"]
    assert "Traceback" not in response.text and 'File "' not in response.text


def test_an_unknown_code_names_the_codes_the_release_has(client) -> None:
    body = client.get(f"{OBS}?sex=X").json()
    assert "'X'" in body["error"] and "F" in body["error"] and "M" in body["error"]
    body = client.get(f"{OBS}?colour=red").json()
    assert "colour" in body["error"] and "iccs_code" in body["error"]


def test_an_unexpected_failure_is_a_500_without_details(client, monkeypatch) -> None:
    def broken(self: ServedRelease) -> None:
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(ServedRelease, "footnotes_json", property(broken))
    response = client.get("/api/releases/2025/footnotes")
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {
        "error": "internal error; the server log has the details",
        "status": 500,
    }
    assert "secret" not in response.text and "Traceback" not in response.text
