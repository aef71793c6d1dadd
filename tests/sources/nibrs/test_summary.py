"""The summary counts of the DC 2020 sample against a hand count with the csv module, and of the
hand-made download in both layouts against numbers worked out by hand."""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from crimestats.engine import connect
from crimestats.sources.nibrs import NibrsCounts, count_nibrs, open_nibrs, summary_rows

DC_2020 = Path(__file__).parent / "data" / "DC_2020_MTP"
CORRESPONDENCE = (
    Path(__file__).parents[3] / "src" / "crimestats" / "data" / "nibrs" / "nibrs_iccs.csv"
)


def _csv(name: str) -> list[dict[str, str]]:
    with (DC_2020 / name).open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def dc_counts() -> NibrsCounts:
    return count_nibrs(open_nibrs(connect(), DC_2020))


@pytest.fixture(scope="module")
def hand() -> dict[str, object]:
    """The DC sample counted with plain Python, table by table."""
    code_of_type = {r["OFFENSE_TYPE_ID"]: r["OFFENSE_CODE"] for r in _csv("NIBRS_OFFENSE_TYPE.csv")}
    offenses = _csv("NIBRS_OFFENSE.csv")
    code_of_offense = {r["OFFENSE_ID"]: code_of_type[r["OFFENSE_TYPE_ID"]] for r in offenses}
    sex_of_victim = {r["VICTIM_ID"]: r["SEX_CODE"] or "U" for r in _csv("NIBRS_VICTIM.csv")}
    links = {
        (r["VICTIM_ID"], code_of_offense[r["OFFENSE_ID"]], sex_of_victim[r["VICTIM_ID"]])
        for r in _csv("NIBRS_VICTIM_OFFENSE.csv")
    }
    return {
        "totals": {
            "incidents": len(_csv("NIBRS_incident.csv")),
            "offenses": len(offenses),
            "victims": len(sex_of_victim),
            "offenders": len(_csv("NIBRS_OFFENDER.csv")),
            "arrestees": len(_csv("NIBRS_ARRESTEE.csv")),
        },
        "by_code": Counter(code_of_offense.values()),
        "by_code_sex": Counter((code, sex) for _, code, sex in links),
    }


def test_totals_equal_the_hand_count_and_the_sample_readme(dc_counts: NibrsCounts, hand) -> None:  # type: ignore[no-untyped-def]
    assert dc_counts.layout == "pre-2021"
    assert dc_counts.totals == hand["totals"]
    # The figures the sample's README gives.
    assert dc_counts.totals == {
        "incidents": 2191,
        "offenses": 2431,
        "victims": 2475,
        "offenders": 2718,
        "arrestees": 1058,
    }


def test_offenses_by_code_equal_the_hand_count(dc_counts: NibrsCounts, hand) -> None:  # type: ignore[no-untyped-def]
    assert dict(dc_counts.offenses_by_code) == dict(hand["by_code"])
    top = {"13B": 675, "290": 428, "35A": 305, "23H": 196, "120": 165, "13A": 120, "09A": 3}
    assert {c: dc_counts.offenses_by_code[c] for c in top} == top


def test_victims_by_code_and_sex_equal_the_hand_count(dc_counts: NibrsCounts, hand) -> None:  # type: ignore[no-untyped-def]
    assert dict(dc_counts.victims_by_code_sex) == dict(hand["by_code_sex"])
    # 2,616 victim-offense links in the sample, each a distinct victim and offense code.
    assert sum(dc_counts.victims_by_code_sex.values()) == 2616


def test_offenses_by_iccs_code_through_the_correspondence(dc_counts: NibrsCounts, hand) -> None:  # type: ignore[no-untyped-def]
    with CORRESPONDENCE.open(newline="", encoding="utf-8") as fh:
        iccs_of = {r["national_code"]: r["iccs_code"] for r in csv.DictReader(fh)}
    expected: Counter[str] = Counter()
    for code, n in hand["by_code"].items():
        expected[iccs_of[code]] += n
    targets = {code: [(iccs_code, 1.0)] for code, iccs_code in iccs_of.items()}
    rows = summary_rows(dc_counts, targets)
    got = {r["key"]: r["value"] for r in rows if r["measure"] == "offenses_by_iccs_code"}
    assert got == dict(expected)
    assert got["020112"] == 675  # simple assault (13B) is minor assault
    assert got["0502"] == 196 + 11  # all other larceny (23H) and theft from building (23D)


def test_rows_of_the_hand_made_download(make_extract: Callable[[str], Path]) -> None:
    for layout in ("pre-2021", "2021+"):
        counts = count_nibrs(open_nibrs(connect(), make_extract(layout)))
        targets = {"13A": [("020111", 1.0)], "290": [("0504", 1.0)], "09A": [("0101", 1.0)]}
        rows = [(r["measure"], r["key"], r["value"]) for r in summary_rows(counts, targets)]
        assert rows == [
            ("incidents", "", 4),
            ("offenses", "", 5),
            ("victims", "", 5),
            ("offenders", "", 5),
            ("arrestees", "", 3),
            ("offenses_by_nibrs_code", "09A", 1),
            ("offenses_by_nibrs_code", "13A", 1),
            ("offenses_by_nibrs_code", "23F", 1),
            ("offenses_by_nibrs_code", "290", 1),
            ("offenses_by_nibrs_code", "35A", 1),
            ("offenses_by_iccs_code", "0101", 1),
            ("offenses_by_iccs_code", "020111", 1),
            ("offenses_by_iccs_code", "0504", 1),
            ("offenses_by_iccs_code", "_U", 2),  # 23F and 35A are not in this small table
            ("victims_by_nibrs_code_sex", "09A|M", 1),
            ("victims_by_nibrs_code_sex", "13A|F", 1),
            ("victims_by_nibrs_code_sex", "13A|M", 1),
            ("victims_by_nibrs_code_sex", "23F|U", 1),
            ("victims_by_nibrs_code_sex", "290|F", 1),
            ("victims_by_nibrs_code_sex", "35A|U", 1),
        ], layout


def test_split_weights_are_summed() -> None:
    counts = NibrsCounts("2021+", dict.fromkeys(("incidents", "offenses", "victims",
                         "offenders", "arrestees"), 0), {"X1": 3, "X2": 2}, {})  # fmt: skip
    rows = summary_rows(counts, {"X1": [("0101", 0.5), ("0102", 0.5)], "X2": [("0102", 1.0)]})
    got = {r["key"]: r["value"] for r in rows if r["measure"] == "offenses_by_iccs_code"}
    assert got == {"0101": 1.5, "0102": 3.5}
