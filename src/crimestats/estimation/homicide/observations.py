"""Homicide observations: one victim count (or published rate) per country, year and source.

Reads the canonical dataUNODC long table (``crimestats.sources.dataunodc``) and keeps the rows of the
indicator "Victims of intentional homicide" at Dimension, Category and Age "Total". Within a country, year
and source the national total is the ``Total`` sex row; when it is absent, the sum of the Male, Female and
Unknown rows stands in for it. Unknown-sex rows are therefore never added to a Total row, and rows repeated
under the same key are used once: both are reported as findings.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from crimestats.errors import MissingColumnError
from crimestats.model import Finding, Location, Severity
from crimestats.model.areas import AreaTree

__all__ = ["CHECKS", "HOMICIDE_INDICATOR", "Observation", "homicide_observations"]

HOMICIDE_INDICATOR = "victims of intentional homicide"

#: Stable finding codes of this module: code → (severity, what it means).
CHECKS: dict[str, tuple[Severity, str]] = {
    "HOM-DUPLICATE-ROW": (
        Severity.WARNING,
        "the same key appears on several rows with one value; used once",
    ),
    "HOM-DUPLICATE-CONFLICT": (
        Severity.ERROR,
        "the same key appears on several rows with different values; the first row is used",
    ),
    "HOM-UNKNOWN-SEX": (
        Severity.INFO,
        "rows with Sex=Unknown are part of the Total row, never added to it; used only to build a "
        "missing total from the sex rows",
    ),
    "HOM-TOTAL-FROM-SEX": (Severity.INFO, "no Total sex row: the total is Male + Female + Unknown"),
    "HOM-SEX-EXCEEDS-TOTAL": (Severity.WARNING, "Male + Female + Unknown is larger than the Total"),
    "HOM-VALUE-MISSING": (Severity.INFO, "rows without a value are skipped"),
    "HOM-AREA-NOT-COUNTRY": (
        Severity.WARNING,
        "the area is not an M49 country (aggregate, Kosovo, unknown code); left out of estimates",
    ),
    "HOM-PARTS-COMBINED": (
        Severity.INFO,
        "a country's sub-national parts were summed into the country",
    ),
    "HOM-PARTS-UNUSED": (
        Severity.INFO,
        "sub-national rows not used: the country has its own row, or not every part has a value",
    ),
    "HOM-UNIT-UNKNOWN": (Severity.WARNING, "a unit that is neither a count nor a rate per 100,000"),
}

_TOTAL = {"total", "_t", "t", ""}
_SEX = {"total": "_T", "_t": "_T", "t": "_T", "male": "M", "m": "M", "female": "F", "f": "F"}
_SEX.update({"unknown": "_U", "_u": "_U", "u": "_U", "not known": "_U"})
_COUNT_UNITS = {"counts", "count", "number", "persons", "victims"}
_RATE_UNITS = {"rate per 100,000 population", "per_100000_pop", "rate", "rate per 100000"}
_NEEDED = ("iso3", "indicator", "dimension", "category", "sex", "age", "year", "unit", "value")


@dataclass(frozen=True, slots=True)
class Observation:
    """Victims of intentional homicide in one country and year as one source publishes them.

    ``victims`` is None when the source publishes only a rate; ``note`` says how the value was built.
    """

    iso3: str
    year: int
    source: str
    victims: float | None
    rate: float | None = None
    note: str = ""
    rows: tuple[int, ...] = ()


def _finding(code: str, message: str, source: str, rows: list[Mapping[str, Any]]) -> Finding:
    severity = CHECKS[code][0]
    first = rows[0].get("row") if rows else None
    return Finding(
        code=code,
        severity=severity,
        message=message,
        location=Location(source=source, row=first if isinstance(first, int) else None),
        count=len(rows),
        sample=tuple(rows[:5]),
    )


def _norm(value: Any) -> str:
    return "" if value is None else str(value).strip().lower()


def homicide_observations(
    table: pa.Table, tree: AreaTree, *, source: str = ""
) -> tuple[list[Observation], list[Finding]]:
    """Observations per country, year and source from a dataUNODC-layout table, with findings."""
    names = table.column_names
    missing = [c for c in _NEEDED if c not in names]
    if missing:
        raise MissingColumnError(source or "dataUNODC table", missing, names)
    records = [
        dict(zip(names, values, strict=True))
        for values in zip(*(table.column(n).to_pylist() for n in names), strict=True)
    ]
    if "row" not in names:
        for i, r in enumerate(records, start=1):
            r["row"] = i
    found: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    cells: dict[tuple[str, int, str, str, str], dict[str, Any]] = {}
    for r in records:
        if _norm(r["indicator"]) != HOMICIDE_INDICATOR:
            continue
        if not (_norm(r["dimension"]) in _TOTAL and _norm(r["category"]) in _TOTAL):
            continue
        if _norm(r["age"]) not in _TOTAL:
            continue
        unit = _norm(r["unit"])
        kind = "count" if unit in _COUNT_UNITS else "rate" if unit in _RATE_UNITS else ""
        if not kind:
            found["HOM-UNIT-UNKNOWN"].append(r)
            continue
        if r["value"] is None:
            found["HOM-VALUE-MISSING"].append(r)
            continue
        sex = _SEX.get(_norm(r["sex"]))
        if sex is None:
            continue
        key = (
            str(r["iso3"]).strip().upper(),
            int(r["year"]),
            str(r.get("source") or ""),
            sex,
            kind,
        )
        if key in cells:
            earlier = cells[key]
            same = float(earlier["value"]) == float(r["value"])
            found["HOM-DUPLICATE-ROW" if same else "HOM-DUPLICATE-CONFLICT"].append(r)
            continue
        cells[key] = r
    observations = _totals(cells, found)
    observations = _countries(observations, tree, found)
    findings = [
        _finding(code, f"{len(rows)} row(s): {CHECKS[code][1]}", source, rows)
        for code, rows in found.items()
        if rows
    ]
    return observations, findings


def _totals(
    cells: Mapping[tuple[str, int, str, str, str], Mapping[str, Any]],
    found: dict[str, list[Mapping[str, Any]]],
) -> list[Observation]:
    groups: dict[tuple[str, int, str], dict[tuple[str, str], Mapping[str, Any]]] = defaultdict(dict)
    for (iso3, year, src, sex, kind), row in cells.items():
        groups[(iso3, year, src)][(sex, kind)] = row
    out = []
    for (iso3, year, src), cell in sorted(groups.items()):
        unknown = cell.get(("_U", "count"))
        if unknown is not None:
            found["HOM-UNKNOWN-SEX"].append(unknown)
        total = cell.get(("_T", "count"))
        by_sex = [cell.get((s, "count")) for s in ("M", "F", "_U")]
        rate = cell.get(("_T", "rate"))
        rate_value = None if rate is None else float(rate["value"])
        rows = tuple(int(r["row"]) for r in cell.values() if isinstance(r.get("row"), int))
        if total is not None:
            victims: float | None = float(total["value"])
            parts = [float(r["value"]) for r in by_sex if r is not None]
            if parts and sum(parts) > float(total["value"]) + 1e-9:
                found["HOM-SEX-EXCEEDS-TOTAL"].append(total)
            note = "Total row"
        elif by_sex[0] is not None and by_sex[1] is not None:
            victims = sum(float(r["value"]) for r in by_sex if r is not None)
            found["HOM-TOTAL-FROM-SEX"].append(by_sex[0])
            note = "Male + Female" + (" + Unknown" if by_sex[2] is not None else "") + " rows"
        elif rate_value is not None:
            victims, note = None, "published rate only"
        else:
            continue
        out.append(Observation(iso3, year, src, victims, rate_value, note, rows))
    return out


def _countries(
    observations: Iterable[Observation], tree: AreaTree, found: dict[str, list[Mapping[str, Any]]]
) -> list[Observation]:
    """Keep M49 countries; sum sub-national parts into a country that has no row of its own."""
    national: list[Observation] = []
    parts: dict[tuple[str, int, str], list[tuple[str, Observation]]] = defaultdict(list)
    for obs in observations:
        if tree.country(obs.iso3) is not None:
            national.append(obs)
            continue
        part = tree.part(obs.iso3)
        if part is None:
            found["HOM-AREA-NOT-COUNTRY"].append({"iso3": obs.iso3, "year": obs.year})
            continue
        parts[(part.country_iso3, obs.year, obs.source)].append((part.m49, obs))
    have = {(o.iso3, o.year, o.source) for o in national}
    expected = {
        p.country_iso3: {q.m49 for q in tree.parts if q.country_iso3 == p.country_iso3}
        for p in tree.parts
    }
    for (iso3, year, src), members in sorted(parts.items()):
        m49s = {m for m, _ in members}
        counts = [o.victims for _, o in members]
        if (
            (iso3, year, src) in have
            or m49s != expected[iso3]
            or len(members) != len(m49s)
            or None in counts
        ):
            found["HOM-PARTS-UNUSED"].extend({"iso3": o.iso3, "year": year} for _, o in members)
            continue
        codes = "+".join(o.iso3 for _, o in members)
        found["HOM-PARTS-COMBINED"].append({"iso3": iso3, "year": year, "parts": codes})
        total = sum(c for c in counts if c is not None)
        rows = tuple(r for _, o in members for r in o.rows)
        national.append(Observation(iso3, year, src, total, None, f"sum of {codes}", rows))
    return sorted(national, key=lambda o: (o.iso3, o.year, o.source))
