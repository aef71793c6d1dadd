"""Secondary suppression: an independent attacker (a plain LP over every cell of a hand-built table)
cannot pin any suppressed cell down to within the protection level."""

from __future__ import annotations

import itertools

import numpy as np
import scipy.sparse as sp
from scipy.optimize import linprog

from crimestats.publish.sdc import attacker_intervals, primary_mask, protect, unprotected

PROTECTION = 3.0


def _table(seed: int) -> tuple[np.ndarray, sp.csr_array, list[tuple[object, object]]]:
    """A 5 x 6 table of counts with row, column and grand totals, and its relations by hand."""
    rng = np.random.default_rng(seed)
    inner = rng.integers(1, 25, size=(5, 6)).astype(float)
    inner[rng.random((5, 6)) < 0.25] = 1.0
    return _with_totals(inner)


def _with_totals(inner: np.ndarray) -> tuple[np.ndarray, sp.csr_array, list[tuple[object, object]]]:
    r, c = inner.shape
    keys: list[tuple[object, object]] = [*itertools.product(range(r), range(c))]
    keys += [(i, "T") for i in range(r)] + [("T", j) for j in range(c)] + [("T", "T")]
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
    for i in range(r):
        rows.append({pos[(i, "T")]: 1.0, **{pos[(i, j)]: -1.0 for j in range(c)}})
    for j in [*range(c), "T"]:
        rows.append({pos[("T", j)]: 1.0, **{pos[(i, j)]: -1.0 for i in range(r)}})
    rows.append({pos[("T", "T")]: 1.0, **{pos[("T", j)]: -1.0 for j in range(c)}})
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
    assert low.status == 0 and high.status in (0, 3)  # 3: unbounded above
    return float(low.fun), float(-high.fun) if high.status == 0 else np.inf


def test_relations_hold_by_hand() -> None:
    values, matrix, _ = _table(1)
    assert np.abs(matrix @ values).max() == 0


def test_no_suppressed_cell_is_recoverable() -> None:
    for seed in range(4):
        values, matrix, _ = _table(seed)
        primary = primary_mask(values, 3.0)
        assert primary.any()
        result = protect(values, primary, matrix, protection=PROTECTION)
        assert result.suppressed[primary].all()
        for cell in np.flatnonzero(result.suppressed):
            low, high = _attacker(values, matrix, result.suppressed, int(cell))
            assert high - low > 1e-6, (seed, cell, low, high)
            if primary[cell]:
                assert high >= values[cell] + PROTECTION - 1e-6, (seed, cell, high)
                # below: as far as a count can go, i.e. down to value - min(protection, value)
                assert low <= values[cell] - min(PROTECTION, values[cell]) + 1e-6, (seed, cell, low)


def test_a_single_small_cell_needs_a_partner_in_its_row_and_column() -> None:
    values, matrix, keys = _table(7)
    primary = np.zeros(len(values), bool)
    primary[keys.index((0, 0))] = True
    result = protect(values, primary, matrix, protection=PROTECTION)
    hidden = {keys[i] for i in np.flatnonzero(result.suppressed)}
    assert any(k[0] == 0 and k != (0, 0) for k in hidden)  # another cell in row 0
    assert any(k[1] == 0 and k != (0, 0) for k in hidden)  # another cell in column 0


def test_one_small_cell_in_two_rows_hides_the_cheapest_rectangle() -> None:
    """By hand: in a 2 x 4 table with one small cell at (0, 0) and every other inner cell well above
    the protection level, the least-weight pattern is the rectangle (0, 0), (0, j), (1, 0), (1, j)
    with the j whose three cells have the smallest total weight (value + 1 each)."""
    inner = np.array([[1.0, 9.0, 6.0, 12.0], [8.0, 7.0, 5.0, 30.0]])
    values, matrix, keys = _with_totals(inner)
    primary = np.zeros(len(values), bool)
    primary[keys.index((0, 0))] = True
    weight = {j: (inner[0, j] + 1) + (inner[1, j] + 1) for j in range(1, 4)}
    best = min(weight, key=weight.__getitem__)  # column 2: 7 + 6 = 13 beats 18 and 44
    assert best == 2
    result = protect(values, primary, matrix, protection=PROTECTION)
    hidden = {keys[i] for i in np.flatnonzero(result.suppressed)}
    assert hidden == {(0, 0), (0, best), (1, 0), (1, best)}


def test_attacker_intervals_agree_with_a_plain_linear_program() -> None:
    """Any hiding pattern, protecting or not: the warm-started attacker finds the same intervals."""
    rng = np.random.default_rng(11)
    for seed in range(3):
        values, matrix, _ = _table(seed)
        hidden = rng.random(len(values)) < 0.3
        cells = np.flatnonzero(hidden)
        for cell, interval in zip(
            cells, attacker_intervals(matrix, values, hidden, cells), strict=True
        ):
            low, high = _attacker(values, matrix, hidden, int(cell))
            assert abs(interval.low - low) < 1e-6, (seed, cell)
            assert interval.high == high if np.isinf(high) else abs(interval.high - high) < 1e-6


def test_a_small_cell_hidden_alone_is_reported_unprotected() -> None:
    values, matrix, keys = _table(7)
    primary = np.zeros(len(values), bool)
    cell = keys.index((0, 0))
    primary[cell] = True
    leaks = unprotected(matrix, values, primary.copy(), primary, PROTECTION)
    assert [c for c, _ in leaks] == [cell]
    assert leaks[0][1].low == leaks[0][1].high == values[cell]  # the row total gives it away
