"""A NIBRS download as canonical record sources: offences, victims of offences, arrestees.

Registered as source kind ``nibrs`` (see :mod:`crimestats.sources.kinds`): one source YAML with
``kind: nibrs`` and ``path: <folder>`` gives three sources, ``<name>.offenses`` (unit offence),
``<name>.victims`` (unit victim, one row per victim × offense) and ``<name>.arrestees`` (unit person),
all at the police stage and classified by the built-in NIBRS → ICCS correspondence unless the YAML
names another.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import ibis

from crimestats.engine import Backend, file_sha256
from crimestats.model.records import CANONICAL_COLUMNS, Stage, Unit
from crimestats.model.sources import SourceSpec
from crimestats.sources.nibrs.codes import nibrs_correspondence
from crimestats.sources.nibrs.folder import NibrsExtract, open_nibrs
from crimestats.sources.nibrs.tables import arrestee_rows, offense_rows, victim_offense_rows
from crimestats.sources.nibrs.values import (
    attempt_value,
    code,
    date_value,
    is_true,
    sex_value,
    text,
    years_value,
)
from crimestats.sources.records import RecordSource

__all__ = ["read_nibrs"]

#: Values of canonical columns a unit does not have (as :func:`crimestats.sources.records` uses).
_DEFAULTS: dict[str, Any] = {
    "attempt": False,
    "cyber": False,
    "sex": "U",
    "citizenship": "unknown",
}


def _place(rows: Any) -> dict[str, Any]:
    """Agency (ORI, or the agency id without an agencies table) and area (state) of a row."""
    return {
        "agency": ibis.coalesce(rows.ori, text(rows.agency_id)),
        "area": rows.state_abbr,
    }


def _dates(rows: Any, recorded: str, backend: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Recorded date from ``recorded``; occurrence date from the incident, unless the incident says
    its date is the report date."""
    recorded_date, bad = date_value(rows[recorded], backend)
    if recorded == "incident_date":
        incident_date = recorded_date
    else:
        incident_date, _ = date_value(rows.incident_date, backend)
    occurred = ibis.ifelse(is_true(rows.report_date_flag), ibis.null("date"), incident_date)
    return {"recorded_date": recorded_date, "occurred_date": occurred}, {"_bad_recorded_date": bad}


def _source(
    spec: SourceSpec,
    part: str,
    unit: Unit,
    rows: Any,
    values: Mapping[str, Any],
    flags: Mapping[str, Any],
    columns: Mapping[str, str],
    location: str,
    sha256: str,
) -> RecordSource:
    """Put a unit's canonical values in the canonical column order, with defaults for the rest."""
    name = f"{spec.name}.{part}"
    out: dict[str, Any] = {"_source": ibis.literal(name), "_row": rows._row}
    absent: dict[str, Any] = {"_source": out["_source"]}
    for column in CANONICAL_COLUMNS:
        if column.name in values:
            out[column.name] = values[column.name].cast(column.dtype)
            continue
        default = _DEFAULTS.get(column.name)
        value = ibis.null(column.dtype) if default is None else ibis.literal(default)
        out[column.name] = absent[column.name] = value.cast(column.dtype)
    out.update(flags)
    correspondence = spec.correspondence or str(nibrs_correspondence())
    derived = spec.model_copy(
        update={
            "name": name,
            "unit": unit,
            "stage": Stage.POLICE,
            "correspondence": correspondence,
            "columns": dict(columns),
        }
    )
    return RecordSource(derived, rows.select(**out), rows, location, sha256, absent)


