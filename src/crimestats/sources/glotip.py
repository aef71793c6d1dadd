"""Read UNODC GLOTIP country data (the ``data_glotip`` file behind SDG 16.2.2), keeping ``<5`` censored.

The file has one count per row: ``Iso3_code, Country, Region, Subregion, Indicator, Dimension,
Category, Sex, Age, Year, Unit of measurement, txtVALUE, Source``. ``txtVALUE`` is text: counts
use thousands separators (``1,282``) and counts of 1 to 4 are published as ``<5``, read here as
the censored count [1, 4] (never 0 nor 5). The ``.xlsx`` edition has two preamble rows above
the header; the CSV edition may or may not.

Rows that cannot be used (a value or year that is not a number) are quarantined with an error
finding; rows that are usable but odd (no ISO3 code, a label outside the published code lists,
the same cell twice) are kept with a warning. Rows read = records + quarantined.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crimestats.engine import open_text, read_excel_sheet
from crimestats.errors import MissingColumnError
from crimestats.model import Finding, Location, Severity
from crimestats.model.trafficking import CensoredCount, GlotipRecord

__all__ = ["GLOTIP_COLUMNS", "GLOTIP_FINDINGS", "GlotipData", "parse_glotip_value", "read_glotip"]

GLOTIP_COLUMNS = (
    "Iso3_code",
    "Country",
    "Region",
    "Subregion",
    "Indicator",
    "Dimension",
    "Category",
    "Sex",
    "Age",
    "Year",
    "Unit of measurement",
    "txtVALUE",
    "Source",
)

#: Finding codes of this reader: code → (severity, description).
GLOTIP_FINDINGS: dict[str, tuple[Severity, str]] = {
    "GLOTIP001": (Severity.ERROR, "value is not a count nor '<N'; row quarantined"),
    "GLOTIP002": (Severity.ERROR, "year is not a whole number; row quarantined"),
    "GLOTIP003": (Severity.WARNING, "no ISO3 country code; row kept under its country name"),
    "GLOTIP004": (Severity.WARNING, "label outside the GLOTIP code lists; row kept"),
    "GLOTIP005": (Severity.WARNING, "the same country, year and cell appear on several rows"),
}

INDICATORS = frozenset(
    {
        "Detected trafficking victims",
        "Persons brought into formal contact",
        "Persons prosecuted",
        "Persons convicted",
        "Offences of trafficking in persons",
    }
)
DIMENSIONS = frozenset(
    {"Total", "by form of exploitation", "by citizenship", "by country of repatriation"}
)
SEXES = frozenset({"Total", "Female", "Male", "Other", "Unknown"})
AGES = frozenset({"Total", "0 to 17 years", "18 years or over", "Unknown"})

_COUNT = re.compile(r"\d{1,3}(,\d{3})+|\d+")
_BELOW = re.compile(r"<\s*(\d+)")


def parse_glotip_value(text: str) -> CensoredCount | None:
    """``'1,282'`` → 1282; ``'<5'`` → [1, 4]; anything else → None."""
    value = text.strip()
    if _COUNT.fullmatch(value):
        return CensoredCount.exact(int(value.replace(",", "")))
    below = _BELOW.fullmatch(value)
    if below and int(below.group(1)) >= 2:
        return CensoredCount(1, int(below.group(1)) - 1, value)
    return None


@dataclass(frozen=True, slots=True)
class GlotipData:
    """Records read from a GLOTIP file, with findings and the count of quarantined rows."""

    records: tuple[GlotipRecord, ...]
    findings: tuple[Finding, ...]
    rows_read: int
    quarantined: int
    source: str


def _load(path: Path) -> dict[str, list[Any]]:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        for header_row in (1, 3, 2):
            table = read_excel_sheet(path, header_row=header_row)
            if "Iso3_code" in table.column_names:
                break
        return {name: table[name].to_pylist() for name in table.column_names}
    # The csv module, not the engine's sniffer: every column is text, so a sniffer cannot tell the
    # header from the data by type.
    with open_text(path) as fh:
        reader = csv.reader(fh)
        header = next(reader, [])
        lines = [{"Iso3_code", "txtVALUE"} <= {h.strip() for h in header}]
        if not lines[0]:  # the two preamble rows of the published workbook, saved as CSV
            for _ in range(2):
                header = next(reader, [])
        names = [h.strip() for h in header]
        columns: dict[str, list[Any]] = {n: [] for n in names}
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            for i, name in enumerate(names):
                columns[name].append(row[i] if i < len(row) else None)
    return columns


def _finding(
    code: str, source: str, rows: list[int], samples: list[dict[str, Any]], extra: str = ""
) -> Finding:
    severity, text = GLOTIP_FINDINGS[code]
    return Finding(
        code,
        severity,
        text + extra,
        Location(source, rows[0] if rows else None),
        count=len(rows),
        sample=tuple(samples[:5]),
    )


def read_glotip(path: str | Path) -> GlotipData:
    """Every row of a GLOTIP file as a :class:`GlotipRecord`, or quarantined with a finding."""
    file = Path(path)
    source = str(file)
    columns = _load(file)
    missing = [c for c in GLOTIP_COLUMNS if c not in columns]
    if missing:
        raise MissingColumnError(source, missing, list(columns))
    n = len(columns["Iso3_code"])
    text = {c: ["" if v is None else str(v).strip() for v in columns[c]] for c in GLOTIP_COLUMNS}
    problems: dict[str, tuple[list[int], list[dict[str, Any]]]] = {
        code: ([], []) for code in GLOTIP_FINDINGS
    }
    records: list[GlotipRecord] = []

    def note(code: str, row: int, sample: dict[str, Any]) -> None:
        problems[code][0].append(row)
        problems[code][1].append({"row": row, **sample})

    for i in range(n):
        row = i + 1
        value = parse_glotip_value(text["txtVALUE"][i])
        year_text = text["Year"][i]
        if value is None:
            note("GLOTIP001", row, {"txtVALUE": text["txtVALUE"][i]})
        if not year_text.isdigit():
            note("GLOTIP002", row, {"Year": year_text})
        if value is None or not year_text.isdigit():
            continue
        if not text["Iso3_code"][i]:
            note("GLOTIP003", row, {"Country": text["Country"][i]})
        odd = {
            c: text[c][i]
            for c, allowed in (
                ("Indicator", INDICATORS),
                ("Dimension", DIMENSIONS),
                ("Sex", SEXES),
                ("Age", AGES),
            )
            if text[c][i] not in allowed
        }
        if odd:
            note("GLOTIP004", row, odd)
        records.append(
            GlotipRecord(
                iso3=text["Iso3_code"][i],
                country=text["Country"][i],
                region=text["Region"][i],
                subregion=text["Subregion"][i],
                indicator=text["Indicator"][i],
                dimension=text["Dimension"][i],
                category=text["Category"][i],
                sex=text["Sex"][i],
                age=text["Age"][i],
                year=int(year_text),
                value=value,
                unit=text["Unit of measurement"][i],
                source=text["Source"][i],
                row=row,
            )
        )
    keys = Counter(
        (r.iso3 or r.country, r.indicator, r.dimension, r.category, r.sex, r.age, r.year)
        for r in records
    )
    for r in records:
        if (
            keys[(r.iso3 or r.country, r.indicator, r.dimension, r.category, r.sex, r.age, r.year)]
            > 1
        ):
            note("GLOTIP005", r.row or 0, {"country": r.iso3 or r.country, "year": r.year})
    findings = tuple(
        _finding(code, source, rows, samples) for code, (rows, samples) in problems.items() if rows
    )
    quarantined = n - len(records)
    return GlotipData(tuple(records), findings, n, quarantined, source)
