"""The joined NIBRS rows each count starts from: offenses with their code, victims of offenses,
arrestees, each with its incident's date and agency.

Columns keep the download's (lower-cased) names; a few derived ones start with an underscore. Lookups
are reduced to one row per id first, so a join never repeats a row of the table it starts from.
"""

from __future__ import annotations

from typing import Any

import ibis

from crimestats.sources.nibrs.codes import RELATIONSHIP_VIP, WEAPON_WE
from crimestats.sources.nibrs.folder import NibrsExtract
from crimestats.sources.nibrs.values import attach, code, lookup, numbered, text

__all__ = ["arrestee_rows", "offense_rows", "victim_offense_rows", "with_offense_code"]

#: Columns every unit takes from its incident and the incident's agency.
INCIDENT_COLUMNS = ("incident_date", "agency_id", "report_date_flag")
AGENCY_COLUMNS = ("ori", "state_abbr")


def with_offense_code(extract: NibrsExtract, table: Any) -> Any:
    """Offense or arrestee rows with ``offense_code`` (through the offense-type lookup before 2021)."""
    lookup_key = extract.layout.offense_lookup
    if lookup_key is None:
        return table
    types = lookup(extract.table(lookup_key), "offense_type_id", "offense_code")
    return attach(table, "offense_type_id", types, "_key", ["offense_code"])


def _with_incident(extract: NibrsExtract, rows: Any) -> Any:
    """Add the incident's date, report-date flag and agency, and the agency's ORI and state."""
    incident = extract.table("incident")
    if "report_date_flag" not in incident.columns:
        incident = incident.mutate(report_date_flag=ibis.null("string"))
    rows = attach(rows, "incident_id", incident, "incident_id", INCIDENT_COLUMNS)
    if extract.has("agencies"):
        agencies = extract.table("agencies")
        one = agencies.group_by(_key=text(agencies.agency_id)).agg(
            ori=code(agencies.ori).min(), state_abbr=code(agencies.state_abbr).min()
        )
        return attach(rows, "agency_id", one, "_key", AGENCY_COLUMNS)
    return rows.mutate(ori=ibis.null("string"), state_abbr=ibis.null("string"))


def _weapon_by_offense(extract: NibrsExtract) -> Any | None:
    """ICCS We code per offense: the most dangerous of its (up to three) weapons."""
    if not extract.has("weapon", "weapon_type"):
        return None
    types = lookup(extract.table("weapon_type"), "weapon_id", "weapon_code")
    rows = attach(extract.table("weapon"), "weapon_id", types, "_key", ["weapon_code"])
    we = rows.weapon_code.substitute(WEAPON_WE, else_=ibis.null("int8"))
    return rows.group_by(_key=text(rows.offense_id)).agg(_we=we.min())


def _cyber_by_offense(extract: NibrsExtract) -> Any | None:
    """Offenses whose offender was suspected of using computer equipment (NIBRS code C)."""
    if not extract.has("suspect_using", "using_list"):
        return None
    codes = lookup(extract.table("using_list"), "suspect_using_id", "suspect_using_code")
    rows = attach(
        extract.table("suspect_using"), "suspect_using_id", codes, "_key", ["suspect_using_code"]
    )
    computer = (rows.suspect_using_code == "C").fill_null(False)
    return rows.group_by(_key=text(rows.offense_id)).agg(_cyber=computer.any())


def _relationship_by_victim(extract: NibrsExtract) -> Any | None:
    """ICCS ViP code per victim: the closest relationship to any of the incident's offenders."""
    if not extract.has("victim_offender_rel", "relationship"):
        return None
    codes = lookup(extract.table("relationship"), "relationship_id", "relationship_code")
    rows = attach(
        extract.table("victim_offender_rel"),
        "relationship_id",
        codes,
        "_key",
        ["relationship_code"],
    )
    vip = rows.relationship_code.substitute(RELATIONSHIP_VIP, else_=ibis.null("int8"))
    return rows.group_by(_key=text(rows.victim_id)).agg(_vip=vip.min())


def _with_offense_details(extract: NibrsExtract, rows: Any) -> Any:
    """Add ``_we`` and ``_cyber`` per offense (nulls when the download lacks those tables)."""
    weapons, cyber = _weapon_by_offense(extract), _cyber_by_offense(extract)
    rows = (
        attach(rows, "offense_id", weapons, "_key", ["_we"])
        if weapons is not None
        else rows.mutate(_we=ibis.null("int8"))
    )
    if cyber is not None:
        return attach(rows, "offense_id", cyber, "_key", ["_cyber"])
    return rows.mutate(_cyber=ibis.null("boolean"))


def offense_rows(extract: NibrsExtract) -> Any:
    """One row per offense (``_row`` of the offense file) with code, weapon, cyber and incident."""
    offenses = with_offense_code(extract, numbered(extract.table("offense")))
    return _with_incident(extract, _with_offense_details(extract, offenses))


def victim_offense_rows(extract: NibrsExtract) -> Any:
    """One row per victim × offense link (``_row`` of the victim-offense file) with the victim's
    sex, age and closest relationship, the offense's code, attempt flag, weapon and cyber flag, and
    the incident."""
    victim = extract.table("victim")
    rows = attach(
        numbered(extract.table("victim_offense")),
        "victim_id",
        victim,
        "victim_id",
        ["incident_id", "sex_code", "age_num"],
    )
    offenses = _with_offense_details(extract, with_offense_code(extract, extract.table("offense")))
    rows = attach(
        rows,
        "offense_id",
        offenses,
        "offense_id",
        ["offense_code", "attempt_complete_flag", "_we", "_cyber"],
    )
    relationship = _relationship_by_victim(extract)
    rows = (
        attach(rows, "victim_id", relationship, "_key", ["_vip"])
        if relationship is not None
        else rows.mutate(_vip=ibis.null("int8"))
    )
    return _with_incident(extract, rows)


def arrestee_rows(extract: NibrsExtract) -> Any:
    """One row per arrestee (``_row`` of the arrestee file) with the arrest offense and incident."""
    arrestees = with_offense_code(extract, numbered(extract.table("arrestee")))
    return _with_incident(extract, arrestees)
