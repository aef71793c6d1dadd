"""``crimestats iccs suggest`` and ``draft-mapping`` as a user runs them: contract, formats, errors."""

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


@pytest.fixture
def offences(tmp_path: Path) -> Path:
    path = tmp_path / "offences.csv"
    path.write_text(
        "code,title\nA1,Robbery of a bank\nA2,Attempted murder\nA3,Theft of a motor car\n",
        encoding="utf-8",
    )
    return path


def test_suggest_csv_contract(capsys: pytest.CaptureFixture[str], offences: Path) -> None:
    code, out, _ = run(
        capsys, "iccs", "suggest", str(offences), "--text-column", "title",
        "--id-column", "code", "--top", "2", "--format", "csv",
    )  # fmt: skip
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["id", "text", "rank", "iccs_code", "iccs_label", "score", "reason"]
    assert [(r["id"], r["rank"]) for r in rows] == [
        ("A1", "1"), ("A1", "2"), ("A2", "1"), ("A2", "2"), ("A3", "1"), ("A3", "2"),
    ]  # fmt: skip
    # ICCS: 040131 robbery of a financial institution, 0102 attempted intentional homicide,
    # 050211 theft of a motorized land vehicle.
    assert [r["iccs_code"] for r in rows if r["rank"] == "1"] == ["040131", "0102", "050211"]
    assert all(r["reason"] for r in rows)


def test_suggest_json_to_file(
    capsys: pytest.CaptureFixture[str], offences: Path, tmp_path: Path
) -> None:
    target = tmp_path / "out.json"
    code, _, _ = run(
        capsys, "iccs", "suggest", str(offences), "--text-column", "title", "--top", "1",
        "--format", "json", "--output", str(target),
    )  # fmt: skip
    assert code == 0
    data = json.loads(target.read_text(encoding="utf-8"))
    assert [d["id"] for d in data] == ["1", "2", "3"]
    assert data[1]["iccs_label"] == "Attempted intentional homicide"


def test_latin1_file_is_read(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("id;delito\n1;Violación con violencia o intimidación\n".encode("latin-1"))
    code, out, err = run(
        capsys, "iccs", "suggest", str(path), "--text-column", "delito", "--top", "1", "-f", "csv"
    )
    assert code == 0, err
    row = next(csv.DictReader(io.StringIO(out)))
    assert row["text"] == "Violación con violencia o intimidación"
    assert row["iccs_code"].startswith("03011")  # ICCS 03011 rape (030111 with force)


def test_missing_text_column(capsys: pytest.CaptureFixture[str], offences: Path) -> None:
    code, out, err = run(capsys, "iccs", "suggest", str(offences), "--text-column", "offence")
    assert code == 2
    assert out == ""
    assert "'offence'" in err
    assert "title" in err  # says which columns the file has
    assert "Traceback" not in err


def test_empty_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("", encoding="utf-8")
    code, _, err = run(capsys, "iccs", "suggest", str(path), "--text-column", "title")
    assert code == 2
    assert "empty" in err
    header_only = tmp_path / "header.csv"
    header_only.write_text("title\n", encoding="utf-8")
    code, _, err = run(capsys, "iccs", "suggest", str(header_only), "--text-column", "title")
    assert code == 2
    assert "no data rows" in err


def test_bad_language(capsys: pytest.CaptureFixture[str], offences: Path) -> None:
    code, _, err = run(
        capsys, "iccs", "suggest", str(offences), "--text-column", "title", "--lang", "fr"
    )
    assert code == 2
    assert "--lang 'fr'" in err


def test_draft_mapping_validates(
    capsys: pytest.CaptureFixture[str], offences: Path, tmp_path: Path
) -> None:
    mapping = tmp_path / "mapping.csv"
    code, _, err = run(
        capsys, "iccs", "draft-mapping", str(offences), "--code-column", "code",
        "--text-column", "title", "--output", str(mapping),
    )  # fmt: skip
    assert code == 0, err
    assert "flagged for review" in err
    with mapping.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["national_code"], r["iccs_code"]) for r in rows] == [
        ("A1", "040131"), ("A2", "0102"), ("A3", "050211"),
    ]  # fmt: skip
    code, out, _ = run(capsys, "iccs", "validate-mapping", str(mapping), "--format", "csv")
    assert code == 0
    assert "error" not in out


def test_draft_mapping_needs_output_and_code_column(
    capsys: pytest.CaptureFixture[str], offences: Path, tmp_path: Path
) -> None:
    code, _, _ = run(
        capsys, "iccs", "draft-mapping", str(offences), "--code-column", "code",
        "--text-column", "title",
    )  # fmt: skip
    assert code == 2
    code, _, err = run(
        capsys, "iccs", "draft-mapping", str(offences), "--code-column", "national",
        "--text-column", "title", "--output", str(tmp_path / "m.csv"),
    )  # fmt: skip
    assert code == 2
    assert "'national'" in err
    assert not (tmp_path / "m.csv").exists()
