"""``crimestats nibrs summary`` as a user runs it: columns, formats, numbers, clear errors."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path

import pytest

from crimestats.cli import main

DC_2020 = Path(__file__).parents[1] / "sources" / "nibrs" / "data" / "DC_2020_MTP"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _hand_offense_codes() -> Counter[str]:
    with (DC_2020 / "NIBRS_OFFENSE_TYPE.csv").open(newline="", encoding="utf-8") as fh:
        code_of_type = {r["OFFENSE_TYPE_ID"]: r["OFFENSE_CODE"] for r in csv.DictReader(fh)}
    with (DC_2020 / "NIBRS_OFFENSE.csv").open(newline="", encoding="utf-8") as fh:
        return Counter(code_of_type[r["OFFENSE_TYPE_ID"]] for r in csv.DictReader(fh))


def test_summary_csv_on_the_dc_sample(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "nibrs", "summary", str(DC_2020), "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["measure", "key", "value"]
    totals = {r["measure"]: int(r["value"]) for r in rows if r["key"] == ""}
    # The sample README's figures, checked against the files in tests/sources/nibrs/test_summary.py.
    assert totals == {
        "incidents": 2191,
        "offenses": 2431,
        "victims": 2475,
        "offenders": 2718,
        "arrestees": 1058,
    }
    by_code = {r["key"]: int(r["value"]) for r in rows if r["measure"] == "offenses_by_nibrs_code"}
    assert by_code == dict(_hand_offense_codes())
    by_iccs = {r["key"]: int(r["value"]) for r in rows if r["measure"] == "offenses_by_iccs_code"}
    assert by_iccs["0101"] == 3  # murder (09A)
    assert by_iccs["0504"] == 428 + 2  # vandalism (290) and arson (200)
    assert sum(by_iccs.values()) == 2431
    assert "_U" not in by_iccs
    victims = [r for r in rows if r["measure"] == "victims_by_nibrs_code_sex"]
    assert all(r["key"].count("|") == 1 and r["key"].split("|")[1] in "MFU" for r in victims)
    assert sum(int(r["value"]) for r in victims) == 2616
    measures = list(dict.fromkeys(r["measure"] for r in rows))
    assert measures == [
        "incidents",
        "offenses",
        "victims",
        "offenders",
        "arrestees",
        "offenses_by_nibrs_code",
        "offenses_by_iccs_code",
        "victims_by_nibrs_code_sex",
    ]


def test_summary_json_to_a_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "summary.json"
    code, out, err = run(
        capsys, "nibrs", "summary", str(DC_2020), "--format", "json", "--output", str(target)
    )
    assert code == 0
    assert out == ""
    assert "wrote" in err
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data[0] == {"measure": "incidents", "key": "", "value": 2191}
    assert {"measure": "offenses_by_nibrs_code", "key": "09A", "value": 3} in data


def test_summary_table_names_the_layout(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "nibrs", "summary", str(DC_2020))
    assert code == 0
    assert "pre-2021 layout" in out
    assert "offenses_by_iccs_code" in out


def test_not_a_download_exits_2_without_a_traceback(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "notes.txt").write_text("nothing here")
    code, out, err = run(capsys, "nibrs", "summary", str(tmp_path))
    assert code == 2
    assert "not a NIBRS download" in err
    assert "Traceback" not in err + out


def test_a_missing_table_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = tmp_path / "DC"
    folder.mkdir()
    for name in ("NIBRS_incident.csv", "NIBRS_OFFENSE.csv", "NIBRS_OFFENSE_TYPE.csv"):
        (folder / name).write_bytes((DC_2020 / name).read_bytes())
    code, _, err = run(capsys, "nibrs", "summary", str(folder), "--format", "csv")
    assert code == 2
    assert "no nibrs_victim table" in err
    assert "Traceback" not in err


def test_a_missing_column_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = tmp_path / "DC"
    folder.mkdir()
    for name in ("NIBRS_incident.csv", "NIBRS_OFFENSE.csv", "NIBRS_OFFENSE_TYPE.csv"):
        (folder / name).write_bytes((DC_2020 / name).read_bytes())
    offense = folder / "NIBRS_OFFENSE.csv"
    text = offense.read_text(encoding="utf-8")
    offense.write_text(text.replace('"ATTEMPT_COMPLETE_FLAG"', '"ATTEMPT"'), encoding="utf-8")
    code, _, err = run(capsys, "nibrs", "summary", str(folder))
    assert code == 2
    assert "NIBRS_OFFENSE.csv" in err
    assert "attempt_complete_flag" in err
    assert "Traceback" not in err
