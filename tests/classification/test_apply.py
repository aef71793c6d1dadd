"""Applying a correspondence on the engine: conserves totals, splits 1:n, quarantines the rest."""

from __future__ import annotations

import math
from collections import Counter, defaultdict

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crimestats.classification import apply_correspondence, iccs
from crimestats.classification.apply import REASON_MISSING_CODE, REASON_UNMAPPED_CODE
from crimestats.engine import connect, register_arrow, to_arrow
from crimestats.errors import InputError, MissingColumnError
from crimestats.model import Correspondence, CorrespondenceRow

LEAVES = [c.code for c in iccs() if iccs().is_leaf(c.code)]


def corr_of(rows: list[tuple[str, str, float]], **flags: bool) -> Correspondence:
    return Correspondence(
        name="test",
        rows=tuple(CorrespondenceRow(n, i, weight=w, **flags) for n, i, w in rows),
    )


@pytest.fixture(scope="module")
def con():  # type: ignore[no-untyped-def]
    return connect()


def test_hand_example(con) -> None:  # type: ignore[no-untyped-def]
    records = pa.table(
        {
            "id": [1, 2, 3, 4, 5, 6],
            "code": ["H", " T ", "T", "Q", None, ""],
        }
    )
    corr = corr_of([("H", "0101", 1.0), ("T", "0502", 0.75), ("T", "05021", 0.25)])
    result = apply_correspondence(register_arrow(con, records), corr, "code")
    classified = to_arrow(result.records.order_by(["id", "iccs_code"])).to_pylist()
    assert [(r["id"], r["iccs_code"], r["weight"]) for r in classified] == [
        (1, "0101", 1.0),
        (2, "0502", 0.75),
        (2, "05021", 0.25),
        (3, "0502", 0.75),
        (3, "05021", 0.25),
    ]
    quarantine = to_arrow(result.quarantine.order_by("id")).to_pylist()
    assert [(r["id"], r["quarantine_reason"]) for r in quarantine] == [
        (4, REASON_UNMAPPED_CODE),
        (5, REASON_MISSING_CODE),
        (6, REASON_MISSING_CODE),
    ]
    # Conservation by hand: 6 records = 1 + 0.75*2 + 0.25*2 + 3 quarantined.
    assert sum(r["weight"] for r in classified) + len(quarantine) == 6


def test_record_attempt_flag_combines_with_code_meaning(con) -> None:  # type: ignore[no-untyped-def]
    records = pa.table({"code": ["A", "B", "B"], "attempt": [False, True, False]})
    corr = Correspondence(
        "t",
        (CorrespondenceRow("A", "0401", attempt=True), CorrespondenceRow("B", "0401")),
    )
    out = to_arrow(apply_correspondence(register_arrow(con, records), corr, "code").records)
    assert sorted(out["attempt"].to_pylist()) == [False, True, True]


def test_missing_code_column(con) -> None:  # type: ignore[no-untyped-def]
    records = register_arrow(con, pa.table({"x": [1]}))
    with pytest.raises(MissingColumnError, match="offence_code"):
        apply_correspondence(records, corr_of([("A", "0101", 1.0)]), "offence_code")


def test_refuses_weights_not_summing_to_one(con) -> None:  # type: ignore[no-untyped-def]
    records = register_arrow(con, pa.table({"code": ["A"]}))
    with pytest.raises(InputError, match="sum to 1"):
        apply_correspondence(records, corr_of([("A", "0101", 0.5)]), "code")


@st.composite
def mapping_and_records(draw):  # type: ignore[no-untyped-def]
    n_codes = draw(st.integers(1, 8))
    rows: list[tuple[str, str, float]] = []
    for i in range(n_codes):
        k = draw(st.integers(1, 4))
        targets = draw(st.lists(st.sampled_from(LEAVES), min_size=k, max_size=k, unique=True))
        parts = draw(st.lists(st.integers(1, 9), min_size=k, max_size=k))
        total = sum(parts)
        rows += [(f"N{i}", t, p / total) for t, p in zip(targets, parts, strict=True)]
    pool = [f"N{i}" for i in range(n_codes)] + ["UNMAPPED", "", None]
    codes = draw(st.lists(st.sampled_from(pool), min_size=0, max_size=60))
    return rows, codes


@settings(max_examples=40, deadline=None)
@given(mapping_and_records())
def test_conserves_totals_and_matches_plain_python(case) -> None:  # type: ignore[no-untyped-def]
    rows, codes = case
    con = connect()
    records = register_arrow(con, pa.table({"code": pa.array(codes, pa.string())}))
    result = apply_correspondence(records, corr_of(rows), "code")
    classified = to_arrow(result.records)
    quarantined = to_arrow(result.quarantine)

    # Plain-Python reference.
    targets: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for national, target, weight in rows:
        targets[national].append((target, weight))
    expected: Counter[str] = Counter()
    expected_quarantine = 0
    for code in codes:
        if code in targets:
            for target, weight in targets[code]:
                expected[target] += weight  # type: ignore[assignment]
        else:
            expected_quarantine += 1

    got: Counter[str] = Counter()
    for code, weight in zip(
        classified["iccs_code"].to_pylist(), classified["weight"].to_pylist(), strict=True
    ):
        got[code] += weight
    assert quarantined.num_rows == expected_quarantine
    assert set(got) == set(expected)
    for code in expected:
        assert math.isclose(got[code], expected[code], rel_tol=1e-12)
    # Nothing lost: counted + quarantined = input.
    assert math.isclose(
        sum(got.values()) + quarantined.num_rows, len(codes), rel_tol=1e-12, abs_tol=1e-12
    )
