"""Correspondence tables: reading, every validation finding, and loading for use."""

from __future__ import annotations

from pathlib import Path

import pytest

from crimestats.classification import check_correspondence, load_correspondence
from crimestats.errors import InputError, MissingColumnError
from crimestats.model import Severity


def write(tmp_path: Path, text: str, name: str = "map.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def codes(findings: list) -> list[str]:  # type: ignore[type-arg]
    return sorted(f.code for f in findings)


def test_clean_table_has_no_findings(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "national_code,national_label,iccs_code,weight,attempt,cyber,note\n"
        "H1,Homicidio,0101,,n,n,\n"
        "H2,Homicidio frustrado,0102,,y,n,\n"
        "R1,Robo con violencia,0401,,,,\n"
        "T1,Hurto,0502,0.75,n,n,split by share of vehicles\n"
        "T1,Hurto,05021,0.25,n,n,\n",
    )
    corr, findings = check_correspondence(path)
    # 0502 and its child 05021 are both targets: that is the one warning a reviewer must see.
    assert codes(findings) == ["mapping.mixed-levels"]
    assert len(corr) == 5
    assert corr.national_codes == {"H1", "H2", "R1", "T1"}
    assert [r.weight for r in corr.targets("T1")] == [0.75, 0.25]
    assert corr.targets("H2")[0].attempt is True
    assert corr.sha256
    assert len(corr.sha256) == 64


def test_every_row_problem_is_a_finding_with_its_row_and_column(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "national_code;national_label;iccs_code;weight;attempt\n"
        ";no code;0101;;\n"  # row 1
        "A;no target;;;\n"  # row 2
        "B;bad target;0199;;\n"  # row 3
        "C;lost zero;101;;\n"  # row 4
        "D;bad weight;0401;abc;\n"  # row 5
        "E;bad flag;0401;;maybe\n"  # row 6
        "F;misprint;0908;;\n",  # row 7: read as 0909 with a warning
    )
    corr, findings = check_correspondence(path)
    by_code = {f.code: f for f in findings}
    assert set(by_code) == {
        "mapping.missing-national-code",
        "mapping.missing-iccs-code",
        "mapping.unknown-iccs-code",
        "mapping.bad-weight",
        "mapping.bad-flag",
        "mapping.misprinted-iccs-code",
    }
    unknown = [f for f in findings if f.code == "mapping.unknown-iccs-code"]
    assert [(f.location.row, f.location.column) for f in unknown] == [
        (3, "iccs_code"),
        (4, "iccs_code"),
    ]
    assert "did you mean 0101" in unknown[1].message
    assert by_code["mapping.bad-weight"].location.row == 5
    assert by_code["mapping.bad-flag"].location.column == "attempt"
    assert by_code["mapping.misprinted-iccs-code"].severity is Severity.WARNING
    assert [(r.national_code, r.iccs_code) for r in corr] == [("F", "0909")]


def test_table_level_findings(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "national_code,iccs_code,weight,attempt\n"
        "X,0401,,\n"
        "X,0502,,\n"  # two targets, no weights: conflicting
        "Y,0401,0.5,\n"
        "Y,0502,0.4,\n"  # weights sum to 0.9
        "Z,0401,,\n"
        "Z,0401,,\n"  # the same pair twice
        "W,0101,,y\n",  # an attempt code mapped to 0101
    )
    _, findings = check_correspondence(path)
    assert codes(findings) == [
        "mapping.attempted-homicide",
        "mapping.conflicting-targets",
        "mapping.duplicate-row",
        "mapping.weights-not-one",
    ]
    weights = next(f for f in findings if f.code == "mapping.weights-not-one")
    assert "0.9" in weights.message


def test_single_row_weight_must_be_one(tmp_path: Path) -> None:
    path = write(tmp_path, "national_code,iccs_code,weight\nA,0401,0.5\n")
    _, findings = check_correspondence(path)
    assert codes(findings) == ["mapping.weights-not-one"]


def test_against_data_codes(tmp_path: Path) -> None:
    path = write(tmp_path, "national_code,iccs_code\nA,0101\nB,0401\nC,0502\n")
    _, findings = check_correspondence(
        path, data_codes={"A": 10, "B": 5, "Q": 7, "R": 1, "": 2}, data_source="records.csv"
    )
    by_code = {f.code: f for f in findings}
    assert set(by_code) == {
        "mapping.unmapped-data-code",
        "mapping.unused-table-code",
        "mapping.blank-data-code",
    }
    unmapped = by_code["mapping.unmapped-data-code"]
    assert unmapped.count == 8  # 7 records of Q and 1 of R
    assert unmapped.location.source == "records.csv"
    assert [s["national_code"] for s in unmapped.sample] == ["Q", "R"]
    assert by_code["mapping.unused-table-code"].severity is Severity.INFO
    assert "C" in by_code["mapping.unused-table-code"].message
    assert by_code["mapping.blank-data-code"].count == 2


def test_latin1_table_and_bom(tmp_path: Path) -> None:
    latin = write(
        tmp_path, "national_code,national_label,iccs_code\nV,Violación,03011\n", encoding="latin-1"
    )
    corr, findings = check_correspondence(latin)
    assert findings == []
    assert corr.rows[0].national_label == "Violación"
    bom = write(tmp_path, "\ufeffnational_code,iccs_code\nV,03011\n", name="bom.csv")
    corr, findings = check_correspondence(bom)
    assert findings == []
    assert corr.rows[0].national_code == "V"


def test_missing_columns_are_an_input_error(tmp_path: Path) -> None:
    path = write(tmp_path, "code,target\nA,0101\n")
    with pytest.raises(MissingColumnError) as info:
        check_correspondence(path)
    assert "national_code" in str(info.value)
    assert "map.csv" in str(info.value)


def test_load_refuses_a_table_with_errors(tmp_path: Path) -> None:
    path = write(tmp_path, "national_code,iccs_code\nA,9999\n")
    with pytest.raises(InputError, match="validate-mapping"):
        load_correspondence(path)


def test_load_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        load_correspondence(tmp_path / "nope.csv")
