"""``crimestats indicators list`` and ``compute`` on a hand-made project directory."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from crimestats.cli import main

DATA = Path(__file__).parent / "data"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_list(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "indicators", "list", "--format", "csv")
    assert code == 0
    rows = {r["indicator"]: r for r in csv.DictReader(io.StringIO(out))}
    assert set(rows) == {
        "16.1.1",
        "16.1.3",
        "16.1.4",
        "16.2.2",
        "16.3.1",
        "16.3.2",
        "16.4.2",
        "16.5.1",
    }
    assert rows["16.1.1"]["series"] == "VC_IHR_PSRC VC_IHR_PSRCN"
    assert rows["16.1.1"]["computable"] == "yes"
    assert rows["16.5.1"]["computable"] == "yes"
    assert rows["16.2.2"]["computable"] == "yes"


def test_compute_project(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "output").mkdir()
    rows = [
        {"stage": "police", "unit": "victims", "year": 2022, "area": "_T", "iccs_code": "0101",
         "attempt": "completed", "sex": "_T", "age": "_T", "citizenship": "_T", "value": 12.0},
    ]  # fmt: skip
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "output" / "counts.parquet")
    (tmp_path / "population").mkdir()
    (tmp_path / "population" / "p.csv").write_text(
        "area,year,sex,age,population\n_T,2022,_T,_T,300000\n", encoding="utf-8"
    )
    (tmp_path / "crimestats.toml").write_text('[project]\ncountry = "URY"\n', encoding="utf-8")
    code, out, err = run(capsys, "indicators", "compute", str(tmp_path), "--format", "csv")
    assert code == 0
    got = list(csv.DictReader(io.StringIO(out)))
    assert len(got) == 1
    assert got[0]["indicator"] == "16.1.1"
    assert got[0]["area"] == "URY"
    assert float(got[0]["value"]) == pytest.approx(4.0)  # 12 / 300,000 * 100,000
    assert got[0]["imputed"] == "False"
    assert "counts.parquet" in got[0]["sources"]
    assert "16.3.2" in err  # no status column: reported
    assert "16.5.1: not computed (needs survey)" in err


def test_compute_dataunodc_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "indicators", "compute", "--dataunodc", str(DATA / "homicide_dataunodc.csv"),
        "-i", "16.1.1", "--format", "csv",
    )  # fmt: skip
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["area"] for r in rows} >= {"AUS", "NZL", "MEX", "BRA"}
    assert all(r["sources"] for r in rows)


def test_unknown_indicator_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(
        capsys,
        "indicators",
        "compute",
        "--dataunodc",
        str(DATA / "homicide_dataunodc.csv"),
        "-i",
        "16.9.9",
    )
    assert code == 2
    assert "16.9.9" in err


SURVEY = Path(__file__).resolve().parents[1] / "oracle" / "survey"


def test_compute_from_a_survey(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys, "indicators", "compute", "--survey", str(SURVEY / "victimization.csv"),
        "--survey-config", str(SURVEY / "victimization.yaml"), "-i", "16.5.1", "--format", "csv",
    )  # fmt: skip
    assert code == 0, err
    rows = {r["sex"]: r for r in csv.DictReader(io.StringIO(out))}
    assert set(rows) == {"_T", "M", "F"}
    # R: svyciprop(~bribe, subset(design, official_contact == 1 & !is.na(bribe))) = 0.15632618...
    assert float(rows["_T"]["value"]) == pytest.approx(15.632618046, rel=1e-9)
    assert rows["_T"]["series"] == "IU_COR_BRIB" and rows["_T"]["area"] == "XVS"
    assert rows["M"]["flags"] == "cv_caution"


def test_compute_survey_needs_its_config(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(
        capsys, "indicators", "compute", "--survey", str(SURVEY / "victimization.csv")
    )
    assert code == 2
    assert "--survey-config" in err and "Traceback" not in err


def test_compute_trafficking(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    glotip = tmp_path / "glotip.csv"
    glotip.write_text(
        "Iso3_code,Country,Region,Subregion,Indicator,Dimension,Category,Sex,Age,Year,"
        "Unit of measurement,txtVALUE,Source\n"
        "NZL,New Zealand,Oceania,Australia and New Zealand,Detected trafficking victims,Total,"
        "Total,Total,Total,2010,Counts,15,GLOTIP\n",
        encoding="utf-8",
    )
    code, out, _ = run(
        capsys, "indicators", "compute", "--glotip", str(glotip),
        "--population", str(DATA / "population.csv"), "--format", "csv",
    )  # fmt: skip
    assert code == 0
    (row,) = list(csv.DictReader(io.StringIO(out)))
    assert (row["indicator"], row["series"], row["area"]) == ("16.2.2", "VC_HTF_DETV", "NZL")
    assert float(row["value"]) == pytest.approx(0.3)  # 15 / 5,000,000 × 100,000
