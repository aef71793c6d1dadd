"""The cell index the UN-CTS rules share: an integer id per cell key and fast partner look-ups.

Every cell gets an integer id from its key (country × indicator × dimension × category × sex × age × year ×
unit), packed as a mixed-radix number of the codes of its parts. A rule that compares a cell with
another one (its total, its parent category, the year before, the matching count, the earlier justice
stage) replaces one part of the key, looks the new key up with one vectorised search, and compares
values by id.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from crimestats.errors import EngineError
from crimestats.model import Finding
from crimestats.model.cts import KEY_COLUMNS, ValueStatus
from crimestats.quality.cts.catalogue import CtsRuleConfig, make_finding

__all__ = [
    "SEP",
    "CellIndex",
    "Floats",
    "Ids",
    "Mask",
    "as_text",
    "describe_cell",
    "exceeds",
    "fmt_value",
    "positions",
]

_CELL = (*KEY_COLUMNS, "value", "row", "status")
_NUMERIC = pa.array([ValueStatus.NUMBER.value, ValueStatus.ZERO.value])
SEP = "\x1f"
Ids = np.ndarray[Any, np.dtype[np.int64]]
Mask = np.ndarray[Any, np.dtype[np.bool_]]
Floats = np.ndarray[Any, np.dtype[np.float64]]


def fmt_value(value: float | None) -> str:
    """A value for a message: thousands separators, four significant digits for fractions."""
    if value is None or value != value:
        return "?"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.4g}"


def as_text(column: pa.ChunkedArray | pa.Array) -> pa.Array:
    """A key part as one string array, nulls as empty strings."""
    array = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    return pc.cast(array, pa.string()).fill_null("")


class CellIndex:
    """The table with a cell id per row, first-occurrence values by id, and key look-ups."""

    def __init__(self, table: pa.Table, config: CtsRuleConfig, source: str) -> None:
        self.config = config
        self.source = source
        self.table = table.select(list(_CELL)).combine_chunks()
        self.n = table.num_rows
        self.parts: dict[str, pa.Array] = {c: as_text(self.table[c]) for c in KEY_COLUMNS}
        # each key part as an integer code; a cell key is their mixed-radix number
        self.codes: dict[str, pa.Array] = {}
        composite = np.zeros(self.n, dtype=np.int64)
        self.strides: dict[str, int] = {}
        stride = 1
        for c in KEY_COLUMNS:
            encoded = self.parts[c].dictionary_encode()
            self.codes[c] = encoded.dictionary
            composite += encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64) * stride
            self.strides[c] = stride
            stride *= max(len(encoded.dictionary), 1)
            if stride >= 2**62:  # would need ~10^18 distinct key combinations
                raise EngineError(
                    "the UN-CTS table has too many distinct keys to validate in one pass; "
                    "split it by country"
                )
        self.composite: Ids = composite
        keys, first, ids = np.unique(composite, return_index=True, return_inverse=True)
        self.keys: Ids = keys
        self.ids: Ids = ids.astype(np.int64).reshape(-1)
        self.n_ids = len(keys)
        self.first: Ids = first.astype(np.int64)
        value = self.table["value"].combine_chunks()
        self.value: Floats = value.to_numpy(zero_copy_only=False).astype(np.float64)
        status = self.table["status"].combine_chunks()
        numeric = pc.is_in(status, value_set=_NUMERIC).fill_null(False)
        numeric = pc.and_(numeric, pc.is_valid(value))
        numeric = pc.and_(numeric, pc.is_valid(self.table["year"].combine_chunks()))
        is_first = np.zeros(self.n, dtype=bool)
        is_first[self.first] = True
        self.use: Mask = is_first & numeric.to_numpy(zero_copy_only=False)
        unit = pc.utf8_lower(self.parts["unit"])
        is_count = pc.or_(pc.starts_with(unit, "count"), pc.equal(unit, "number"))
        self.count: Mask = self.use & is_count.to_numpy(zero_copy_only=False)
        self.rate: Mask = self.use & pc.match_substring(unit, "rate").to_numpy(zero_copy_only=False)
        by_id = np.full(self.n_ids, np.nan)
        by_id[self.ids[self.use]] = self.value[self.use]
        self.by_id: Floats = by_id

    def string_key(self) -> pa.Array:
        """The key of every row as one text (to match cells across tables)."""
        return pc.binary_join_element_wise(*(self.parts[c] for c in KEY_COLUMNS), SEP)

    def partner(self, **replace: pa.Array | str) -> Ids:
        """Cell id of each row's partner cell (the key with parts replaced); -1 when not reported."""
        composite = self.composite.copy()
        valid = np.ones(self.n, dtype=bool)
        for column, value in replace.items():
            dictionary = self.codes[column]
            if isinstance(value, str):
                found = pc.index(dictionary, value).as_py()
                codes = np.full(self.n, found, dtype=np.int64)
            else:
                codes = (
                    pc.index_in(value, value_set=dictionary)
                    .fill_null(-1)
                    .to_numpy(zero_copy_only=False)
                    .astype(np.int64)
                )
            old = self.codes_of(column)
            composite += (codes - old) * self.strides[column]
            valid &= codes >= 0
        position = np.searchsorted(self.keys, composite)
        position[position >= self.n_ids] = 0
        hit = valid & (self.keys[position] == composite)
        return np.where(hit, position, -1).astype(np.int64)

    def codes_of(self, column: str) -> Ids:
        """The integer codes of one key part, row by row."""
        stride = self.strides[column]
        size = max(len(self.codes[column]), 1)
        return (self.composite // stride) % size

    def values_of(self, ids: Ids) -> Floats:
        """Values of cells by id (NaN for -1 or a non-numeric cell)."""
        out = np.full(len(ids), np.nan)
        ok = ids >= 0
        out[ok] = self.by_id[ids[ok]]
        return out

    def rows(self, index: Ids) -> list[dict[str, Any]]:
        """The cells at these row positions, as dicts."""
        rows: list[dict[str, Any]] = self.table.take(pa.array(index, type=pa.int64())).to_pylist()
        return rows

    def finding(
        self, code: str, message: str, cell: dict[str, Any], expected: float | None = None
    ) -> Finding:
        if expected is not None and expected != expected:
            expected = None
        return make_finding(code, message, cell, source=self.source, expected=expected)


def describe_cell(cell: dict[str, Any]) -> str:
    """Where a cell is, for messages: country · year · indicator · category (unit)."""
    parts = [str(cell["iso3"]), str(cell["year"]), str(cell["indicator"])]
    if cell["dimension"] not in ("Total", ""):
        parts.append(str(cell["dimension"]))
    parts.append(str(cell["category"]))
    if cell["sex"] != "Total" or cell["age"] != "Total":
        parts.append(f"{cell['sex']}, age {cell['age']}")
    return " · ".join(parts) + f" ({cell['unit']})"


def exceeds(a: Floats, b: Floats, c: CtsRuleConfig) -> Mask:
    """True where ``a`` is larger than ``b`` beyond the configured slack (NaN compares False)."""
    with np.errstate(invalid="ignore"):
        return np.asarray(a > b * (1 + c.tolerance) + c.tolerance)


def positions(mask: Mask) -> Ids:
    """Row positions where a mask is true."""
    return np.flatnonzero(mask).astype(np.int64)
