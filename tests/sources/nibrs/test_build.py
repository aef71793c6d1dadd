"""A project whose only source is ``kind: nibrs`` builds end to end, and its counts by ICCS section
equal a hand count of the DC 2020 sample through the built-in correspondence."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest

from crimestats.project import build_project, connect_project, load_project
from crimestats.project.build import BuildResult

DC_2020 = Path(__file__).parent / "data" / "DC_2020_MTP"
CORRESPONDENCE = (
    Path(__file__).parents[3] / "src" / "crimestats" / "data" / "nibrs" / "nibrs_iccs.csv"
)
TODAY = date(2026, 1, 15)


def _csv(name: str) -> list[dict[str, str]]:
    with (DC_2020 / name).open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _year(text: str) -> int:
    return datetime.strptime(text, "%d-%b-%y").year


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    root = tmp_path_factory.mktemp("nibrs_project")
    (root / "crimestats.toml").write_text('[project]\nname = "DC transit police"\n')
    (root / "sources").mkdir()
    (root / "sources" / "dc.yaml").write_text(f"kind: nibrs\npath: {DC_2020}\n")
    project = load_project(root)
    return root, build_project(project, connect_project(project), today=TODAY)


@pytest.fixture(scope="module")
def hand() -> dict[str, Counter[tuple[str, ...]]]:
    """Offences, victims and arrestees by ICCS section counted from the files with plain Python."""
    with CORRESPONDENCE.open(newline="", encoding="utf-8") as fh:
        section = {r["national_code"]: r["iccs_code"][:2] for r in csv.DictReader(fh)}
    code_of_type = {r["OFFENSE_TYPE_ID"]: r["OFFENSE_CODE"] for r in _csv("NIBRS_OFFENSE_TYPE.csv")}
    year_of_incident = {r["INCIDENT_ID"]: _year(r["INCIDENT_DATE"]) for r in _csv("NIBRS_incident.csv")}  # fmt: skip
    offences: Counter[tuple[str, ...]] = Counter()
    offense = {}
    for r in _csv("NIBRS_OFFENSE.csv"):
        code = code_of_type[r["OFFENSE_TYPE_ID"]]
        offense[r["OFFENSE_ID"]] = (code, r["INCIDENT_ID"])
        offences[(str(year_of_incident[r["INCIDENT_ID"]]), section[code])] += 1
    # Counts show an unknown sex (U, or none for businesses and society) as _U.
    sex_of_victim = {
        r["VICTIM_ID"]: {"M": "M", "F": "F"}.get(r["SEX_CODE"], "_U")
        for r in _csv("NIBRS_VICTIM.csv")
    }
    victims: Counter[tuple[str, ...]] = Counter()
    for r in _csv("NIBRS_VICTIM_OFFENSE.csv"):
        code, incident = offense[r["OFFENSE_ID"]]
        victims[
            (str(year_of_incident[incident]), section[code], sex_of_victim[r["VICTIM_ID"]])
        ] += 1
    arrestees: Counter[tuple[str, ...]] = Counter()
    for r in _csv("NIBRS_ARRESTEE.csv"):
        code = code_of_type[r["OFFENSE_TYPE_ID"]]
        arrestees[(str(_year(r["ARREST_DATE"])), section[code])] += 1
    return {"offences": offences, "victims": victims, "persons": arrestees}


def _sections(root: Path, unit: str, by_sex: bool = False) -> dict[tuple[str, ...], float]:
    counts = pd.read_parquet(root / "output" / "counts.parquet")
    chosen = counts[
        (counts.stage == "police")
        & (counts.unit == unit)
        & (counts.iccs_level == 1)
        & (counts.area == "_T")
        & (counts.attempt == "_T")
        & (counts.age == "_T")
        & (counts.citizenship == "_T")
        & (counts.status == "_T")
        & ((counts.sex != "_T") if by_sex else (counts.sex == "_T"))
    ]
    if by_sex:
        return {(str(r.year), r.iccs_code, r.sex): r.value for r in chosen.itertuples()}
    return {(str(r.year), r.iccs_code): r.value for r in chosen.itertuples()}


def test_every_row_is_counted(built: tuple[Path, BuildResult]) -> None:
    _, result = built
    got = {s.name: (s.unit, s.rows_in, s.counted, s.quarantined) for s in result.sources}
    assert got == {
        "dc.offenses": ("offences", 2431, 2431, {}),
        "dc.victims": ("victims", 2616, 2616, {}),
        "dc.arrestees": ("persons", 1058, 1058, {}),
    }
    assert not result.failed


def test_offences_by_iccs_section_equal_the_hand_count(built, hand) -> None:  # type: ignore[no-untyped-def]
    root, _ = built
    assert _sections(root, "offences") == dict(hand["offences"])
    assert sum(hand["offences"].values()) == 2431


def test_victims_by_section_and_sex_equal_the_hand_count(built, hand) -> None:  # type: ignore[no-untyped-def]
    root, _ = built
    assert _sections(root, "victims", by_sex=True) == dict(hand["victims"])


def test_arrestees_by_arrest_year_and_section_equal_the_hand_count(built, hand) -> None:  # type: ignore[no-untyped-def]
    root, _ = built
    got = _sections(root, "persons")
    assert got == dict(hand["persons"])
    # Nine arrests of January 2021 for 2020 incidents count in 2021, the year of the arrest.
    assert sum(v for (year, _), v in got.items() if year == "2021") == 9


def test_each_incident_counts_once_under_its_principal_offence(built) -> None:  # type: ignore[no-untyped-def]
    root, _ = built
    assert sum(_sections(root, "incidents").values()) == 2191
