from __future__ import annotations

import csv
from pathlib import Path

import pytest

from crimestats.errors import MissingColumnError
from crimestats.model.trafficking import CensoredCount
from crimestats.sources.glotip import parse_glotip_value, read_glotip

SLICE = Path(__file__).parent / "data" / "glotip" / "glotip_slice.csv"


def test_values_keep_censoring_and_thousands() -> None:
    assert parse_glotip_value("<5") == CensoredCount(1, 4, "<5")
    assert parse_glotip_value("1,282") == CensoredCount.exact(1282)
    assert parse_glotip_value("43") == CensoredCount.exact(43)
    for bad in ("", "n/a", "1.5", "12,34", "<1", "-3"):
        assert parse_glotip_value(bad) is None, bad


def test_slice_reads_every_row() -> None:
    data = read_glotip(SLICE)
    assert data.rows_read == 33
    assert len(data.records) + data.quarantined == data.rows_read
    assert data.quarantined == 0
    gbr = {
        (r.dimension, r.category, r.sex, r.age): r.value
        for r in data.records
        if r.iso3 == "GBR" and r.year == 2019
    }
    assert gbr[("Total", "Total", "Total", "Total")] == CensoredCount.exact(10_627)
    assert (
        gbr[("by form of exploitation", "Forced labour", "Male", "18 years or over")].value == 2337
    )
    censored = [r for r in data.records if not r.value.is_exact]
    assert censored and all((r.value.lower, r.value.upper) == (1, 4) for r in censored)
    assert all(r.value.value is None for r in censored)  # never 0 nor 5


def test_slice_findings() -> None:
    codes = {f.code: f.count for f in read_glotip(SLICE).findings}
    assert codes == {"GLOTIP003": 2, "GLOTIP005": 2}  # Sark has no ISO3; ARG 2018 is repeated


def test_bad_rows_are_quarantined_with_findings(tmp_path: Path) -> None:
    with SLICE.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    header, good = rows[0], rows[1]
    bad_value = [*good[:11], "n/a", good[12]]
    bad_year = [*good[:9], "20x9", *good[10:]]
    odd = [*good[:4], "Victims (new series)", *good[5:]]
    path = tmp_path / "glotip.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([header, good, bad_value, bad_year, odd])
    data = read_glotip(path)
    assert (data.rows_read, len(data.records), data.quarantined) == (4, 2, 2)
    by_code = {f.code: f for f in data.findings}
    assert by_code["GLOTIP001"].location.row == 2
    assert by_code["GLOTIP002"].location.row == 3
    assert by_code["GLOTIP004"].sample[0]["Indicator"] == "Victims (new series)"


def test_workbook_edition_with_preamble_rows(tmp_path: Path) -> None:
    import openpyxl

    with SLICE.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["UNODC contact line"])
    sheet.append(["30/05/2023"])
    for row in rows:
        sheet.append(row)
    path = tmp_path / "glotip.xlsx"
    book.save(path)
    data = read_glotip(path)
    assert data.rows_read == 33 and data.quarantined == 0


def test_missing_columns_are_named(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("Iso3_code,Country\nGBR,UK\n")
    with pytest.raises(MissingColumnError, match="txtVALUE"):
        read_glotip(path)
