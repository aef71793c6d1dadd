"""Read a filled UN-CTS questionnaire workbook (as written by ``crimestats cts export``) back.

Every asked cell becomes one canonical observation: a number, 0, "not available", "not applicable", or
blank when the focal point left it empty. Values typed in grey (not asked) cells are kept and flagged;
text that is none of the answers is a finding, never a crash.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from crimestats.errors import FileFormatError
from crimestats.model import Finding, Location, Severity
from crimestats.model.cts import (
    AGE_CODES,
    METADATA_FIELDS,
    NOT_APPLICABLE_INPUTS,
    NOT_AVAILABLE_INPUTS,
    OBSERVATION_SCHEMA,
    SEX_CODES,
    CtsItem,
    ItemMetadata,
    Questionnaire,
    ValueStatus,
)
from crimestats.sources.cts_content import (
    QUESTIONNAIRE_YEARS,
    country_codes,
    is_known_country,
    questionnaire,
)

__all__ = ["CHECKS", "CtsWorkbook", "is_cts_workbook", "read_cts_file", "read_cts_workbook"]

_ABOUT = "About"
_KEY_MARK = "item_id"
_YEAR = re.compile(r"(\d{4})")

#: The catalogue of workbook-reading findings: code → (severity, what it means).
CHECKS: dict[str, tuple[Severity, str]] = {
    "cts-workbook.bad-value": (
        Severity.ERROR,
        "A cell that is not a number, 'not available' or 'not applicable'.",
    ),
    "cts-workbook.empty-cells": (
        Severity.WARNING,
        "Asked cells left empty: write 0, 'not available' or 'not applicable'.",
    ),
    "cts-workbook.not-asked-cell": (
        Severity.WARNING,
        "A value in a grey cell the questionnaire does not ask; kept.",
    ),
    "cts-workbook.unknown-item": (
        Severity.ERROR,
        "A row whose item id is not in the questionnaire.",
    ),
    "cts-workbook.missing-sheet": (Severity.WARNING, "A block sheet is missing from the workbook."),
    "cts-workbook.unknown-country": (Severity.ERROR, "The About sheet names an unknown country."),
}


@dataclass(frozen=True)
class CtsWorkbook:
    """A filled questionnaire read back: canonical observations, metadata by item, findings."""

    table: pa.Table
    findings: list[Finding] = field(default_factory=list)
    path: str = ""
    country: str = ""
    year: int = 0
    metadata: dict[str, ItemMetadata] = field(default_factory=dict)


def _finding(
    code: str,
    message: str,
    source: str,
    row: int | None = None,
    column: str | None = None,
    count: int = 1,
) -> Finding:
    return Finding(code, CHECKS[code][0], message, Location(source, row, column), count)


def _about(book: Any, path: Path) -> dict[str, str]:
    if _ABOUT not in book.sheetnames:
        raise FileFormatError(
            path,
            f"not a UN-CTS questionnaire workbook: no {_ABOUT!r} sheet (sheets: "
            f"{', '.join(book.sheetnames)}); write one with 'crimestats cts export'",
        )
    about: dict[str, str] = {}
    for row in book[_ABOUT].iter_rows(values_only=True):
        if row and row[0] is not None and len(row) > 1:
            about[str(row[0]).strip()] = "" if row[1] is None else str(row[1]).strip()
    if not about.get("Country"):
        raise FileFormatError(path, f"the {_ABOUT!r} sheet has no 'Country' row with an ISO3 code")
    return about


def _answer(value: Any) -> tuple[float | None, ValueStatus | None]:
    """(value, status) of one cell; status None when the text is not an answer."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, ValueStatus.BLANK
    if isinstance(value, bool):
        return None, None
    if isinstance(value, int | float):
        number = float(value)
        return number, ValueStatus.ZERO if number == 0 else ValueStatus.NUMBER
    text = str(value).strip().lower()
    if text in NOT_AVAILABLE_INPUTS:
        return None, ValueStatus.NOT_AVAILABLE
    if text in NOT_APPLICABLE_INPUTS:
        return None, ValueStatus.NOT_APPLICABLE
    try:
        number = float(text.replace(" ", "").replace("\u00a0", ""))
    except ValueError:
        return None, None
    return number, ValueStatus.ZERO if number == 0 else ValueStatus.NUMBER


