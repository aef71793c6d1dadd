"""The cts commands as a user runs them: outputs, exit codes, clear errors without tracebacks."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from crimestats.cli import main
from crimestats.sources.dataunodc import read_dataunodc

HEADER = (
    "Iso3_code,Country,Region,Subregion,Indicator,Dimension,Category,Sex,Age,Year,"
    "Unit of measurement,VALUE,Source\n"
)
VO = "Violent offences,by type of offence"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def write(path: Path, *lines: str) -> Path:
    path.write_text(HEADER + "".join(f"{line}\n" for line in lines), encoding="utf-8")
    return path


def alb(category: str, year: int, value: str, sex: str = "Total") -> str:
    return (
        f"ALB,Albania,Europe,Southern Europe,{VO},{category},{sex},Total,{year},Counts,{value},CTS"
    )


def test_validate_csv_columns_and_exit_one_on_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(
        tmp_path / "reply.csv",
        alb("Sexual violence", 2020, "10"),
        alb("Sexual violence: Rape", 2020, "12"),
    )
    code, out, err = run(capsys, "cts", "validate", str(path), "--format", "csv")
    assert code == 1
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == [
        "rule",
        "severity",
        "iso3",
        "indicator",
        "dimension",
        "category",
        "sex",
        "age",
        "year",
        "value",
        "expected",
        "message",
    ]
    assert [(r["rule"], r["severity"], r["iso3"], r["year"]) for r in rows] == [
        ("cts.part-exceeds-total", "error", "ALB", "2020")
    ]
    assert float(rows[0]["value"]) == 12
    assert float(rows[0]["expected"]) == 10
    assert "1 error" in err


def test_validate_clean_file_exits_zero_and_writes_a_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "ok.csv", alb("Robbery", 2019, "100"), alb("Robbery", 2020, "300"))
    report = tmp_path / "report.html"
    code, out, _ = run(
        capsys, "cts", "validate", str(path), "--format", "json", "--report", str(report)
    )
    assert code == 0  # a large change is a warning, not an error
    [finding] = json.loads(out)
    assert finding["rule"] == "cts.large-change"
    html = report.read_text(encoding="utf-8")
    assert "Albania" in html
    assert "cts.large-change" in html
    assert "+200%" in html
    assert "http://" not in html
    assert "https://" not in html
    assert "<script" not in html


def test_validate_lists_revisions_against_previous(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = write(tmp_path / "old.csv", alb("Robbery", 2019, "100"))
    new = write(tmp_path / "new.csv", alb("Robbery", 2019, "104"))
    code, out, _ = run(
        capsys, "cts", "validate", str(new), "--previous", str(old), "--format", "csv"
    )
    assert code == 0
    [row] = list(csv.DictReader(io.StringIO(out)))
    assert (row["rule"], row["value"], row["expected"]) == ("cts.revised-value", "104.0", "100.0")


def test_unknown_country_code_fails_validation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "f.csv", alb("Robbery", 2020, "1").replace("ALB,", "ABL,", 1))
    code, out, _ = run(capsys, "cts", "validate", str(path), "--format", "csv")
    assert code == 1
    [row] = list(csv.DictReader(io.StringIO(out)))
    assert row["rule"] == "dataunodc.unknown-country"
    assert "'ABL'" in row["message"]
    assert "did you mean" in row["message"]


def test_not_a_uncts_file_and_missing_column_exit_two(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "people.csv"
    other.write_text("name,age\nAna,31\n", encoding="utf-8")
    code, _, err = run(capsys, "cts", "validate", str(other))
    assert code == 2
    assert "not a dataUNODC file" in err
    assert "Traceback" not in err
    missing = tmp_path / "missing.csv"
    missing.write_text(HEADER.replace(",VALUE", ",AMOUNT") + alb("Robbery", 2020, "1") + "\n")
    code, _, err = run(capsys, "cts", "validate", str(missing))
    assert code == 2
    assert "'VALUE'" in err


def test_to_dataunodc_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write(tmp_path / "in.csv", alb("Robbery", 2019, "100"), alb("Kidnapping", 2019, ".."))
    out = tmp_path / "out.xlsx"
    code, _, _ = run(capsys, "cts", "to-dataunodc", str(source), "--output", str(out))
    assert code == 0
    assert read_dataunodc(out).table.equals(read_dataunodc(source).table)
    code, text, _ = run(capsys, "cts", "to-dataunodc", str(source))
    assert code == 0
    assert text.splitlines()[2].endswith("Kidnapping,Total,Total,2019,Counts,..,CTS")


def project(tmp_path: Path, country: str = "CRI") -> Path:
    directory = tmp_path / "office"
    (directory / "output").mkdir(parents=True)
    (directory / "crimestats.toml").write_text(f'[project]\ncountry = "{country}"\n')
    rows = [
        {
            "stage": "police",
            "unit": "victims",
            "year": year,
            "area": "_T",
            "iccs_code": "0101",
            "attempt": "_T",
            "sex": sex,
            "age": "_T",
            "citizenship": "_T",
            "value": value,
        }
        for year in (2022, 2023)
        for sex, value in (("_T", 50.0), ("M", 40.0), ("F", 10.0))
    ]
    pq.write_table(pa.Table.from_pylist(rows), directory / "output" / "counts.parquet")
    return directory


def test_export_then_import(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    directory = project(tmp_path)
    code, _, err = run(capsys, "cts", "export", str(directory), "--year", "2023")
    assert code == 0
    workbook = directory / "output" / "uncts_CRI_2023.xlsx"
    assert workbook.exists()
    assert "asked cells filled" in err
    code, out, _ = run(capsys, "cts", "import", str(workbook), "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    homicide = {
        (r["sex"], r["year"]): r["value"]
        for r in rows
        if r["indicator"] == "Victims of intentional homicide"
        and r["dimension"] == "Total"
        and r["age"] == "Total"
    }
    # --history 2 by default: 2021 (no data: not available), 2022 and 2023.
    assert homicide == {
        ("Total", "2021"): "",
        ("Male", "2021"): "",
        ("Female", "2021"): "",
        ("Total", "2022"): "50.0",
        ("Male", "2022"): "40.0",
        ("Female", "2022"): "10.0",
        ("Total", "2023"): "50.0",
        ("Male", "2023"): "40.0",
        ("Female", "2023"): "10.0",
    }
    code, _, _ = run(capsys, "cts", "validate", str(workbook), "--format", "csv")
    assert code == 0


def test_export_errors_are_clear(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    directory = project(tmp_path, country="CRX")
    code, _, err = run(capsys, "cts", "export", str(directory), "--year", "2023")
    assert code == 2
    assert "'CRX'" in err.replace("\n", "")
    assert "Traceback" not in err
    (directory / "crimestats.toml").write_text("[project]\n")
    code, _, err = run(capsys, "cts", "export", str(directory), "--year", "2023")
    assert code == 2
    assert "country" in err
    (directory / "output" / "counts.parquet").unlink()
    (directory / "crimestats.toml").write_text('[project]\ncountry = "CRI"\n')
    code, _, err = run(capsys, "cts", "export", str(directory), "--year", "2023")
    assert code == 2
    assert "counts.parquet" in err.replace("\n", "")  # rich wraps long paths
