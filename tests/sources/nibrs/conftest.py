"""A hand-made NIBRS download, written in either CDE layout, and the real DC 2020 sample.

The same four incidents are written in the pre-2021 layout (quoted UPPER_CASE headers, OFFENSE_TYPE_ID,
DD-MON-YY dates, R/Y flags, the DC sample's lookup ids) and in the 2021+ layout (lower-case file names and
headers, offense_code on the rows, ISO dates, t/f flags, other lookup ids), so a test can check that both
read to the same canonical rows. What each row must become is written out in ``test_canonical.py``.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

DC_2020 = Path(__file__).parent / "data" / "DC_2020_MTP"
LOOKUP_2021 = Path(__file__).parent / "data" / "NIBRS_OFFENSE_TYPE_2021_layout.csv"

AGENCIES = [
    {"agency_id": "9001", "ori": "VA0010000", "state_abbr": "VA", "pub_agency_name": "North PD"},
    {"agency_id": "9002", "ori": "VA0020000", "state_abbr": "VA", "pub_agency_name": "South PD"},
]
INCIDENTS = [
    {"incident_id": "501", "agency_id": "9001", "incident_date": date(2021, 3, 5), "report": False},
    {"incident_id": "502", "agency_id": "9001", "incident_date": date(2021, 7, 19), "report": True},
    {
        "incident_id": "503",
        "agency_id": "9002",
        "incident_date": date(2021, 12, 31),
        "report": False,
    },
    {"incident_id": "504", "agency_id": "9002", "incident_date": date(2022, 1, 2), "report": False},
]
OFFENSES = [
    {"offense_id": "7001", "incident_id": "501", "code": "13A", "attempt_complete_flag": "C"},
    {"offense_id": "7002", "incident_id": "501", "code": "290", "attempt_complete_flag": "A"},
    {"offense_id": "7003", "incident_id": "502", "code": "09A", "attempt_complete_flag": "C"},
    {"offense_id": "7004", "incident_id": "503", "code": "35A", "attempt_complete_flag": "C"},
    {"offense_id": "7005", "incident_id": "504", "code": "23F", "attempt_complete_flag": "C"},
]
# victim type: I individual, S society, B business (ids as in the DC sample's lookup)
VICTIMS = [
    {"victim_id": "8001", "incident_id": "501", "victim_type_id": "4", "sex_code": "F", "age_num": "34"},
    {"victim_id": "8002", "incident_id": "501", "victim_type_id": "4", "sex_code": "M", "age_num": "17"},
    {"victim_id": "8003", "incident_id": "502", "victim_type_id": "4", "sex_code": "M", "age_num": "45"},
    {"victim_id": "8004", "incident_id": "503", "victim_type_id": "8", "sex_code": "", "age_num": ""},
    {"victim_id": "8005", "incident_id": "504", "victim_type_id": "1", "sex_code": "", "age_num": ""},
]  # fmt: skip
VICTIM_OFFENSES = [("8001", "7001"), ("8001", "7002"), ("8002", "7001"), ("8003", "7003"),
                   ("8004", "7004"), ("8005", "7005")]  # fmt: skip
OFFENDERS = [
    {"offender_id": "9101", "incident_id": "501", "offender_seq_num": "1", "sex_code": "M", "age_num": "30"},
    {"offender_id": "9105", "incident_id": "501", "offender_seq_num": "2", "sex_code": "M", "age_num": "51"},
    {"offender_id": "9102", "incident_id": "502", "offender_seq_num": "1", "sex_code": "F", "age_num": "40"},
    {"offender_id": "9103", "incident_id": "503", "offender_seq_num": "0", "sex_code": "X", "age_num": ""},
    {"offender_id": "9104", "incident_id": "504", "offender_seq_num": "0", "sex_code": "X", "age_num": ""},
]  # fmt: skip
# (victim, offender, relationship code): victim 8001 is the offender 9101's girlfriend and a stranger
# to 9105; 8002 is 9101's child; 8003 is 9102's ex-spouse.
RELATIONS = [("8001", "9101", "BG"), ("8001", "9105", "ST"), ("8002", "9101", "CH"),
             ("8003", "9102", "XS")]  # fmt: skip
WEAPONS = [("7001", "12"), ("7001", "40"), ("7003", "20")]  # handgun and hands; knife
USING = [("7001", "C"), ("7004", "D")]  # computer equipment; drugs
ARRESTEES = [
    {"arrestee_id": "6001", "incident_id": "501", "arrest_date": date(2021, 3, 6), "code": "13A",
     "sex_code": "M", "age_num": "30"},
    {"arrestee_id": "6002", "incident_id": "503", "arrest_date": date(2022, 1, 10), "code": "35A",
     "sex_code": "Q", "age_num": "22"},
    {"arrestee_id": "6003", "incident_id": "502", "arrest_date": date(2021, 7, 20), "code": "09A",
     "sex_code": "U", "age_num": ""},
]  # fmt: skip

# Lookup ids differ between the layouts (as the README of the reference data says they do).
LEGACY_IDS = {
    "offense": {"13A": "27", "290": "5", "09A": "32", "35A": "16", "23F": "14"},
    "relationship": {"BG": "3", "CH": "5", "XS": "26", "ST": "24"},
    "weapon": {"12": "3", "40": "12", "20": "9"},
    "using": {"C": "2", "D": "3"},
}
CURRENT_IDS = {
    "relationship": {"BG": "103", "CH": "105", "XS": "126", "ST": "124"},
    "weapon": {"12": "303", "40": "312", "20": "309"},
    "using": {"C": "42", "D": "43"},
}


def _write(path: Path, header: Sequence[str], rows: Sequence[Sequence[Any]], legacy: bool) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        if legacy:
            fh.write(",".join(f'"{h.upper()}"' for h in header) + "\n")
        else:
            fh.write(",".join(header) + "\n")
        csv.writer(fh, lineterminator="\n").writerows(rows)


def _date(value: date, legacy: bool) -> str:
    return value.strftime("%d-%b-%y").upper() if legacy else value.isoformat()


def write_extract(folder: Path, layout: str) -> Path:
    """Write the hand-made download in ``layout`` ('pre-2021' or '2021+') into ``folder``."""
    legacy = layout == "pre-2021"
    ids = LEGACY_IDS if legacy else CURRENT_IDS
    folder.mkdir(parents=True, exist_ok=True)

    def name(table: str) -> Path:
        file = table if table == "agencies" else f"NIBRS_{table}"
        upper = file if table in ("incident", "agencies") else f"NIBRS_{table.upper()}"
        return folder / (f"{upper}.csv" if legacy else f"{file.lower()}.csv")

    yes, no = ("R", "") if legacy else ("t", "f")
    _write(name("agencies"), ["agency_id", "data_year", "ori", "pub_agency_name", "state_abbr"],
           [[a["agency_id"], "2021", a["ori"], a["pub_agency_name"], a["state_abbr"]]
            for a in AGENCIES], legacy)  # fmt: skip
    submitted = datetime(2022, 2, 1, 10, 30)
    _write(
        name("incident"),
        ["data_year", "agency_id", "incident_id", "submission_date", "incident_date",
         "report_date_flag", "incident_hour", "cleared_except_id"],
        [[i["incident_date"].year, i["agency_id"], i["incident_id"],
          submitted.strftime("%d-%b-%y").upper() if legacy else str(submitted),
          _date(i["incident_date"], legacy), yes if i["report"] else no, "14", "6"]
         for i in INCIDENTS],
        legacy,
    )  # fmt: skip
    code_column = "offense_type_id" if legacy else "offense_code"

    def code(value: str) -> str:
        return ids["offense"][value] if legacy else value

    _write(
        name("offense"),
        ["data_year", "offense_id", "incident_id", code_column, "attempt_complete_flag",
         "location_id"],
        [[2021, o["offense_id"], o["incident_id"], code(o["code"]), o["attempt_complete_flag"], "13"]
         for o in OFFENSES],
        legacy,
    )  # fmt: skip
    if legacy:
        _write(name("offense_type"), ["offense_type_id", "offense_code", "offense_name"],
               [[v, k, f"offense {k}"] for k, v in LEGACY_IDS["offense"].items()], legacy)  # fmt: skip
    _write(name("victim"), ["data_year", *VICTIMS[0]],
           [[2021, *v.values()] for v in VICTIMS], legacy)  # fmt: skip
    _write(name("victim_offense"), ["data_year", "victim_id", "offense_id"],
           [[2021, v, o] for v, o in VICTIM_OFFENSES], legacy)  # fmt: skip
    _write(name("offender"), ["data_year", *OFFENDERS[0]],
           [[2021, *o.values()] for o in OFFENDERS], legacy)  # fmt: skip
    _write(name("victim_offender_rel"), ["data_year", "victim_id", "offender_id", "relationship_id"],
           [[2021, v, o, ids["relationship"][r]] for v, o, r in RELATIONS], legacy)  # fmt: skip
    _write(name("relationship"), ["relationship_id", "relationship_code", "relationship_name"],
           [[i, c, f"relationship {c}"] for c, i in ids["relationship"].items()], legacy)  # fmt: skip
    _write(name("weapon"), ["data_year", "weapon_id", "offense_id"],
           [[2021, ids["weapon"][w], o] for o, w in WEAPONS], legacy)  # fmt: skip
    _write(name("weapon_type"), ["weapon_id", "weapon_code", "weapon_name"],
           [[i, c, f"weapon {c}"] for c, i in ids["weapon"].items()], legacy)  # fmt: skip
    _write(name("suspect_using"), ["data_year", "suspect_using_id", "offense_id"],
           [[2021, ids["using"][u], o] for o, u in USING], legacy)  # fmt: skip
    _write(name("using_list"), ["suspect_using_id", "suspect_using_code", "suspect_using_name"],
           [[i, c, f"using {c}"] for c, i in ids["using"].items()], legacy)  # fmt: skip
    _write(
        name("arrestee"),
        ["data_year", "arrestee_id", "incident_id", "arrest_date", code_column, "sex_code",
         "age_num", "multiple_indicator"],
        [[2021, a["arrestee_id"], a["incident_id"], _date(a["arrest_date"], legacy),
          code(a["code"]), a["sex_code"], a["age_num"], "N"] for a in ARRESTEES],
        legacy,
    )  # fmt: skip
    return folder


@pytest.fixture(scope="module", params=["pre-2021", "2021+"])
def hand_extract(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, Path]:
    """The hand-made download in each layout in turn: (layout name, folder)."""
    layout = str(request.param)
    return layout, write_extract(tmp_path_factory.mktemp("nibrs") / "VA_2021", layout)


@pytest.fixture
def make_extract(tmp_path: Path) -> Callable[[str], Path]:
    """A function writing a fresh copy of the hand-made download in a layout."""
    made = iter(range(1000))
    return lambda layout: write_extract(tmp_path / f"extract_{next(made)}", layout)