def _column_keys(header: tuple[Any, ...]) -> dict[int, tuple[int, str, str]]:
    keys: dict[int, tuple[int, str, str]] = {}
    for i, text in enumerate(header):
        parts = str(text).split("|") if text is not None else []
        if len(parts) == 3 and parts[0].isdigit():
            keys[i] = (int(parts[0]), parts[1], parts[2])
    return keys


class _Collector:
    """Canonical rows and findings while reading sheets."""

    def __init__(self, country: str, source: str) -> None:
        self.country = country
        self.name = country_codes()[country].name if country in country_codes() else country
        self.source = source
        self.rows: dict[str, list[Any]] = {f.name: [] for f in OBSERVATION_SCHEMA}
        self.findings: list[Finding] = []

    def add(
        self,
        item: CtsItem,
        year: int,
        sex: str,
        age: str,
        value: float | None,
        status: str,
        source: str,
    ) -> None:
        cell = {
            "iso3": self.country,
            "country": self.name,
            "region": "",
            "subregion": "",
            "indicator": item.indicator,
            "dimension": item.dimension,
            "category": item.category,
            "sex": sex,
            "age": age,
            "year": year,
            "unit": item.unit,
            "value": value,
            "status": status,
            "source": source,
            "iccs_code": item.iccs_code or None,
            "sex_code": SEX_CODES.get(sex),
            "age_code": AGE_CODES.get(age),
            "row": len(self.rows["iso3"]) + 1,
        }
        for column, values in self.rows.items():
            values.append(cell[column])


def _read_block(
    book: Any, sheet_name: str, content: Questionnaire, sources: dict[str, str], out: _Collector
) -> None:
    from openpyxl.utils import get_column_letter

    where = f"{out.source} [{sheet_name}]"
    rows = book[sheet_name].iter_rows(values_only=True)
    keys: dict[int, tuple[int, str, str]] = {}
    line = 0
    for raw in rows:
        line += 1
        if raw and raw[0] == _KEY_MARK:
            keys = _column_keys(raw)
            break
    if not keys:
        raise FileFormatError(
            out.source,
            f"sheet {sheet_name!r} has no machine-key row (column A = {_KEY_MARK!r}); was it "
            "written by 'crimestats cts export'?",
        )
    items = {item.id: item for item in content.items}
    empty = 0
    first_empty: tuple[int, str] | None = None
    for raw in rows:
        line += 1
        if not raw or raw[0] is None:
            continue
        item = items.get(str(raw[0]).strip())
        if item is None:
            out.findings.append(
                _finding(
                    "cts-workbook.unknown-item",
                    f"{where} row {line}: item {raw[0]!r} is not in the UN-CTS {content.year}",
                    where,
                    line,
                    "A",
                )
            )
            continue
        asked = set(item.cells)
        source = sources.get(item.id) or "CTS"
        for i, (year, sex, age) in keys.items():
            cell = raw[i] if i < len(raw) else None
            value, status = _answer(cell)
            column = get_column_letter(i + 1)
            if status is None:
                out.findings.append(
                    _finding(
                        "cts-workbook.bad-value",
                        f"{where} cell {column}{line} ({item.id}, {year}, {sex}, {age}): {cell!r} "
                        "is not a number, 'not available' or 'not applicable'",
                        where,
                        line,
                        column,
                    )
                )
                continue
            if (sex, age) not in asked:
                if status is ValueStatus.BLANK:
                    continue
                out.findings.append(
                    _finding(
                        "cts-workbook.not-asked-cell",
                        f"{where} cell {column}{line} ({item.id}, {year}, {sex}, {age}): {cell!r} "
                        "in a cell the questionnaire does not ask; kept",
                        where,
                        line,
                        column,
                    )
                )
            elif status is ValueStatus.BLANK:
                empty += 1
                first_empty = first_empty or (line, column)
            out.add(item, year, sex, age, value, status.value, source)
    if empty and first_empty:
        out.findings.append(
            _finding(
                "cts-workbook.empty-cells",
                f"{where}: {empty} asked cell(s) left empty, first {first_empty[1]}{first_empty[0]}; "
                "write 0, 'not available' or 'not applicable'",
                where,
                first_empty[0],
                first_empty[1],
                empty,
            )
        )


