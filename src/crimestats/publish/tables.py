"""Tables for people: a tidy CSV per table (Open SDG style), a formatted Excel workbook with notes and
flags, and a bulk zip of the whole release."""

from __future__ import annotations

import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from crimestats.publish.datasets import DatasetSpec

__all__ = ["TIDY_COLUMNS", "tidy_table", "write_bulk_zip", "write_tidy_csv", "write_workbook"]

#: Column names of the tidy CSV, Open SDG style (empty disaggregation = total).
TIDY_COLUMNS: dict[str, str] = {
    "year": "Year",
    "area": "Area",
    "iccs_code": "ICCS",
    "iccs_label": "ICCS label",
    "attempt": "Attempt",
    "sex": "Sex",
    "age": "Age",
    "citizenship": "Citizenship",
    "status": "Status",
    "measure": "Units",
    "value": "Value",
    "flag": "Flag",
    "footnotes": "Footnotes",
}
_HIDDEN_FILL = PatternFill("solid", fgColor="E7E6E6")
_HEADER_FILL = PatternFill("solid", fgColor="1F3864")


def tidy_table(observations: pd.DataFrame, spec: DatasetSpec) -> pd.DataFrame:
    """One table's rows with only its own breakdown columns; totals left blank as Open SDG does."""
    rows = observations[observations["dataset"] == spec.id]
    columns = ["year", "area", "iccs_code", "iccs_label", *[d for d in spec.dims if d != "area"]]
    columns += ["measure", "value", "flag", "footnotes"]
    out = rows[columns].copy()
    for dim in spec.dims:
        out[dim] = out[dim].where(out[dim] != "_T", "")
    return out.rename(columns=TIDY_COLUMNS)


def write_tidy_csv(observations: pd.DataFrame, spec: DatasetSpec, path: Path) -> Path:
    """The tidy CSV of one table (UTF-8, full precision, empty Value where hidden)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tidy_table(observations, spec).to_csv(path, index=False, float_format="%.10g")
    return path


def _sheet_name(text: str, used: set[str]) -> str:
    name = text[:31]
    k = 1
    while name in used:
        k += 1
        name = f"{text[:28]}_{k}"
    used.add(name)
    return name


def write_workbook(
    observations: pd.DataFrame,
    specs: Sequence[DatasetSpec],
    footnotes: Mapping[str, str],
    notes: Sequence[str],
    path: Path,
) -> Path:
    """One workbook: a Notes sheet, a sheet per table and a Footnotes sheet; hidden cells shaded
    with their flag, counts as whole numbers where they are whole."""
    book = Workbook()
    about = book.active
    about.title = "Notes"
    for i, line in enumerate(notes, start=1):
        about.cell(row=i, column=1, value=line).font = Font(bold=i == 1, size=14 if i == 1 else 11)
    about.column_dimensions["A"].width = 110
    used = {"Notes", "Footnotes"}
    for spec in specs:
        table = tidy_table(observations, spec)
        sheet = book.create_sheet(_sheet_name(spec.id, used))
        sheet.cell(row=1, column=1, value=spec.title_en).font = Font(bold=True, size=12)
        for j, column in enumerate(table.columns, start=1):
            cell = sheet.cell(row=2, column=j, value=column)
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = _HEADER_FILL
            cell.alignment = Alignment(wrap_text=True)
        value_col = list(table.columns).index("Value") + 1
        for i, row in enumerate(table.itertuples(index=False), start=3):
            for j, item in enumerate(row, start=1):
                cell = sheet.cell(row=i, column=j, value=None if pd.isna(item) else item)
                if j == value_col and isinstance(item, float) and not pd.isna(item):
                    cell.number_format = "#,##0" if float(item).is_integer() else "#,##0.0##"
            flag = row[list(table.columns).index("Flag")]
            if flag:
                sheet.cell(row=i, column=value_col).fill = _HIDDEN_FILL
                sheet.cell(row=i, column=value_col).value = "c" if flag == "confidential" else "x"
        sheet.freeze_panes = "A3"
        for j, column in enumerate(table.columns, start=1):
            width = 45 if column == "ICCS label" else max(10, len(column) + 2)
            sheet.column_dimensions[get_column_letter(j)].width = width
    foot = book.create_sheet("Footnotes")
    foot.append(["Id", "Footnote"])
    foot.append(["c", "Confidential: a small count, not published."])
    foot.append(["x", "Suppressed so that a confidential count cannot be derived from totals."])
    for key, text in footnotes.items():
        foot.append([key, text])
    foot["A1"].font = foot["B1"].font = Font(bold=True)
    foot.column_dimensions["B"].width = 120
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def write_bulk_zip(root: Path, path: Path, skip: Sequence[str] = ("portal",)) -> Path:
    """Every file of the release in one zip (the portal site left out)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(root.rglob("*")):
            rel = file.relative_to(root)
            if file.is_file() and file != path and rel.parts[0] not in skip:
                archive.write(file, rel.as_posix())
    return path
