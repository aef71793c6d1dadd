"""``/api/releases/{name}/observations``: every filter returns exactly the rows computed here from the
release's Parquet file and tidy CSVs; JSON and CSV agree; flags, footnotes and hidden values."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

URL = "/api/releases/2025/observations"
KEY = ("dataset", "stage", "unit", "year", "area", "iccs_code", "attempt", "sex", "age")
KEY = (*KEY, "citizenship", "status", "measure")


def _rows(client, params: dict[str, Any]) -> list[dict[str, Any]]:
    response = client.get(URL, params={**params, "limit": 1_000_000})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["count"] == body["total"] == len(body["observations"])
    assert response.headers["x-total-count"] == str(body["total"])
    return body["observations"]


def _value(v: Any) -> float | None:
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)


def _keyed(rows: list[dict[str, Any]]) -> dict[tuple[str, ...], tuple[Any, ...]]:
    out = {}
    for r in rows:
        key = tuple(str(r[k]) for k in KEY)
        assert key not in out, f"duplicate observation {key}"
        out[key] = (
            _value(r["value"]),
            r["flag"],
            r["footnotes"],
            r["obs_status"],
            r["conf_status"],
        )
    return out


def _expected(frame: pd.DataFrame) -> dict[tuple[str, ...], tuple[Any, ...]]:
    return _keyed(frame.astype(object).to_dict("records"))


# (query parameters, the same selection written with pandas)
CASES = [
    ({"dataset": "police_victims"}, lambda f: f["dataset"] == "police_victims"),
    ({"area": "R01"}, lambda f: f["area"] == "R01"),
    ({"year": "2024"}, lambda f: f["year"] == 2024),
    ({"year": "2023,2024", "area": "_T"}, lambda f: f["area"] == "_T"),
    ({"iccs_code": "0101"}, lambda f: f["iccs_code"] == "0101"),
    ({"iccs_code": "01,0501"}, lambda f: f["iccs_code"].isin(["01", "0501"])),
    (
        {"iccs_level": "1", "measure": "rate"},
        lambda f: (f["iccs_level"] == 1) & (f["measure"] == "rate"),
    ),
    (
        {"dataset": "police_victims", "sex": "F", "age": "Y15T29,Y30T44", "year": "2023"},
        lambda f: (
            (f["dataset"] == "police_victims")
            & (f["sex"] == "F")
            & f["age"].isin(["Y15T29", "Y30T44"])
            & (f["year"] == 2023)
        ),
    ),
    (
        {"dataset": "courts_persons", "status": "convicted", "iccs_code": "02"},
        lambda f: (
            (f["dataset"] == "courts_persons")
            & (f["status"] == "convicted")
            & (f["iccs_code"] == "02")
        ),
    ),
    (
        {"dataset": "police_offences", "attempt": "attempted,completed"},
        lambda f: (f["dataset"] == "police_offences") & (f["attempt"] != "_T"),
    ),
    (
        {"dataset": "police_suspects_citizenship", "citizenship": "foreign"},
        lambda f: (f["dataset"] == "police_suspects_citizenship") & (f["citizenship"] == "foreign"),
    ),
    (
        {"stage": "prisons", "unit": "persons", "area": "R02"},
        lambda f: (f["stage"] == "prisons") & (f["area"] == "R02"),
    ),
    ({"flag": "confidential"}, lambda f: f["flag"] == "confidential"),
    (
        {"flag": "published", "measure": "count"},
        lambda f: (f["flag"] == "") & (f["measure"] == "count"),
    ),
    (
        {"flag": "suppressed,confidential", "area": "R03"},
        lambda f: (f["flag"] != "") & (f["area"] == "R03"),
    ),
]


@pytest.mark.parametrize(("params", "select"), CASES, ids=[str(c[0]) for c in CASES])
def test_filters_return_exactly_the_matching_rows(client, parquet, params, select) -> None:
    got = _keyed(_rows(client, params))
    expected = _expected(parquet[select(parquet)])
    assert expected, "the case selects nothing: choose codes the demo has"
    assert got == expected


def test_repeated_parameters_are_alternatives_like_commas(client) -> None:
    repeated = client.get(URL + "?dataset=police_victims&sex=F&sex=M&limit=1000000").json()
    commas = client.get(URL, params={"dataset": "police_victims", "sex": "F,M", "limit": 1_000_000})
    assert repeated["observations"] == commas.json()["observations"]
    assert {r["sex"] for r in repeated["observations"]} == {"F", "M"}


def test_no_filter_pages_through_every_observation_in_file_order(client, parquet) -> None:
    seen: list[dict[str, Any]] = []
    limit = 5_000
    for offset in range(0, len(parquet) + limit, limit):
        body = client.get(URL, params={"limit": limit, "offset": offset}).json()
        assert body["total"] == len(parquet)
        assert body["offset"] == offset
        seen.extend(body["observations"])
    assert len(seen) == len(parquet)
    assert [tuple(str(r[k]) for k in KEY) for r in seen] == [
        tuple(str(v) for v in row) for row in parquet[list(KEY)].itertuples(index=False)
    ]


def test_default_limit_and_paging_totals(client, parquet) -> None:
    body = client.get(URL).json()
    assert body["count"] == min(10_000, len(parquet))
    assert body["total"] == len(parquet)
    body = client.get(URL, params={"dataset": "police_victims", "offset": 10, "limit": 7}).json()
    expected = parquet[parquet["dataset"] == "police_victims"].iloc[10:17]
    assert [r["iccs_code"] for r in body["observations"]] == expected["iccs_code"].tolist()
    assert body["count"] == 7
    past_the_end = client.get(URL, params={"dataset": "police_victims", "offset": 10**6}).json()
    assert past_the_end["count"] == 0
    assert past_the_end["observations"] == []


def test_values_are_the_published_numbers_exactly(client, parquet) -> None:
    rows = _rows(client, {"measure": "rate", "flag": "published"})
    expected = parquet[(parquet["measure"] == "rate") & (parquet["flag"] == "")]
    assert len(rows) == len(expected)
    assert [r["value"] for r in rows] == expected["value"].tolist()


@pytest.mark.parametrize("dataset", ["police_victims", "courts_persons_area", "police_offences"])
def test_a_table_matches_its_tidy_csv(client, release_dir: Path, dataset: str) -> None:
    """The tidy CSV (Open SDG style: empty = total) holds the same cells, values and flags."""
    with (release_dir / "data" / f"{dataset}.csv").open(encoding="utf-8", newline="") as handle:
        tidy = list(csv.DictReader(handle))
    columns = {"Attempt": "attempt", "Sex": "sex", "Age": "age", "Citizenship": "citizenship"}
    columns["Status"] = "status"
    expected = {}
    for row in tidy:
        dims = tuple((col, row[name] or "_T") for name, col in columns.items() if name in row)
        key = (row["Year"], row["Area"] or "_T", row["ICCS"], row["Units"], *dims)
        expected[key] = (
            float(row["Value"]) if row["Value"] else None,
            row["Flag"],
            row["Footnotes"],
        )
    got = {}
    for r in _rows(client, {"dataset": dataset}):
        dims = tuple((col, r[col]) for name, col in columns.items() if name in tidy[0])
        key = (str(r["year"]), r["area"], r["iccs_code"], r["measure"], *dims)
        value = None if r["value"] is None else float(r["value"])
        got[key] = (value, r["flag"], r["footnotes"])
    assert got.keys() == expected.keys()
    for key, (value, flag, notes) in expected.items():
        assert got[key][1:] == (flag, notes), key
        if value is None:
            assert got[key][0] is None, key
        else:
            assert got[key][0] == pytest.approx(value, rel=1e-9), key


@pytest.mark.parametrize(
    "params",
    [
        {"dataset": "police_victims_area", "sex": "F"},
        {"iccs_code": "01,02,0501", "measure": "rate"},
        {"area": "R04", "flag": "published"},
    ],
)
def test_json_and_csv_agree(client, params) -> None:
    as_json = client.get(URL, params={**params, "limit": 1_000_000})
    as_csv = client.get(URL, params={**params, "limit": 1_000_000, "format": "csv"})
    assert as_csv.status_code == 200
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert as_csv.headers["x-total-count"] == as_json.headers["x-total-count"]
    rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    observations = as_json.json()["observations"]
    assert len(rows) == len(observations) > 0
    for from_csv, from_json in zip(rows, observations, strict=True):
        assert list(from_csv) == list(from_json)
        for column, text in from_csv.items():
            value = from_json[column]
            if column == "value":
                assert (text == "") == (value is None)
                if value is not None:
                    assert float(text) == value
            else:
                assert text == str(value), column


def test_every_observation_has_flag_and_footnotes_and_hidden_cells_no_value(
    client, parquet, release_dir: Path
) -> None:
    body = client.get(URL, params={"limit": 1_000_000}).json()
    notes = body["footnotes"]
    texts = pd.read_csv(release_dir / "footnotes.csv", dtype=str).fillna("")
    assert notes == {r.id: {"en": r.text_en, "es": r.text_es} for r in texts.itertuples()}
    hidden = 0
    for row in body["observations"]:
        assert "flag" in row and "footnotes" in row and "obs_status" in row and "conf_status" in row
        assert all(note in notes for note in row["footnotes"].split(";") if note)
        if row["flag"] in ("confidential", "suppressed"):
            hidden += 1
            assert row["value"] is None
            assert row["obs_status"] == "Q"
            assert row["conf_status"] == ("C" if row["flag"] == "confidential" else "D")
        else:
            assert row["flag"] == ""
            assert row["value"] is not None
    assert hidden == int((parquet["flag"] != "").sum()) > 0


def test_hidden_cells_are_empty_in_csv(client) -> None:
    text = client.get(
        URL, params={"flag": "confidential,suppressed", "format": "csv", "limit": 1_000_000}
    ).text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows
    assert all(r["value"] == "" for r in rows)


def test_latest_is_the_newest_release(client) -> None:
    body = client.get("/api/releases/latest/observations", params={"limit": 1}).json()
    assert body["release"] == "2025"
