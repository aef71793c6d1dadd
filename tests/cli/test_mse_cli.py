"""The mse commands as a user runs them: the CSV contract, formats, exit codes, clear errors."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from crimestats.cli import main

DATA = Path(__file__).parents[1] / "estimation" / "mse" / "data"
KOREA = str(DATA / "Korea.csv")
ARTIFICIAL = str(DATA / "Artificial_3.csv")
COLUMNS = "method,model,estimate,ci_low,ci_high,n_observed,dark_figure,ci_method,level"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_estimate_csv_contract(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "mse",
        "estimate",
        KOREA,
        "--method",
        "bic",
        "--bootstrap",
        "400",
        "--seed",
        "1",
        "--ci",
        "bca",
        "--format",
        "csv",
    )
    assert code == 0
    assert out.splitlines()[0] == COLUMNS
    (row,) = list(csv.DictReader(io.StringIO(out)))
    assert row["method"] == "bic"
    assert row["model"] == "main + b:c + c:d"
    assert round(float(row["estimate"])) == 157
    assert row["n_observed"] == "123"
    assert row["ci_method"] == "bca" and row["level"] == "0.95"
    assert float(row["ci_low"]) < 157 < float(row["ci_high"])
    # Same seed, same numbers.
    _, again, _ = run(
        capsys,
        "mse",
        "estimate",
        KOREA,
        "--method",
        "bic",
        "--bootstrap",
        "400",
        "--seed",
        "1",
        "--ci",
        "bca",
        "--format",
        "csv",
    )
    assert again == out


def test_estimate_table_and_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "mse", "estimate", KOREA, "--method", "bic", "--ntop", "2")
    assert code == 0
    assert "157.2" in out and "asymptotic" in out
    target = tmp_path / "out.json"
    code, _, _ = run(
        capsys,
        "mse",
        "estimate",
        KOREA,
        "--method",
        "bic",
        "--ntop",
        "all",
        "--bootstrap",
        "200",
        "--seed",
        "3",
        "--ci",
        "percentile",
        "--format",
        "json",
        "--output",
        str(target),
    )
    assert code == 0
    (record,) = json.loads(target.read_text())
    assert record["ci_method"] == "percentile"
    assert record["seed"] == 3 and record["bootstrap"] == 200
    assert [r["model"] for r in record["ranking"]][:2] == ["main + b:c + c:d", "main + b:c"]


def test_check_artificial_3(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "mse", "check", ARTIFICIAL, "--format", "csv")
    assert code == 0
    rows = {r["model"]: int(r["code"]) for r in csv.DictReader(io.StringIO(out))}
    assert rows["main + A:B + A:C + B:C"] == 2
    assert rows["main + A:B"] == 1
    assert rows["main + A:C + B:C"] == 0


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        ("A,B,count\n1,0,5\n0,2,3\n1,1,1\n", (), "is not 0 or 1"),
        ("A,B,n\n1,0,5\n0,1,3\n1,1,1\n", (), "missing column 'count'"),
        ("A,B,count\n1,0,5\n0,1,-3\n1,1,1\n", (), "negative count"),
        ("A,count\n1,5\n", (), "at least two lists"),
        ("A,B,count\n1,0,5\n0,1,3\n1,1,1\n", ("--ci", "bca"), "needs bootstrap replicates"),
        ("A,B,count\n1,0,5\n0,1,3\n1,1,1\n", ("--ntop", "2"), "--method bic only"),
        ("A,B,count\n1,0,5\n0,1,3\n1,1,1\n", ("--method", "bic", "--ntop", "x"), "'all'"),
        ("A,B,count\n1,0,5\n0,1,3\n", (), "cannot be estimated"),
    ],
)
def test_bad_input_exits_2_without_traceback(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    content: str,
    args: tuple[str, ...],
    message: str,
) -> None:
    path = tmp_path / "t.csv"
    path.write_text(content)
    code, out, err = run(capsys, "mse", "estimate", str(path), *args)
    assert code == 2
    assert message in " ".join(err.split())
    assert "Traceback" not in err + out


def test_console_script_exit_code(tmp_path: Path) -> None:
    path = tmp_path / "one.csv"
    path.write_text("A,count\n1,5\n")
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from crimestats.cli import main; sys.exit(main())",
            "mse",
            "check",
            str(path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
