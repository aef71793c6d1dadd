"""The additive relations among published cells: totals along ICCS and along every disaggregation.

A relation says ``parent = sum of children`` for one dimension with every other coordinate equal: the
``_T`` of sex is M + F + _U, an ICCS category is the sum of its subcategories and its "unspecified"
residual (``<code>_U``), ``_T`` of area is the sum of the regions. These are what an attacker combines to
narrow down a suppressed cell, and what secondary suppression must defeat.

A relation is kept only when the published children add up to the published parent, i.e. when it is
complete among the published cells (counts are positive, so a partial one never adds up). Children absent
from the cube are zeros everybody knows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp

__all__ = ["Relations", "additive_relations", "iccs_parent"]

RESIDUAL_SUFFIX = "_U"
TOTAL = "_T"


class Relations:
    """Relations as a sparse matrix ``A`` with ``A @ values == 0``: +1 on the parent, -1 on children."""

    def __init__(self, matrix: sp.csr_array, parents: np.ndarray) -> None:
        self.matrix = matrix
        self.parents = parents

    def __len__(self) -> int:
        return int(self.matrix.shape[0])


def iccs_parent(parent_of: Callable[[str], str | None]) -> Callable[[str], str | None]:
    """The parent of an ICCS code or of a residual ``<code>_U`` (which is ``<code>``)."""

    def parent(code: str) -> str | None:
        if code.endswith(RESIDUAL_SUFFIX):
            return code.removesuffix(RESIDUAL_SUFFIX)
        return parent_of(code)

    return parent


def _groups(keys: pd.DataFrame, min_size: int = 2) -> list[np.ndarray]:
    """Row positions sharing the same key, for groups of at least ``min_size`` rows."""
    if keys.empty:
        return []
    ids = keys.groupby(list(keys.columns), sort=False, dropna=False).ngroup().to_numpy()
    order = np.argsort(ids, kind="stable")
    bounds = np.flatnonzero(np.diff(ids[order])) + 1
    positions = keys.index.to_numpy()
    return [positions[g] for g in np.split(order, bounds) if len(g) >= min_size]


def additive_relations(
    cells: pd.DataFrame,
    values: np.ndarray,
    dims: Sequence[str],
    parent: Callable[[str], str | None],
    *,
    iccs_column: str = "iccs_code",
    tolerance: float = 1e-6,
) -> Relations:
    """Every complete relation among ``cells`` along ``dims`` (``_T`` parents) and along ICCS."""
    rows: list[int] = []
    cols: list[int] = []
    data: list[float] = []
    parents: list[int] = []
    n = 0

    def add(parent_index: int, children: np.ndarray) -> None:
        nonlocal n
        if len(children) == 0:
            return
        if abs(values[parent_index] - values[children].sum()) > tolerance * max(
            1.0, abs(values[parent_index])
        ):
            return
        rows.extend([n] * (len(children) + 1))
        cols.append(parent_index)
        cols.extend(children.tolist())
        data.append(1.0)
        data.extend([-1.0] * len(children))
        parents.append(parent_index)
        n += 1

    for dim in dims:
        others = [c for c in (*dims, iccs_column) if c != dim]
        for group in _groups(cells[others]):
            is_total = cells[dim].to_numpy()[group] == TOTAL
            if is_total.sum() == 1:
                add(int(group[is_total][0]), group[~is_total])
    codes = cells[iccs_column].to_numpy()
    parent_codes = pd.Series([parent(str(c)) or "" for c in codes], index=cells.index)
    keyed = cells[list(dims)].assign(_parent=parent_codes.to_numpy())
    position = {
        key: i for i, key in enumerate(zip(*(cells[c] for c in (*dims, iccs_column)), strict=False))
    }
    for group in _groups(keyed[keyed["_parent"] != ""], min_size=1):
        first = keyed.iloc[group[0]]
        key = (*(first[d] for d in dims), first["_parent"])
        parent_index = position.get(key)
        if parent_index is not None:
            add(parent_index, group)
    matrix = sp.csr_array(
        (np.array(data), (np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64))),
        shape=(n, len(cells)),
    )
    return Relations(matrix, np.array(parents, dtype=np.int64))
