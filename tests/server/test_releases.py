"""Release listing, manifests, tables, indicators and footnotes match the release's own files."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd


def test_health(client) -> None:
    assert client.get("/api/health").json() == {"status": "ok"}


def test_the_release_list(client, release_dir: Path) -> None:
    manifest = json.loads((release_dir / "release.json").read_text(encoding="utf-8"))
    (listed,) = client.get("/api/releases").json()
    assert listed["name"] == "2025" == manifest["name"]
    assert listed["created"] == manifest["created"]
    assert listed["embargo"] is None
    assert listed["title"] == manifest["title"]


def test_manifest_by_name_and_latest(client, release_dir: Path) -> None:
    manifest = json.loads((release_dir / "release.json").read_text(encoding="utf-8"))
    assert client.get("/api/releases/2025").json() == manifest
    assert client.get("/api/releases/latest").json() == manifest


def test_datasets_and_their_row_counts(client, parquet) -> None:
    tables = client.get("/api/releases/2025/datasets").json()
    counts = parquet.groupby("dataset").size()
    assert {t["id"] for t in tables} == set(counts.index)
    for table in tables:
        assert table["flow"] == "DF_" + table["id"].upper()
        assert table["title_en"] and table["title_es"]


def test_one_dataset_with_its_codes(client, parquet) -> None:
    table = client.get("/api/releases/2025/datasets/police_victims_area").json()
    rows = parquet[parquet["dataset"] == "police_victims_area"]
    assert table["id"] == "police_victims_area"
    assert table["codes"]["area"] == sorted(rows["area"].unique())
    assert table["codes"]["sex"] == sorted(rows["sex"].unique())
    assert table["codes"]["year"] == sorted(str(y) for y in rows["year"].unique())
    assert table["codes"]["age"] == ["_T"]
    assert table["codes"]["flag"] == sorted(rows["flag"].unique())


def test_indicators_as_in_the_csv(client, release_dir: Path) -> None:
    with (release_dir / "indicators.csv").open(encoding="utf-8", newline="") as handle:
        expected = list(csv.DictReader(handle))
    got = client.get("/api/releases/2025/indicators").json()
    assert len(got) == len(expected) > 0
    for mine, theirs in zip(got, expected, strict=True):
        assert mine["indicator"] == theirs["indicator"]
        assert mine["series"] == theirs["series"]
        assert str(mine["year"]) == theirs["year"]
        assert (mine["flag"] or "") == theirs["flag"]
        if theirs["value"] == "":
            assert mine["value"] is None
        else:
            assert mine["value"] == float(theirs["value"])


def test_footnotes_as_in_the_csv(client, release_dir: Path) -> None:
    frame = pd.read_csv(release_dir / "footnotes.csv", dtype=str).fillna("")
    expected = {r.id: {"en": r.text_en, "es": r.text_es} for r in frame.itertuples()}
    assert client.get("/api/releases/2025/footnotes").json() == expected
