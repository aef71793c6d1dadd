"""Rows encoded once per release read back, with the json and csv modules, as the values they came
from: quoting, escaping, missing values and exact floats."""

from __future__ import annotations

import csv
import io
import json
import math

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from crimestats.server.encoding import encode_rows, format_number


def _read_back(frame: pd.DataFrame) -> tuple[list[dict[str, object]], list[dict[str, str]]]:
    rows = encode_rows(frame)
    everything = np.arange(len(frame))
    as_json = json.loads(b"[" + rows.json_rows(everything) + b"]")
    as_csv = list(csv.DictReader(io.StringIO((rows.header + rows.csv_lines(everything)).decode())))
    return as_json, as_csv


def test_awkward_text_and_missing_values() -> None:
    frame = pd.DataFrame(
        {
            "label": ["a, b", 'say "hi"', "two\nlines", "Gendarmería", "", "tab\tand \\"],
            "value": [1.0, 0.1, float("nan"), 2.5e-12, 123456789.0, -0.0],
            "year": [2023, 2024, 2023, 2024, 2023, 2024],
        }
    )
    as_json, as_csv = _read_back(frame)
    assert [r["label"] for r in as_json] == frame["label"].tolist()
    assert [r["label"] for r in as_csv] == frame["label"].tolist()
    assert [r["year"] for r in as_json] == [2023, 2024, 2023, 2024, 2023, 2024]
    assert as_json[2]["value"] is None and as_csv[2]["value"] == ""
    assert as_json[0]["value"] == 1 and as_csv[0]["value"] == "1"
    assert as_json[3]["value"] == 2.5e-12 and float(as_csv[3]["value"]) == 2.5e-12


def test_selected_rows_in_the_given_order() -> None:
    frame = pd.DataFrame({"k": list("abcdef"), "v": np.arange(6.0)})
    rows = encode_rows(frame)

    def array(positions: list[int]) -> object:
        return json.loads(b"[" + rows.json_rows(np.array(positions, dtype=np.int64)) + b"]")

    assert array([4, 1]) == [{"k": "e", "v": 4}, {"k": "b", "v": 1}]
    assert array([]) == []
    assert array([0, 1, 2, 4, 5]) == [{"k": c, "v": i} for i, c in enumerate("abcdef") if i != 3]
    assert rows.header == b"k,v\n"
    assert rows.csv_lines(np.array([], dtype=np.int64)) == b""
    assert rows.csv_lines(np.array([5])) == b"f,5\n"
    assert rows.csv_lines(np.array([1, 2, 3])) == b"b,1\nc,2\nd,3\n"


def test_numbers_print_shortest_and_whole_without_point() -> None:
    assert format_number(3.0) == "3"
    assert format_number(0.1) == "0.1"
    assert format_number(1 / 3) == repr(1 / 3)
    assert format_number(1e300) == "1e+300"


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=12),
            st.floats(allow_infinity=False),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_any_text_and_float_read_back_exactly(rows: list[tuple[str, float]]) -> None:
    frame = pd.DataFrame({"text": [t for t, _ in rows], "number": [v for _, v in rows]})
    frame["text"] = frame["text"].astype(object)
    as_json, as_csv = _read_back(frame)
    for (text, number), from_json, from_csv in zip(rows, as_json, as_csv, strict=True):
        assert from_json["text"] == text
        assert from_csv["text"] == text
        if math.isnan(number):
            assert from_json["number"] is None and from_csv["number"] == ""
        else:
            assert from_json["number"] == number and float(from_csv["number"]) == number