def _read_metadata(book: Any, sheet_name: str) -> dict[str, ItemMetadata]:
    if sheet_name not in book.sheetnames:
        return {}
    rows = book[sheet_name].iter_rows(values_only=True)
    header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
    fields = {h: f for h, f in METADATA_FIELDS}
    out: dict[str, ItemMetadata] = {}
    for raw in rows:
        if not raw or raw[0] is None:
            continue
        given = {
            fields[h]: "" if v is None else str(v).strip()
            for h, v in zip(header, raw, strict=False)
            if h in fields
        }
        out[str(raw[0]).strip()] = ItemMetadata(**given)
    return out


def read_cts_workbook(path: str | Path) -> CtsWorkbook:
    """Read a filled UN-CTS questionnaire workbook into canonical observations and metadata."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    file = Path(path)
    if not file.exists():
        raise FileFormatError(file, "file not found")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about features it drops
            book = openpyxl.load_workbook(file, read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError) as exc:
        raise FileFormatError(file, f"not a readable .xlsx workbook ({exc})") from None
    try:
        about = _about(book, file)
        match = _YEAR.search(about.get("Questionnaire", ""))
        year = int(match.group(1)) if match else QUESTIONNAIRE_YEARS[-1]
        content = questionnaire(year)
        country = about["Country"].upper()
        out = _Collector(country, str(file))
        if not is_known_country(country):
            out.findings.append(
                _finding(
                    "cts-workbook.unknown-country",
                    f"{file} [{_ABOUT}]: country {country!r} is not an ISO 3166-1 alpha-3 code",
                    str(file),
                )
            )
        metadata: dict[str, ItemMetadata] = {}
        for block in content.blocks:
            metadata.update(_read_metadata(book, f"{block.sheet} metadata"[:31]))
        sources = {k: m.source for k, m in metadata.items()}
        for block in content.blocks:
            if block.sheet not in book.sheetnames:
                out.findings.append(
                    _finding(
                        "cts-workbook.missing-sheet",
                        f"{file}: no sheet {block.sheet!r} ({block.title})",
                        str(file),
                    )
                )
                continue
            _read_block(book, block.sheet, content, sources, out)
    finally:
        book.close()
    table = pa.table(out.rows, schema=OBSERVATION_SCHEMA)
    return CtsWorkbook(table, out.findings, str(file), country, year, metadata)


def is_cts_workbook(path: str | Path) -> bool:
    """True for an ``.xlsx`` with an About sheet (a questionnaire workbook), not a dataUNODC file."""
    import openpyxl

    file = Path(path)
    if file.suffix.lower() not in (".xlsx", ".xlsm") or not file.exists():
        return False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(file, read_only=True)
    except Exception:  # unreadable files are reported by the reader that is chosen next
        return False
    try:
        return _ABOUT in book.sheetnames
    finally:
        book.close()


def read_cts_file(path: str | Path) -> tuple[pa.Table, list[Finding]]:
    """Any UN-CTS file as canonical observations: a questionnaire workbook or a dataUNODC file."""
    from crimestats.sources.dataunodc import read_dataunodc

    if is_cts_workbook(path):
        workbook = read_cts_workbook(path)
        return workbook.table, workbook.findings
    data = read_dataunodc(path)
    return data.table, data.findings
