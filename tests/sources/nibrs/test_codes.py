"""The built-in NIBRS → ICCS correspondence and the relationship and weapon code maps."""

from __future__ import annotations

import csv
from pathlib import Path

from crimestats.classification import check_correspondence, iccs
from crimestats.model import Severity
from crimestats.sources.nibrs import RELATIONSHIP_VIP, WEAPON_WE, nibrs_correspondence

DATA = Path(__file__).parent / "data"


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _table() -> list[dict[str, str]]:
    return _csv(nibrs_correspondence())


def test_it_validates_without_errors() -> None:
    corr, findings = check_correspondence(nibrs_correspondence(), iccs())
    assert [f for f in findings if f.severity is Severity.ERROR] == []
    # The only warnings say that a parent code (e.g. 0502 for 23H) shows as 'unspecified'.
    assert {f.code for f in findings} == {"mapping.mixed-levels"}
    assert len(corr) == 86


def test_it_covers_the_86_codes_of_both_lookups_with_their_names() -> None:
    table = {r["national_code"]: r["national_label"] for r in _table()}
    older = {r["OFFENSE_CODE"]: r["OFFENSE_NAME"] for r in _csv(DATA / "DC_2020_MTP" / "NIBRS_OFFENSE_TYPE.csv")}  # fmt: skip
    newer = {r["offense_code"]: r["offense_name"] for r in _csv(DATA / "NIBRS_OFFENSE_TYPE_2021_layout.csv")}  # fmt: skip
    assert len(table) == 86
    assert table == newer
    assert set(table) == set(older)


def test_every_row_is_documented_and_whole() -> None:
    for row in _table():
        assert row["weight"] == "1", row["national_code"]  # no invented split weights
        assert row["attempt"] == "n", row["national_code"]
        note = row["note"]
        assert len(note) > 80, row["national_code"]
        assert "NIBRS" in note or "CDE" in note, row["national_code"]
        assert row["iccs_code"] in note, row["national_code"]  # the note says which ICCS category


def test_well_known_codes() -> None:
    table = {r["national_code"]: r for r in _table()}
    assert table["09A"]["iccs_code"] == "0101"
    assert table["13A"]["iccs_code"] == "020111"
    assert table["13B"]["iccs_code"] == "020112"
    assert table["11A"]["iccs_code"] == "03011"
    assert table["36B"]["iccs_code"] == "030113"
    assert table["120"]["iccs_code"] == "0401"
    assert table["220"]["iccs_code"] == "0501"
    assert table["64A"]["iccs_code"] == "02041"
    assert table["26G"]["cyber"] == "y"
    assert [c for c, r in table.items() if r["cyber"] == "y"] == ["26G"]


def test_every_relationship_code_maps_to_an_iccs_vip_code() -> None:
    lookup = {r["RELATIONSHIP_CODE"] for r in _csv(DATA / "DC_2020_MTP" / "NIBRS_RELATIONSHIP.csv")}
    assert lookup == set(RELATIONSHIP_VIP)
    assert set(RELATIONSHIP_VIP.values()) <= set(range(1, 12))
    assert (
        RELATIONSHIP_VIP["SE"] == 1 and RELATIONSHIP_VIP["XS"] == 2 and RELATIONSHIP_VIP["ST"] == 10
    )


def test_every_weapon_code_maps_to_an_iccs_we_code() -> None:
    lookup = {r["WEAPON_CODE"] for r in _csv(DATA / "DC_2020_MTP" / "NIBRS_WEAPON_TYPE.csv")}
    assert lookup == set(WEAPON_WE)
    firearms = {c for c, we in WEAPON_WE.items() if we == 1}
    assert firearms == {"11", "12", "13", "14", "15", "11A", "12A", "13A", "14A", "15A"}
    assert WEAPON_WE["20"] == 2 and WEAPON_WE["95"] == 4
