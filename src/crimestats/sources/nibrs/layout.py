"""The tables of a NIBRS download and the two CDE layouts they come in.

The FBI Crime Data Explorer publishes each state and year as a folder of CSV files. Before 2021 the
headers are quoted UPPER_CASE, offense rows point to the offense-type lookup by ``OFFENSE_TYPE_ID``, dates
read ``12-JUN-19`` and flags ``Y``/``N``; from 2021 the headers are lower case, offense and arrestee rows
carry ``offense_code`` itself, dates are ISO and flags ``t``/``f``. Lookup ids (relationship, weapon...)
differ between the layouts, so codes are always read through the folder's own lookup tables.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from crimestats.errors import MissingColumnError

__all__ = ["CURRENT", "LAYOUTS", "LEGACY", "TABLES", "Layout", "TableSpec", "detect_layout"]


@dataclass(frozen=True, slots=True)
class TableSpec:
    """One table of a download: its file name (matched without regard to case) and needed columns."""

    file: str
    columns: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Layout:
    """A CDE layout: its name and how offense rows name their offense."""

    name: str
    offense_code_column: str
    #: the table that turns ``offense_code_column`` into an offense code, if the rows hold an id
    offense_lookup: str | None


LEGACY = Layout("pre-2021", "offense_type_id", "offense_type")
CURRENT = Layout("2021+", "offense_code", None)
LAYOUTS = (LEGACY, CURRENT)

#: Every table the reader uses, by key; column names in lower case (headers are compared that way).
TABLES: Mapping[str, TableSpec] = {
    "incident": TableSpec("nibrs_incident", ("incident_id", "agency_id", "incident_date")),
    "offense": TableSpec("nibrs_offense", ("offense_id", "incident_id", "attempt_complete_flag")),
    "offense_type": TableSpec("nibrs_offense_type", ("offense_type_id", "offense_code")),
    "victim": TableSpec("nibrs_victim", ("victim_id", "incident_id", "sex_code", "age_num")),
    "victim_offense": TableSpec("nibrs_victim_offense", ("victim_id", "offense_id")),
    "offender": TableSpec("nibrs_offender", ("offender_id", "incident_id")),
    "arrestee": TableSpec(
        "nibrs_arrestee", ("arrestee_id", "incident_id", "arrest_date", "sex_code", "age_num")
    ),
    "agencies": TableSpec("agencies", ("agency_id", "ori", "state_abbr")),
    "victim_offender_rel": TableSpec(
        "nibrs_victim_offender_rel", ("victim_id", "offender_id", "relationship_id")
    ),
    "relationship": TableSpec("nibrs_relationship", ("relationship_id", "relationship_code")),
    "weapon": TableSpec("nibrs_weapon", ("offense_id", "weapon_id")),
    "weapon_type": TableSpec("nibrs_weapon_type", ("weapon_id", "weapon_code")),
    "suspect_using": TableSpec("nibrs_suspect_using", ("offense_id", "suspect_using_id")),
    "using_list": TableSpec("nibrs_using_list", ("suspect_using_id", "suspect_using_code")),
}

#: Tables whose rows carry an offense (by id before 2021, by code after).
OFFENSE_TABLES = ("offense", "arrestee")


def detect_layout(offense_columns: Sequence[str], where: str) -> Layout:
    """The layout of a download, from the header of its offense table (lower-cased names)."""
    names = set(offense_columns)
    for layout in (CURRENT, LEGACY):
        if layout.offense_code_column in names:
            return layout
    raise MissingColumnError(
        f"{where} (neither the 2021+ layout's offense_code nor the older OFFENSE_TYPE_ID)",
        ["offense_code"],
        list(offense_columns),
    )
