"""Revisions: after the data change, the next release lists exactly the cells whose published value or
flag changed, appeared or went away, with the old and new values and their difference, as computed
here from the two releases' observation tables."""

from __future__ import annotations

import csv
import math
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from crimestats.project import build_project, connect_project, load_project
from crimestats.publish.release import ReleaseInputs, write_release

TABLES = ("police_offences", "police_offences_area")
KEY = (
    "dataset",
    "stage",
    "unit",
    "year",
    "area",
    "iccs_code",
    "attempt",
    "sex",
    "age",
    "citizenship",
    "status",
    "measure",
)
Cell = tuple[float | None, str]


def _cells(release: Path) -> dict[tuple[str, ...], Cell]:
    """Every published observation: key → (value or None when hidden, flag)."""
    rows = pq.read_table(release / "observations.parquet").to_pylist()
    out: dict[tuple[str, ...], Cell] = {}
    for row in rows:
        value = row["value"]
        hidden = value is None or math.isnan(value)
        out[tuple(str(row[k]) for k in KEY)] = (None if hidden else float(value), row["flag"])
    return out


def _drop_every_fifth_record(path: Path) -> int:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for i, line in enumerate(lines) if i == 0 or i % 5]
    path.write_text("".join(kept), encoding="utf-8")
    return len(lines) - len(kept)


def _number(text: str) -> float | None:
    return None if text == "" else float(text)


def test_revisions_list_exactly_the_changed_cells(
    demo_copy: Path, release_inputs: Callable[[Path, str, Sequence[str]], ReleaseInputs]
) -> None:
    releases = demo_copy / "releases"
    first, _ = write_release(release_inputs(demo_copy, "first", TABLES), releases)
    with (first.path / "revisions.csv").open(encoding="utf-8") as handle:
        assert list(csv.DictReader(handle)) == []

    assert _drop_every_fifth_record(demo_copy / "data" / "policia_nacional.csv") > 500
    project = load_project(demo_copy)
    build_project(project, connect_project(project), today=date(2026, 11, 23))
    second, _ = write_release(release_inputs(demo_copy, "second", TABLES), releases)
    assert second.manifest["previous"] == "first"

    old, new = _cells(first.path), _cells(second.path)
    expected: dict[tuple[str, ...], tuple[str, Cell | None, Cell | None]] = {}
    for key in old.keys() | new.keys():
        before, after = old.get(key), new.get(key)
        if before is None:
            expected[key] = ("added", None, after)
        elif after is None:
            expected[key] = ("removed", before, None)
        elif before != after:
            expected[key] = ("changed", before, after)
    changed = [k for k, (kind, _, _) in expected.items() if kind == "changed"]
    assert len(changed) > 50  # the change reaches many published cells

    with (second.path / "revisions.csv").open(encoding="utf-8", newline="") as handle:
        listed = list(csv.DictReader(handle))
    assert list(listed[0]) == [*KEY[:-1], "measure", "previous", "current", "change", "kind"]
    found: dict[tuple[str, ...], dict[str, Any]] = {}
    for row in listed:
        key = tuple(row[k] for k in KEY)
        assert key not in found, f"listed twice: {key}"
        found[key] = row
    assert found.keys() == expected.keys()

    for key, (kind, before, after) in expected.items():
        row = found[key]
        assert row["kind"] == kind, key
        previous, current = _number(row["previous"]), _number(row["current"])
        assert previous == (before[0] if before else None), key
        assert current == (after[0] if after else None), key
        if previous is not None and current is not None:
            assert math.isclose(float(row["change"]), current - previous, abs_tol=1e-9), key
        else:
            assert row["change"] == "", key

    summary = second.manifest["revisions"]
    assert summary == {
        kind: n
        for kind in ("changed", "added", "removed")
        if (n := sum(1 for k, _, _ in expected.values() if k == kind))
    }
