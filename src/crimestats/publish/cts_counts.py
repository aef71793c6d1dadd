"""Fill the UN-CTS from the project's counts cube: every asked cell, as a number or "not available".

The cube (``output/counts.parquet``) has one value per stage × unit × year × area × ICCS code × attempt ×
sex × age × citizenship, and, when the pipeline records it, × ``status`` (the outcome: convicted,
acquitted at courts; sentenced, unsentenced in prisons; ``_T`` for all). A questionnaire item takes the
national (``area = _T``), attempted-or-completed (``attempt = _T``) value of its ICCS code, stage and
counting unit; its sex, age and citizenship cells take the matching cube cells. Persons convicted take
``status = convicted`` and prisoners by status take ``sentenced`` / ``unsentenced`` where the cube has a
status; a cube without one counts persons convicted as its courts persons. What the cube cannot say (homicide age bands, relationship to perpetrator,
sentencing status, cyber-related subsets...) is "not available", never 0.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from crimestats.errors import MissingColumnError, UnknownCodeError
from crimestats.model.cts import (
    AGE_CODES,
    OBSERVATION_SCHEMA,
    CtsItem,
    Questionnaire,
    ValueStatus,
)
from crimestats.sources.cts_content import (
    country_codes,
    country_suggestions,
    is_known_country,
    questionnaire,
)

__all__ = ["COUNTS_COLUMNS", "asked_cells", "cts_observations_from_counts"]

#: Columns of the project's counts cube that the UN-CTS export reads.
COUNTS_COLUMNS: tuple[str, ...] = (
    "stage",
    "unit",
    "year",
    "area",
    "iccs_code",
    "attempt",
    "sex",
    "age",
    "citizenship",
    "value",
)
_SEX = {"Total": "_T", "Male": "M", "Female": "F"}
# Only "unknown" and "total" ages can be read from the cube's ICCS bands (0-14, 15-29, ...): the
# questionnaire's bands (homicide 0-9, 10-14...; juveniles/adults) cut across them.
_AGE = {"Total": "_T", "Age unknown": "_U", "Unknown": "_U"}
_CITIZENSHIP = {"National citizens": "national", "Foreign citizens": "foreign"}
_STATUS = {"Sentenced": "sentenced", "Unsentenced": "unsentenced"}
_HAS_STATUS: tuple[Any, ...] = ("has status",)  # marker key in the cube index
# Dimensions the cube has no variable for.
_NOT_IN_CUBE = {
    "by relationship to perpetrator",
    "by situational context",
    "by mechanisms",
    "by length of detention",
}


def asked_cells(item: CtsItem, years: Iterable[int]) -> list[tuple[int, str, str]]:
    """(year, sex, age) of every cell the questionnaire asks for an item."""
    return [(year, sex, age) for year in years for sex, age in item.cells]


def _cube_filter(item: CtsItem) -> dict[str, str] | None:
    """Cube coordinates of an item (besides year, sex, age); None when the cube cannot fill it."""
    if item.stage not in ("police", "prosecution", "courts", "prisons"):
        return None
    if item.dimension in _NOT_IN_CUBE or "Cyber-related" in item.category:
        return None
    if item.indicator == "Persons entering prison" or "Other acts of" in item.category:
        return None  # flows into prison, and "other" remainders, are not in the cube
    where = {"stage": item.stage, "unit": item.counting_unit, "citizenship": "_T", "status": "_T"}
    if item.dimension == "by citizenship":
        where["citizenship"] = _CITIZENSHIP[item.category]
    if item.dimension == "by status":
        where["status"] = _STATUS[item.category]
    elif item.stage == "courts":
        where["status"] = "convicted"
    where["iccs_code"] = item.iccs_code  # "" means all offences
    return where


def _lookup(
    cube: dict[tuple[Any, ...], float], where: dict[str, str], year: int, sex: str, age: str
) -> float | None:
    def get(status: str) -> float | None:
        key = (where["stage"], where["unit"], where["iccs_code"], where["citizenship"])
        return cube.get((*key, status, year, _SEX[sex], _AGE[age]))

    value = get(where["status"])
    if value is None and where["stage"] == "courts" and not cube.get(_HAS_STATUS):
        value = get("_T")  # a cube without outcomes: its courts persons are the convicted
    return value


def _index(counts: pa.Table) -> dict[tuple[Any, ...], float]:
    """National, attempted-or-completed cube cells.

    Key: (stage, unit, code, citizenship, status, year, sex, age); ``status`` is ``_T`` when the cube has
    no status column.
    """
    national = counts.filter(
        pc.and_(pc.equal(counts["area"], "_T"), pc.equal(counts["attempt"], "_T"))
    )
    has_status = "status" in national.column_names
    if not has_status:
        national = national.append_column("status", pa.array(["_T"] * national.num_rows))
    keys = ("stage", "unit", "iccs_code", "citizenship", "status", "year", "sex", "age")
    grouped = national.group_by(list(keys)).aggregate([("value", "sum")])
    out: dict[tuple[Any, ...], float] = {}
    for row in grouped.to_pylist():
        out[tuple(row[k] for k in keys)] = row["value_sum"]
    # all offences: the sum of the ICCS sections (two-digit codes), where the cube has them
    for key, value in list(out.items()):
        if len(str(key[2])) == 2 and str(key[2]).isdigit():
            total = (*key[:2], "", *key[3:])
            out[total] = out.get(total, 0.0) + value
    if has_status:
        out[_HAS_STATUS] = 1.0
    return out


def _check_columns(counts: pa.Table) -> None:
    missing = [c for c in COUNTS_COLUMNS if c not in counts.column_names]
    if missing:
        raise MissingColumnError("counts cube", missing, counts.column_names)


def cts_observations_from_counts(
    counts: pa.Table,
    country: str,
    *,
    years: Iterable[int] | None = None,
    content: Questionnaire | None = None,
    source: str = "CTS",
) -> pa.Table:
    """The canonical UN-CTS observations of a country from its counts cube (counts only, no rates).

    Every asked cell of every item is present: a number, 0, or "not available" when the cube cannot
    fill it. ``years`` defaults to the years in the cube.
    """
    _check_columns(counts)
    if not is_known_country(country):
        raise UnknownCodeError(country, "ISO 3166-1 alpha-3", country_suggestions(country))
    content = content or questionnaire()
    cube = _index(counts)
    chosen = sorted(set(years) if years is not None else set(counts["year"].to_pylist()))
    name = country_codes()[country].name if country in country_codes() else country
    rows: dict[str, list[Any]] = {f.name: [] for f in OBSERVATION_SCHEMA}
    for item in content.items:
        where = _cube_filter(item)
        for year, sex, age in asked_cells(item, chosen):
            value: float | None = None
            if where is not None and sex in _SEX and age in _AGE:
                value = _lookup(cube, where, year, sex, age)
            if value is None:
                status = ValueStatus.NOT_AVAILABLE
            elif value == 0:
                status = ValueStatus.ZERO
            else:
                status = ValueStatus.NUMBER
            cell = {
                "iso3": country,
                "country": name,
                "region": "",
                "subregion": "",
                "indicator": item.indicator,
                "dimension": item.dimension,
                "category": item.category,
                "sex": sex,
                "age": age,
                "year": year,
                "unit": item.unit,
                "value": value,
                "status": status.value,
                "source": source,
                "iccs_code": item.iccs_code or None,
                "sex_code": _SEX.get(sex, "_U"),
                "age_code": None,
                "row": len(rows["iso3"]) + 1,
            }
            for column, values in rows.items():
                values.append(cell[column])
    table = pa.table(rows, schema=OBSERVATION_SCHEMA)
    return _with_age_codes(table)


def _with_age_codes(table: pa.Table) -> pa.Table:
    codes = pa.array([AGE_CODES.get(a) for a in table["age"].to_pylist()], type=pa.string())
    return table.set_column(table.schema.get_field_index("age_code"), "age_code", codes)
