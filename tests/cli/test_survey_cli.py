"""The ``crimestats survey estimate`` contract: columns, R's numbers, and clean errors (exit 2)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest

from crimestats.cli import main

ORACLE = Path(__file__).resolve().parents[1] / "oracle" / "survey"


def _oracle(design: str, variable: str, statistic: str, by: str = "") -> pd.Series:
    frame = pd.read_csv(ORACLE / "oracle.csv", dtype=str, keep_default_na=False)
    row = frame[
        (frame.design == design)
        & (frame.variable == variable)
        & (frame.statistic == statistic)
        & (frame.by == by)
        & (frame.lonely == "fail")
        & (frame.method == "")
    ]
    return row.iloc[0]


def test_csv_columns_and_r_numbers(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "survey",
            "estimate",
            str(ORACLE / "apiclus1.csv"),
            "--weight",
            "pw",
            "--psu",
            "dnum",
            "--fpc",
            "fpc",
            "--mean",
            "api00",
            "--mean",
            "awards",
            "--by",
            "stype",
            "--deff",
            "--format",
            "csv",
        ]
    )
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert list(rows[0]) == [
        "stype",
        "variable",
        "statistic",
        "estimate",
        "se",
        "ci_low",
        "ci_high",
        "cv",
        "deff",
        "df",
        "n",
    ]
    got = {(r["stype"], r["variable"]): r for r in rows}
    assert ("E", "awards=Yes") in got  # a categorical variable gives one row per level
    exp = _oracle("clus1_fpc", "api00", "mean", "stype=E")
    row = got[("E", "api00")]
    for col in ("estimate", "se", "ci_low", "ci_high", "deff", "df"):
        assert float(row[col]) == pytest.approx(float(exp[col]), rel=1e-9)
    assert float(row["cv"]) == pytest.approx(float(exp["se"]) / float(exp["estimate"]), rel=1e-9)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--weight", "nope", "--mean", "api00"], "'nope'"),
        (["--weight", "pw", "--strata", "strl", "--psu", "dnum", "--mean", "api00"], "'strl'"),
        (["--weight", "pw", "--mean", "cds"], "'cds'"),
        (["--weight", "pw", "--mean", "enroll"], "--na-rm"),
    ],
)
def test_bad_input_exit_2(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    file = "apiclus2.csv" if "enroll" in args else "apiclus1.csv"
    code = main(["survey", "estimate", str(ORACLE / file), *args])
    err = capsys.readouterr().err
    assert code == 2
    assert message in err.replace("\n", " ")
    assert "Traceback" not in err


def test_negative_weight_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "neg.csv"
    data.write_text("w,y\n1,2\n-1,3\n2,4\n")
    assert main(["survey", "estimate", str(data), "--weight", "w", "--mean", "y"]) == 2
    assert "'w'" in capsys.readouterr().err


def test_indicators_csv_columns_and_r_numbers(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "survey",
            "indicators",
            str(ORACLE / "victimization.csv"),
            "--config",
            str(ORACLE / "victimization.yaml"),
            "--by",
            "sex",
            "--format",
            "csv",
        ]
    )
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert list(rows[0]) == [
        "sex",
        "indicator",
        "name",
        "series",
        "crime",
        "unit",
        "estimate",
        "se",
        "ci_low",
        "ci_high",
        "cv",
        "reliability",
        "df",
        "n",
    ]
    oracle = pd.read_csv(ORACLE / "indicators_oracle.csv")
    exp = oracle[(oracle["name"] == "sdg_16_5_1") & (oracle["by"] == "sex=2")].iloc[0]
    (row,) = [r for r in rows if r["name"] == "sdg_16_5_1" and r["sex"] == "2"]
    assert (row["indicator"], row["series"], row["unit"]) == ("16.5.1", "IU_COR_BRIB", "PT")
    assert float(row["estimate"]) == pytest.approx(100 * exp["estimate"], rel=1e-9)
    assert float(row["ci_high"]) == pytest.approx(100 * exp["ci_high"], rel=1e-9)
    assert row["reliability"] == "caution"  # CV 19.2 %


def test_indicators_bad_config_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "bad.yaml"
    config.write_text(
        "design: {weight: weight}\nindicators:\n  - indicator: 16.3.1\n    victim: x\n"
    )
    data = str(ORACLE / "victimization.csv")
    assert main(["survey", "indicators", data, "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert "indicators[0]" in err and "'reported:'" in err and "Traceback" not in err
    config.write_text(
        "design: {weight: weight}\nindicators:\n  - {indicator: 16.1.4, feels_safe: nope}\n"
    )
    assert main(["survey", "indicators", data, "--config", str(config)]) == 2
    assert "'nope'" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("body", "args", "message"),
    [
        ("w,y\n1,2\n,3\n2,4\n", ["--weight", "w", "--mean", "y"], "'w' has 1 missing weights"),
        ("w,y\nabc,2\nx,3\n", ["--weight", "w", "--mean", "y"], "'w' holds weights but is not"),
        (
            "w,y,h\n1,2,\n2,3,a\n",
            ["--weight", "w", "--strata", "h", "--mean", "y"],
            "'h' has 1 missing design values",
        ),
        (
            "w,y,d\n1,2,a\n2,,b\n",
            ["--weight", "w", "--mean", "y", "--by", "d", "--na-rm"],
            "domain d='b' has no respondents",
        ),
    ],
)
def test_bad_data_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], body: str, args: list[str], message: str
) -> None:
    data = tmp_path / "bad.csv"
    data.write_text(body)
    assert main(["survey", "estimate", str(data), *args]) == 2
    err = capsys.readouterr().err.replace("\n", " ")
    assert message in err and "Traceback" not in err
