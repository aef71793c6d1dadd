"""The counting rules on the engine agree with a plain-Python reference on random small sources."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from datetime import date

import ibis
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from crimestats.classification import iccs
from crimestats.counting import (
    ancestors_table,
    count_cube,
    fine_counts,
    mark_rules,
    principal_offences,
    split_counted,
)
from crimestats.counting.rules import (
    REASON_BAD_DATE,
    REASON_DATE_RANGE,
    REASON_DUPLICATE,
    REASON_REPEATED_VICTIM,
)
from crimestats.engine import connect, register_arrow, to_arrow
from crimestats.model import Correspondence, CorrespondenceRow
from crimestats.model.records import CANONICAL_COLUMNS, Unit
from crimestats.settings import CountingSettings

TODAY = date(2026, 11, 23)
MAPPING = {  # national code -> [(iccs, weight)]
    "H": [("0101", 1.0)],
    "R": [("0401", 1.0)],
    "T": [("0502", 0.25), ("05021", 0.75)],
    "B": [("05012", 1.0)],
}
CORR = Correspondence(
    "t",
    tuple(CorrespondenceRow(n, i, weight=w) for n, targets in MAPPING.items() for i, w in targets),
)
DATES = [date(2023, 5, 1), date(2024, 2, 29), date(1899, 1, 1), date(2031, 1, 1), None]
SETTINGS = CountingSettings()
SERIOUS = {"0101": 0, "0102": 1, "0401": 5, "05021": 9, "0502": 9, "05012": 9}


def rank(code: str) -> int:
    # Independent restatement of the default order for the codes used here (first matching prefix).
    for i, prefix in enumerate(SETTINGS.seriousness):
        if code.startswith(prefix):
            return i
    return len(SETTINGS.seriousness)


row = st.fixed_dictionaries(
    {
        "record_id": st.sampled_from(["a", "b", "c", "d", "e", "f", None]),
        "incident_id": st.sampled_from(["i1", "i2", "i3", None]),
        "person_id": st.sampled_from(["p1", "p2", None]),
        "offence_code": st.sampled_from([*MAPPING, "Z", None]),
        "recorded_date": st.sampled_from(DATES),
        "area": st.sampled_from(["N", "S"]),
        "attempt": st.booleans(),
    }
)


def canonical_table(rows: list[dict]) -> pa.Table:  # type: ignore[type-arg]
    types = {"string": pa.string(), "boolean": pa.bool_(), "date": pa.date32(), "int16": pa.int16()}
    data = {
        "_source": pa.array(["s"] * len(rows), pa.string()),
        "_row": pa.array(range(1, len(rows) + 1), pa.int64()),
    }
    for column in CANONICAL_COLUMNS:
        values = [r.get(column.name) for r in rows]
        if column.name in ("sex",):
            values = ["U"] * len(rows)
        if column.name == "citizenship":
            values = ["unknown"] * len(rows)
        data[column.name] = pa.array(values, types[column.dtype])
    return pa.table(data)


def reference(rows: list[dict], unit: Unit):  # type: ignore[no-untyped-def,type-arg]
    """The rules restated in plain Python: fine counts, quarantine reasons, incidents per year."""
    seen_ids: set[str] = set()
    passing = []
    reasons: Counter[str] = Counter()
    for i, r in enumerate(rows, start=1):
        rid, ref = r["record_id"], r["recorded_date"]
        if rid is not None and rid in seen_ids:
            reasons[REASON_DUPLICATE] += 1
            continue
        if rid is not None:
            seen_ids.add(rid)
        if ref is None:
            reasons[REASON_BAD_DATE] += 1
        elif ref.year < 1900 or ref > TODAY:
            reasons[REASON_DATE_RANGE] += 1
        else:
            passing.append((i, r))
    if unit is Unit.VICTIM:
        kept, victims = [], set()
        for i, r in passing:
            key = (r["incident_id"], r["person_id"], r["offence_code"])
            if r["incident_id"] is not None and r["person_id"] is not None and key in victims:
                reasons[REASON_REPEATED_VICTIM] += 1
                continue
            victims.add(key)
            kept.append((i, r))
        passing = kept
    fine: dict[tuple, float] = defaultdict(float)  # type: ignore[type-arg]
    classified = []
    for i, r in passing:
        targets = MAPPING.get(r["offence_code"]) if r["offence_code"] else None
        if targets is None:
            reasons["missing" if r["offence_code"] is None else "unmapped"] += 1
            continue
        for code, weight in targets:
            if code == "0101" and r["attempt"]:
                code = "0102"
            attempt = "attempted" if r["attempt"] else "completed"
            fine[(r["recorded_date"].year, r["area"], code, attempt)] += weight
            classified.append((i, r, code))
    incidents: Counter[int] = Counter()
    best: dict[str, tuple[int, int]] = {}
    for i, r, code in classified:
        key = r["incident_id"] or f"row{i}"
        candidate = (rank(code), i)
        if key not in best or candidate < best[key]:
            best[key] = candidate
    for _, i in best.values():
        incidents[rows[i - 1]["recorded_date"].year] += 1
    return fine, reasons, incidents


@settings(max_examples=40, deadline=None)
@given(st.lists(row, max_size=25), st.sampled_from([Unit.OFFENCE, Unit.VICTIM]))
def test_engine_matches_reference(rows: list[dict], unit: Unit) -> None:  # type: ignore[type-arg]
    con = connect()
    table = register_arrow(con, canonical_table(rows))
    marked = mark_rules(table, unit, SETTINGS, today=TODAY)
    counted = split_counted(marked, CORR)
    fine_expected, reasons_expected, incidents_expected = reference(rows, unit)

    fine = to_arrow(
        fine_counts(counted.records, "police", "offences", person_dims=False)
    ).to_pylist()
    got: dict[tuple, float] = {}  # type: ignore[type-arg]
    for r in fine:
        got[(r["year"], r["area"], r["iccs_code"], r["attempt"])] = float(r["value"])
    assert got.keys() == fine_expected.keys()
    for key, value in fine_expected.items():
        assert math.isclose(got[key], value, abs_tol=1e-12)

    q = to_arrow(counted.quarantine)
    reasons = Counter(q["quarantine_reason"].to_pylist())
    unmapped = reasons.pop("national offence code not in the correspondence table", 0)
    missing = reasons.pop("missing national offence code", 0)
    assert unmapped == reasons_expected.pop("unmapped", 0)
    assert missing == reasons_expected.pop("missing", 0)
    assert reasons == reasons_expected

    # Nothing lost: every input row counted once (weights sum to 1) or quarantined once.
    total_weight = sum(fine_expected.values())
    assert math.isclose(total_weight + q.num_rows, len(rows), abs_tol=1e-9)

    incidents = to_arrow(
        fine_counts(
            principal_offences(counted.records, SETTINGS.seriousness),
            "police",
            "incidents",
            person_dims=False,
        )
        .group_by("year")
        .agg(n=ibis._.value.sum())
    ).to_pylist()
    assert {r["year"]: float(r["n"]) for r in incidents} == {
        y: float(n) for y, n in incidents_expected.items()
    }


def test_cube_totals_equal_children_plus_residual() -> None:
    con = connect()
    fine = pa.table(
        {
            "stage": ["police"] * 4,
            "unit": ["offences"] * 4,
            "year": pa.array([2024] * 4, pa.int32()),
            "area": ["N", "N", "S", "S"],
            "iccs_code": ["0502", "050211", "05021", "0401"],
            "attempt": ["completed", "attempted", "completed", "completed"],
            "sex": ["_T"] * 4,
            "age": ["_T"] * 4,
            "citizenship": ["_T"] * 4,
            "status": ["_T"] * 4,
            "value": [2.0, 3.0, 5.0, 7.0],
        }
    )
    ancestors = register_arrow(con, ancestors_table(iccs(), fine["iccs_code"].to_pylist()))
    cube = to_arrow(count_cube(register_arrow(con, fine), ancestors)).to_pylist()
    cell = {(r["area"], r["iccs_code"], r["attempt"]): r["value"] for r in cube}
    # By hand: 0502 in N = 2 (coded 0502) + 3 (050211); residual 0502_U = 2; S: 05021 = 5.
    assert cell[("N", "0502", "_T")] == 5.0
    assert cell[("N", "0502_U", "_T")] == 2.0
    assert cell[("N", "05021", "attempted")] == 3.0
    assert cell[("_T", "0502", "_T")] == 10.0
    assert cell[("_T", "05", "_T")] == 10.0
    assert cell[("_T", "04", "completed")] == 7.0
    assert cell[("_T", "05021_U", "_T")] == 5.0  # 05021 has children; coded only to it in S
    # No cell of the cube is repeated.
    keys = [(r["area"], r["iccs_code"], r["attempt"], r["year"]) for r in cube]
    assert len(keys) == len(set(keys))