def _offences(spec: SourceSpec, extract: NibrsExtract, backend: str, sha: str) -> RecordSource:
    rows = offense_rows(extract)
    attempt, bad_attempt = attempt_value(rows.attempt_complete_flag)
    dates, flags = _dates(rows, "incident_date", backend)
    values = {
        "record_id": text(rows.offense_id),
        "incident_id": text(rows.incident_id),
        **_place(rows),
        "offence_code": code(rows.offense_code),
        "attempt": attempt,
        "cyber": rows._cyber.fill_null(False),
        **dates,
        "weapon": rows._we.cast("string"),
    }
    columns = {
        "record_id": "offense_id",
        "incident_id": "incident_id",
        "agency": "ori",
        "area": "state_abbr",
        "offence_code": "offense_code",
        "attempt": "attempt_complete_flag",
        "recorded_date": "incident_date",
        "occurred_date": "incident_date",
    }
    flags = {**flags, "_bad_attempt": bad_attempt}
    where = extract.location("offense")
    return _source(spec, "offenses", Unit.OFFENCE, rows, values, flags, columns, where, sha)


def _victims(spec: SourceSpec, extract: NibrsExtract, backend: str, sha: str) -> RecordSource:
    rows = victim_offense_rows(extract)
    attempt, _ = attempt_value(rows.attempt_complete_flag)  # flagged once, in the offences
    sex, bad_sex = sex_value(rows.sex_code)
    age, bad_age = years_value(rows.age_num)
    dates, flags = _dates(rows, "incident_date", backend)
    values = {
        "record_id": text(rows.victim_id) + ":" + text(rows.offense_id),
        "incident_id": text(rows.incident_id),
        "person_id": text(rows.victim_id),
        **_place(rows),
        "offence_code": code(rows.offense_code),
        "attempt": attempt,
        "cyber": rows._cyber.fill_null(False),
        **dates,
        "sex": sex,
        "age": age,
        "relationship": rows._vip.cast("string"),
        "weapon": rows._we.cast("string"),
    }
    columns = {
        "incident_id": "incident_id",
        "person_id": "victim_id",
        "agency": "ori",
        "area": "state_abbr",
        "offence_code": "offense_code",
        "attempt": "attempt_complete_flag",
        "recorded_date": "incident_date",
        "occurred_date": "incident_date",
        "sex": "sex_code",
        "age": "age_num",
    }
    flags = {**flags, "_bad_sex": bad_sex, "_bad_age": bad_age}
    where = extract.location("victim_offense")
    return _source(spec, "victims", Unit.VICTIM, rows, values, flags, columns, where, sha)


def _arrestees(spec: SourceSpec, extract: NibrsExtract, backend: str, sha: str) -> RecordSource:
    rows = arrestee_rows(extract)
    sex, bad_sex = sex_value(rows.sex_code)
    age, bad_age = years_value(rows.age_num)
    dates, flags = _dates(rows, "arrest_date", backend)
    values = {
        "record_id": text(rows.arrestee_id),
        "incident_id": text(rows.incident_id),
        "person_id": text(rows.arrestee_id),
        **_place(rows),
        "offence_code": code(rows.offense_code),
        **dates,
        "sex": sex,
        "age": age,
    }
    columns = {
        "record_id": "arrestee_id",
        "incident_id": "incident_id",
        "person_id": "arrestee_id",
        "agency": "ori",
        "area": "state_abbr",
        "offence_code": "offense_code",
        "recorded_date": "arrest_date",
        "occurred_date": "incident_date",
        "sex": "sex_code",
        "age": "age_num",
    }
    flags = {**flags, "_bad_sex": bad_sex, "_bad_age": bad_age}
    where = extract.location("arrestee")
    return _source(spec, "arrestees", Unit.PERSON, rows, values, flags, columns, where, sha)


def read_nibrs(con: Backend, spec: SourceSpec, base: Path) -> list[RecordSource]:
    """The offences, victims and arrestees of the NIBRS download at ``spec.path`` (lazily)."""
    assert spec.path is not None  # the spec validator requires a path for kind nibrs
    folder = (base / spec.path).resolve()
    extract = open_nibrs(con, folder)
    sha = file_sha256(folder)
    return [
        _offences(spec, extract, con.name, sha),
        _victims(spec, extract, con.name, sha),
        _arrestees(spec, extract, con.name, sha),
    ]
