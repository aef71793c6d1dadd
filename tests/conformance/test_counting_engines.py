"""One conformance suite for counting, run on every engine: DuckDB and Spark (local mode).

Expected numbers are worked out by hand in each test. Spark tests are marked ``spark``; they need the
``spark`` extra and Java, and run in CI.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pyarrow as pa
import pytest

from crimestats.classification import apply_correspondence, iccs
from crimestats.counting import (
    ancestors_table,
    count_cube,
    fine_counts,
    justice_flow,
    mark_rules,
    principal_offences,
    rates_per_100k,
    split_counted,
)
from crimestats.counting.rates import population_totals
from crimestats.engine import connect, parse_date, register_arrow, to_arrow
from crimestats.model import Correspondence, CorrespondenceRow
from crimestats.model.records import CANONICAL_COLUMNS, Unit
from crimestats.settings import CountingSettings, EngineSettings

# py4j, Spark's bridge, leaves sockets for the garbage collector to close.
pytestmark = pytest.mark.filterwarnings(
    "ignore::ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning"
)

TODAY = date(2026, 11, 23)
SETTINGS = CountingSettings()
CORR = Correspondence(
    "t",
    (
        CorrespondenceRow("H", "0101"),
        CorrespondenceRow("R", "0401"),
        CorrespondenceRow("T", "0502", weight=0.25),
        CorrespondenceRow("T", "05021", weight=0.75),
    ),
)


@pytest.fixture(
    scope="module",
    params=["duckdb", pytest.param("pyspark", marks=pytest.mark.spark)],
)
def con(request: pytest.FixtureRequest) -> Any:
    if request.param == "pyspark":
        pytest.importorskip("pyspark", reason="the spark extra is not installed")
    return connect(EngineSettings(backend=request.param, threads=2))


def canonical(rows: list[dict[str, Any]]) -> pa.Table:
    types = {"string": pa.string(), "boolean": pa.bool_(), "date": pa.date32(), "int16": pa.int16()}
    data: dict[str, Any] = {
        "_source": pa.array(["s"] * len(rows), pa.string()),
        "_row": pa.array(range(1, len(rows) + 1), pa.int64()),
    }
    defaults = {"sex": "U", "citizenship": "unknown", "attempt": False, "cyber": False}
    for column in CANONICAL_COLUMNS:
        values = [r.get(column.name, defaults.get(column.name)) for r in rows]
        data[column.name] = pa.array(values, types[column.dtype])
    return pa.table(data)


D1, D2 = date(2023, 6, 1), date(2024, 3, 1)
ROWS = [
    # row 1: homicide in incident a, counted in 2023
    {"record_id": "1", "incident_id": "a", "offence_code": "H", "recorded_date": D1, "area": "N"},
    # row 2: theft in the same incident: counted as an offence; the incident goes to the homicide
    {"record_id": "2", "incident_id": "a", "offence_code": "T", "recorded_date": D1, "area": "N"},
    # row 3: duplicate of row 1's id: quarantined
    {"record_id": "1", "incident_id": "a", "offence_code": "H", "recorded_date": D1, "area": "N"},
    # row 4: attempted homicide: 0102
    {
        "record_id": "4",
        "incident_id": "b",
        "offence_code": "H",
        "recorded_date": D2,
        "area": "S",
        "attempt": True,
    },
    # row 5: no date: quarantined
    {"record_id": "5", "incident_id": "c", "offence_code": "R", "recorded_date": None, "area": "S"},
    # row 6: unknown code: quarantined
    {"record_id": "6", "incident_id": "d", "offence_code": "Q", "recorded_date": D2, "area": "S"},
    # row 7: robbery, 2024
    {"record_id": "7", "incident_id": None, "offence_code": "R", "recorded_date": D2, "area": "N"},
    # row 8: date in the future: quarantined
    {
        "record_id": "8",
        "incident_id": "e",
        "offence_code": "R",
        "recorded_date": date(2031, 1, 1),
        "area": "N",
    },
]


def counted(con: Any) -> Any:
    table = register_arrow(con, canonical(ROWS))
    marked = mark_rules(table, Unit.OFFENCE, SETTINGS, today=TODAY)
    return split_counted(marked, CORR)


def test_rules_and_quarantine(con: Any) -> None:
    result = counted(con)
    reasons = sorted(
        (r["_row"], r["quarantine_reason"]) for r in to_arrow(result.quarantine).to_pylist()
    )
    assert reasons == [
        (3, "duplicate record (same record_id as an earlier row)"),
        (5, "missing or invalid reference date"),
        (6, "national offence code not in the correspondence table"),
        (8, "reference date outside the possible range"),
    ]
    records = sorted(
        (r["_row"], r["iccs_code"], r["weight"], r["year"])
        for r in to_arrow(result.records).to_pylist()
    )
    assert records == [
        (1, "0101", 1.0, 2023),
        (2, "0502", 0.25, 2023),
        (2, "05021", 0.75, 2023),
        (4, "0102", 1.0, 2024),
        (7, "0401", 1.0, 2024),
    ]


def test_principal_offence(con: Any) -> None:
    incidents = to_arrow(principal_offences(counted(con).records, SETTINGS.seriousness))
    # Incident a: homicide (row 1) beats theft (row 2); b and row 7 (no incident id) stand alone.
    assert sorted(set(incidents["_row"].to_pylist())) == [1, 4, 7]


def test_cube_with_residuals(con: Any) -> None:
    fine = fine_counts(counted(con).records, "police", "offences", person_dims=False)
    codes = to_arrow(fine.select("iccs_code").distinct())["iccs_code"].to_pylist()
    ancestors = register_arrow(con, ancestors_table(iccs(), codes))
    cube = to_arrow(count_cube(fine, ancestors)).to_pylist()
    cell = {(r["year"], r["area"], r["iccs_code"], r["attempt"]): r["value"] for r in cube}
    assert cell[(2023, "_T", "0502", "_T")] == 1.0  # 0.25 coded 0502 + 0.75 coded 05021
    assert cell[(2023, "_T", "0502_U", "_T")] == 0.25
    assert cell[(2023, "N", "05021", "completed")] == 0.75
    assert cell[(2023, "_T", "01", "_T")] == 1.0
    assert cell[(2024, "S", "0102", "attempted")] == 1.0
    assert cell[(2024, "_T", "04", "_T")] == 1.0
    assert len(cube) == len(set((r["year"], r["area"], r["iccs_code"], r["attempt"]) for r in cube))


def test_apply_correspondence_counts(con: Any) -> None:
    records = register_arrow(con, pa.table({"code": ["T", "T", "H", None, "Q"]}))
    result = apply_correspondence(records, CORR, "code")
    weights = to_arrow(result.records)["weight"].to_pylist()
    assert sum(weights) == 3.0  # two thefts split 0.25/0.75, one homicide
    assert to_arrow(result.quarantine).num_rows == 2


def test_parse_date(con: Any) -> None:
    table = register_arrow(con, pa.table({"s": ["30/02/2024", "05/03/2024", None]}))
    parsed = to_arrow(table.mutate(d=parse_date(table.s, "%d/%m/%Y", con.name)))["d"].to_pylist()
    assert parsed == [None, date(2024, 3, 5), None]


def test_rates_and_flow(con: Any) -> None:
    base = {
        "stage": "police",
        "unit": "offences",
        "year": 2024,
        "area": "_T",
        "iccs_code": "01",
        "iccs_level": 1,
        "attempt": "_T",
        "sex": "_T",
        "age": "_T",
        "citizenship": "_T",
        "status": "_T",
        "value": 20.0,
    }
    rows = [
        base,
        base | {"unit": "persons", "value": 10.0},
        base | {"stage": "prosecution", "unit": "persons", "value": 8.0},
        base | {"stage": "courts", "unit": "persons", "status": "convicted", "value": 6.0},
        base | {"stage": "prisons", "unit": "persons", "value": 3.0},
    ]
    counts = register_arrow(
        con,
        pa.Table.from_pylist(rows).cast(
            pa.schema(
                [
                    (
                        k,
                        pa.int32()
                        if k == "year"
                        else pa.int8()
                        if k == "iccs_level"
                        else pa.float64()
                        if k == "value"
                        else pa.string(),
                    )
                    for k in base
                ]
            )
        ),
    )
    population = register_arrow(
        con,
        pa.table(
            {
                "area": ["N", "S"],
                "year": pa.array([2024, 2024], pa.int32()),
                "sex": ["M", "F"],
                "age": ["Y15T29", "Y15T29"],
                "population": [300_000.0, 100_000.0],
            }
        ),
    )
    rates = to_arrow(rates_per_100k(counts, population_totals(population))).to_pylist()
    police = next(r for r in rates if r["stage"] == "police" and r["unit"] == "offences")
    assert police["population"] == 400_000.0
    assert police["rate_per_100k"] == 5.0  # 20 / 400,000 × 100,000
    flow = to_arrow(justice_flow(counts)).to_pylist()
    section = next(r for r in flow if r["iccs_code"] == "01")
    assert section["suspects_per_offence"] == 0.5
    assert section["prosecuted_per_suspect"] == 0.8
    assert section["convicted_per_prosecuted"] == 0.75
    assert section["imprisoned_per_convicted"] == 0.5
