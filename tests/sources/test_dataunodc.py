"""dataUNODC long files: reading as published (CSV Latin-1/UTF-8, xlsx with preamble) and writing back."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import openpyxl
import pyarrow as pa
import pytest

from crimestats.errors import FileFormatError, MissingColumnError
from crimestats.model import Severity
from crimestats.sources.dataunodc import read_dataunodc, write_dataunodc

REAL = Path(__file__).parent / "data" / "data_cts_violent_and_sexual_crime_older_vintage_to2020.csv"
HEADER = [
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
    "VALUE",
    "Source",
]
VS = ["Violent offences", "by type of offence"]


def _row(iso3: str, category: str, year: object, value: object, **kw: str) -> list[object]:
    return [
        iso3,
        kw.get("country", "Albania"),
        "Europe",
        "Southern Europe",
        kw.get("indicator", VS[0]),
        kw.get("dimension", VS[1]),
        category,
        kw.get("sex", "Total"),
        kw.get("age", "Total"),
        year,
        kw.get("unit", "Counts"),
        value,
        kw.get("source", "CTS"),
    ]


def _write_csv(path: Path, rows: list[list[object]], encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def test_real_latin1_file_reads_every_row() -> None:
    result = read_dataunodc(REAL)
    table = result.table
    # Counted by hand from the file: 27,527 data lines; Albania has 238 of them, Côte d'Ivoire 12.
    assert table.num_rows == 27527
    iso3 = table.column("iso3").to_pylist()
    assert iso3.count("ALB") == 238
    first = table.slice(0, 1).to_pylist()[0]
    assert first["iso3"] == "ALB"
    assert first["category"] == "Serious assault"
    assert first["year"] == 2005
    assert first["value"] == 165.0
    assert first["iccs_code"] == "020111"
    assert first["status"] == "number"
    assert first["row"] == 1
    countries = set(table.column("country").to_pylist())
    # Latin-1 "ô" and the Windows-1252 quote (byte 0x92) of the published file, both decoded.
    assert "Côte d\u2019Ivoire" in countries


def test_real_file_findings_flag_the_spreadsheet_dated_age_band() -> None:
    result = read_dataunodc(REAL)
    by_code = {f.code: f for f in result.findings}
    # 295 rows carry "Oct-17" (grep -c ',Oct-17,' on the file).
    assert by_code["dataunodc.age-label-as-date"].count == 295
    assert "dataunodc.unknown-country" not in by_code
    ages = result.table.filter(pa.compute.equal(result.table.column("age"), "Oct-17"))
    assert set(ages.column("age_code").to_pylist()) == {"Y10T17"}


def test_xlsx_with_two_preamble_rows(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["UNODC", "for questions contact unodc-dataunodc@un.org"])
    sheet.append(["12/06/2023"])
    sheet.append(HEADER)
    sheet.append(_row("ALB", "Robbery", 2020, 12))
    sheet.append(_row("GBR_E_W", "Robbery", 2020, 3.5, country="England and Wales"))
    sheet.append(_row("M49_150", "Robbery", 2020, 0, country="Europe"))
    path = tmp_path / "data_cts.xlsx"
    book.save(path)
    table = read_dataunodc(path).table
    assert table.column("iso3").to_pylist() == ["ALB", "GBR_E_W", "M49_150"]
    assert table.column("value").to_pylist() == [12.0, 3.5, 0.0]
    assert table.column("status").to_pylist() == ["number", "number", "zero"]
    assert table.column("year").to_pylist() == [2020, 2020, 2020]
    assert table.column("row").to_pylist() == [1, 2, 3]
    assert table.column("iccs_code").to_pylist() == ["0401"] * 3


def test_utf8_with_bom_and_value_states(tmp_path: Path) -> None:
    path = _write_csv(
        tmp_path / "f.csv",
        [
            _row("ALB", "Robbery", "2019", "10"),
            _row("ALB", "Robbery", "2020", ".."),
            _row("ALB", "Robbery", "2021", "not applicable"),
            _row("ALB", "Robbery", "2022", ""),
            _row("ALB", "Robbery", "2023", "lots"),
            _row("ALB", "Robbery", "20x4", "1"),
        ],
        encoding="utf-8-sig",
    )
    result = read_dataunodc(path)
    t = result.table
    assert t.column("status").to_pylist() == [
        "number",
        "not_available",
        "not_applicable",
        "blank",
        None,
        "number",
    ]
    assert t.column("value").to_pylist() == [10.0, None, None, None, None, 1.0]
    assert t.column("year").to_pylist() == [2019, 2020, 2021, 2022, 2023, None]
    codes = {f.code: f for f in result.findings}
    assert codes["dataunodc.bad-value"].location.row == 5
    assert codes["dataunodc.bad-value"].severity is Severity.ERROR
    assert codes["dataunodc.bad-year"].location.row == 6


def test_unknown_country_code_is_an_error_finding_with_a_suggestion(tmp_path: Path) -> None:
    path = _write_csv(
        tmp_path / "f.csv",
        [_row("ALB", "Robbery", 2020, 1), _row("ALBB", "Robbery", 2020, 1)],
    )
    result = read_dataunodc(path)
    [finding] = [f for f in result.findings if f.code == "dataunodc.unknown-country"]
    assert finding.severity is Severity.ERROR
    assert finding.location.row == 2
    assert "'ALBB'" in finding.message
    assert "ALB" in finding.message.split("did you mean")[1]


def test_not_a_dataunodc_file(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("code,label\n0101,Intentional homicide\n", encoding="utf-8")
    with pytest.raises(FileFormatError, match="not a dataUNODC file"):
        read_dataunodc(path)


def test_missing_column_is_named(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    with path.open("w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([h for h in HEADER if h != "VALUE"])
        writer.writerow([c for i, c in enumerate(_row("ALB", "Robbery", 2020, 1)) if i != 11])
    with pytest.raises(MissingColumnError, match="'VALUE'") as info:
        read_dataunodc(path)
    assert str(path) in str(info.value)


def test_unknown_suffix(tmp_path: Path) -> None:
    path = tmp_path / "f.json"
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(FileFormatError, match=r"\.json"):
        read_dataunodc(path)


def test_real_file_round_trips_to_the_same_rows(tmp_path: Path) -> None:
    original = read_dataunodc(REAL)
    out = write_dataunodc(original.table, tmp_path / "again.csv")
    with REAL.open(encoding="cp1252", newline="") as fh:
        published = list(csv.reader(fh))
    with out.open(encoding="utf-8", newline="") as fh:
        written = list(csv.reader(fh))
    assert written == published
    again = read_dataunodc(out).table
    assert again.equals(original.table)


def test_xlsx_round_trip(tmp_path: Path) -> None:
    source = _write_csv(
        tmp_path / "f.csv",
        [
            _row("ALB", "Sexual violence", 2020, "7"),
            _row("ALB", "Sexual violence: Rape", 2020, "2.25"),
            _row("ALB", "Robbery", 2020, ".."),
        ],
    )
    original = read_dataunodc(source).table
    out = write_dataunodc(original, tmp_path / "f.xlsx", release_date=dt.date(2024, 5, 2))
    book = openpyxl.load_workbook(out, read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    book.close()
    assert rows[1][0] == "02/05/2024"
    assert list(rows[2]) == HEADER
    assert read_dataunodc(out).table.equals(original)
