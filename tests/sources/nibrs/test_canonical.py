"""Both CDE layouts read to the same canonical rows, and those rows are what the hand-made download says.

Every expected value below is worked out by hand from the rows written in ``conftest.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from crimestats.engine import connect, to_arrow
from crimestats.model.records import CANONICAL_COLUMNS, Stage, Unit
from crimestats.model.sources import SourceSpec
from crimestats.sources.kinds import SOURCE_KINDS, open_source
from crimestats.sources.nibrs import read_nibrs
from crimestats.sources.records import RecordSource, flag_findings

NORTH, SOUTH = "VA0010000", "VA0020000"
MARCH_5, JULY_19, DEC_31, JAN_2 = (
    date(2021, 3, 5),
    date(2021, 7, 19),
    date(2021, 12, 31),
    date(2022, 1, 2),
)

# record_id: (incident, agency, code, attempt, cyber, recorded, occurred, weapon)
# Offense 7001 had a handgun (We 1) and hands (We 3): the handgun wins; its offender was suspected of
# using computer equipment (cyber). Incident 502's date is its report date: no occurrence date.
OFFENCES = {
    "7001": ("501", NORTH, "13A", False, True, MARCH_5, MARCH_5, "1"),
    "7002": ("501", NORTH, "290", True, False, MARCH_5, MARCH_5, None),
    "7003": ("502", NORTH, "09A", False, False, JULY_19, None, "2"),
    "7004": ("503", SOUTH, "35A", False, False, DEC_31, DEC_31, None),
    "7005": ("504", SOUTH, "23F", False, False, JAN_2, JAN_2, None),
}
# record_id: (person, code, attempt, sex, age, relationship, weapon, recorded)
# Victim 8001 was the girlfriend of one offender (ViP 1) and a stranger to the other (10): the closest
# relationship, 1, is kept. 8002 is the offender's child (3), 8003 his ex-spouse (2). Society and
# business victims have no sex (U) and no age.
VICTIMS = {
    "8001:7001": ("8001", "13A", False, "F", 34, "1", "1", MARCH_5),
    "8001:7002": ("8001", "290", True, "F", 34, "1", None, MARCH_5),
    "8002:7001": ("8002", "13A", False, "M", 17, "3", "1", MARCH_5),
    "8003:7003": ("8003", "09A", False, "M", 45, "2", "2", JULY_19),
    "8004:7004": ("8004", "35A", False, "U", None, None, None, DEC_31),
    "8005:7005": ("8005", "23F", False, "U", None, None, None, JAN_2),
}
# record_id: (incident, agency, code, sex, age, recorded = arrest date, occurred = incident date)
# Arrestee 6002's sex code "Q" is not a NIBRS code: U, and flagged.
ARRESTEES = {
    "6001": ("501", NORTH, "13A", "M", 30, date(2021, 3, 6), MARCH_5),
    "6002": ("503", SOUTH, "35A", "U", 22, date(2022, 1, 10), DEC_31),
    "6003": ("502", NORTH, "09A", "U", None, date(2021, 7, 20), None),
}


Rows = dict[str, dict[str, Any]]


def _read(folder: Path) -> list[RecordSource]:
    spec = SourceSpec(name="va", kind="nibrs", path=str(folder))
    return read_nibrs(connect(), spec, folder.parent)


@pytest.fixture(scope="module")
def canonical(hand_extract: tuple[str, Path]) -> tuple[Rows, Rows, Rows]:
    """Offences, victims and arrestees of the hand-made download (each layout), by record id."""
    _, folder = hand_extract
    offences, victims, arrestees = (
        {r["record_id"]: r for r in to_arrow(s.table).to_pylist()} for s in _read(folder)
    )
    return offences, victims, arrestees


def test_offences_in_both_layouts(canonical: tuple[Rows, Rows, Rows]) -> None:
    offences = canonical[0]
    got = {
        k: (
            r["incident_id"], r["agency"], r["offence_code"], r["attempt"], r["cyber"],
            r["recorded_date"], r["occurred_date"], r["weapon"],
        )
        for k, r in offences.items()
    }  # fmt: skip
    assert got == OFFENCES
    assert {r["area"] for r in offences.values()} == {"VA"}
    assert {r["sex"] for r in offences.values()} == {"U"}  # offences carry no person


def test_victims_in_both_layouts(canonical: tuple[Rows, Rows, Rows]) -> None:
    victims = canonical[1]
    got = {
        k: (
            r["person_id"], r["offence_code"], r["attempt"], r["sex"], r["age"],
            r["relationship"], r["weapon"], r["recorded_date"],
        )
        for k, r in victims.items()
    }  # fmt: skip
    assert got == VICTIMS
    assert victims["8003:7003"]["occurred_date"] is None
    assert victims["8001:7001"]["cyber"] is True


def test_arrestees_in_both_layouts(canonical: tuple[Rows, Rows, Rows]) -> None:
    arrestees = canonical[2]
    got = {
        k: (
            r["incident_id"], r["agency"], r["offence_code"], r["sex"], r["age"],
            r["recorded_date"], r["occurred_date"],
        )
        for k, r in arrestees.items()
    }  # fmt: skip
    assert got == ARRESTEES
    assert {r["person_id"] for r in arrestees.values()} == set(ARRESTEES)


def test_row_numbers_point_to_the_file_rows(canonical: tuple[Rows, Rows, Rows]) -> None:
    offences, victims, arrestees = canonical
    # Data rows of the offense, victim-offense and arrestee files, in the order conftest writes them.
    assert {k: r["_row"] for k, r in offences.items()} == {
        "7001": 1, "7002": 2, "7003": 3, "7004": 4, "7005": 5,
    }  # fmt: skip
    assert victims["8001:7002"]["_row"] == 2
    assert victims["8005:7005"]["_row"] == 6
    assert arrestees["6003"]["_row"] == 3


def test_canonical_schema_and_specs(make_extract: Callable[[str], Path]) -> None:
    folder = make_extract("2021+")
    sources = _read(folder)
    assert [s.spec.name for s in sources] == ["va.offenses", "va.victims", "va.arrestees"]
    assert [s.spec.unit for s in sources] == [Unit.OFFENCE, Unit.VICTIM, Unit.PERSON]
    assert {s.spec.stage for s in sources} == {Stage.POLICE}
    for source in sources:
        corr = Path(source.spec.correspondence or "")
        assert corr.is_absolute()
        assert corr.name == "nibrs_iccs.csv"
        assert corr.exists()
        schema = source.table.schema()
        names = [c.name for c in CANONICAL_COLUMNS]
        assert list(schema.names)[: 2 + len(names)] == ["_source", "_row", *names]
        for column in CANONICAL_COLUMNS:
            assert str(schema[column.name]).rstrip("!") == column.dtype, column.name
        assert all(n.startswith("_bad_") for n in schema.names[2 + len(names) :])
        assert "_row" in source.raw.columns
        assert "incident_id" in source.spec.columns  # principal offences and duplicate checks
        assert set(source.absent) <= {"_source", *names}
    assert sources[0].location.endswith("nibrs_offense.csv")
    assert sources[1].location.endswith("nibrs_victim_offense.csv")
    assert sources[2].location.endswith("nibrs_arrestee.csv")
    assert len({s.sha256 for s in sources}) == 1 and len(sources[0].sha256) == 64


def test_bad_values_become_findings_with_the_file_value(
    make_extract: Callable[[str], Path],
) -> None:
    folder = make_extract("pre-2021")
    arrestees = _read(folder)[2]
    findings = flag_findings(arrestees, arrestees.table)
    assert [(f.code, f.count) for f in findings] == [("records.bad-code", 1)]
    assert findings[0].sample == ({"row": 2, "sex_code": "Q"},)
    assert findings[0].location.source.endswith("NIBRS_ARRESTEE.csv")


def test_registered_as_a_source_kind(make_extract: Callable[[str], Path]) -> None:
    folder = make_extract("2021+")
    assert SOURCE_KINDS["nibrs"] is read_nibrs
    spec = SourceSpec(name="va", kind="nibrs", path=folder.name)
    sources = open_source(connect(), spec, folder.parent)
    assert [s.spec.name for s in sources] == ["va.offenses", "va.victims", "va.arrestees"]


def test_a_project_correspondence_replaces_the_built_in_one(
    make_extract: Callable[[str], Path],
) -> None:
    folder = make_extract("2021+")
    spec = SourceSpec(
        name="va", kind="nibrs", path=folder.name, correspondence="mappings/nibrs.csv"
    )
    sources = read_nibrs(connect(), spec, folder.parent)
    assert {s.spec.correspondence for s in sources} == {"mappings/nibrs.csv"}


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({}, "give 'path'"),
        ({"path": "x", "connection": "duckdb://"}, "give 'path'"),
        ({"path": "x", "columns": {"offence_code": "code"}}, "remove 'columns'"),
        ({"path": "x", "stage": "courts"}, "police"),
    ],
)
def test_source_yaml_checks_for_kind_nibrs(fields: dict, message: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(ValueError, match=message):
        SourceSpec(name="va", kind="nibrs", **fields)


def test_source_yaml_needs_only_kind_and_path() -> None:
    spec = SourceSpec(name="va", kind="nibrs", path="downloads/VA-2021")
    assert spec.stage is Stage.POLICE
    assert spec.correspondence is None  # the reader supplies the built-in table
