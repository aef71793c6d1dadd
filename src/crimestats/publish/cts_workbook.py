"""Write the UN-CTS questionnaire workbook: one sheet per block, rows = ICCS categories, columns = years ×
sex × age, and a metadata sheet per block.

Cells say one of four things, and the workbook keeps them apart: a number (``0`` included), "not
available" (the country has no data), "not applicable" (the category does not exist in national law),
and blank on grey (the questionnaire does not ask this cell). A hidden row under the headers carries a
machine key per column (``year|sex|age``) so that ``crimestats cts import`` reads the workbook back
exactly, whatever a focal point does to the labels.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa

from crimestats.classification import iccs
from crimestats.errors import InputError
from crimestats.model.cts import (
    METADATA_FIELDS,
    NOT_APPLICABLE_LABEL,
    NOT_AVAILABLE_LABEL,
    CtsBlock,
    ItemMetadata,
    Questionnaire,
    ValueStatus,
)
from crimestats.sources.cts_content import country_codes, questionnaire

__all__ = [
    "ABOUT_SHEET",
    "ITEM_COLUMNS",
    "KEY_MARK",
    "block_columns",
    "metadata_sheet_name",
    "write_cts_workbook",
]

ABOUT_SHEET = "About"
#: The descriptive columns left of the data, in order; the first holds the item id.
ITEM_COLUMNS: tuple[str, ...] = (
    "Item",
    "ICCS code",
    "ICCS label",
    "Indicator",
    "Dimension",
    "Category",
    "Unit",
)
#: Text in column A of the hidden machine-key row.
KEY_MARK = "item_id"
_GREY = "D9D9D9"
_LEGEND = (
    "Enter a number (0 when there were none); 'not available' when the figure exists in law but "
    "no data are kept; 'not applicable' when the category does not exist in national law. Grey "
    "cells are not asked."
)


def metadata_sheet_name(block: CtsBlock) -> str:
    """The metadata sheet of a block (Excel sheet names have at most 31 characters)."""
    return f"{block.sheet} metadata"[:31]


def block_columns(block: CtsBlock, years: Sequence[int]) -> list[tuple[int, str, str]]:
    """(year, sex, age) of each data column of a block sheet."""
    cells: list[tuple[str, str]] = []
    for item in block.items:
        for cell in item.cells:
            if cell not in cells:
                cells.append(cell)
    cells.sort(key=lambda c: (c[0] != "Total", c[1] != "Total"))  # totals first, stable
    return [(year, sex, age) for year in years for sex, age in cells]


def _cell_value(value: float | None, status: str | None) -> Any:
    if status == ValueStatus.NOT_AVAILABLE:
        return NOT_AVAILABLE_LABEL
    if status == ValueStatus.NOT_APPLICABLE:
        return NOT_APPLICABLE_LABEL
    if value is None:
        return None
    return int(value) if float(value).is_integer() else float(value)


def _values(observations: pa.Table, country: str) -> dict[tuple[Any, ...], tuple[Any, Any]]:
    columns = [
        "iso3",
        "indicator",
        "dimension",
        "category",
        "sex",
        "age",
        "year",
        "value",
        "status",
    ]
    out: dict[tuple[Any, ...], tuple[Any, Any]] = {}
    for row in observations.select(columns).to_pylist():
        if row["iso3"] != country:
            continue
        key = (row["indicator"], row["dimension"], row["category"], row["year"], row["sex"])
        out[(*key, row["age"])] = (row["value"], row["status"])
    return out


def _write_about(book: Any, country: str, content: Questionnaire, years: Sequence[int]) -> None:
    from openpyxl.styles import Font

    sheet = book.create_sheet(ABOUT_SHEET)
    name = country_codes()[country].name if country in country_codes() else country
    rows = [
        ("United Nations Survey of Crime Trends and Operations of Criminal Justice Systems", ""),
        ("Questionnaire", f"UN-CTS {content.year}"),
        ("Country", country),
        ("Country name", name),
        ("Data years", ", ".join(str(y) for y in years)),
        ("Written", dt.date.today().isoformat()),
        ("How to fill", _LEGEND),
        ("Not available", NOT_AVAILABLE_LABEL),
        ("Not applicable", NOT_APPLICABLE_LABEL),
    ]
    for row in rows:
        sheet.append(list(row))
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 90


def _write_block(
    book: Any,
    block: CtsBlock,
    years: Sequence[int],
    values: Mapping[tuple[Any, ...], tuple[Any, Any]],
) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(block.sheet)
    columns = block_columns(block, years)
    first = len(ITEM_COLUMNS) + 1
    sheet.cell(1, 1, block.title).font = Font(bold=True, size=13)
    sheet.cell(2, 1, block.description)
    sheet.cell(3, 1, _LEGEND).font = Font(italic=True)
    for i, name in enumerate(ITEM_COLUMNS, start=1):
        sheet.cell(7, i, name).font = Font(bold=True)
        sheet.cell(8, i, KEY_MARK if i == 1 else name)
    for j, (year, sex, age) in enumerate(columns, start=first):
        if j == first or columns[j - first - 1][0] != year:
            sheet.cell(5, j, year).font = Font(bold=True)
        sheet.cell(6, j, sex).font = Font(bold=True)
        sheet.cell(7, j, "All ages" if age == "Total" else age).font = Font(bold=True)
        sheet.cell(8, j, f"{year}|{sex}|{age}")
        sheet.column_dimensions[get_column_letter(j)].width = 11
    sheet.row_dimensions[8].hidden = True
    grey = PatternFill("solid", start_color=_GREY, end_color=_GREY)
    labels = iccs()
    for r, item in enumerate(block.items, start=9):
        code = item.iccs_code
        label = labels.get(code).label("en") if code and labels.is_valid(code) else ""
        descriptive = (item.id, code, label, item.indicator, item.dimension, item.category)
        for i, text in enumerate((*descriptive, item.unit), start=1):
            sheet.cell(r, i, text)
        asked = set(item.cells)
        for j, (year, sex, age) in enumerate(columns, start=first):
            target = sheet.cell(r, j)
            if (sex, age) not in asked:
                target.fill = grey
                continue
            value, status = values.get((*item.key, year, sex, age), (None, None))
            target.value = _cell_value(value, status)
            target.alignment = Alignment(horizontal="right")
    for letter, width in zip("ABCDEFG", (22, 9, 40, 34, 26, 44, 12), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = sheet.cell(9, first)


def _write_metadata(book: Any, block: CtsBlock, metadata: Mapping[str, ItemMetadata]) -> None:
    from openpyxl.styles import Alignment, Font

    sheet = book.create_sheet(metadata_sheet_name(block))
    headers = ["Item", "ICCS code", "Category", *(h for h, _ in METADATA_FIELDS)]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for item in block.items:
        given = metadata.get(item.id, ItemMetadata())
        fields = [getattr(given, f) for _, f in METADATA_FIELDS]
        if not given.counting_unit:
            fields[2] = item.counting_unit
        sheet.append([item.id, item.iccs_code, f"{item.indicator}: {item.category}", *fields])
    for letter, width in zip("ABCDEFGH", (22, 9, 50, 40, 40, 14, 24, 30), strict=True):
        sheet.column_dimensions[letter].width = width


def write_cts_workbook(
    observations: pa.Table,
    path: str | Path,
    *,
    country: str,
    years: Sequence[int],
    content: Questionnaire | None = None,
    metadata: Mapping[str, ItemMetadata] | None = None,
) -> Path:
    """Write the questionnaire workbook of ``country`` for data ``years`` from canonical observations."""
    import openpyxl

    if not years:
        raise InputError("no data years to write in the UN-CTS workbook; give --year")
    file = Path(path)
    if file.suffix.lower() != ".xlsx":
        raise InputError(f"{file}: the UN-CTS workbook is written as .xlsx")
    content = content or questionnaire()
    values = _values(observations, country)
    book = openpyxl.Workbook()
    book.remove(book.active)
    _write_about(book, country, content, years)
    for block in content.blocks:
        _write_block(book, block, years, values)
    for block in content.blocks:
        _write_metadata(book, block, metadata or {})
    file.parent.mkdir(parents=True, exist_ok=True)
    book.save(file)
    return file
