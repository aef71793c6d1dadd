"""The canonical record model: what every reader turns an agency's rows into.

One row is one unit of a source: an offence, a victim of an offence, a person (suspect, prosecuted,
convicted, prisoner), an incident or a case, at one justice stage. Readers fill what the agency records and
leave the rest null. Codes are harmonised: sex ``M``/``F``/``U``, citizenship ``national``/``foreign``/
``unknown``, ICCS tags as their published codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "AGE_BANDS",
    "CANONICAL_COLUMNS",
    "CITIZENSHIP_CODES",
    "OUTCOME_CODES",
    "SEX_CODES",
    "TOTAL",
    "UNKNOWN",
    "Column",
    "Stage",
    "Unit",
    "age_band",
]


class Stage(StrEnum):
    """The stage of the criminal justice system a source records."""

    POLICE = "police"
    PROSECUTION = "prosecution"
    COURTS = "courts"
    PRISONS = "prisons"


class Unit(StrEnum):
    """What one row of a source stands for."""

    INCIDENT = "incident"
    OFFENCE = "offence"
    VICTIM = "victim"
    PERSON = "person"
    CASE = "case"


@dataclass(frozen=True, slots=True)
class Column:
    """A canonical column: name, engine type and meaning."""

    name: str
    dtype: str
    description: str


#: Every canonical column, in order. Readers may leave any optional column null.
CANONICAL_COLUMNS: tuple[Column, ...] = (
    Column("record_id", "string", "the agency's identifier of the row, unique within the source"),
    Column("incident_id", "string", "groups the offences of one incident (police)"),
    Column("case_id", "string", "links the same case across justice stages"),
    Column("person_id", "string", "identifies a victim or a perpetrator across rows"),
    Column("agency", "string", "the reporting agency or unit"),
    Column("area", "string", "national subdivision where the offence took place"),
    Column("offence_code", "string", "the national offence code, classified by the correspondence"),
    Column("attempt", "boolean", "the offence was attempted, not completed"),
    Column("cyber", "boolean", "the offence was cyber-related"),
    Column("recorded_date", "date", "when the agency recorded the row"),
    Column("occurred_date", "date", "when the offence took place"),
    Column("sex", "string", "sex of the person counted (victim or perpetrator): M, F or U"),
    Column("age", "int16", "age in completed years of the person counted"),
    Column("citizenship", "string", "national, foreign or unknown"),
    Column("relationship", "string", "victim-perpetrator relationship, ICCS ViP code 1-11"),
    Column("situational_context", "string", "ICCS SiC code"),
    Column("weapon", "string", "ICCS We code: 1 firearm, 2 knife or sharp object, 3 other ..."),
    Column(
        "outcome", "string", "courts: convicted, acquitted, other; prisons: sentenced, unsentenced"
    ),
)

SEX_CODES = ("M", "F", "U")
CITIZENSHIP_CODES = ("national", "foreign", "unknown")
OUTCOME_CODES = ("convicted", "acquitted", "other", "sentenced", "unsentenced")

#: Codes for "all categories" and "not known" in result tables (SDMX conventions).
TOTAL = "_T"
UNKNOWN = "_U"

#: ICCS victim/perpetrator age classes (Table II, AV/AP): lower bound, upper bound, SDMX-style code.
AGE_BANDS: tuple[tuple[int, int | None, str], ...] = (
    (0, 14, "Y0T14"),
    (15, 29, "Y15T29"),
    (30, 44, "Y30T44"),
    (45, 59, "Y45T59"),
    (60, None, "Y_GE60"),
)


def age_band(age: int | None) -> str:
    """The ICCS age class of an age in years (``_U`` when unknown)."""
    if age is None or age < 0:
        return UNKNOWN
    for low, high, code in AGE_BANDS:
        if age >= low and (high is None or age <= high):
            return code
    return UNKNOWN
