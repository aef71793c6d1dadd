"""SDG 16.1.1 and 16.3.2 from imported dataUNODC files (the canonical table of ``read_dataunodc``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import pyarrow as pa

from crimestats.model import Finding, Location, Severity
from crimestats.model.indicators import IndicatorSpec, IndicatorValue

__all__ = ["PUBLISHED_CHECKS", "homicide_rate_from_dataunodc", "unsentenced_share_from_dataunodc"]

PUBLISHED_CHECKS: dict[str, tuple[Severity, str]] = {
    "IND-DUPLICATE": (
        Severity.WARNING,
        "a key repeated in the imported file(s); the first row is used",
    ),
    "IND-NO-ROWS": (Severity.WARNING, "the imported file(s) have no rows for this indicator"),
}

_SEX = {"total": "_T", "male": "M", "female": "F", "unknown": "_U"}
_RATE = "rate per 100,000 population"


def _code(row: dict[str, Any], column: str) -> str:
    coded = row.get(f"{column}_code")
    if coded:
        return str(coded)
    label = str(row.get(column) or "").strip()
    return (
        _SEX.get(label.lower(), label)
        if column == "sex"
        else ("_T" if label.lower() == "total" else label)
    )


def _is_total(row: dict[str, Any], *columns: str) -> bool:
    return all(str(row.get(c) or "").strip().lower() == "total" for c in columns)


def _cells(
    tables: Sequence[tuple[str, pa.Table]], keep: Any
) -> tuple[dict[tuple[Any, ...], dict[str, Any]], list[Finding]]:
    cells: dict[tuple[Any, ...], dict[str, Any]] = {}
    duplicates: list[dict[str, Any]] = []
    for name, table in tables:
        for row in table.to_pylist():
            part = keep(row)
            if part is None or row.get("value") is None:
                continue
            key = (
                str(row["iso3"]),
                int(row["year"]),
                _code(row, "sex"),
                _code(row, "age"),
                str(row.get("source") or ""),
                part,
            )
            if key in cells:
                duplicates.append(
                    {"file": name, "row": row.get("row"), "iso3": row["iso3"], "year": row["year"]}
                )
                continue
            cells[key] = {**row, "_file": name}
    findings = []
    if duplicates:
        findings.append(
            Finding(
                "IND-DUPLICATE",
                Severity.WARNING,
                f"{len(duplicates)} repeated row(s); first used",
                Location(source=str(duplicates[0]["file"])),
                len(duplicates),
                tuple(duplicates[:5]),
            )
        )
    return cells, findings


def homicide_rate_from_dataunodc(
    spec: IndicatorSpec, tables: Sequence[tuple[str, pa.Table]]
) -> tuple[list[IndicatorValue], list[Finding]]:
    """Rates per 100,000 and counts of victims of intentional homicide as published, per source."""

    def keep(row: dict[str, Any]) -> str | None:
        if str(row.get("indicator", "")).strip().lower() != "victims of intentional homicide":
            return None
        if not _is_total(row, "dimension", "category"):
            return None
        unit = str(row.get("unit", "")).strip().lower()
        return "rate" if unit == _RATE else "count" if unit == "counts" else None

    cells, findings = _cells(tables, keep)
    grouped: dict[tuple[Any, ...], dict[str, dict[str, Any]]] = defaultdict(dict)
    for key, row in cells.items():
        grouped[key[:5]][key[5]] = row
    values = []
    for (iso3, year, sex, age, source), parts in sorted(grouped.items()):
        rate, count = parts.get("rate"), parts.get("count")
        file = (rate or count or {}).get("_file", "")
        values.append(
            IndicatorValue(
                spec.id,
                spec.series[0],
                iso3,
                year,
                rate["value"] if rate else None,
                spec.unit,
                count["value"] if count else None,
                None,
                sex,
                age,
                sources=f"{file}: dataUNODC source {source}".strip(),
                flags="" if rate else "rate_not_published",
            )
        )
    if not values:
        findings.append(
            Finding("IND-NO-ROWS", Severity.WARNING, "16.1.1: no homicide rows", Location(), 1)
        )
    return values, findings


def unsentenced_share_from_dataunodc(
    spec: IndicatorSpec, tables: Sequence[tuple[str, pa.Table]]
) -> tuple[list[IndicatorValue], list[Finding]]:
    """Persons held unsentenced / all persons held × 100 (indicator "Persons held", counts)."""

    def keep(row: dict[str, Any]) -> str | None:
        if str(row.get("indicator", "")).strip().lower() != "persons held":
            return None
        if str(row.get("unit", "")).strip().lower() != "counts":
            return None
        if _is_total(row, "dimension", "category"):
            return "total"
        dimension = str(row.get("dimension", "")).strip().lower()
        category = str(row.get("category", "")).strip().lower()
        return "unsentenced" if dimension == "by status" and category == "unsentenced" else None

    cells, findings = _cells(tables, keep)
    grouped: dict[tuple[Any, ...], dict[str, dict[str, Any]]] = defaultdict(dict)
    for key, row in cells.items():
        grouped[key[:5]][key[5]] = row
    values = []
    for (iso3, year, sex, age, source), parts in sorted(grouped.items()):
        total, unsentenced = parts.get("total"), parts.get("unsentenced")
        if total is None or unsentenced is None or not total["value"]:
            continue
        share = unsentenced["value"] / total["value"] * spec.multiplier
        values.append(
            IndicatorValue(
                spec.id,
                spec.series[0],
                iso3,
                year,
                share,
                spec.unit,
                unsentenced["value"],
                total["value"],
                sex,
                age,
                sources=f"{total['_file']}: dataUNODC source {source}".strip(),
            )
        )
    if not values:
        findings.append(
            Finding(
                "IND-NO-ROWS",
                Severity.WARNING,
                "16.3.2: no 'Persons held' rows with both Total and Unsentenced",
                Location(),
                1,
            )
        )
    return values, findings
