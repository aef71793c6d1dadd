"""The iccs commands as a user runs them: output, formats, exit codes, clear errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from crimestats.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_show_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "iccs", "show", "0101")
    assert code == 0
    assert "Intentional homicide" in out
    assert "Murder" in out
    assert "euthanasia (0105)" in out


def test_show_spanish_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "iccs", "show", "0401", "--lang", "es", "--format", "json")
    assert code == 0
    record = json.loads(out)
    assert record["label"] == "Robo"
    assert record["path"] == [
        {
            "code": "04",
            "label": "Actos contra la propiedad que entrañan violencia o amenaza de violencia contra las personas",
        },
        {"code": "0401", "label": "Robo"},
    ]
    assert [c["code"] for c in record["children"]] == ["04011", "04012", "04013", "04014", "04019"]


def test_show_footnotes_in_csv(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "iccs", "show", "020111", "--format", "csv")
    assert code == 0
    fields = {row["field"]: row["value"] for row in csv.DictReader(io.StringIO(out))}
    assert fields["notes"] == "Reckless as defined in footnote 54."
    assert fields["footnotes"].startswith("[54] ")


def test_show_unknown_code_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "iccs", "show", "101")
    assert code == 2
    assert "did you mean 0101" in err
    assert "Traceback" not in err + out


def test_bad_language(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "iccs", "show", "0101", "--lang", "fr")
    assert code == 2
    assert "en, es" in err


@pytest.mark.parametrize(
    ("query", "lang", "expected"),
    [
        ("robo con violencia", "es", "0401"),
        ("ROBO CON VIOLENCIA", "es", "0401"),
        ("burglary", "en", "0501"),
        ("violacion", "es", "03011"),  # accent-insensitive: the label is "Violación"
        ("shoplifting", "en", "050231"),  # an alphabetical-index term
    ],
)
def test_search_ranks_the_right_category_first(
    capsys: pytest.CaptureFixture[str], query: str, lang: str, expected: str
) -> None:
    code, out, _ = run(capsys, "iccs", "search", query, "--lang", lang, "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["code"] == expected
    assert [int(r["rank"]) for r in rows] == list(range(1, len(rows) + 1))


def test_search_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "iccs", "search", "zzzqqq")
    assert code == 0
    assert "No ICCS category" in out


def test_tree_levels_and_under(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "iccs", "tree", "--level", "1", "--format", "csv")
    assert code == 0
    assert len(list(csv.DictReader(io.StringIO(out)))) == 11
    code, out, _ = run(capsys, "iccs", "tree", "--under", "0501", "--format", "csv")
    assert [r["code"] for r in csv.DictReader(io.StringIO(out))] == [
        "0501",
        "05011",
        "05012",
        "050121",
        "050122",
        "05013",
        "05019",
    ]
    code, out, _ = run(capsys, "iccs", "tree", "--level", "2", "--under", "05")
    assert code == 0
    assert "0502 Theft" in out
    assert "05021" not in out


def test_validate_mapping_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.csv"
    good.write_text("national_code,national_label,iccs_code\nH,Homicidio,0101\nR,Robo,0401\n")
    code, out, _ = run(capsys, "iccs", "validate-mapping", str(good))
    assert code == 0
    assert "0 error(s)" in out
    bad = tmp_path / "bad.csv"
    bad.write_text("national_code,iccs_code\nH,0199\n")
    code, out, _ = run(capsys, "iccs", "validate-mapping", str(bad), "--format", "csv")
    assert code == 1
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["code"] == "mapping.unknown-iccs-code"
    assert rows[0]["row"] == "1"
    assert rows[0]["column"] == "iccs_code"


def test_validate_mapping_against_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mapping = tmp_path / "map.csv"
    mapping.write_text("national_code,iccs_code\n0010,0101\n0020,0401\n")
    data = tmp_path / "records.csv"
    # Codes with leading zeros must stay text; one code unknown to the table; one blank.
    data.write_text("id,offence\n1,0010\n2,0010\n3,0030\n4,\n")
    code, out, _ = run(
        capsys,
        "iccs",
        "validate-mapping",
        str(mapping),
        "--data",
        str(data),
        "--code-column",
        "offence",
        "--format",
        "json",
    )
    assert code == 0
    found = {f["code"]: f for f in json.loads(out)}
    assert found["mapping.unmapped-data-code"]["count"] == 1
    assert "'0030'" in found["mapping.unmapped-data-code"]["message"]
    assert found["mapping.unused-table-code"]["message"].endswith("0020")
    assert found["mapping.blank-data-code"]["count"] == 1


def test_validate_mapping_input_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mapping = tmp_path / "map.csv"
    mapping.write_text("national_code,iccs_code\nA,0101\n")
    data = tmp_path / "records.csv"
    data.write_text("id,offence\n1,A\n")
    code, _, err = run(
        capsys,
        "iccs",
        "validate-mapping",
        str(mapping),
        "--data",
        str(data),
        "--code-column",
        "code",
    )
    assert code == 2
    assert "missing column 'code'" in err
    assert "records.csv" in err
    code, _, err = run(capsys, "iccs", "validate-mapping", str(tmp_path / "none.csv"))
    assert code == 2
    assert "not found" in err
    code, _, err = run(capsys, "iccs", "validate-mapping", str(mapping), "--data", str(data))
    assert code == 2
    assert "--code-column" in err
    code, _, err = run(
        capsys,
        "iccs",
        "validate-mapping",
        str(mapping),
        "--data",
        str(tmp_path / "x.json"),
        "--code-column",
        "c",
    )
    assert code == 2


def test_usage_error_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run(capsys, "iccs", "show")
    assert code == 2
