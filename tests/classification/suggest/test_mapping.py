"""A drafted correspondence table is valid for ``validate-mapping`` and flags what needs review."""

from __future__ import annotations

import csv
from pathlib import Path

from crimestats.classification import check_correspondence
from crimestats.classification.suggest import DRAFT_COLUMNS, draft_mapping
from crimestats.model import has_errors

OFFENCES = [
    ("101", "Homicidio simple"),
    ("102", "Homicidio simple en grado de tentativa"),
    ("201", "Lesiones graves"),
    ("301", "Robo con violencia o intimidación en las personas"),
    ("302", "Tentativa de hurto de vehículo motorizado"),
    ("302", "Hurto de vehículo motorizado frustrado"),
    ("", "Fila sin código"),
    ("401", "Acceso indebido a un sistema informático"),
    ("999", "zzzz"),
]


def write(rows: list[dict[str, object]], path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=DRAFT_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_draft_validates_and_keeps_its_extra_columns(tmp_path: Path) -> None:
    codes, texts = zip(*OFFENCES, strict=True)
    draft = draft_mapping(list(codes), list(texts), "es")
    path = write([r.as_row() for r in draft], tmp_path / "draft.csv")
    corr, findings = check_correspondence(path)
    assert not has_errors(findings), [f.message for f in findings]
    assert [r.national_code for r in corr] == ["101", "102", "201", "301", "302", "401", "999"]
    by_code = {r.national_code: r for r in corr}
    # ICCS manual: attempted intentional homicide is 0102, with no attempt tag (p. 20);
    # other attempts keep their code with the tag; theft of a motorized land vehicle is 050211.
    assert (by_code["102"].iccs_code, by_code["102"].attempt) == ("0102", False)
    assert (by_code["302"].iccs_code, by_code["302"].attempt) == ("050211", True)
    assert by_code["301"].iccs_code.startswith("0401")
    assert by_code["401"].cyber
    with path.open(encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    assert header[:3] == ["national_code", "national_label", "iccs_code"]
    assert {"score", "runner_up_code", "review"} <= set(header)


def test_same_code_twice_is_one_row_from_both_texts() -> None:
    codes, texts = zip(*OFFENCES, strict=True)
    rows = {r.national_code: r for r in draft_mapping(list(codes), list(texts), "es")}
    assert rows["302"].national_label == (
        "Tentativa de hurto de vehículo motorizado / Hurto de vehículo motorizado frustrado"
    )
    assert "2 different texts" in rows["302"].note


def test_unmatched_and_close_calls_are_flagged() -> None:
    codes, texts = zip(*OFFENCES, strict=True)
    rows = {r.national_code: r for r in draft_mapping(list(codes), list(texts), "es")}
    assert rows["999"].review
    assert rows["999"].iccs_code == "1109"
    assert "by hand" in rows["999"].note
    assert rows["999"].as_row()["review"] == "check"
    for row in rows.values():
        assert row.review == (row.score < 0.5)
        if row.runner_up_code:
            assert row.runner_up_code != row.iccs_code
            assert row.runner_up_score is not None
            assert row.runner_up_score <= row.score
