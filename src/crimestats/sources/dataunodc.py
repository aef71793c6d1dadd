"""Read and write dataUNODC long files (UN-CTS data as UNODC publishes them) as the canonical table.

As published: ``.xlsx`` with two preamble rows (a UNODC contact line and the release date) and the header
on row 3, or ``.csv`` in UTF-8 or Latin-1. Thirteen columns: ``Iso3_code, Country, Region, Subregion,
Indicator, Dimension, Category, Sex, Age, Year, Unit of measurement, VALUE, Source``. Labels are kept as
published (so writing the table back gives the same rows); SDMX-style ``sex_code``/``age_code`` and the
ICCS code of the category are added beside them. Problems in the rows are findings, never exceptions.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from crimestats.engine import detect_encoding, open_text
from crimestats.errors import FileFormatError, MissingColumnError
from crimestats.model import Finding, Location, Severity
from crimestats.model.cts import (
    AGE_CODES,
    DATAUNODC_COLUMNS,
    NOT_APPLICABLE_INPUTS,
    NOT_AVAILABLE_INPUTS,
    OBSERVATION_SCHEMA,
    SEX_CODES,
    ValueStatus,
)
from crimestats.sources.cts_content import (
    category_iccs_codes,
    country_codes,
    country_suggestions,
    is_known_country,
)

__all__ = [
    "CHECKS",
    "NOT_APPLICABLE_TEXT",
    "NOT_AVAILABLE_TEXT",
    "REQUIRED_COLUMNS",
    "DataUnodcFile",
    "read_dataunodc",
    "write_dataunodc",
]

#: dataUNODC column → canonical column.
_CANONICAL: dict[str, str] = {
    "Iso3_code": "iso3",
    "Country": "country",
    "Region": "region",
    "Subregion": "subregion",
    "Indicator": "indicator",
    "Dimension": "dimension",
    "Category": "category",
    "Sex": "sex",
    "Age": "age",
    "Year": "year",
    "Unit of measurement": "unit",
    "VALUE": "value",
    "Source": "source",
}
#: Columns without which the file cannot be read; Country, Region, Subregion and Source may be absent.
REQUIRED_COLUMNS: tuple[str, ...] = (
    "Iso3_code",
    "Indicator",
    "Dimension",
    "Category",
    "Sex",
    "Age",
    "Year",
    "Unit of measurement",
    "VALUE",
)
NOT_AVAILABLE_TEXT = ".."
NOT_APPLICABLE_TEXT = "not applicable"
_NUMBER = r"^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$"
_YEAR = r"^\d{1,4}(\.0*)?$"
_SAMPLE = 5

#: The catalogue of reading findings: code → (severity, what it means).
CHECKS: dict[str, tuple[Severity, str]] = {
    "dataunodc.unknown-country": (
        Severity.ERROR,
        "Iso3_code is not an ISO 3166-1 alpha-3 code nor a known sub-national or aggregate code.",
    ),
    "dataunodc.bad-year": (Severity.ERROR, "Year is not a whole number."),
    "dataunodc.bad-value": (
        Severity.ERROR,
        "VALUE is neither a number, empty, '..' (not available) nor 'not applicable'.",
    ),
    "dataunodc.missing-key": (
        Severity.ERROR,
        "A row without Iso3_code, Indicator, Dimension, Category, Sex, Age or unit.",
    ),
    "dataunodc.age-label-as-date": (
        Severity.WARNING,
        "An age band turned into a date by a spreadsheet ('Oct-17' for 10-17); read as the band.",
    ),
    "dataunodc.unknown-sex": (Severity.WARNING, "A Sex label crimestats does not know."),
    "dataunodc.unknown-age": (Severity.WARNING, "An Age label crimestats does not know."),
    "dataunodc.category-without-iccs": (
        Severity.INFO,
        "A category with no ICCS code in the UN-CTS content (not an offence, or not yet mapped).",
    ),
}


@dataclass(frozen=True)
class DataUnodcFile:
    """A dataUNODC file read into the canonical long table, with the findings about its rows."""

    table: pa.Table
    findings: list[Finding] = field(default_factory=list)
    path: str = ""


def _finding(
    code: str, message: str, path: str, row: int | None, count: int, sample: Any
) -> Finding:
    return Finding(
        code, CHECKS[code][0], message, Location(path, row), count, tuple(sample[:_SAMPLE])
    )


# -- reading the raw text -------------------------------------------------------------------------


def _match_header(names: Sequence[str]) -> dict[str, str]:
    """Published column → the name in the file (trimmed, case-insensitive match)."""
    folded = {str(n).strip().casefold(): str(n) for n in names if n is not None}
    return {c: folded[c.casefold()] for c in DATAUNODC_COLUMNS if c.casefold() in folded}


def _check_header(path: Path, names: Sequence[str], where: str) -> dict[str, str]:
    found = _match_header(names)
    if len(found) < 3:
        shown = ", ".join(str(n) for n in names if n is not None)[:200] or "(nothing)"
        raise FileFormatError(
            path,
            f"not a dataUNODC file: expected the columns {', '.join(DATAUNODC_COLUMNS)} {where}; "
            f"found: {shown}",
        )
    missing = [c for c in REQUIRED_COLUMNS if c not in found]
    if missing:
        raise MissingColumnError(str(path), missing, [str(n) for n in names if n is not None])
    return found


def _windows_or_latin1(path: Path, encoding: str) -> str:
    """Windows-1252 for a non-UTF-8 file that it decodes (UNODC files use its quotes), else Latin-1."""
    if encoding != "latin-1":
        return encoding
    try:
        with open_text(path, "cp1252") as fh:
            while fh.read(1 << 22):
                pass
    except UnicodeDecodeError:
        return encoding
    return "cp1252"


def _read_csv(path: Path) -> tuple[dict[str, pa.Array], int]:
    encoding = _windows_or_latin1(path, detect_encoding(path))
    with open_text(path, encoding) as fh:
        first = fh.readline()
    delimiter = max([",", ";", "\t"], key=first.count)
    header = next(csv.reader([first], delimiter=delimiter), [])
    found = _check_header(path, header, "on the first line")
    try:
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(
                # Arrow decodes UTF-8 natively (BOM included); other encodings go through Python
                encoding="utf8" if encoding == "utf-8" else encoding,
                block_size=1 << 24,
            ),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(header, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, OSError, UnicodeError) as exc:
        raise FileFormatError(path, f"cannot read the CSV: {str(exc).splitlines()[0]}") from None
    columns = {c: table.column(found[c]).combine_chunks() for c in found}
    return columns, table.num_rows


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%b-%y")  # a band such as 10-17 that a spreadsheet made a date
    return str(value).strip()


def _read_xlsx(path: Path) -> tuple[dict[str, pa.Array], int]:
    import warnings

    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles it does not know
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError) as exc:
        raise FileFormatError(path, f"not a readable .xlsx workbook ({exc})") from None
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        header: Sequence[Any] = ()
        preamble: list[Any] = []
        for _ in range(10):  # the header is on row 3 as published; allow a few more or fewer
            header = next(rows, ())
            if len(_match_header(header)) >= 3:
                break
            preamble.append(header)
        found = _check_header(path, header, "on row 3 (after two preamble rows)")
        positions = {c: list(header).index(found[c]) for c in found}
        cells: dict[str, list[str]] = {c: [] for c in found}
        for raw in rows:
            for c, i in positions.items():
                cells[c].append(_cell_text(raw[i]) if i < len(raw) else "")
    finally:
        book.close()
    n = len(next(iter(cells.values()), []))
    return {c: pa.array(v, type=pa.string()) for c, v in cells.items()}, n


# -- to the canonical table -----------------------------------------------------------------------


def _map_labels(column: pa.Array, mapping: Callable[[str], str | None]) -> pa.Array:
    """Apply a Python mapping to the distinct values of a string column only."""
    encoded = column.dictionary_encode()
    mapped = pa.array([mapping(v) for v in encoded.dictionary.to_pylist()], type=pa.string())
    return mapped.take(encoded.indices)


def _rows_where(mask: pa.Array) -> list[int]:
    return [i + 1 for i in pc.indices_nonzero(mask.fill_null(False)).to_pylist()]


def _value_status(text: pa.Array) -> tuple[pa.Array, pa.Array, pa.Array]:
    """(value, status, bad-mask) from VALUE text."""
    folded = pc.utf8_lower(text)
    is_number = pc.match_substring_regex(text, _NUMBER)
    numbers = pc.cast(pc.if_else(is_number, text, pa.scalar(None, pa.string())), pa.float64())
    na = pc.is_in(folded, value_set=pa.array(sorted(NOT_AVAILABLE_INPUTS)))
    napp = pc.is_in(folded, value_set=pa.array(sorted(NOT_APPLICABLE_INPUTS)))
    empty = pc.equal(text, "")
    status = pc.case_when(
        pc.make_struct(pc.and_(is_number, pc.equal(numbers, 0.0)), is_number, empty, na, napp),
        ValueStatus.ZERO.value,
        ValueStatus.NUMBER.value,
        ValueStatus.BLANK.value,
        ValueStatus.NOT_AVAILABLE.value,
        ValueStatus.NOT_APPLICABLE.value,
        pa.scalar(None, pa.string()),
    )
    return numbers, status, pc.is_null(status)


def _country_findings(iso3: pa.Array, path: str) -> list[Finding]:
    findings = []
    for code in pc.unique(iso3).to_pylist():
        if code == "" or is_known_country(code):
            continue
        rows = _rows_where(pc.equal(iso3, code))
        near = country_suggestions(code)
        hint = f"; did you mean {', '.join(near)}?" if near else ""
        findings.append(
            _finding(
                "dataunodc.unknown-country",
                f"unknown country code {code!r} in column 'Iso3_code' on {len(rows)} row(s), "
                f"first data row {rows[0]}{hint}",
                path,
                rows[0],
                len(rows),
                [{"row": r, "Iso3_code": code} for r in rows],
            )
        )
    return findings


def _label_findings(
    column: pa.Array, known: dict[str, str], code: str, name: str, path: str
) -> list[Finding]:
    findings = []
    for label in pc.unique(column).to_pylist():
        if label in known:
            if label == "Oct-17":
                rows = _rows_where(pc.equal(column, label))
                findings.append(
                    _finding(
                        "dataunodc.age-label-as-date",
                        f"Age 'Oct-17' on {len(rows)} row(s) read as 10-17 (a spreadsheet date)",
                        path,
                        rows[0],
                        len(rows),
                        [{"row": r, "Age": label} for r in rows],
                    )
                )
            continue
        rows = _rows_where(pc.equal(column, label))
        findings.append(
            _finding(
                code,
                f"{name} label {label!r} on {len(rows)} row(s) is not known; kept as published",
                path,
                rows[0],
                len(rows),
                [{"row": r, name: label} for r in rows],
            )
        )
    return findings


def _iccs_codes(columns: dict[str, pa.Array], path: str) -> tuple[pa.Array, list[Finding]]:
    key = pc.binary_join_element_wise(
        columns["indicator"], columns["dimension"], columns["category"], "\x1f"
    )
    mapping = category_iccs_codes()
    seen: dict[str, str | None] = {}

    def lookup(text: str) -> str | None:
        parts = text.split("\x1f")
        code = mapping.get((parts[0], parts[1], parts[2]))
        if code is None and ": " in parts[2]:
            # "Theft: of a motorized vehicle" style subsets inherit their total's code
            code = mapping.get((parts[0], parts[1], parts[2].split(": ")[0]))
        seen[text] = code
        return code

    codes = _map_labels(key, lookup)
    findings = []
    for text, code in seen.items():
        if code is None:
            indicator, dimension, category = text.split("\x1f")
            rows = _rows_where(pc.equal(key, text))
            findings.append(
                _finding(
                    "dataunodc.category-without-iccs",
                    f"no ICCS code for {indicator} / {dimension} / {category} ({len(rows)} row(s))",
                    path,
                    rows[0],
                    len(rows),
                    [{"row": r} for r in rows],
                )
            )
    return codes, findings


def _canonical(raw: dict[str, pa.Array], n: int, path: str) -> DataUnodcFile:
    columns: dict[str, pa.Array] = {}
    for published, name in _CANONICAL.items():
        column = raw.get(published)
        columns[name] = (
            pa.array([""] * n, type=pa.string())
            if column is None
            else pc.utf8_trim_whitespace(column)
        )
    findings: list[Finding] = []

    blank_key = pa.array([False] * n)
    for name in ("iso3", "indicator", "dimension", "category", "sex", "age", "unit"):
        blank_key = pc.or_(blank_key, pc.equal(columns[name], ""))
    rows = _rows_where(blank_key)
    if rows:
        findings.append(
            _finding(
                "dataunodc.missing-key",
                f"{len(rows)} row(s) without a country, indicator, dimension, category, sex, age "
                f"or unit, first data row {rows[0]}",
                path,
                rows[0],
                len(rows),
                [{"row": r} for r in rows],
            )
        )

    year_ok = pc.match_substring_regex(columns["year"], _YEAR)
    year = pc.cast(
        pc.cast(pc.if_else(year_ok, columns["year"], pa.scalar(None, pa.string())), pa.float64()),
        pa.int64(),
    )
    rows = _rows_where(pc.invert(year_ok))
    if rows:
        bad = columns["year"].take(pa.array([r - 1 for r in rows[:_SAMPLE]])).to_pylist()
        findings.append(
            _finding(
                "dataunodc.bad-year",
                f"Year is not a whole number on {len(rows)} row(s), first data row {rows[0]} "
                f"({bad[0]!r})",
                path,
                rows[0],
                len(rows),
                [{"row": r, "Year": y} for r, y in zip(rows, bad, strict=False)],
            )
        )

    value, status, bad_value = _value_status(columns["value"])
    rows = _rows_where(bad_value)
    if rows:
        bad = columns["value"].take(pa.array([r - 1 for r in rows[:_SAMPLE]])).to_pylist()
        findings.append(
            _finding(
                "dataunodc.bad-value",
                f"VALUE is not a number on {len(rows)} row(s), first data row {rows[0]} "
                f"({bad[0]!r}); write a number, '..' (not available) or 'not applicable'",
                path,
                rows[0],
                len(rows),
                [{"row": r, "VALUE": v} for r, v in zip(rows, bad, strict=False)],
            )
        )

    findings += _country_findings(columns["iso3"], path)
    findings += _label_findings(columns["sex"], SEX_CODES, "dataunodc.unknown-sex", "Sex", path)
    findings += _label_findings(columns["age"], AGE_CODES, "dataunodc.unknown-age", "Age", path)
    iccs, iccs_findings = _iccs_codes(columns, path)
    findings += iccs_findings

    names = country_codes()
    empty_country = pc.equal(columns["country"], "")
    if pc.any(empty_country).as_py():
        filled = _map_labels(columns["iso3"], lambda c: names[c].name if c in names else "")
        columns["country"] = pc.if_else(empty_country, filled, columns["country"])

    table = pa.table(
        {
            **{k: columns[k] for k in ("iso3", "country", "region", "subregion")},
            **{k: columns[k] for k in ("indicator", "dimension", "category", "sex", "age")},
            "year": year,
            "unit": columns["unit"],
            "value": value,
            "status": status,
            "source": columns["source"],
            "iccs_code": iccs,
            "sex_code": _map_labels(columns["sex"], SEX_CODES.get),
            "age_code": _map_labels(columns["age"], AGE_CODES.get),
            "row": pa.array(range(1, n + 1), type=pa.int64()),
        },
        schema=OBSERVATION_SCHEMA,
    )
    return DataUnodcFile(table=table, findings=findings, path=path)


def read_dataunodc(path: str | Path) -> DataUnodcFile:
    """Read a dataUNODC long file (``.xlsx`` or ``.csv``, UTF-8 or Latin-1) into the canonical table.

    Raises :class:`FileFormatError` for a file that is not a dataUNODC file and
    :class:`MissingColumnError` when a required column is absent; row problems are findings.
    """
    file = Path(path)
    if not file.exists():
        raise FileFormatError(file, "file not found")
    suffix = file.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        raw, n = _read_xlsx(file)
    elif suffix in (".csv", ".txt", ".gz"):
        raw, n = _read_csv(file)
    else:
        raise FileFormatError(
            file, f"unknown file type {file.suffix!r}; dataUNODC files are .xlsx or .csv"
        )
    return _canonical(raw, n, str(file))


# -- writing --------------------------------------------------------------------------------------


def _value_text(value: float | None, status: str | None) -> str:
    if status == ValueStatus.NOT_AVAILABLE:
        return NOT_AVAILABLE_TEXT
    if status == ValueStatus.NOT_APPLICABLE:
        return NOT_APPLICABLE_TEXT
    if value is None:
        return ""
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def _published_rows(table: pa.Table) -> list[list[str]]:
    n = table.num_rows
    empty: list[Any] = [None] * n
    columns: list[list[Any]] = []
    for column in DATAUNODC_COLUMNS:
        name = _CANONICAL[column]
        cells = table.column(name).to_pylist() if name in table.column_names else empty
        if name == "value":
            statuses = (
                table.column("status").to_pylist() if "status" in table.column_names else empty
            )
            columns.append([_value_text(v, s) for v, s in zip(cells, statuses, strict=True)])
        else:
            columns.append(["" if c is None else str(c) for c in cells])
    return [list(row) for row in zip(*columns, strict=True)]


def write_dataunodc(
    table: pa.Table, path: str | Path, *, release_date: dt.date | None = None
) -> Path:
    """Write a canonical table in the dataUNODC layout: ``.csv`` (UTF-8) or ``.xlsx`` (preamble, row 3)."""
    file = Path(path)
    rows = _published_rows(table)
    file.parent.mkdir(parents=True, exist_ok=True)
    suffix = file.suffix.lower()
    if suffix == ".csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(DATAUNODC_COLUMNS)
        writer.writerows(rows)
        file.write_text(buffer.getvalue(), encoding="utf-8", newline="")
    elif suffix == ".xlsx":
        import openpyxl

        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet("data")
        sheet.append(["UNODC", "Written by crimestats in the dataUNODC long layout"])
        sheet.append([(release_date or dt.date.today()).strftime("%d/%m/%Y")])
        sheet.append(list(DATAUNODC_COLUMNS))
        year_at = DATAUNODC_COLUMNS.index("Year")
        value_at = DATAUNODC_COLUMNS.index("VALUE")
        for row in rows:
            cells: list[Any] = list(row)
            cells[year_at] = int(row[year_at]) if row[year_at].isdigit() else row[year_at]
            if row[value_at] and row[value_at] not in (NOT_AVAILABLE_TEXT, NOT_APPLICABLE_TEXT):
                cells[value_at] = float(row[value_at])
            sheet.append(cells)
        book.save(file)
    else:
        raise FileFormatError(file, "write dataUNODC files as .csv or .xlsx")
    return file
