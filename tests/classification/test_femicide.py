"""Femicide classification on hand-written victims (UNODC/UN Women framework, 2022)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from crimestats.classification.femicide import classify_femicide, load_femicide_criteria
from crimestats.errors import ConfigError, MissingColumnError
from crimestats.model.femicide import FemicideClass

CRITERIA = (
    "prior_violence", "illegal_exploitation", "abduction", "sex_industry",
    "sexual_violence", "mutilation", "body_in_public", "gender_hate",
)  # fmt: skip


def victim(
    vid: str, rel: str, *, sex: str = "F", code: str = "0101", **crit: Any
) -> dict[str, Any]:
    row: dict[str, Any] = {"victim_id": vid, "sex": sex, "iccs_code": code, "relationship": rel}
    for c in CRITERIA:
        row[c] = crit.get(c)
    return row


def classes(rows: list[dict[str, Any]]) -> dict[str, str]:
    result = classify_femicide(pa.Table.from_pylist(rows))
    return dict(
        zip(
            result.victims["victim_id"].to_pylist(),
            result.victims["femicide_class"].to_pylist(),
            strict=True,
        )
    )


def test_default_criteria_are_the_framework() -> None:
    criteria = load_femicide_criteria()
    assert criteria.codes == CRITERIA
    assert "2022" in criteria.name
    assert "1" in criteria.intimate_partner  # ICCS ViP 1 current intimate partner/spouse


def test_hand_written_cases() -> None:
    rows = [
        victim("a", "1"),  # current partner, no criterion: intimate partner femicide
        victim("b", "2", prior_violence="false"),  # former partner
        victim("c", "3"),  # blood relative
        victim("d", "4"),  # other household member
        victim("e", "6", sexual_violence="y"),  # acquaintance + sexual violence
        victim("f", "10", body_in_public="true", mutilation="no"),  # stranger, body in public
        victim("g", "5", **{c: "n" for c in CRITERIA}),  # friend, every criterion known false
        victim("h", "10", **{c: "n" for c in CRITERIA[:-1]}),  # stranger, hate motive not known
        victim("i", "11", **{c: "n" for c in CRITERIA}),  # relationship not known, all false
        victim("j", "11", abduction="1"),  # relationship not known, abduction
        victim("k", "Colleague/work relationship", sex="Female", sex_industry="yes"),
    ]
    assert classes(rows) == {
        "a": "intimate_partner",
        "b": "intimate_partner",
        "c": "family_member",
        "d": "family_member",
        "e": "other_perpetrator_gender_related",
        "f": "other_perpetrator_gender_related",
        "g": "not_gender_related",
        "h": "insufficient_information",
        "i": "insufficient_information",
        "j": "other_perpetrator_gender_related",
        "k": "other_perpetrator_gender_related",
    }


def test_victims_are_counted_not_rows() -> None:
    # Victim x killed by two perpetrators: a stranger (row 1) and her former partner (row 2).
    # Victim y: two rows, criteria false on one and true on the other -> true.
    rows = [
        victim("x", "10", prior_violence="n"),
        victim("x", "2"),
        victim("y", "9", sexual_violence="n"),
        victim("y", "9", sexual_violence="y"),
        victim("z", "9", **{c: "n" for c in CRITERIA}),
        victim("z", "9", **{c: "n" for c in CRITERIA}),
    ]
    result = classify_femicide(pa.Table.from_pylist(rows))
    assert result.victims.num_rows == 3
    assert result.counts[FemicideClass.INTIMATE_PARTNER] == 1
    assert result.counts[FemicideClass.OTHER_GENDER_RELATED] == 1
    assert result.counts[FemicideClass.NOT_GENDER_RELATED] == 1
    assert result.gender_related == 2


def test_male_victims_and_other_offences_are_excluded() -> None:
    rows = [
        victim("m", "1", sex="M"),
        victim("n", "1", code="0102"),  # attempted intentional homicide is not 0101
        victim("o", "1"),
    ]
    result = classify_femicide(pa.Table.from_pylist(rows))
    assert result.victims["victim_id"].to_pylist() == ["o"]
    assert result.excluded == 2
    assert "FEM-EXCLUDED" in {f.code for f in result.findings}


def test_missing_criterion_column_means_not_known() -> None:
    rows = [{"victim_id": "p", "sex": "F", "iccs_code": "0101", "relationship": "9"}]
    result = classify_femicide(pa.Table.from_pylist(rows))
    assert result.counts[FemicideClass.INSUFFICIENT_INFORMATION] == 1
    missing = next(f for f in result.findings if f.code == "FEM-CRITERION-COLUMN-MISSING")
    assert missing.count == 8


def test_unreadable_value_is_reported() -> None:
    result = classify_femicide(pa.Table.from_pylist([victim("q", "9", mutilation="perhaps")]))
    assert result.counts[FemicideClass.INSUFFICIENT_INFORMATION] == 1
    assert "FEM-VALUE-UNREADABLE" in {f.code for f in result.findings}


def test_custom_criteria_file(tmp_path: Path) -> None:
    # A national configuration with one criterion only: "dowry".
    path = tmp_path / "national.toml"
    path.write_text(
        'name = "national"\nhomicide_codes = ["0101"]\nfemale_codes = ["F"]\n'
        '[relationships]\nintimate_partner = ["1"]\nfamily_member = ["3"]\nnot_known = ["11"]\n'
        '[[criteria]]\ncode = "dowry"\nlabel = "Dowry-related"\n',
        encoding="utf-8",
    )
    criteria = load_femicide_criteria(path)
    rows = [
        {"victim_id": "r", "sex": "F", "iccs_code": "0101", "relationship": "6", "dowry": "y"},
        {"victim_id": "s", "sex": "F", "iccs_code": "0101", "relationship": "6", "dowry": "n"},
    ]
    result = classify_femicide(pa.Table.from_pylist(rows), criteria)
    got = dict(
        zip(
            result.victims["victim_id"].to_pylist(),
            result.victims["femicide_class"].to_pylist(),
            strict=True,
        )
    )
    assert got == {"r": "other_perpetrator_gender_related", "s": "not_gender_related"}


def test_bad_inputs(tmp_path: Path) -> None:
    with pytest.raises(MissingColumnError, match="relationship"):
        classify_femicide(pa.table({"victim_id": ["a"], "sex": ["F"], "iccs_code": ["0101"]}))
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\n[[criteria]]\ncode = "a"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="relationships"):
        load_femicide_criteria(bad)
    with pytest.raises(ConfigError, match="cannot read"):
        load_femicide_criteria(tmp_path / "absent.toml")


def test_boolean_columns_are_read() -> None:
    table = pa.table(
        {
            "victim_id": ["t", "u"],
            "sex": ["F", "F"],
            "iccs_code": ["0101", "0101"],
            "relationship": ["10", "10"],
            "gender_hate": pa.array([True, None], pa.bool_()),
        }
    )
    result = classify_femicide(table)
    assert result.victims["femicide_class"].to_pylist() == [
        "other_perpetrator_gender_related",
        "insufficient_information",
    ]
