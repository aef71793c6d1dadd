"""Counts cube → UN-CTS observations → questionnaire workbook → import: same numbers, states kept."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pyarrow as pa
import pytest

from crimestats.errors import MissingColumnError, UnknownCodeError
from crimestats.publish.cts_counts import cts_observations_from_counts
from crimestats.publish.cts_workbook import write_cts_workbook
from crimestats.sources.cts_content import questionnaire
from crimestats.sources.cts_workbook import read_cts_workbook

KEY = ["indicator", "dimension", "category", "sex", "age", "year"]


def cube_row(
    stage: str,
    unit: str,
    year: int,
    code: str,
    value: float,
    *,
    sex: str = "_T",
    age: str = "_T",
    citizenship: str = "_T",
    area: str = "_T",
    attempt: str = "_T",
) -> dict[str, Any]:
    return {
        "stage": stage,
        "unit": unit,
        "year": year,
        "area": area,
        "iccs_code": code,
        "attempt": attempt,
        "sex": sex,
        "age": age,
        "citizenship": citizenship,
        "value": float(value),
    }


def small_cube() -> pa.Table:
    rows = []
    for year, homicides in ((2022, 120), (2023, 100)):
        rows += [
            cube_row("police", "victims", year, "0101", homicides),
            cube_row("police", "victims", year, "0101", homicides - 30, sex="M"),
            cube_row("police", "victims", year, "0101", 30, sex="F"),
            cube_row("police", "victims", year, "0101", 7, age="_U"),
            cube_row("police", "victims", year, "0101", 40, age="Y15T29"),
            cube_row("police", "victims", year, "0101", 60, area="R01"),
            cube_row("police", "offences", year, "0301", 50),
            cube_row("police", "offences", year, "03011", 20.5),  # fractional from a 1:n split
            cube_row("police", "offences", year, "03011", 12, attempt="completed"),
            cube_row("police", "offences", year, "0502", 0),
            cube_row("courts", "persons", year, "0401", 9),
            cube_row("prisons", "persons", year, "01", 300),
            cube_row("prisons", "persons", year, "02", 200),
            cube_row("prisons", "persons", year, "01", 250, citizenship="national"),
            cube_row("prisons", "persons", year, "01", 50, citizenship="foreign"),
        ]
    return pa.Table.from_pylist(rows)


def lookup(table: pa.Table) -> dict[tuple[Any, ...], tuple[Any, Any]]:
    return {
        tuple(r[k] for k in KEY): (r["value"], r["status"])
        for r in table.select([*KEY, "value", "status"]).to_pylist()
    }


def test_cells_filled_from_the_cube() -> None:
    cells = lookup(cts_observations_from_counts(small_cube(), "MEX"))
    hom = ("Victims of intentional homicide", "Total", "Total")
    assert cells[(*hom, "Total", "Total", 2023)] == (100.0, "number")
    assert cells[(*hom, "Male", "Total", 2023)] == (70.0, "number")
    assert cells[(*hom, "Female", "Total", 2022)] == (30.0, "number")
    assert cells[(*hom, "Total", "Age unknown", 2023)] == (7.0, "number")
    # The questionnaire's homicide bands cut across the cube's 15-29: not available, never 0.
    assert cells[(*hom, "Total", "20-24", 2023)] == (None, "not_available")
    rape = ("Violent offences", "by type of offence", "Sexual violence: Rape")
    assert cells[(*rape, "Total", "Total", 2023)] == (20.5, "number")
    theft = ("Offences", "by type of offence", "Theft")
    assert cells[(*theft, "Total", "Total", 2023)] == (0.0, "zero")
    burglary = ("Offences", "by type of offence", "Burglary")
    assert cells[(*burglary, "Total", "Total", 2023)] == (None, "not_available")
    held = ("Persons held", "Total", "Total")
    assert cells[(*held, "Total", "Total", 2023)] == (500.0, "number")  # 300 + 200 sections
    nationals = ("Persons held", "by citizenship", "National citizens")
    assert cells[(*nationals, "Total", "Total", 2023)] == (250.0, "number")
    acts = (
        "Persons held",
        "by type of criminal acts",
        "Acts leading to death or intending to cause death",
    )
    assert cells[(*acts, "Total", "Total", 2022)] == (300.0, "number")
    convicted = ("Persons convicted", "by selected crime", "Robbery")
    assert cells[(*convicted, "Total", "Total", 2023)] == (9.0, "number")
    status = ("Persons held", "by status", "Unsentenced")
    assert cells[(*status, "Total", "Total", 2023)] == (None, "not_available")


def test_every_asked_cell_is_present_and_nothing_else() -> None:
    table = cts_observations_from_counts(small_cube(), "MEX", years=[2023])
    expected = sum(len(item.cells) for item in questionnaire().items)
    assert table.num_rows == expected
    assert set(table["status"].to_pylist()) == {"number", "zero", "not_available"}
    assert set(table["year"].to_pylist()) == {2023}


def test_user_assigned_iso_codes_are_accepted() -> None:
    # ISO 3166-1 leaves XAA-XZZ to users: the synthetic demo country is XDM.
    table = cts_observations_from_counts(small_cube(), "XDM", years=[2023])
    assert set(table["iso3"].to_pylist()) == {"XDM"}


def test_unknown_country_and_missing_column() -> None:
    with pytest.raises(UnknownCodeError, match="'MEXX'"):
        cts_observations_from_counts(small_cube(), "MEXX")
    with pytest.raises(MissingColumnError, match="'citizenship'"):
        cts_observations_from_counts(small_cube().drop(["citizenship"]), "MEX")


def test_workbook_round_trip_gives_the_same_numbers(tmp_path: Path) -> None:
    observations = cts_observations_from_counts(small_cube(), "MEX")
    path = write_cts_workbook(
        observations, tmp_path / "uncts.xlsx", country="MEX", years=[2022, 2023]
    )
    back = read_cts_workbook(path)
    assert back.country == "MEX"
    assert back.year == 2024
    assert back.findings == []
    assert lookup(back.table) == lookup(observations)
    order = [(k, "ascending") for k in KEY]
    assert back.table.drop(["row"]).sort_by(order).equals(observations.drop(["row"]).sort_by(order))


def test_workbook_layout_keeps_the_four_states_apart(tmp_path: Path) -> None:
    observations = cts_observations_from_counts(small_cube(), "MEX", years=[2023])
    path = write_cts_workbook(observations, tmp_path / "uncts.xlsx", country="MEX", years=[2023])
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[0] == "About"
    assert "Homicide" in book.sheetnames
    assert "Homicide metadata" in book.sheetnames
    sheet = book["Police offences"]
    keys = [c.value for c in sheet[8]]
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=9)}
    total = keys.index("2023|Total|Total")
    assert rows["off_theft"][total].value == 0
    assert rows["off_burglary"][total].value == "not available"
    assert rows["off_rape"][total].value == 20.5
    assert rows["off_rape"][1].value == "03011"
    assert rows["off_rape"][2].value == "Rape"  # the ICCS label
    homicide = book["Homicide"]
    keys = [c.value for c in homicide[8]]
    hrows = {r[0].value: r for r in homicide.iter_rows(min_row=9)}
    # Citizenship rows ask no age bands: those cells are grey and empty (not asked).
    band = keys.index("2023|Total|0-9")
    grey = hrows["hom_susp_nat"][band]
    assert grey.value is None
    assert grey.fill.start_color.rgb.endswith("D9D9D9")
    meta = book["Police offences metadata"]
    header = [c.value for c in meta[1]]
    assert "National definition used" in header
    assert "Coverage (share of agencies reporting)" in header
    unit_at = header.index("Counting unit")
    assert {r[unit_at].value for r in meta.iter_rows(min_row=2)} == {"offences"}


def test_cube_with_an_outcome_status_is_not_double_counted() -> None:
    rows = []
    for status, courts in (("_T", 15), ("convicted", 9), ("acquitted", 6)):
        rows.append({**cube_row("courts", "persons", 2023, "0401", courts), "status": status})
    for status, held in (("_T", 300), ("sentenced", 200), ("unsentenced", 100)):
        rows.append({**cube_row("prisons", "persons", 2023, "01", held), "status": status})
    cells = lookup(cts_observations_from_counts(pa.Table.from_pylist(rows), "MEX"))
    assert cells[("Persons convicted", "by selected crime", "Robbery", "Total", "Total", 2023)] == (
        9.0,
        "number",
    )
    assert cells[("Persons held", "Total", "Total", "Total", "Total", 2023)] == (300.0, "number")
    assert cells[("Persons held", "by status", "Sentenced", "Total", "Total", 2023)] == (
        200.0,
        "number",
    )
    assert cells[("Persons held", "by status", "Unsentenced", "Total", "Total", 2023)] == (
        100.0,
        "number",
    )
