from __future__ import annotations

import pytest

from crimestats.errors import InputError
from crimestats.estimation.mse import build_capture_table, estimate_population


def test_linking_and_deduplication() -> None:
    records = [
        ("police", "A1"),
        ("ngo", " a1"),  # same person, other list, other spelling of the key
        ("police", "B"),
        ("police", "b"),  # duplicate within police
        ("ngo", None),  # cannot be linked
        ("shelter", "C"),
        ("shelter", "A1"),
        ("ngo", "D"),
    ]
    table, report = build_capture_table(records)
    assert table.lists == ("police", "ngo", "shelter")
    assert table.count((1, 1, 1)) == 1
    assert table.count((1, 0, 0)) == 1
    assert table.count((0, 0, 1)) == 1
    assert table.count((0, 1, 0)) == 1
    assert table.n_observed == report.people == 4
    assert report.on_several_lists == 1
    assert report.without_key == {"police": 0, "ngo": 1, "shelter": 0}
    assert report.duplicates_within == {"police": 1, "ngo": 0, "shelter": 0}
    assert report.overlaps["police:ngo"] == 1
    assert {f.code for f in report.findings} == {"MSE101", "MSE102"}
    assert sum(report.records.values()) == len(records)


def test_fixed_lists_refuse_unknown_ones() -> None:
    with pytest.raises(InputError, match="'court' is not one of"):
        build_capture_table([("police", "x"), ("court", "y")], lists=["police", "ngo"])


def test_one_list_is_not_enough() -> None:
    with pytest.raises(InputError, match="at least two lists"):
        build_capture_table([("police", "x")])


def test_linked_records_feed_the_estimator() -> None:
    # 60 on A only, 40 on B only, 20 on both: Lincoln-Petersen dark figure 60 * 40 / 20 = 120.
    records = [("A", f"p{i}") for i in range(80)] + [("B", f"p{i}") for i in range(60, 120)]
    table, _ = build_capture_table(records)
    assert estimate_population(table, method="main").dark_figure == pytest.approx(120)
