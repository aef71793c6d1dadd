"""Tables for people: the tidy CSVs add up where nothing is hidden and show hidden cells as an empty value
with a flag; the Excel workbook opens and carries the same values, notes and flags; the bulk zip holds
every listed file byte for byte."""

from __future__ import annotations

import csv
import hashlib
import math
import zipfile
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from crimestats.publish.datasets import DATASETS

FLAGS = {"confidential", "suppressed"}
#: Columns of a tidy CSV that are not part of a cell's key.
NOT_KEY = {"ICCS label", "Value", "Flag", "Footnotes"}


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _iccs_parent(code: str) -> str | None:
    """Parent in the ICCS tree by the code's shape: 01 > 0101 > 01011 > 010111; 0101_U is a part
    of 0101."""
    if code.endswith("_U"):
        return code[:-2]
    return {4: code[:2], 5: code[:4], 6: code[:5]}.get(len(code))


@pytest.fixture(scope="module")
def release(published_demo: Any) -> Path:
    path: Path = published_demo.release.path
    return path


@pytest.fixture(scope="module")
def tidy(release: Path) -> dict[str, list[dict[str, str]]]:
    return {table: _rows(release / "data" / f"{table}.csv") for table in DATASETS}


def test_one_tidy_csv_per_table(
    release: Path, published_demo: Any, tidy: dict[str, list[dict[str, str]]]
) -> None:
    listed = {d["id"]: d["rows"] for d in published_demo.release.manifest["datasets"]}
    assert sorted(p.stem for p in (release / "data").glob("*.csv")) == sorted(DATASETS)
    for table, rows in tidy.items():
        assert len(rows) == listed[table], table
        spec = DATASETS[table]
        header = list(rows[0])
        assert header[:4] == ["Year", "Area", "ICCS", "ICCS label"]
        assert header[-4:] == ["Units", "Value", "Flag", "Footnotes"]
        assert len(header) == 8 + len([d for d in spec.dims if d != "area"])
        assert {r["Units"] for r in rows} <= {"count", "rate"}


def test_hidden_cells_have_an_empty_value_and_a_flag(
    tidy: dict[str, list[dict[str, str]]],
) -> None:
    hidden = 0
    for table, rows in tidy.items():
        for row in rows:
            if row["Flag"]:
                hidden += 1
                assert row["Flag"] in FLAGS, (table, row)
                assert row["Value"] == "", (table, row)
                assert "F4" in row["Footnotes"].split(";")
            else:
                assert row["Value"] != "", (table, row)
                assert float(row["Value"]) >= 0
    assert hidden > 1000


def _check_sums(rows: list[dict[str, str]], part_of: Any, label: str) -> tuple[int, list[str]]:
    """Groups whose total and parts are all visible: count them and list those that do not add up."""
    keys = [c for c in rows[0] if c not in NOT_KEY]
    cells = {tuple(r[k] for k in keys): r for r in rows}
    parts: dict[tuple[str, ...], list[dict[str, str]]] = defaultdict(list)
    for key, row in cells.items():
        total = part_of(dict(zip(keys, key, strict=True)))
        if total is not None:
            parts[tuple(total[k] for k in keys)].append(row)
    checked, wrong = 0, []
    for total_key, members in parts.items():
        total = cells.get(total_key)
        if total is None or total["Flag"] or any(m["Flag"] for m in members):
            continue
        checked += 1
        added = sum(float(m["Value"]) for m in members)
        if not math.isclose(added, float(total["Value"]), abs_tol=1e-6):
            wrong.append(f"{label} {total_key}: parts add to {added}, total {total['Value']}")
    return checked, wrong


def test_visible_parts_add_up_to_their_totals(tidy: dict[str, list[dict[str, str]]]) -> None:
    checked, wrong = 0, []
    for table, all_rows in tidy.items():
        rows = [r for r in all_rows if r["Units"] == "count"]
        spec = DATASETS[table]
        breakdowns = ["Area" if d == "area" else d.capitalize() for d in spec.dims]
        for column in breakdowns:
            # A breakdown's total is the row with the same key and an empty value in that column.
            def total_of(key: dict[str, str], column: str = column) -> dict[str, str] | None:
                return {**key, column: ""} if key[column] != "" else None

            n, bad = _check_sums(rows, total_of, f"{table} by {column}")
            checked, wrong = checked + n, wrong + bad

        def parent_of(key: dict[str, str]) -> dict[str, str] | None:
            parent = _iccs_parent(key["ICCS"])
            return None if parent is None else {**key, "ICCS": parent}

        n, bad = _check_sums(rows, parent_of, f"{table} along ICCS")
        checked, wrong = checked + n, wrong + bad
    assert wrong == []
    assert checked > 500


def test_workbook_has_notes_a_sheet_per_table_values_and_flags(
    release: Path, tidy: dict[str, list[dict[str, str]]]
) -> None:
    files = list((release / "excel").glob("*.xlsx"))
    assert [f.name for f in files] == ["crimestats_2025.xlsx"]
    book = load_workbook(files[0], read_only=True)
    assert book.sheetnames == ["Notes", *DATASETS, "Footnotes"]

    notes = [r[0] for r in book["Notes"].iter_rows(values_only=True) if r[0]]
    assert "release 2025" in notes[0]
    assert any("'c' = confidential" in line and "'x' = suppressed" in line for line in notes)

    footnotes = {r["id"]: r["text_en"] for r in _rows(release / "footnotes.csv")}
    listed = {r[0]: r[1] for r in book["Footnotes"].iter_rows(min_row=2, values_only=True)}
    assert {k: listed[k] for k in footnotes} == footnotes
    assert {"c", "x"} <= set(listed)

    for table, rows in tidy.items():
        sheet = list(book[table].iter_rows(values_only=True))
        assert sheet[0][0] == DATASETS[table].title_en
        header = list(sheet[1])
        assert header == list(rows[0])
        counts = [r for r in rows if r["Units"] == "count"]
        body = sheet[2:]
        assert len(body) == len(counts), table
        value_at, flag_at = header.index("Value"), header.index("Flag")
        for line, row in zip(body, counts, strict=True):
            if row["Flag"]:
                assert line[value_at] == {"confidential": "c", "suppressed": "x"}[row["Flag"]]
                assert line[flag_at] == row["Flag"]
            else:
                assert math.isclose(float(line[value_at]), float(row["Value"]), rel_tol=1e-9)
                assert not line[flag_at]
            assert (line[header.index("ICCS")], str(line[0])) == (row["ICCS"], row["Year"])
    book.close()


def test_bulk_zip_holds_every_listed_file_byte_for_byte(release: Path, published_demo: Any) -> None:
    listed: dict[str, str] = published_demo.release.manifest["files"]
    assert {f"data/{t}.csv" for t in DATASETS} <= set(listed)
    with zipfile.ZipFile(release / "bulk.zip") as archive:
        assert archive.testzip() is None
        names = set(archive.namelist())
        assert names == {*listed, "release.json"}
        for name, digest in listed.items():
            assert hashlib.sha256(archive.read(name)).hexdigest() == digest, name
        # The zip carries the final manifest, the one that lists the hashes.
        assert archive.read("release.json") == (release / "release.json").read_bytes()
    assert not any(name.startswith("portal/") for name in names)
