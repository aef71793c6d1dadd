"""Reading a questionnaire workbook a focal point has filled by hand."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pyarrow as pa
import pytest

from crimestats.errors import FileFormatError
from crimestats.model import Severity
from crimestats.publish.cts_workbook import write_cts_workbook
from crimestats.sources.cts_workbook import read_cts_file, read_cts_workbook


def blank_workbook(tmp_path: Path) -> Path:
    empty = pa.table({"iso3": pa.array([], pa.string())})
    columns = ["indicator", "dimension", "category", "year", "value", "status", "sex", "age"]
    for name in columns:
        empty = empty.append_column(
            name, pa.array([], pa.int64() if name == "year" else pa.string())
        )
    empty = empty.set_column(
        empty.schema.get_field_index("value"), "value", pa.array([], pa.float64())
    )
    return write_cts_workbook(empty, tmp_path / "blank.xlsx", country="CRI", years=[2023])


def fill(path: Path, sheet: str, item: str, key: str, value: object) -> None:
    book = openpyxl.load_workbook(path)
    ws = book[sheet]
    keys = [c.value for c in ws[8]]
    for row in ws.iter_rows(min_row=9):
        if row[0].value == item:
            row[keys.index(key)].value = value
    book.save(path)


def cell(
    table: pa.Table, category: str, sex: str = "Total", age: str = "Total"
) -> tuple[object, object]:
    for r in table.to_pylist():
        if (r["category"], r["sex"], r["age"]) == (category, sex, age):
            return r["value"], r["status"]
    raise AssertionError(f"no cell {category} {sex} {age}")


def test_typed_answers_are_read_as_the_four_states(tmp_path: Path) -> None:
    path = blank_workbook(tmp_path)
    sheet = "Police offences"
    fill(path, sheet, "off_robbery", "2023|Total|Total", 1234)
    fill(path, sheet, "off_kidnapping", "2023|Total|Total", 0)
    fill(path, sheet, "off_burglary", "2023|Total|Total", "..")
    fill(path, sheet, "off_theft", "2023|Total|Total", "Not applicable")
    fill(path, sheet, "off_fraud", "2023|Total|Total", "1 500")
    fill(path, sheet, "off_corruption", "2023|Total|Total", "lots")
    result = read_cts_workbook(path)
    t = result.table
    assert result.country == "CRI"
    assert cell(t, "Robbery") == (1234.0, "number")
    assert cell(t, "Kidnapping") == (0.0, "zero")
    assert cell(t, "Burglary") == (None, "not_available")
    assert cell(t, "Theft") == (None, "not_applicable")
    assert cell(t, "Fraud") == (1500.0, "number")
    assert cell(t, "Serious assault") == (None, "blank")
    [bad] = [f for f in result.findings if f.code == "cts-workbook.bad-value"]
    assert bad.severity is Severity.ERROR
    assert "'lots'" in bad.message
    assert bad.location.column == "H"
    empty = [f for f in result.findings if f.code == "cts-workbook.empty-cells"]
    assert empty
    assert all(f.count > 0 for f in empty)


def test_value_in_a_grey_cell_is_kept_and_flagged(tmp_path: Path) -> None:
    path = blank_workbook(tmp_path)
    # Citizenship rows of the homicide block ask no sex split: Male is grey there.
    fill(path, "Homicide", "hom_susp_nat", "2023|Male|Total", 5)
    result = read_cts_workbook(path)
    [flag] = [f for f in result.findings if f.code == "cts-workbook.not-asked-cell"]
    assert "hom_susp_nat" in flag.message
    assert cell(result.table, "National citizens", sex="Male") == (5.0, "number")


def test_an_xlsx_that_is_neither_a_workbook_nor_a_dataunodc_file(tmp_path: Path) -> None:
    path = tmp_path / "budget.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["department", "amount"])
    book.save(path)
    with pytest.raises(FileFormatError, match="not a UN-CTS questionnaire workbook"):
        read_cts_workbook(path)
    with pytest.raises(FileFormatError, match="not a dataUNODC file"):
        read_cts_file(path)


def test_metadata_sheet_is_read_back_and_names_the_source(tmp_path: Path) -> None:
    path = blank_workbook(tmp_path)
    fill(path, "Police offences", "off_robbery", "2023|Total|Total", 77)
    book = openpyxl.load_workbook(path)
    meta = book["Police offences metadata"]
    header = [c.value for c in meta[1]]
    for row in meta.iter_rows(min_row=2):
        if row[0].value == "off_robbery":
            row[header.index("National definition used")].value = "Art. 212 Penal Code"
            row[header.index("Coverage (share of agencies reporting)")].value = "96% of stations"
            row[header.index("Source")].value = "OIJ"
    book.save(path)
    result = read_cts_workbook(path)
    robbery = result.metadata["off_robbery"]
    assert robbery.national_definition == "Art. 212 Penal Code"
    assert robbery.coverage == "96% of stations"
    assert robbery.counting_unit == "offences"  # pre-filled by the export
    rows = [
        r
        for r in result.table.to_pylist()
        if (r["indicator"], r["category"]) == ("Violent offences", "Robbery")
    ]
    assert {r["source"] for r in rows} == {"OIJ"}
    assert [r["value"] for r in rows if r["sex"] == "Total"] == [77.0]
