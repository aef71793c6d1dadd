"""Read population tables (denominators for rates): ``area, year, sex, age, population``."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import ibis

from crimestats.engine import Backend, register_csv, to_arrow
from crimestats.errors import MissingColumnError
from crimestats.model import Finding, Location, Severity
from crimestats.model.records import AGE_BANDS, TOTAL, UNKNOWN

__all__ = ["POPULATION_CHECKS", "read_population"]

_SEX = ("M", "F", TOTAL)
_AGES = (*(code for *_, code in AGE_BANDS), TOTAL, UNKNOWN)

POPULATION_CHECKS = {
    "population.bad-row": (
        Severity.WARNING,
        "A population row with an unknown sex or age code, a missing year or a negative or "
        "non-numeric population; it is not used.",
    ),
    "population.duplicate": (Severity.ERROR, "Two rows for the same area, year, sex and age."),
}


def read_population(con: Backend, files: Sequence[Path]) -> tuple[Any, list[Finding]]:
    """All population CSVs as one lazy table, and findings for rows that cannot be used."""
    parts = []
    findings: list[Finding] = []
    for path in files:
        raw = register_csv(con, path, all_text=True)
        missing = [c for c in ("area", "year", "sex", "age", "population") if c not in raw.columns]
        if missing:
            raise MissingColumnError(str(path), missing, list(raw.columns))
        raw = raw.mutate(_row=ibis.row_number() + 1)
        table = raw.select(
            "_row",
            area=raw.area.strip(),
            year=raw.year.strip().try_cast("int32"),
            sex=raw.sex.strip(),
            age=raw.age.strip(),
            population=raw.population.strip().try_cast("float64"),
        )
        ok = (
            table.year.notnull()
            & table.sex.isin(_SEX)
            & table.age.isin(_AGES)
            & table.population.notnull()
            & (table.population >= 0)
        )
        bad = to_arrow(table.filter(~ok).order_by("_row").select("_row"))
        if bad.num_rows:
            rows = bad["_row"].to_pylist()
            findings.append(
                Finding(
                    "population.bad-row",
                    POPULATION_CHECKS["population.bad-row"][0],
                    f"{len(rows)} population row(s) cannot be used (first at row {rows[0]}): sex must "
                    f"be one of {', '.join(_SEX)}, age one of {', '.join(_AGES)}, population a "
                    "number ≥ 0",
                    Location(str(path), rows[0]),
                    len(rows),
                )
            )
        parts.append(table.filter(ok).drop("_row"))
    if not parts:
        empty = ibis.memtable(
            {"area": [], "year": [], "sex": [], "age": [], "population": []},
            schema={
                "area": "string",
                "year": "int32",
                "sex": "string",
                "age": "string",
                "population": "float64",
            },
        )
        return empty, findings
    population = ibis.union(*parts, distinct=False) if len(parts) > 1 else parts[0]
    keys = ["area", "year", "sex", "age"]
    dups = to_arrow(
        population.group_by(keys).agg(n=population.count()).filter(ibis._.n > 1).limit(5)
    )
    if dups.num_rows:
        shown = "; ".join(
            f"{r['area']} {r['year']} {r['sex']} {r['age']}" for r in dups.to_pylist()
        )
        findings.append(
            Finding(
                "population.duplicate",
                POPULATION_CHECKS["population.duplicate"][0],
                f"population given twice for: {shown}; rates use their sum, fix the files",
                Location(", ".join(str(f) for f in files)),
                dups.num_rows,
            )
        )
        population = population.group_by(keys).agg(population=population.population.sum())
    return population, findings
