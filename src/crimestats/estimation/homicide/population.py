"""Population denominators for homicide rates: ``iso3, year, population`` (optional ``sex``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

import pyarrow as pa

from crimestats.errors import InputError, MissingColumnError
from crimestats.model import Finding, Location, Severity

__all__ = ["POPULATION_CHECKS", "population_lookup"]

POPULATION_CHECKS: dict[str, tuple[Severity, str]] = {
    "POP-DUPLICATE": (Severity.WARNING, "several population rows for one key; the first is used"),
    "POP-MISSING-VALUE": (Severity.WARNING, "a population row without a positive number; skipped"),
    "POP-TOTAL-FROM-SEX": (Severity.INFO, "no total row: the population is male + female"),
}

_TOTAL = {"", "_t", "t", "total", "both sexes", "both"}
_MALE = {"m", "male"}
_FEMALE = {"f", "female"}


def population_lookup(
    table: pa.Table, source: str = "population"
) -> tuple[dict[tuple[str, int], float], list[Finding]]:
    """Total population per (ISO3, year); a ``sex`` column is reduced to its total rows."""
    names = table.column_names
    missing = [c for c in ("iso3", "year", "population") if c not in names]
    if missing:
        raise MissingColumnError(source, missing, names)
    has_sex = "sex" in names
    cells: dict[tuple[str, int, str], float] = {}
    found: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    columns = {n: table.column(n).to_pylist() for n in names}
    for i in range(table.num_rows):
        row = {n: columns[n][i] for n in names}
        row["row"] = i + 1
        try:
            year = int(row["year"])
        except (TypeError, ValueError):
            raise InputError(
                f"{source}, row {i + 1}, column 'year': {row['year']!r} is not a year"
            ) from None
        value = row["population"]
        try:
            number = float(value) if value is not None and str(value).strip() else None
        except ValueError:
            number = None
        if number is None or number <= 0:
            found["POP-MISSING-VALUE"].append(row)
            continue
        sex = str(row["sex"] or "").strip().lower() if has_sex else ""
        kind = "T" if sex in _TOTAL else "M" if sex in _MALE else "F" if sex in _FEMALE else "O"
        key = (str(row["iso3"]).strip().upper(), year, kind)
        if key in cells:
            found["POP-DUPLICATE"].append(row)
            continue
        cells[key] = number
    out: dict[tuple[str, int], float] = {}
    for (iso3, year, kind), number in cells.items():
        if kind == "T":
            out[(iso3, year)] = number
    for (iso3, year, kind), number in cells.items():
        female = cells.get((iso3, year, "F"))
        if kind == "M" and (iso3, year) not in out and female is not None:
            out[(iso3, year)] = number + female
            found["POP-TOTAL-FROM-SEX"].append({"iso3": iso3, "year": year})
    findings = [
        Finding(
            code=code,
            severity=POPULATION_CHECKS[code][0],
            message=f"{len(rows)} row(s): {POPULATION_CHECKS[code][1]}",
            location=Location(source=source, row=rows[0].get("row")),
            count=len(rows),
            sample=tuple(rows[:5]),
        )
        for code, rows in found.items()
        if rows
    ]
    return out, findings
