"""init, build, check and demo as a user runs them, including the mistakes users make."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crimestats.cli import main
from crimestats.settings import load_settings


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_init_writes_a_commented_skeleton(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "office"
    code, out, _ = run(capsys, "init", str(root))
    assert code == 0
    assert "crimestats build" in out
    text = (root / "crimestats.toml").read_text()
    assert "# Seriousness order for the principal offence rule" in text
    # The skeleton's settings file is valid and equal to the defaults.
    assert load_settings(root).counting.seriousness[0] == "0101"
    for folder in ("sources", "mappings", "population", "checks", "data"):
        assert (root / folder).is_dir()
    code, _, err = run(capsys, "init", str(root))
    assert code == 2
    assert "already has a crimestats.toml" in err


def test_build_without_sources_or_project(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "build", str(tmp_path))
    assert code == 2
    assert "not a crimestats project" in err
    run(capsys, "init", str(tmp_path / "p"))
    code, _, err = run(capsys, "build", str(tmp_path / "p"))
    assert code == 2
    assert "no source YAML files" in err


def _project(root: Path, source: str, data: str, mapping: str) -> Path:
    run_init = main(["init", str(root)])
    assert run_init == 0
    (root / "sources" / "police.yaml").write_text(source, encoding="utf-8")
    (root / "data" / "police.csv").write_text(data, encoding="utf-8")
    (root / "mappings" / "penal_code.csv").write_text(mapping, encoding="utf-8")
    return root


SOURCE = """path: data/police.csv
stage: police
unit: offence
correspondence: mappings/penal_code.csv
columns:
  record_id: id
  offence_code: code
  recorded_date: date
  area: region
"""
MAPPING = "national_code,iccs_code\n10,0101\n20,0401\n"


def test_build_and_check_small_project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = "id,code,date,region\n1,10,2024-01-05,N\n2,20,2024-02-01,N\n3,99,2024-03-01,S\n"
    root = _project(tmp_path / "p", SOURCE, data, MAPPING)
    capsys.readouterr()  # what init printed
    code, out, _ = run(capsys, "check", str(root), "--format", "json")
    assert code == 0
    findings = {f["code"] for f in json.loads(out)}
    assert "mapping.unmapped-data-code" in findings
    assert not (root / "output").exists()  # check writes nothing
    code, out, _ = run(capsys, "build", str(root))
    assert code == 0
    assert "3 rows from 1 sources: 2 counted, 1 quarantined" in out
    counts = (root / "output" / "counts.csv").read_text()
    assert "police,offences,2024,_T,0101,Intentional homicide,2,_T,_T,_T,_T,_T,1.0" in counts


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (SOURCE.replace("record_id: id", "record_id: ident"), "missing column 'ident'"),
        (SOURCE.replace("stage: police", "stage: polis"), "stage"),
        (SOURCE.replace("path: data/police.csv", "path: data/none.csv"), "not found"),
        (SOURCE + "colums:\n  x: y\n", "colums"),
        (
            SOURCE.replace("correspondence: mappings/penal_code.csv", "correspondence: m.csv"),
            "m.csv",
        ),
        ("path: [unclosed\n", "not valid YAML"),
    ],
)
def test_bad_source_files_are_clear_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], source: str, message: str
) -> None:
    root = _project(tmp_path / "p", source, "id,code,date,region\n1,10,2024-01-05,N\n", MAPPING)
    code, out, err = run(capsys, "build", str(root))
    assert code == 2
    assert message in err
    assert "Traceback" not in out + err


def test_bad_correspondence_stops_the_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _project(
        tmp_path / "p",
        SOURCE,
        "id,code,date,region\n1,10,2024-01-05,N\n",
        "national_code,iccs_code\n10,9999\n",
    )
    code, _, err = run(capsys, "build", str(root))
    assert code == 2
    assert "validate-mapping" in err


def test_demo_small(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "demo"
    code, out, _ = run(capsys, "demo", str(root), "--records", "2000", "--seed", "3")
    assert code == 0
    assert "nothing lost" in out
    assert (root / "output" / "counts.parquet").exists()
    assert (root / "expected" / "true_counts.csv").exists()
    code, _, err = run(capsys, "demo", str(root), "--records", "2000")
    assert code == 2
    assert "already holds a project" in err
