"""Observations encoded once per release: each row as a JSON object and as a CSV line, so an answer is
a join of the rows a query selected (no per-request DataFrame work). Releases are immutable, so the
encodings never go stale. Numbers are written as Python writes them (the shortest text that reads
back as the same float), whole numbers without a decimal point, hidden values as ``null`` / empty."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain
from operator import itemgetter

import numpy as np
import pandas as pd

__all__ = ["EncodedRows", "csv_field", "encode_rows", "format_number"]


#: From this many rows on, runs of consecutive rows are copied as list slices.
_RUNS_FROM = 512


def format_number(value: float) -> str:
    """A float as text: whole numbers without ``.0``, others in their shortest exact form."""
    if value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    return repr(value)


def csv_field(text: str) -> str:
    """A CSV field, quoted when it holds a comma, quote or line break (RFC 4180)."""
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _texts(column: pd.Series) -> tuple[list[str | None], bool]:
    """Each value's text (None where missing), and whether the column is numeric."""
    values = column.to_numpy(dtype=object)
    if pd.api.types.is_float_dtype(column.dtype):
        return [None if math.isnan(v) else format_number(float(v)) for v in values], True
    if pd.api.types.is_integer_dtype(column.dtype):
        return [str(int(v)) for v in values], True
    return [None if pd.isna(v) else str(v) for v in values], False


def _tokens(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Per row, the value as a JSON token and as a CSV field (encoded once per distinct value)."""
    codes, uniques = pd.factorize(column, use_na_sentinel=False)
    texts, numeric = _texts(pd.Series(uniques, dtype=column.dtype))
    as_json = [
        "null" if t is None else (t if numeric else json.dumps(t, ensure_ascii=False))
        for t in texts
    ]
    as_csv = ["" if t is None else csv_field(t) for t in texts]
    return np.asarray(as_json, dtype=object)[codes], np.asarray(as_csv, dtype=object)[codes]


@dataclass(frozen=True)
class EncodedRows:
    """A table's rows as JSON objects and CSV lines (each ending in ``\\n``), and its CSV header."""

    json: list[bytes]
    csv: list[bytes]
    header: bytes

    def json_rows(self, positions: np.ndarray) -> bytes:
        """``row,row,...`` (a JSON array without its brackets) for the rows at ``positions``."""
        return b",".join(self._pick(self.json, positions))

    def csv_lines(self, positions: np.ndarray) -> bytes:
        """The CSV lines (no header) of the rows at ``positions``."""
        return b"".join(self._pick(self.csv, positions))

    @staticmethod
    def _pick(rows: list[bytes], positions: np.ndarray) -> Iterable[bytes]:
        """The rows at ``positions``: one lookup per row for a few hundred, list slices for runs of
        consecutive rows when there are more (a table's rows are stored together)."""
        n = len(positions)
        if n == 0:
            return ()
        if n == 1:
            return (rows[int(positions[0])],)
        if n > _RUNS_FROM:
            breaks = np.flatnonzero(np.diff(positions) != 1) + 1
            if len(breaks) * 8 <= n:
                starts = [0, *breaks.tolist()]
                ends = [*breaks.tolist(), n]
                first = positions[starts].tolist()
                last = positions[[e - 1 for e in ends]].tolist()
                return chain.from_iterable(
                    rows[a : b + 1] for a, b in zip(first, last, strict=True)
                )
        return itemgetter(*positions.tolist())(rows)  # type: ignore[no-any-return]


def encode_rows(frame: pd.DataFrame, *, with_json: bool = True) -> EncodedRows:
    """Every row of ``frame`` encoded as CSV and (unless ``with_json`` is false) JSON, column order
    kept."""
    json_parts: list[np.ndarray] = []
    csv_parts: list[np.ndarray] = []
    for i, name in enumerate(frame.columns):
        as_json, as_csv = _tokens(frame[name])
        key = ("{" if i == 0 else ",") + json.dumps(str(name), ensure_ascii=False) + ":"
        if with_json:
            json_parts.append(key + as_json)
        csv_parts.append(as_csv if i == 0 else "," + as_csv)
    n = len(frame)
    if not csv_parts:
        return EncodedRows([b"{}"] * n, [b"\n"] * n, b"\n")
    json_rows = [(row + "}").encode() for row in map("".join, zip(*json_parts, strict=True))]
    csv_rows = [(row + "\n").encode() for row in map("".join, zip(*csv_parts, strict=True))]
    header = (",".join(csv_field(str(c)) for c in frame.columns) + "\n").encode()
    return EncodedRows(json_rows, csv_rows, header)
