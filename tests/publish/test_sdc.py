"""Secondary suppression: an independent attacker (a plain LP over every cell of a hand-built table)
cannot pin any suppressed cell down to within the protection level."""

from __future__ import annotations

import itertools

import numpy as np
import scipy.sparse as sp
from scipy.optimize import linprog

from crimestats.publish.sdc import primary_mask, protect

PROTECTION = 3.0


def _table(seed: int) -> tuple[np.ndarray, sp.csr_array, list[tuple[object, object]]]:
    """A 5 x 6 table of counts with row, column and grand totals, and its relations by hand."""
    rng = np.random.default_rng(seed)
    inner = rng.integers(1, 25, size=(5, 6)).astype(float)
    inner[rng.random((5, 6)) < 0.25] = 1.0
    keys: list[tuple[object, object]] = [*itertools.product(range(5), range(6))]
    keys += [(i, "T") for i in range(5)] + [("T", j) for j in range(6)] + [("T", "T")]
    pos = {k: n for n, k in enumerate(keys)}
    values = np.array(
        [
            inner.sum()
            if k == ("T", "T")
            else inner[:, k[1]].sum()
            if k[0] == "T"
            else inner[k[0], :].sum()
            if k[1] == "T"
            else inner[k]
            for k in keys
        ]
    )
    rows = []
    for i in range(5):
        rows.append({pos[(i, "T")]: 1.0, **{pos[(i, j)]: -1.0 for j in range(6)}})
    for j in [*range(6), "T"]:
        rows.append({pos[("T", j)]: 1.0, **{pos[(i, j)]: -1.0 for i in range(5)}})
    rows.append({pos[("T", "T")]: 1.0, **{pos[("T", j)]: -1.0 for j in range(6)}})
    dense = np.zeros((len(rows), len(keys)))
    for r, row in enumerate(rows):
        for c, v in row.items():
            dense[r, c] = v
    return values, sp.csr_array(dense), keys


def _attacker(
    values: np.ndarray, matrix: sp.csr_array, hidden: np.ndarray, cell: int
) -> tuple[float, float]:
    """min and max of one cell: published cells fixed, hidden ones >= 0, relations hold."""
    bounds = [(v, v) if not h else (0, None) for v, h in zip(values, hidden, strict=True)]
    c = np.zeros(len(values))
    c[cell] = 1.0
    low = linprog(c, A_eq=matrix.toarray(), b_eq=np.zeros(matrix.shape[0]), bounds=bounds)
    high = linprog(-c, A_eq=matrix.toarray(), b_eq=np.zeros(matrix.shape[0]), bounds=bounds)
    return float(low.fun), float(-high.fun)


def test_relations_hold_by_hand() -> None:
    values, matrix, _ = _table(1)
    assert np.abs(matrix @ values).max() == 0


def test_no_suppressed_cell_is_recoverable() -> None:
    for seed in range(4):
        values, matrix, _ = _table(seed)
        primary = primary_mask(values, 3.0)
        assert primary.any()
        result = protect(values, primary, matrix, protection=PROTECTION, time_limit=5)
        assert result.suppressed[primary].all()
        for cell in np.flatnonzero(result.suppressed):
            low, high = _attacker(values, matrix, result.suppressed, int(cell))
            assert high - low > 1e-6, (seed, cell, low, high)
            if primary[cell]:
                assert high >= values[cell] + PROTECTION - 1e-6, (seed, cell, high)


def test_a_single_small_cell_needs_a_partner_in_its_row_and_column() -> None:
    values, matrix, keys = _table(7)
    primary = np.zeros(len(values), bool)
    primary[keys.index((0, 0))] = True
    result = protect(values, primary, matrix, protection=PROTECTION, time_limit=5)
    hidden = {keys[i] for i in np.flatnonzero(result.suppressed)}
    assert any(k[0] == 0 and k != (0, 0) for k in hidden)  # another cell in row 0
    assert any(k[1] == 0 and k != (0, 0) for k in hidden)  # another cell in column 0
