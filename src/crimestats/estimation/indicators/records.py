"""SDG 16.1.1 and 16.3.2 from the project's results (``output/counts.parquet``) and population."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pyarrow as pa

from crimestats.model import Finding, Location, Severity
from crimestats.model.indicators import IndicatorSpec, IndicatorValue

__all__ = ["RECORD_CHECKS", "homicide_rate_from_counts", "unsentenced_share_from_counts"]

RECORD_CHECKS: dict[str, tuple[Severity, str]] = {
    "IND-NO-POPULATION": (Severity.WARNING, "no population for the year, sex and age: no rate"),
    "IND-NO-ROWS": (Severity.WARNING, "the results have no rows for this indicator"),
    "IND-NO-STATUS": (
        Severity.WARNING,
        "counts.parquet has no 'status' column (unsentenced / sentenced / _T) for prison rows",
    ),
}


def _rows(table: pa.Table) -> list[dict[str, Any]]:
    return table.to_pylist()  # type: ignore[no-any-return]


def _finding(code: str, message: str, source: str, count: int = 1) -> Finding:
    return Finding(code, RECORD_CHECKS[code][0], message, Location(source=source), count)


def _population(table: pa.Table | None) -> dict[tuple[int, str, str], float]:
    out: dict[tuple[int, str, str], float] = {}
    for r in _rows(table) if table is not None else []:
        if str(r.get("area", "_T")) == "_T" and r.get("population"):
            out[(int(r["year"]), str(r.get("sex", "_T")), str(r.get("age", "_T")))] = float(
                r["population"]
            )
    return out


def homicide_rate_from_counts(
    spec: IndicatorSpec, counts: pa.Table, population: pa.Table | None, area: str, source: str
) -> tuple[list[IndicatorValue], list[Finding]]:
    """Victims of ICCS 0101 recorded by the police, national, by year × sex × age, per 100,000."""
    cells: dict[tuple[int, str, str], dict[str, float]] = defaultdict(dict)
    for r in _rows(counts):
        if (r["stage"], r["unit"], r["iccs_code"], r["area"]) != (
            "police",
            "victims",
            "0101",
            "_T",
        ):
            continue
        if r.get("citizenship", "_T") not in ("_T", None) or r["attempt"] == "attempted":
            continue
        cells[(int(r["year"]), str(r["sex"]), str(r["age"]))][str(r["attempt"])] = float(r["value"])
    if not cells:
        return [], [_finding("IND-NO-ROWS", "no police victims of ICCS 0101 at area _T", source)]
    pop = _population(population)
    values: list[IndicatorValue] = []
    missing = 0
    for (year, sex, age), by_attempt in sorted(cells.items()):
        # 0101 never includes attempts; a "completed" row is preferred over an attempt total.
        victims = by_attempt.get("completed", by_attempt.get("_T", 0.0))
        denominator = pop.get((year, sex, age))
        missing += denominator is None
        rate = victims / denominator * spec.multiplier if denominator else None
        values.append(
            IndicatorValue(
                spec.id,
                spec.series[0],
                area,
                year,
                rate,
                spec.unit,
                victims,
                denominator,
                sex,
                age,
                sources=f"{source}: police, victims, ICCS 0101; population/*.csv",
                flags="" if denominator else "no_population",
            )
        )
    findings = (
        [
            _finding(
                "IND-NO-POPULATION",
                f"16.1.1: {missing} cell(s) without population",
                source,
                missing,
            )
        ]
        if missing
        else []
    )
    return values, findings


def unsentenced_share_from_counts(
    spec: IndicatorSpec, counts: pa.Table, area: str, source: str
) -> tuple[list[IndicatorValue], list[Finding]]:
    """Persons held unsentenced / all persons held × 100, from prison rows with a ``status`` column."""
    if "status" not in counts.column_names:
        return [], [
            _finding("IND-NO-STATUS", f"16.3.2: {RECORD_CHECKS['IND-NO-STATUS'][1]}", source)
        ]
    cells: dict[tuple[int, str, str], dict[str, float]] = defaultdict(dict)
    for r in _rows(counts):
        if (r["stage"], r["unit"], r["area"]) != ("prisons", "persons", "_T"):
            continue
        if r["iccs_code"] not in ("_T", "", None) or r.get("citizenship", "_T") not in ("_T", None):
            continue
        status = str(r["status"])
        cells[(int(r["year"]), str(r["sex"]), str(r["age"]))][status] = float(r["value"])
    values = []
    for (year, sex, age), by_status in sorted(cells.items()):
        unsentenced, total = by_status.get("unsentenced"), by_status.get("_T")
        if unsentenced is None or not total:
            continue
        values.append(
            IndicatorValue(
                spec.id,
                spec.series[0],
                area,
                year,
                unsentenced / total * spec.multiplier,
                spec.unit,
                unsentenced,
                total,
                sex,
                age,
                sources=f"{source}: prisons, persons held by status",
            )
        )
    if not values:
        return [], [
            _finding("IND-NO-ROWS", "16.3.2: no prison rows with status unsentenced and _T", source)
        ]
    return values, []
